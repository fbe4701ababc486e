"""Accounts, sign-in, roles, API tokens and the server-side write checks (issue 6).

``auth.permissions`` is pure (role + place -> allowed?); ``auth.accounts`` talks to the
database; ``auth.web`` and ``auth.api_import`` are the Flask edges; ``auth.register`` wires
them onto the Dash app's Flask server.
"""
