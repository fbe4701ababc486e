"""Accounts, sign-in, lock-out, tokens, permissions, CSRF, cookies and the `users` CLI (issue 6)."""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import io
import logging
import re
import time
from collections.abc import Iterator

import pytest
from argon2 import PasswordHasher, Type
from dash import Dash, Input, Output
from flask.testing import FlaskClient
from limits.storage import MemoryStorage
from sqlalchemy import Engine, func, select, text
from sqlalchemy.orm import Session

from pathways_monitor.accounts import passwords
from pathways_monitor.accounts import users as accounts
from pathways_monitor.accounts.passwords import hash_password, needs_rehash, verify_password
from pathways_monitor.accounts.users import (
    LOCK_MINUTES,
    MAX_FAILED_LOGINS,
    AccountError,
    create_token,
    create_user,
    principal_of,
    revoke_tokens,
    verify_login,
    verify_token,
)
from pathways_monitor.cli.users_cmd import register as register_users
from pathways_monitor.core.access import (
    NOTHING,
    UNRESTRICTED,
    Principal,
    UploadScope,
    can_upload,
    can_write,
    scope_for,
)
from pathways_monitor.core.settings import Settings, SettingsError
from pathways_monitor.db.models import AuditLog
from pathways_monitor.db.models_auth import ApiToken, User
from pathways_monitor.web.app import create_app
from pathways_monitor.web.auth import web
from pathways_monitor.web.auth.config import AuthSettings
from pathways_monitor.web.auth.register import register_auth
from pathways_monitor.web.caching.ratelimit import LIMITER_KEY

PASSWORD = "correct horse battery staple"
LONG_SECRET = "s" * 40
REAL_HASHER = passwords._hasher


def cheap_hasher() -> PasswordHasher:
    """Still argon2id, with tiny costs: tests check behaviour, not the work factor."""
    return PasswordHasher(time_cost=1, memory_cost=64, parallelism=1, type=Type.ID)


@pytest.fixture(autouse=True)
def fast_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(passwords, "_hasher", cheap_hasher)


# --------------------------------------------------------------------------- helpers


def _url(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def build_app(
    engine: Engine, auth_settings: AuthSettings | None = None, **settings_kwargs: object
) -> Dash:
    """The real app with accounts wired in (unless ``create_app`` already does it)."""
    settings = Settings(database_url=_url(engine), **settings_kwargs)  # type: ignore[arg-type]
    app = create_app(settings)
    if "auth_web" not in app.server.blueprints:
        register_auth(app.server, settings, auth_settings or AuthSettings())
    elif auth_settings is not None:
        app.server.config[web.AUTH_SETTINGS_KEY] = auth_settings
    app.server.testing = True
    return app


def add_user(engine: Engine, email: str, role: str, **place: str) -> User:
    with Session(engine, expire_on_commit=False) as s:
        user = create_user(s, email, role, PASSWORD, **place)  # type: ignore[arg-type]
        s.commit()
        return user


def csrf_of(client: FlaskClient, path: str = "/login") -> str:
    html = client.get(path).get_data(as_text=True)
    found = re.search(r"name='csrf_token' value='([^']+)'", html)
    assert found, html
    return found.group(1)


def login(client: FlaskClient, email: str, password: str = PASSWORD, next_path: str = "/"):  # type: ignore[no-untyped-def]
    token = csrf_of(client)
    return client.post(
        "/login",
        data={"email": email, "password": password, "csrf_token": token, "next": next_path},
    )


def set_cookie_headers(response) -> list[str]:  # type: ignore[no-untyped-def]
    return response.headers.getlist("Set-Cookie")


def cookie_header(response, name: str) -> str:  # type: ignore[no-untyped-def]
    found = [h for h in set_cookie_headers(response) if h.startswith(f"{name}=")]
    assert found, set_cookie_headers(response)
    return found[-1]


# --------------------------------------------------------------------------- passwords


def test_passwords_are_argon2id_salted_and_verified(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(passwords, "_hasher", REAL_HASHER)  # the production work factor
    first, second = hash_password(PASSWORD), hash_password(PASSWORD)
    assert first.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert first != second  # salted
    assert PASSWORD not in first
    assert verify_password(first, PASSWORD)
    assert not verify_password(first, PASSWORD + "!")
    assert not verify_password("not a hash", PASSWORD)
    assert not verify_password(None, PASSWORD)
    assert not needs_rehash(first)
    with pytest.raises(ValueError):
        hash_password("")


# --------------------------------------------------------------------------- accounts


def test_create_user_stores_only_a_hash_and_audits(sqlite_engine: Engine) -> None:
    add_user(sqlite_engine, "Editor@Example.ORG", "national_editor", country="NL")
    with sqlite_engine.connect() as conn:
        row = conn.execute(text("SELECT * FROM app_user")).mappings().one()
        everything = " ".join(
            str(v) for r in conn.execute(text("SELECT * FROM audit_log")).all() for v in r
        )
    assert row["email"] == "editor@example.org"
    assert row["password_hash"].startswith("$argon2id$")
    assert PASSWORD not in " ".join(str(v) for v in row.values())
    assert "app_user" in everything and PASSWORD not in everything


@pytest.mark.parametrize(
    ("role", "place", "code"),
    [
        ("superuser", {}, "bad_role"),
        ("national_editor", {}, "missing_country"),
        ("national_editor", {"country": "XX"}, "unknown_country"),
        ("regional_coordinator", {}, "missing_region"),
        ("regional_coordinator", {"region": "NL99"}, "unknown_region"),
        ("regional_coordinator", {"region": "NL32", "country": "BE"}, "region_outside_country"),
        ("viewer", {"region": "NL32"}, "unexpected_region"),
    ],
)
def test_create_user_refuses_invalid_accounts(
    sqlite_session: Session, role: str, place: dict[str, str], code: str
) -> None:
    with pytest.raises(AccountError) as caught:
        create_user(sqlite_session, "someone@example.org", role, PASSWORD, **place)
    assert caught.value.code == code


def test_create_user_refuses_empty_password_and_duplicates(sqlite_session: Session) -> None:
    with pytest.raises(AccountError, match="empty"):
        create_user(sqlite_session, "a@example.org", "viewer", "")
    create_user(sqlite_session, "a@example.org", "viewer", PASSWORD)
    with pytest.raises(AccountError) as caught:
        create_user(sqlite_session, " A@EXAMPLE.org ", "viewer", PASSWORD)
    assert caught.value.code == "duplicate_email"


def test_regional_coordinator_gets_the_regions_country(sqlite_session: Session) -> None:
    user = create_user(
        sqlite_session, "rc@example.org", "regional_coordinator", PASSWORD, region="nl32"
    )
    p = principal_of(user)
    assert (p.country_code, p.region_code) == ("NL", "NL32")


# --------------------------------------------------------------------------- lock-out


def test_lock_out_after_five_failures_for_fifteen_minutes(sqlite_engine: Engine) -> None:
    add_user(sqlite_engine, "ed@example.org", "national_editor", country="NL")
    t0 = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)
    with Session(sqlite_engine) as s:
        for i in range(MAX_FAILED_LOGINS - 1):
            result = verify_login(s, "ed@example.org", "wrong", now=t0)
            assert result.reason == accounts.LOGIN_BAD_CREDENTIALS, i
        fifth = verify_login(s, "ed@example.org", "wrong", now=t0)
        assert fifth.reason == accounts.LOGIN_LOCKED
        # Locked: even the right password is refused, from another session (another worker).
    with Session(sqlite_engine) as s:
        locked = verify_login(s, "ed@example.org", PASSWORD, now=t0 + dt.timedelta(minutes=14))
        assert locked.reason == accounts.LOGIN_LOCKED and locked.principal is None
        later = t0 + dt.timedelta(minutes=LOCK_MINUTES, seconds=1)
        ok = verify_login(s, "ed@example.org", PASSWORD, now=later)
        assert ok.ok and ok.principal is not None and ok.principal.email == "ed@example.org"
        user = s.scalar(select(User))
        assert user is not None and user.failed_logins == 0 and user.locked_until is None


def test_success_resets_the_failure_count(sqlite_engine: Engine) -> None:
    add_user(sqlite_engine, "ed@example.org", "viewer")
    with Session(sqlite_engine) as s:
        for _ in range(MAX_FAILED_LOGINS - 1):
            verify_login(s, "ed@example.org", "wrong")
        assert verify_login(s, "ed@example.org", PASSWORD).ok
        for _ in range(MAX_FAILED_LOGINS - 1):
            assert verify_login(s, "ed@example.org", "wrong").reason == "bad_credentials"
        assert verify_login(s, "ed@example.org", PASSWORD).ok


def test_unknown_email_and_inactive_account_are_refused(sqlite_engine: Engine) -> None:
    add_user(sqlite_engine, "gone@example.org", "viewer")
    with Session(sqlite_engine) as s:
        assert verify_login(s, "nobody@example.org", PASSWORD).reason == "bad_credentials"
        s.execute(text("UPDATE app_user SET is_active = false"))
        s.commit()
        assert verify_login(s, "gone@example.org", PASSWORD).reason == "inactive"


# --------------------------------------------------------------------------- tokens


def test_tokens_are_stored_hashed_and_revocable(sqlite_engine: Engine) -> None:
    with Session(sqlite_engine, expire_on_commit=False) as s:
        user = create_user(s, "ed@example.org", "national_editor", PASSWORD, country="NL")
        token = create_token(s, user)
        other = create_token(s, user)
        s.commit()
    assert token.startswith("pwm_") and token != other and len(token) > 40
    with sqlite_engine.connect() as conn:
        stored = [r[0] for r in conn.execute(text("SELECT token_hash FROM api_token"))]
        dump = " ".join(
            str(v)
            for t in ("api_token", "audit_log")
            for r in conn.execute(text(f"SELECT * FROM {t}"))
            for v in r
        )
    assert hashlib.sha256(token.encode()).hexdigest() in stored
    assert token not in dump and other not in dump
    with Session(sqlite_engine, expire_on_commit=False) as s:
        principal = verify_token(s, token)
        assert principal == Principal(principal.user_id, "ed@example.org", "national_editor", "NL")
        s.commit()
        assert s.scalar(select(func.count()).where(ApiToken.last_used_at.is_not(None))) == 1
        assert verify_token(s, token + "x") is None
        assert verify_token(s, "") is None
        assert verify_token(s, None) is None
        user = s.scalar(select(User))
        assert user is not None
        assert revoke_tokens(s, user) == 2
        s.commit()
        assert verify_token(s, token) is None and verify_token(s, other) is None
        assert revoke_tokens(s, user) == 0


def test_token_of_inactive_account_is_refused(sqlite_engine: Engine) -> None:
    with Session(sqlite_engine, expire_on_commit=False) as s:
        user = create_user(s, "ed@example.org", "viewer", PASSWORD)
        token = create_token(s, user)
        user.is_active = False
        s.commit()
        assert verify_token(s, token) is None


# --------------------------------------------------------------------------- permissions

ADMIN = Principal(1, "admin@example.org", "admin")
EDITOR_NL = Principal(2, "ed@example.org", "national_editor", "NL")
COORD_NL32 = Principal(3, "rc@example.org", "regional_coordinator", "NL", "NL32")
VIEWER = Principal(4, "v@example.org", "viewer")
WHO = {"admin": ADMIN, "editor_nl": EDITOR_NL, "coord_nl32": COORD_NL32, "viewer": VIEWER}
PLACES = [("NL", None), ("BE", None), ("NL", "NL32"), ("NL", "NL33"), ("NL", "NL321")]
# expected can_write per user over PLACES
MATRIX = {
    "admin": [True, True, True, True, True],
    "editor_nl": [True, False, True, True, True],
    "coord_nl32": [False, False, True, False, True],
    "viewer": [False, False, False, False, False],
    "anonymous": [False, False, False, False, False],
}


@pytest.mark.parametrize("who", sorted(MATRIX))
def test_permission_matrix(who: str) -> None:
    user = WHO.get(who)
    got = [can_write(user, c, r) for c, r in PLACES]
    assert got == MATRIX[who]


def test_region_must_belong_to_the_country() -> None:
    assert not can_write(EDITOR_NL, "BE", "NL32")
    assert not can_write(EDITOR_NL, "NL", "BE21")
    assert not can_write(COORD_NL32, "BE", "NL32")
    assert can_write(EDITOR_NL, "nl", "nl32")


def test_scopes_and_upload_rights() -> None:
    assert scope_for(ADMIN) is UNRESTRICTED
    assert scope_for(EDITOR_NL) == UploadScope(countries=frozenset({"NL"}))
    assert scope_for(COORD_NL32) == UploadScope(regions=frozenset({"NL32"}))
    assert scope_for(VIEWER) == NOTHING and scope_for(None) == NOTHING
    assert not NOTHING.unrestricted and NOTHING.countries == frozenset()
    assert [can_upload(u) for u in (ADMIN, EDITOR_NL, COORD_NL32, VIEWER, None)] == [
        True,
        True,
        True,
        False,
        False,
    ]


# --------------------------------------------------------------------------- settings, limiter


def test_auth_settings_from_env() -> None:
    assert AuthSettings.from_env({}) == AuthSettings(None, 8.0, 10)
    got = AuthSettings.from_env(
        {
            "PATHWAYS_TRUSTED_USER_HEADER": "X-Remote-User",
            "PATHWAYS_SESSION_HOURS": "2",
            "PATHWAYS_LOGIN_RATE": "5",
        }
    )
    assert got == AuthSettings("X-Remote-User", 2.0, 5)
    for bad in (
        {"PATHWAYS_SESSION_HOURS": "-1"},
        {"PATHWAYS_LOGIN_RATE": "lots"},
        {"PATHWAYS_LOGIN_RATE": "2.5"},
        {"PATHWAYS_TRUSTED_USER_HEADER": "X-User: admin"},
    ):
        with pytest.raises(SettingsError):
            AuthSettings.from_env(bad)


def sign_in_from(client: FlaskClient, address: str) -> int:
    """The status of one failed sign-in sent from the client address ``address``."""
    token = csrf_of(client)
    data = {"email": "nobody@example.org", "password": "x", "csrf_token": token}
    return client.post("/login", data=data, environ_base={"REMOTE_ADDR": address}).status_code


def test_per_process_limiter_counts_each_address(sqlite_engine: Engine) -> None:
    app = build_app(sqlite_engine, AuthSettings(login_rate_per_minute=3))
    client = app.server.test_client()
    assert [sign_in_from(client, "10.9.0.1") != 429 for _ in range(4)] == [True, True, True, False]
    assert sign_in_from(client, "10.9.0.2") != 429
    assert isinstance(app.server.extensions[LIMITER_KEY].storage, MemoryStorage)  # not shared


# --------------------------------------------------------------------------- web: login flow


@pytest.fixture
def web_app(sqlite_engine: Engine) -> Dash:
    add_user(sqlite_engine, "ed@example.org", "national_editor", country="NL")
    return build_app(sqlite_engine)


def test_login_page_and_cookie_flags(web_app: Dash) -> None:
    client = web_app.server.test_client()
    response = client.get("/login")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "name='password'" in html and "00-bootstrap-5.3.3.min.css" in html
    session_cookie = cookie_header(response, "pathways_session")
    assert "HttpOnly" in session_cookie and "SameSite=Lax" in session_cookie
    assert "Secure" not in session_cookie  # development mode over plain http
    csrf_cookie = cookie_header(response, web.CSRF_COOKIE)
    assert "HttpOnly" not in csrf_cookie  # Dash's renderer reads it
    assert web_app.server.config["PERMANENT_SESSION_LIFETIME"] == dt.timedelta(hours=8)


def test_production_cookies_are_secure(sqlite_engine: Engine) -> None:
    app = build_app(sqlite_engine, mode="production", secret_key=LONG_SECRET)
    response = app.server.test_client().get("/login")
    assert "Secure" in cookie_header(response, "pathways_session")
    assert "Secure" in cookie_header(response, web.CSRF_COOKIE)
    assert app.server.secret_key == LONG_SECRET


def test_login_logout_flow(web_app: Dash) -> None:
    client = web_app.server.test_client()
    assert "ed@example.org" not in client.get("/logout").get_data(as_text=True)
    wrong = login(client, "ed@example.org", "wrong password")
    assert wrong.status_code == 401
    assert "locked for 15 minutes" in wrong.get_data(as_text=True)
    ok = login(client, "ed@example.org", next_path="/country?geo=NL")
    assert ok.status_code == 302 and ok.headers["Location"] == "/country?geo=NL"
    session_cookie = cookie_header(ok, "pathways_session")
    assert "Expires=" in session_cookie and "HttpOnly" in session_cookie
    assert "ed@example.org" in client.get("/logout").get_data(as_text=True)
    # Logging out needs the CSRF token too.
    assert client.post("/logout").status_code == 403
    out = client.post("/logout", data={"csrf_token": csrf_of(client, "/logout")})
    assert out.status_code == 302
    assert "ed@example.org" not in client.get("/logout").get_data(as_text=True)


def test_login_never_redirects_off_site(web_app: Dash) -> None:
    client = web_app.server.test_client()
    for evil in ("//evil.example/", "https://evil.example/", "/\\evil.example"):
        response = login(client, "ed@example.org", next_path=evil)
        assert response.headers["Location"] == "/", evil


def test_session_token_changes_on_login(web_app: Dash) -> None:
    client = web_app.server.test_client()
    before = csrf_of(client)
    login(client, "ed@example.org")
    assert csrf_of(client, "/logout") != before


def test_session_expires_after_the_configured_hours(web_app: Dash) -> None:
    client = web_app.server.test_client()
    login(client, "ed@example.org")
    assert "ed@example.org" in client.get("/logout").get_data(as_text=True)
    with client.session_transaction() as sess:
        sess["login_at"] = int(time.time()) - 8 * 3600 - 5
    assert "ed@example.org" not in client.get("/logout").get_data(as_text=True)


def test_passwords_are_not_logged(web_app: Dash, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    client = web_app.server.test_client()
    login(client, "ed@example.org", "hunter2-wrong-secret")
    login(client, "ed@example.org")
    assert "hunter2-wrong-secret" not in caplog.text and PASSWORD not in caplog.text


def test_login_rate_limit_per_address(sqlite_engine: Engine) -> None:
    add_user(sqlite_engine, "ed@example.org", "viewer")
    app = build_app(sqlite_engine, AuthSettings(login_rate_per_minute=3))
    client = app.server.test_client()
    answers = [login(client, f"nobody{i}@example.org", next_path="/audit") for i in range(4)]
    assert [a.status_code for a in answers] == [401, 401, 401, 429]
    refused = answers[-1]
    assert refused.headers["Retry-After"] == "60"
    assert refused.headers["Cache-Control"] == "no-store"
    html = refused.get_data(as_text=True)
    assert "Too many sign-in attempts from this address" in html
    assert "value='nobody3@example.org'" in html and "value='/audit'" in html
    assert not any(h.startswith("X-RateLimit") for h, _ in refused.headers.items())
    assert client.get("/login").status_code == 200  # only attempts (POST) are counted


# --------------------------------------------------------------------------- web: CSRF


def _probe(app: Dash) -> None:
    """An app-level callback (module-level ones belong to the first app of the process)."""
    if "csrf-probe-out.children" not in app.callback_map:

        @app.callback(Output("csrf-probe-out", "children"), Input("csrf-probe-in", "value"))
        def _echo(value: str) -> str:
            return f"echo {value}"


def _dash_request(value: str) -> dict[str, object]:
    return {
        "output": "csrf-probe-out.children",
        "outputs": {"id": "csrf-probe-out", "property": "children"},
        "inputs": [{"id": "csrf-probe-in", "property": "value", "value": value}],
        "changedPropIds": ["csrf-probe-in.value"],
        "state": [],
    }


def test_csrf_required_on_state_changing_requests(web_app: Dash) -> None:
    _probe(web_app)
    client = web_app.server.test_client()
    client.get("/")
    assert (
        client.post("/login", data={"email": "ed@example.org", "password": PASSWORD}).status_code
        == 403
    )
    assert client.post("/login", data={"csrf_token": "forged" * 8}).status_code == 403
    # Dash callbacks: the header Dash's renderer copies from the _csrf_token cookie.
    body = _dash_request("nl")
    assert client.post("/_dash-update-component", json=body).status_code == 403
    bad = client.post("/_dash-update-component", json=body, headers={"X-CSRFToken": "nope"})
    assert bad.status_code == 403
    cookie = client.get_cookie(web.CSRF_COOKIE)
    assert cookie is not None
    good = client.post("/_dash-update-component", json=body, headers={"X-CSRFToken": cookie.value})
    assert good.status_code == 200 and "echo nl" in good.get_data(as_text=True)


def test_csrf_token_of_another_session_is_refused(web_app: Dash) -> None:
    _probe(web_app)
    attacker = web_app.server.test_client()
    stolen = csrf_of(attacker)
    victim = web_app.server.test_client()
    victim.get("/")
    response = victim.post(
        "/_dash-update-component", json=_dash_request("nl"), headers={"X-CSRFToken": stolen}
    )
    assert response.status_code == 403


# --------------------------------------------------------------------------- web: closed, SSO


def test_closed_deployment_requires_login(sqlite_engine: Engine) -> None:
    add_user(sqlite_engine, "v@example.org", "viewer")
    app = build_app(sqlite_engine, public_read=False)
    client = app.server.test_client()
    home = client.get("/country?geo=NL")
    assert home.status_code == 302 and home.headers["Location"].startswith("/login?next=/country")
    assert client.get("/_dash-layout").status_code == 401
    assert client.get("/login").status_code == 200
    assert client.get("/assets/00-bootstrap-5.3.3.min.css").status_code == 200
    login(client, "v@example.org")
    assert client.get("/").status_code == 200
    assert client.get("/_dash-layout").status_code == 200


def test_trusted_header_single_sign_on(sqlite_engine: Engine) -> None:
    add_user(sqlite_engine, "ed@example.org", "national_editor", country="NL")
    sso = build_app(sqlite_engine, AuthSettings(trusted_user_header="X-Remote-User"))
    page = sso.server.test_client().get("/logout", headers={"X-Remote-User": "ED@example.org"})
    assert "ed@example.org" in page.get_data(as_text=True)
    unknown = sso.server.test_client().get("/logout", headers={"X-Remote-User": "x@example.org"})
    assert "x@example.org" not in unknown.get_data(as_text=True)


def test_trusted_header_ignored_unless_configured(web_app: Dash) -> None:
    page = web_app.server.test_client().get("/logout", headers={"X-Remote-User": "ed@example.org"})
    assert "ed@example.org" not in page.get_data(as_text=True)


def test_require_write_refuses_other_places(web_app: Dash) -> None:
    import flask
    from werkzeug.exceptions import Forbidden

    with web_app.server.test_request_context("/"):
        flask.g.pathways_user = EDITOR_NL
        assert web.require_write("NL", "NL32") == EDITOR_NL
        with pytest.raises(Forbidden):
            web.require_write("BE")
        flask.g.pathways_user = None
        with pytest.raises(Forbidden):
            web.require_write("NL")


# --------------------------------------------------------------------------- users CLI


@pytest.fixture
def users_cli(
    sqlite_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> Iterator[argparse.ArgumentParser]:
    monkeypatch.setenv("DATABASE_URL", _url(sqlite_engine))
    parser = argparse.ArgumentParser(prog="pathways")
    register_users(parser.add_subparsers(dest="command", required=True))
    yield parser


def run_cli(
    parser: argparse.ArgumentParser,
    monkeypatch: pytest.MonkeyPatch,
    argv: list[str],
    stdin: str = "",
) -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    args = parser.parse_args(argv)
    return int(args.func(args))


@pytest.mark.parametrize(
    ("argv", "stdin"),
    [
        (["--role", "superuser"], PASSWORD),
        (["--role", "national_editor"], PASSWORD),
        (["--role", "national_editor", "--country", "XX"], PASSWORD),
        (["--role", "regional_coordinator"], PASSWORD),
        (["--role", "regional_coordinator", "--region", "NL99"], PASSWORD),
        (["--role", "viewer"], "\n"),
        (["--role", "viewer"], ""),
    ],
)
def test_users_add_invalid_exits_2(
    users_cli: argparse.ArgumentParser,
    monkeypatch: pytest.MonkeyPatch,
    sqlite_engine: Engine,
    argv: list[str],
    stdin: str,
) -> None:
    code = run_cli(
        users_cli, monkeypatch, ["users", "add", "x@example.org", *argv, "--password-stdin"], stdin
    )
    assert code == 2
    with sqlite_engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM app_user")).scalar_one() == 0


def test_users_cli_add_token_revoke(
    users_cli: argparse.ArgumentParser,
    monkeypatch: pytest.MonkeyPatch,
    sqlite_engine: Engine,
    capsys: pytest.CaptureFixture[str],
) -> None:
    add = ["users", "add", "ed@example.org", "--role", "national_editor", "--country", "NL"]
    assert run_cli(users_cli, monkeypatch, [*add, "--password-stdin"], PASSWORD + "\n") == 0
    assert run_cli(users_cli, monkeypatch, [*add, "--password-stdin"], PASSWORD + "\n") == 2
    with pytest.raises(SystemExit) as no_stdin_flag:
        users_cli.parse_args(add)  # a password on the command line is not an option
    assert no_stdin_flag.value.code == 2
    capsys.readouterr()
    assert run_cli(users_cli, monkeypatch, ["users", "token", "ed@example.org"]) == 0
    token = capsys.readouterr().out.strip()
    assert token.startswith("pwm_")
    assert run_cli(users_cli, monkeypatch, ["users", "token", "nobody@example.org"]) == 2
    with Session(sqlite_engine) as s:
        assert verify_token(s, token) is not None
        assert verify_login(s, "ed@example.org", PASSWORD).ok  # newline not part of it
    assert run_cli(users_cli, monkeypatch, ["users", "revoke-tokens", "ed@example.org"]) == 0
    assert "revoked 1" in capsys.readouterr().out
    assert run_cli(users_cli, monkeypatch, ["users", "revoke-tokens", "no@example.org"]) == 2
    with Session(sqlite_engine) as s:
        assert verify_token(s, token) is None
        actors = set(s.scalars(select(AuditLog.table_name)))
    assert actors == {"app_user", "api_token"}


def test_may_read_when_closed(sqlite_engine: Engine) -> None:
    with Session(sqlite_engine, expire_on_commit=False) as s:
        token = create_token(s, create_user(s, "v@example.org", "viewer", PASSWORD))
        s.commit()
    app = build_app(sqlite_engine, public_read=False)
    with app.server.test_request_context("/api/v1/indicators"):
        assert not web.may_read(public_read=False)
        assert web.may_read(public_read=True)
    with app.server.test_request_context(
        "/api/v1/indicators", headers={"Authorization": f"Bearer {token}"}
    ):
        assert web.may_read(public_read=False)
    with app.server.test_request_context(
        "/api/v1/indicators", headers={"Authorization": "Bearer pwm_forged"}
    ):
        assert not web.may_read(public_read=False)
