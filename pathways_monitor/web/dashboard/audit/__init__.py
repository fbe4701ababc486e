"""The audit page: who changed what, when, filtered and exportable."""
