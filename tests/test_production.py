"""Production serving: gunicorn with several workers on PostgreSQL and Redis, stateless workers.

Starts ``gunicorn -c deploy/gunicorn.conf.py app:server`` (3 workers) on a free loopback port
against a scratch database with the demo data. Requests use a new connection each and carry
their own User-Agent, so the access log tells which worker answered which request. Under
``CI=true`` PostgreSQL and Redis must be there; elsewhere the tests skip without them.
"""

from __future__ import annotations

import os
import re
import secrets
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from http.cookies import SimpleCookie

import pytest
import requests
from sqlalchemy.orm import Session

from bench.load_server import (
    DEFAULT_REDIS,
    Server,
    free_port,
    gunicorn_server,
    pg_unreachable,
    production_env,
    redis_unreachable,
    run_gunicorn_until_exit,
    scratch_database,
)
from tests.conftest import IN_CI, PG_ADMIN_URL

pytestmark = pytest.mark.postgres

REDIS_URL = os.environ.get("PATHWAYS_TEST_REDIS", DEFAULT_REDIS)
# The WSGI target under test (test-only override, e.g. for a wrapper while wiring changes).
APP_TARGET = os.environ.get("PATHWAYS_TEST_APP", "app:server")
WORKERS = 3
LOGIN_RATE = 6
EDITOR = "editor.prod@example.org"
PASSWORD = "correct horse battery staple"
OBS_NL_1975 = "/api/v1/observations?indicator=ELET&geo=NL&from=1975&to=1975"


def _need(reason: str | None) -> None:
    if reason:
        if IN_CI:
            pytest.fail(f"CI=true but {reason}")
        pytest.skip(reason)


@dataclass
class Browser:
    """Cookies kept by hand: production cookies are Secure, and requests would not send them
    over http://127.0.0.1."""

    base: str
    cookies: dict[str, str] = field(default_factory=dict)
    secure_flags: dict[str, bool] = field(default_factory=dict)

    def request(self, method: str, path: str, agent: str, **kwargs: object) -> requests.Response:
        headers = dict(kwargs.pop("headers", {}) or {})  # type: ignore[call-overload]
        headers |= {"User-Agent": agent, "Connection": "close"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        response = requests.request(
            method, self.base + path, headers=headers, timeout=60, allow_redirects=False, **kwargs
        )
        for raw in response.raw.headers.getlist("Set-Cookie"):
            jar = SimpleCookie()
            jar.load(raw)
            for name, morsel in jar.items():
                self.cookies[name] = morsel.value
                self.secure_flags[name] = bool(morsel["secure"])
        return response


@dataclass
class Deployment:
    server: Server
    token: str
    database_url: str

    def spread(self, count: int, path: str, tag: str, browser: Browser | None = None):  # type: ignore[no-untyped-def]
        """``count`` concurrent GETs on new connections; answers and the pid behind each."""
        who = browser or Browser(self.server.base_url)
        agents = [f"prod-test/{tag}/{i}/{secrets.token_hex(3)}" for i in range(count)]
        with ThreadPoolExecutor(max_workers=min(count, 10)) as pool:
            answers = list(pool.map(lambda a: who.request("GET", path, a), agents))
        time.sleep(0.3)  # the access log is written just after each answer
        by_agent = self.server.worker_pids_by_agent()
        return answers, {by_agent.get(a) for a in agents} - {None}


@pytest.fixture(scope="module")
def deployment() -> Iterator[Deployment]:
    _need(pg_unreachable(PG_ADMIN_URL))
    _need(redis_unreachable(REDIS_URL))
    from pathways_monitor.accounts.users import create_token, create_user
    from pathways_monitor.db.session import make_engine
    from pathways_monitor.demo.load import load_demo

    with scratch_database(PG_ADMIN_URL, prefix="pathways_prod") as url:
        engine = make_engine(url)
        load_demo(engine, with_accounts=False)
        with Session(engine) as session:
            user = create_user(session, EDITOR, "national_editor", PASSWORD, country="NL")
            token = create_token(session, user)
            session.commit()
        engine.dispose()
        env = production_env(
            url,
            REDIS_URL,
            workers=WORKERS,
            port=free_port(),
            extra={"PATHWAYS_MAX_UPLOAD_MB": "1", "PATHWAYS_LOGIN_RATE": str(LOGIN_RATE)},
        )
        with gunicorn_server(env, app_target=APP_TARGET) as server:
            yield Deployment(server, token, url)


def _sign_in(base: str) -> Browser:
    browser = Browser(base)
    form = browser.request("GET", "/login", "prod-test/login-form").text
    csrf = re.search(r"name='csrf_token' value='([^']+)'", form)
    assert csrf, form
    answer = browser.request(
        "POST",
        "/login",
        "prod-test/login",
        data={"email": EDITOR, "password": PASSWORD, "csrf_token": csrf[1], "next": "/"},
    )
    assert answer.status_code == 302, answer.text
    return browser


def test_every_worker_sees_the_same_signed_in_session(deployment: Deployment) -> None:
    browser = _sign_in(deployment.server.base_url)
    assert browser.secure_flags["pathways_session"]  # production: Secure cookie
    answers, pids = deployment.spread(20, "/logout", "session", browser)
    assert all(a.status_code == 200 and EDITOR in a.text for a in answers)
    assert len(pids) >= 2, "the 20 requests should have been spread over several workers"


def test_an_api_import_reaches_every_workers_cached_answers(deployment: Deployment) -> None:
    before, pids = deployment.spread(12, OBS_NL_1975, "before")
    assert all(a.status_code == 200 and a.json() == [] for a in before)
    assert any(a.headers.get("X-Pathways-Cache") == "hit" for a in before), "cache not in use"
    assert len(pids) >= 2
    csv = "indicator,geo,year,sex,value,flag,source\nELET,NL,1975,T,12.5,,prod test\n"
    imported = requests.post(
        deployment.server.base_url + "/api/v1/import",
        files={"file": ("nl_1975.csv", csv.encode(), "text/csv")},
        headers={"Authorization": f"Bearer {deployment.token}"},
        timeout=60,
    )
    assert imported.status_code == 200, imported.text
    assert imported.json()["inserted"] == 1
    after, pids = deployment.spread(12, OBS_NL_1975, "after")
    assert [[row["value"] for row in a.json()] for a in after] == [[12.5]] * 12
    assert len(pids) >= 2


def test_uploads_over_the_limit_answer_413(deployment: Deployment) -> None:
    big = b"indicator,geo,year,sex,value\n" + b"ELET,NL,2020,T,1.0\n" * 80_000  # ~1.5 MB
    answer = requests.post(
        deployment.server.base_url + "/api/v1/import",
        files={"file": ("big.csv", big, "text/csv")},
        headers={"Authorization": f"Bearer {deployment.token}"},
        timeout=60,
    )
    assert answer.status_code == 413
    assert answer.json()["code"] == "file_too_large"


def test_sign_in_attempts_are_limited_across_workers(deployment: Deployment) -> None:
    """Per process, 3 workers would let 3 x LOGIN_RATE attempts through; shared, LOGIN_RATE."""
    if time.time() % 60 > 45:  # keep all attempts inside one fixed minute window
        time.sleep(61 - time.time() % 60)
    browser = Browser(deployment.server.base_url)
    form = browser.request("GET", "/login", "prod-test/rate-form").text
    csrf = re.search(r"name='csrf_token' value='([^']+)'", form)
    assert csrf
    statuses = []
    for i in range(LOGIN_RATE + 4):
        answer = browser.request(
            "POST",
            "/login",
            f"prod-test/rate/{i}",
            data={"email": f"nobody{i}@example.org", "password": "x", "csrf_token": csrf[1]},
        )
        statuses.append(answer.status_code)
    assert set(statuses) == {401, 429}
    assert statuses.count(401) <= LOGIN_RATE
    assert statuses[-1] == 429


def test_production_refuses_to_start_without_a_secret_key() -> None:
    env = production_env("sqlite://", None, workers=1, port=free_port())
    del env["PATHWAYS_SECRET_KEY"]
    code, output = run_gunicorn_until_exit(env)
    assert code != 0
    assert "PATHWAYS_SECRET_KEY is not set" in output
