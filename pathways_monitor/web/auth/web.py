"""Sign-in for the web app: login/logout pages, signed session, CSRF, the current user.

Sessions are Flask's signed cookies (key ``PATHWAYS_SECRET_KEY``), HttpOnly, SameSite=Lax,
Secure in production, and expire ``PATHWAYS_SESSION_HOURS`` after sign-in whatever the activity
(the sign-in time is inside the signed cookie and checked on every request).

CSRF: each browser session holds a random token. Every POST/PUT/PATCH/DELETE outside ``/api/``
must send it, as the form field ``csrf_token`` or the header ``X-CSRFToken``. The token is also
put in the readable cookie ``_csrf_token``, which is the cookie Dash's renderer already reads to
add ``X-CSRFToken`` to every callback request (``/_dash-update-component``), so no extra script
is needed. Routes under ``/api/`` are exempt because they authenticate with ``Authorization:
Bearer`` tokens only, never with the session cookie (a browser cannot be tricked into sending a
bearer header).
"""

from __future__ import annotations

import hmac
import secrets
import time
from typing import cast
from urllib.parse import quote

import flask
from flask.blueprints import BlueprintSetupState
from flask_limiter import RequestLimit
from markupsafe import Markup
from sqlalchemy.orm import Session

from pathways_monitor.accounts.users import get_user, principal_of, verify_login
from pathways_monitor.core.access import Principal, can_write
from pathways_monitor.core.translation import DEFAULT_LANG, LANGS, N_, gettext
from pathways_monitor.web.auth.config import AuthSettings
from pathways_monitor.web.caching.ratelimit import limit_view

AUTH_SETTINGS_KEY = "PATHWAYS_AUTH_SETTINGS"
CSRF_COOKIE = "_csrf_token"  # the name Dash's renderer reads (dash-renderer getCSRFHeader)
CSRF_HEADER = "X-CSRFToken"
CSRF_FIELD = "csrf_token"
STATE_CHANGING = frozenset({"POST", "PUT", "PATCH", "DELETE"})
API_PREFIX = "/api/"
BOOTSTRAP_CSS = "/assets/00-bootstrap-5.3.3.min.css"

blueprint = flask.Blueprint("auth_web", __name__)

TEXTS: dict[str, str] = {
    "title": N_("Sign in"),
    "email": N_("Email address"),
    "password": N_("Password"),
    "submit": N_("Sign in"),
    "failed": N_(
        "The email address or password is wrong, or the account is locked for 15 minutes "
        "after too many failed attempts."
    ),
    "rate": N_("Too many sign-in attempts from this address. Wait a minute and try again."),
    "logout_title": N_("Sign out"),
    "logout_question": N_("Sign out of Pathways Monitor?"),
    "logout_submit": N_("Sign out"),
    "signed_in_as": N_("Signed in as"),
    "back": N_("Back to the dashboard"),
}


def _t(key: str, lang: str) -> str:
    return gettext(TEXTS[key], lang)


def _lang() -> str:
    """The sign-in pages' language: ``?lang=`` when it is one of LANGS, else English."""
    wanted = flask.request.args.get("lang")
    return wanted if wanted in LANGS else DEFAULT_LANG


# --------------------------------------------------------------------------- settings and engine


def auth_settings() -> AuthSettings:
    return flask.current_app.config.get(AUTH_SETTINGS_KEY) or AuthSettings()


def _session() -> Session:
    from pathways_monitor.web.context import current_engine

    return Session(current_engine(), expire_on_commit=False)


# --------------------------------------------------------------------------- current user


def bearer_token(header: str | None) -> str | None:
    """The token of an ``Authorization: Bearer TOKEN`` header, else None."""
    if not header:
        return None
    scheme, _, token = header.strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def current_user() -> Principal | None:
    """The account behind this request (trusted SSO header or session), or None; cached per request."""
    if "pathways_user" not in flask.g:
        flask.g.pathways_user = _load_user()
    return flask.g.pathways_user


def _load_user() -> Principal | None:
    settings = auth_settings()
    if settings.trusted_user_header:
        remote = flask.request.headers.get(settings.trusted_user_header, "").strip()
        if remote:
            with _session() as s:
                user = get_user(s, remote)
                return principal_of(user) if user is not None and user.is_active else None
    uid = flask.session.get("uid")
    login_at = flask.session.get("login_at")
    if not isinstance(uid, int) or not isinstance(login_at, int | float):
        return None
    if time.time() - login_at > settings.session_hours * 3600:
        flask.session.pop("uid", None)
        flask.session.pop("login_at", None)
        return None
    from pathways_monitor.db.models_auth import User

    with _session() as s:
        user = s.get(User, uid)
        return principal_of(user) if user is not None and user.is_active else None


def may_read(public_read: bool) -> bool:
    """Read access for the API: public, a signed-in user, or a valid bearer token."""
    if public_read or current_user() is not None:
        return True
    from pathways_monitor.accounts.users import verify_token

    token = bearer_token(flask.request.headers.get("Authorization"))
    if token is None:
        return False
    with _session() as s:
        found = verify_token(s, token)
        s.commit()
    return found is not None


def require_write(country_code: str, region_code: str | None = None) -> Principal:
    """The current user if they may change this place's data; else ``flask.abort(403)``.

    Callbacks that write should call this (or ``can_write``) before touching the store.
    """
    user = current_user()
    if not can_write(user, country_code, region_code):
        flask.abort(403)
    assert user is not None
    return user


# --------------------------------------------------------------------------- CSRF


def csrf_token() -> str:
    """This browser session's CSRF token (created on first use)."""
    token = flask.session.get("csrf")
    if not isinstance(token, str) or len(token) < 32:
        token = secrets.token_urlsafe(32)
        flask.session["csrf"] = token
    return token


def needs_csrf(method: str, path: str) -> bool:
    return method in STATE_CHANGING and not path.startswith(API_PREFIX)


def csrf_ok() -> bool:
    expected = flask.session.get("csrf")
    given = flask.request.headers.get(CSRF_HEADER)
    if not given and flask.request.mimetype in (
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ):
        given = flask.request.form.get(CSRF_FIELD)
    if not isinstance(expected, str) or not given:
        return False
    return hmac.compare_digest(expected.encode(), given.encode())


def protect_csrf() -> flask.Response | None:
    """before_request: refuse state-changing requests without the session's token (403)."""
    request = flask.request
    if needs_csrf(request.method, request.path):
        if not csrf_ok():
            return flask.Response(
                "CSRF token missing or invalid: reload the page and try again.",
                status=403,
                mimetype="text/plain",
            )
    elif request.method == "GET" and not request.path.startswith(API_PREFIX):
        csrf_token()
    return None


def set_csrf_cookie(response: flask.Response) -> flask.Response:
    """after_request: mirror the token into the readable cookie Dash sends back as a header."""
    token = flask.session.get("csrf")
    if isinstance(token, str) and flask.request.cookies.get(CSRF_COOKIE) != token:
        app = flask.current_app
        response.set_cookie(
            CSRF_COOKIE,
            token,
            httponly=False,
            samesite="Lax",
            secure=bool(app.config.get("SESSION_COOKIE_SECURE")),
            path="/",
        )
    return response


# --------------------------------------------------------------------------- closed deployments

OPEN_PREFIXES = ("/login", "/logout", "/assets/", API_PREFIX, "/_favicon.ico")


def require_login_when_closed(public_read: bool) -> flask.Response | None:
    """before_request: with public reading switched off, only signed-in users see pages."""
    if public_read or current_user() is not None:
        return None
    path = flask.request.path
    if path.startswith(OPEN_PREFIXES):
        return None
    if path.startswith(("/_dash-", "/_reload-hash")):
        return flask.Response("authentication required", status=401, mimetype="text/plain")
    return flask.redirect(f"/login?next={quote(flask.request.full_path.rstrip('?'), safe='/')}")


# --------------------------------------------------------------------------- pages


def _safe_next(raw: str | None) -> str:
    """Only same-site paths: never redirect to another host after sign-in."""
    if not raw or not raw.startswith("/") or raw.startswith("//") or "\\" in raw:
        return "/"
    return raw


def _page(title: str, body: Markup | str, status: int = 200) -> flask.Response:
    html = Markup(
        "<!doctype html><html lang='{lang}'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        "<title>{title} · Pathways Monitor</title>"
        "<link rel='stylesheet' href='{css}'></head>"
        "<body class='bg-light'><main class='container py-5' style='max-width: 28rem'>"
        "<h1 class='h3 mb-4'>{title}</h1>{body}</main></body></html>"
    ).format(lang=_lang(), title=title, css=BOOTSTRAP_CSS, body=body)
    response = flask.Response(str(html), status=status, mimetype="text/html")
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Frame-Options"] = "DENY"
    return response


def _login_form(lang: str, next_path: str, email: str = "", error: str | None = None) -> Markup:
    alert = (
        Markup("<div class='alert alert-danger' role='alert'>{}</div>").format(error)
        if error
        else Markup("")
    )
    return alert + Markup(
        "<form method='post' action='/login?lang={lang}' novalidate>"
        "<input type='hidden' name='csrf_token' value='{csrf}'>"
        "<input type='hidden' name='next' value='{next}'>"
        "<div class='mb-3'><label class='form-label' for='email'>{l_email}</label>"
        "<input class='form-control' type='email' id='email' name='email' value='{email}' "
        "autocomplete='username' required autofocus></div>"
        "<div class='mb-3'><label class='form-label' for='password'>{l_password}</label>"
        "<input class='form-control' type='password' id='password' name='password' "
        "autocomplete='current-password' required></div>"
        "<button class='btn btn-primary' type='submit'>{submit}</button></form>"
    ).format(
        lang=lang,
        csrf=csrf_token(),
        next=next_path,
        email=email,
        l_email=_t("email", lang),
        l_password=_t("password", lang),
        submit=_t("submit", lang),
    )


def _login_rate() -> str:
    """The sign-in limit, read on every request: ``PATHWAYS_LOGIN_RATE`` attempts a minute."""
    return f"{auth_settings().login_rate_per_minute}/minute"


def _too_many_attempts(_limit: RequestLimit) -> flask.Response:
    """The sign-in form again with the reason, status 429 and Retry-After."""
    lang = _lang()
    request = flask.request
    next_path = _safe_next(request.values.get("next"))
    email = request.form.get("email", "").strip()
    form = _login_form(lang, next_path, email, _t("rate", lang))
    response = _page(_t("title", lang), form, status=429)
    response.headers["Retry-After"] = "60"
    return response


@blueprint.route("/login", methods=["GET", "POST"])
def login() -> flask.Response:
    lang = _lang()
    request = flask.request
    next_path = _safe_next(request.values.get("next"))
    if request.method == "GET":
        return _page(_t("title", lang), _login_form(lang, next_path))
    email = request.form.get("email", "").strip()
    password = request.form.get("password", "")
    with _session() as s:
        result = verify_login(s, email, password)
    if not result.ok or result.principal is None:
        form = _login_form(lang, next_path, email, _t("failed", lang))
        return _page(_t("title", lang), form, status=401)
    # A fresh session on sign-in: nothing from before (fixation) survives, new CSRF token.
    flask.session.clear()
    flask.session.permanent = True
    flask.session["uid"] = result.principal.user_id
    flask.session["login_at"] = int(time.time())
    flask.g.pathways_user = result.principal
    csrf_token()
    return flask.redirect(next_path)


@blueprint.route("/logout", methods=["GET", "POST"])
def logout() -> flask.Response:
    lang = _lang()
    if flask.request.method == "POST":
        flask.session.clear()
        flask.g.pathways_user = None
        csrf_token()
        return flask.redirect("/")
    user = current_user()
    who = (
        Markup("<p>{} <strong>{}</strong></p>").format(_t("signed_in_as", lang), user.email)
        if user
        else Markup("")
    )
    body = who + Markup(
        "<p>{question}</p><form method='post' action='/logout'>"
        "<input type='hidden' name='csrf_token' value='{csrf}'>"
        "<button class='btn btn-primary me-2' type='submit'>{submit}</button>"
        "<a class='btn btn-link' href='/'>{back}</a></form>"
    ).format(
        question=_t("logout_question", lang),
        csrf=csrf_token(),
        submit=_t("logout_submit", lang),
        back=_t("back", lang),
    )
    return _page(_t("logout_title", lang), body)


@blueprint.record_once
def _limit_sign_in(state: BlueprintSetupState) -> None:
    """Sign-in attempts (POST /login) per client address, through the app's Flask-Limiter:
    shared through Redis when PATHWAYS_CACHE_URL is set; otherwise per worker process."""
    app = cast(flask.Flask, state.app)  # typed as Flask's base App, always a Flask here
    limit_view(app, f"{blueprint.name}.login", _login_rate, _too_many_attempts)


__all__ = [
    "blueprint",
    "csrf_token",
    "current_user",
    "require_write",
]
