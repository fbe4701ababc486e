"""Approval workflow: reporting periods per country and year (issue 6)."""
