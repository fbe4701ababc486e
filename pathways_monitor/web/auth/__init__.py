"""Sign-in, sessions, CSRF and API-token checks: the Flask edge of the accounts (issue 6).

The rules (role + place -> allowed?) are ``core.access``; the accounts and tokens in the
database are ``accounts.users``; ``auth.web`` is the Flask edge and ``auth.register`` wires it
onto the Dash app's Flask server. ``POST /api/v1/import`` lives with the read API in ``api``.
"""
