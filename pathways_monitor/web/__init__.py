"""The web layer: the Dash app, sign-in, the HTTP API, the pages and the response cache."""
