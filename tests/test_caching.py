"""The shared cache: configuration, data version, cached answers and the shared sign-in limit.

Fast tests on SQLite with the per-process cache; the same code against Redis and several
gunicorn workers is in tests/test_production.py.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator

import flask
import pytest
import redis
from dash import Dash
from flask.testing import FlaskClient
from limits.storage import MemoryStorage, RedisStorage
from limits.strategies import FixedWindowRateLimiter, MovingWindowRateLimiter
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from pathways_monitor.core.settings import Settings, SettingsError
from pathways_monitor.db.models import AuditLog
from pathways_monitor.importers.engine import import_file
from pathways_monitor.web.auth.config import AuthSettings
from pathways_monitor.web.caching import (
    cache_url_from_env,
    cached_query,
    data_version,
    install_cache,
)
from pathways_monitor.web.caching.cache import (
    EXTENSION_KEY,
    cache_key,
    flask_caching_config,
    key_prefix,
)
from pathways_monitor.web.caching.ratelimit import LIMITER_KEY
from pathways_monitor.web.caching.responses import CACHE_HEADER, register_response_cache
from pathways_monitor.web.context import SETTINGS_KEY
from tests.conftest import IN_CI
from tests.test_auth import build_app, fast_hashing, sign_in_from  # noqa: F401  (autouse)

CSV = "indicator,geo,year,sex,value,flag,source\nELET,NL,1975,T,{value},,test\n"
OBS_NL_1975 = "/api/v1/observations?indicator=ELET&geo=NL&from=1975&to=1975"


def _import(engine: Engine, value: str) -> None:
    with Session(engine) as session:
        report = import_file(session, CSV.format(value=value).encode(), "nl.csv", user="t")
    assert report.accepted, report.problems


def _app(engine: Engine, **settings: object) -> Dash:
    app = build_app(engine, **settings)
    if EXTENSION_KEY not in app.server.extensions:  # until create_app installs it itself
        url = engine.url.render_as_string(hide_password=False)
        install_cache(app.server, Settings(database_url=url), None, from_env=False)
    return app


@pytest.fixture
def client(sqlite_engine: Engine) -> Iterator[FlaskClient]:
    yield _app(sqlite_engine).server.test_client()


# --------------------------------------------------------------------------- configuration


def test_cache_url_from_env() -> None:
    assert cache_url_from_env({}) is None
    assert cache_url_from_env({"PATHWAYS_CACHE_URL": " "}) is None
    url = "redis://127.0.0.1:6379/0"
    assert cache_url_from_env({"PATHWAYS_CACHE_URL": url}) == url
    with pytest.raises(SettingsError, match="PATHWAYS_CACHE_URL"):
        cache_url_from_env({"PATHWAYS_CACHE_URL": "http://cache.example"})


def test_backend_follows_the_url_and_keys_are_per_store() -> None:
    shared = flask_caching_config("redis://h:6379/0", "postgresql://a/one")
    assert shared["CACHE_TYPE"] == "RedisCache"
    assert shared["CACHE_REDIS_URL"] == "redis://h:6379/0"
    assert flask_caching_config(None, "postgresql://a/one")["CACHE_TYPE"] == "SimpleCache"
    assert key_prefix("postgresql://a/one") != key_prefix("postgresql://a/two")


def test_cache_key_is_stable_and_refuses_unordered_arguments() -> None:
    assert cache_key("q", (1, 1, 2, 2), "NL", 3) == cache_key("q", (1, 1, 2, 2), "NL", 3)
    assert cache_key("q", (1, 1, 2, 2), "NL") != cache_key("q", (2, 2, 2, 2), "NL")
    with pytest.raises(TypeError, match="stable"):
        cache_key("q", (1, 1, 2, 2), {"NL", "BE"})


# --------------------------------------------------------------------------- data version


def test_data_version_changes_with_every_change_and_only_then(sqlite_engine: Engine) -> None:
    with Session(sqlite_engine) as s:
        before = data_version(s)
    _import(sqlite_engine, "4.2")
    with Session(sqlite_engine) as s:
        after_import = data_version(s)
    _import(sqlite_engine, "4.2")  # the same file again changes nothing
    with Session(sqlite_engine) as s:
        assert data_version(s) == after_import != before


def test_data_version_sees_a_late_commit_of_a_lower_id(sqlite_engine: Engine) -> None:
    """Ids are taken at insert: a transaction can commit id 5 after another committed id 9."""
    stamp = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    with Session(sqlite_engine) as s:
        s.add(AuditLog(id=9, actor="a", action="insert", table_name="t", row_key="k", at=stamp))
        s.commit()
        seen = data_version(s)
        s.add(AuditLog(id=5, actor="b", action="insert", table_name="t", row_key="k", at=stamp))
        s.commit()
        assert data_version(s) != seen


# --------------------------------------------------------------------------- cached_query


def test_cached_query_runs_once_per_data_version(sqlite_engine: Engine) -> None:
    app = _app(sqlite_engine)
    calls: list[str] = []

    def count_rows(session: Session, geo: str) -> int | None:
        calls.append(geo)
        n = session.execute(text("SELECT count(*) FROM observation")).scalar_one()
        return None if n == 0 else n

    with app.server.test_request_context("/"):
        assert cached_query("rows", count_rows, "NL") is None
    with app.server.test_request_context("/"):
        assert cached_query("rows", count_rows, "NL") is None  # a cached None is a hit
        assert calls == ["NL"]
        cached_query("rows", count_rows, "BE")
        assert calls == ["NL", "BE"]
    _import(sqlite_engine, "4.2")
    with app.server.test_request_context("/"):
        assert cached_query("rows", count_rows, "NL") == 1
    assert calls == ["NL", "BE", "NL"]


# --------------------------------------------------------------------------- API answers


def test_api_answers_are_cached_until_the_data_changes(
    client: FlaskClient, sqlite_engine: Engine
) -> None:
    first = client.get(OBS_NL_1975)
    assert first.status_code == 200 and first.json == []
    assert first.headers[CACHE_HEADER] == "miss"
    # The same question, parameters in another order: the same answer from the cache.
    second = client.get("/api/v1/observations?to=1975&geo=NL&from=1975&indicator=ELET")
    assert second.headers[CACHE_HEADER] == "hit" and second.json == []
    assert second.headers["Content-Type"] == first.headers["Content-Type"]
    _import(sqlite_engine, "4.2")
    fresh = client.get(OBS_NL_1975)
    assert fresh.headers[CACHE_HEADER] == "miss"
    assert [row["value"] for row in fresh.json] == [4.2]
    assert client.get(OBS_NL_1975).headers[CACHE_HEADER] == "hit"


def test_errors_and_token_requests_are_never_cached(client: FlaskClient) -> None:
    for _ in range(2):
        bad = client.get("/api/v1/observations?indicator=NOPE&geo=NL")
        assert bad.status_code == 404 and CACHE_HEADER not in bad.headers
    for _ in range(2):
        tokened = client.get(OBS_NL_1975, headers={"Authorization": "Bearer x"})
        assert CACHE_HEADER not in tokened.headers


def test_a_closed_deployment_never_serves_a_cached_answer_to_anonymous(
    sqlite_engine: Engine,
) -> None:
    server = _app(sqlite_engine).server
    client = server.test_client()
    assert client.get(OBS_NL_1975).status_code == 200
    assert client.get(OBS_NL_1975).headers[CACHE_HEADER] == "hit"
    # The same app (and cache) switched to closed reading: the guard still answers first.
    open_settings = server.config[SETTINGS_KEY]
    server.config[SETTINGS_KEY] = open_settings.model_copy(update={"public_read": False})
    refused = client.get(OBS_NL_1975)
    assert refused.status_code == 401 and CACHE_HEADER not in refused.headers


def test_the_cache_must_come_after_the_api_guard() -> None:
    with pytest.raises(RuntimeError, match="access check"):
        register_response_cache(flask.Flask("bare"))


# --------------------------------------------------------------------------- sign-in limit


REDIS_URL = os.environ.get("PATHWAYS_TEST_REDIS", "redis://127.0.0.1:6379/15")


@pytest.fixture
def redis_url() -> str:
    """A reachable Redis (mandatory under CI=true), else the test is skipped."""
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5).ping()
    except redis.RedisError as exc:
        if IN_CI:
            pytest.fail(f"CI=true but Redis at {REDIS_URL} is unreachable: {exc}")
        pytest.skip(f"no Redis at {REDIS_URL}: {exc}")
    return REDIS_URL


def test_shared_limit_counts_attempts_of_all_workers_together(
    sqlite_engine: Engine, redis_url: str
) -> None:
    """Three apps on one store and one Redis stand for three gunicorn workers."""
    prefix = key_prefix(sqlite_engine.url.render_as_string(hide_password=False))
    store = redis.Redis.from_url(redis_url)
    for key in store.scan_iter(f"*{prefix}*"):
        store.delete(key)
    workers = [
        build_app(sqlite_engine, AuthSettings(login_rate_per_minute=3), cache_url=redis_url)
        for _ in range(3)
    ]
    clients = [w.server.test_client() for w in workers]
    allowed = [sign_in_from(clients[i % 3], "10.0.0.1") != 429 for i in range(6)]
    assert allowed == [True, True, True, False, False, False]
    assert sign_in_from(clients[0], "10.0.0.2") != 429  # another address has its own count
    keys = [k.decode() for k in store.keys(f"*{prefix}*")]
    assert keys and not any("10.0.0.1" in key for key in keys)  # addresses are hashed


def test_shared_limit_falls_back_to_the_process_when_redis_is_down(sqlite_engine: Engine) -> None:
    app = build_app(
        sqlite_engine, AuthSettings(login_rate_per_minute=2), cache_url="redis://127.0.0.1:1/0"
    )
    client = app.server.test_client()
    assert [sign_in_from(client, "10.0.0.1") != 429 for _ in range(3)] == [True, True, False]


def test_login_limiter_is_shared_only_with_a_cache_url(sqlite_engine: Engine) -> None:
    local = _app(sqlite_engine).server.extensions[LIMITER_KEY]
    assert isinstance(local.storage, MemoryStorage)
    assert isinstance(local.limiter, MovingWindowRateLimiter)
    shared = build_app(sqlite_engine, cache_url="redis://127.0.0.1:1/0").server
    limiter = shared.extensions[LIMITER_KEY]
    assert isinstance(limiter.storage, RedisStorage)
    assert isinstance(limiter.limiter, FixedWindowRateLimiter)
