"""Sign-in rate limit: Flask-Limiter, one ``Limiter`` per Flask app.

Why Flask-Limiter rather than counting by hand: it already does what a cross-worker limit
needs — the count in Redis, shared by every gunicorn worker and machine, when
``PATHWAYS_CACHE_URL`` is set; an in-memory fallback while Redis cannot be reached (sign-ins are
then counted in this process, never refused wholesale, and Redis is tried again after a growing
pause); limits given per route and read on every request.

Why one ``Limiter`` per app and not a module-level one with ``@limiter.limit`` on the view: a
``Limiter`` holds one storage, and a process may build several apps (the tests do, each with its
own settings), so each app gets its own, kept on ``app.extensions``, and the limit is put on that
app's view when the blueprint is registered (``limit_view``).

Storage: Redis with a fixed one-minute window (at most twice the limit across a window boundary,
enough to stop password spraying; the per-account lock-out in the database is the main defence),
memory with a moving window otherwise; the choice follows the app's settings (``cache_url``, i.e.
``PATHWAYS_CACHE_URL``). Keys carry the store's cache prefix, and client addresses are hashed, so
no personal data reaches Redis. The client is ``request.remote_addr``: no proxy header is trusted
(the reverse proxy must pass the client address: README, "Deployment on PostgreSQL").
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

import flask
from flask_limiter import Limiter, RequestLimit

from pathways_monitor.web.caching.cache import REDIS_OPTIONS, key_prefix
from pathways_monitor.web.context import SETTINGS_KEY

LIMITER_KEY = "pathways_login_limiter"  # app.extensions key of the app's Limiter


def client_key() -> str:
    """The rate-limit key of this request's client: its address, hashed."""
    address = flask.request.remote_addr or "unknown"
    return hashlib.sha256(address.encode("utf-8")).hexdigest()[:24]


def build_limiter(cache_url: str | None, prefix: str = "pathways:") -> Limiter:
    """A Limiter counting in Redis at ``cache_url`` (fixed window, in-memory fallback while Redis
    is down), or in this process (moving window) when ``cache_url`` is None."""
    shared = cache_url is not None
    return Limiter(
        key_func=client_key,
        storage_uri=cache_url if shared else "memory://",
        storage_options=dict(REDIS_OPTIONS) if shared else {},
        strategy="fixed-window" if shared else "moving-window",
        in_memory_fallback_enabled=shared,
        key_prefix=f"{prefix}login-rate",
        headers_enabled=False,  # no X-RateLimit-* headers: the responses stay as they were
    )


def app_limiter(app: flask.Flask) -> Limiter:
    """The app's Limiter, created and attached on first call: shared through Redis when the
    app's settings have ``PATHWAYS_CACHE_URL``, keyed with the store's cache prefix."""
    limiter: Limiter | None = app.extensions.get(LIMITER_KEY)
    if limiter is None:
        settings = app.config.get(SETTINGS_KEY)
        if settings is None:
            limiter = build_limiter(None)
        else:
            limiter = build_limiter(settings.cache_url, key_prefix(settings.database_url))
        limiter.init_app(app)
        app.extensions[LIMITER_KEY] = limiter
    return limiter


def limit_view(
    app: flask.Flask,
    endpoint: str,
    rate: Callable[[], str],
    on_breach: Callable[[RequestLimit], flask.Response],
    methods: tuple[str, ...] = ("POST",),
) -> Limiter:
    """Limit ``endpoint`` of ``app`` to ``rate()`` (a limit string such as ``"10/minute"``, read
    on every request) per client, for ``methods`` only; a breach answers ``on_breach(limit)``.
    Call at setup (e.g. from ``Blueprint.record_once``), after the endpoint's route is added."""
    limiter = app_limiter(app)
    limit = limiter.limit(rate, methods=list(methods), on_breach=on_breach)
    view: Callable[..., Any] = app.view_functions[endpoint]
    limited: Callable[..., Any] = limit(view)
    app.view_functions[endpoint] = limited
    return limiter
