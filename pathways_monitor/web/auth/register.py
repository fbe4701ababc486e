"""Wire accounts onto the Dash app's Flask server: cookies, CSRF and the sign-in pages.

Call once from ``app.create_app`` after ``bind_settings`` (it needs the database settings on the
server) and before the first request.
"""

from __future__ import annotations

import datetime as dt

import flask

from pathways_monitor.core.settings import Settings
from pathways_monitor.web.auth.config import AuthSettings


def register_auth(
    server: flask.Flask, settings: Settings, auth_settings: AuthSettings | None = None
) -> None:
    from pathways_monitor.web.auth import web

    config = auth_settings or AuthSettings.from_env()
    server.secret_key = settings.secret_key
    server.config.update(
        {
            web.AUTH_SETTINGS_KEY: config,
            "SESSION_COOKIE_NAME": "pathways_session",
            "SESSION_COOKIE_HTTPONLY": True,
            "SESSION_COOKIE_SAMESITE": "Lax",
            "SESSION_COOKIE_SECURE": settings.mode == "production",
            "PERMANENT_SESSION_LIFETIME": dt.timedelta(hours=config.session_hours),
        }
    )
    public_read = settings.public_read

    @server.before_request
    def _pathways_csrf() -> flask.Response | None:
        return web.protect_csrf()

    @server.before_request
    def _pathways_closed() -> flask.Response | None:
        return web.require_login_when_closed(public_read)

    server.after_request(web.set_csrf_cookie)
    server.register_blueprint(web.blueprint)
