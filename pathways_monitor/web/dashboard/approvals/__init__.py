"""The approvals page: a national coordinator approves or reopens a reporting period."""
