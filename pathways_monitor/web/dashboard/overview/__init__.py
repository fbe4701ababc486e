"""The targets overview page: every country against both EU 2030 targets."""
