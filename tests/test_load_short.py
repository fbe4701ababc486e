"""The load test (bench/load.py) in a short form: no errors, no data lost or duplicated.

10 s with 10 browsing users and 2 uploading national editors, on PostgreSQL, Redis and gunicorn
(2 workers). The figures are printed and written to test-output/load.txt.
"""

from __future__ import annotations

import os

import pytest

from bench.load import LoadConfig, format_report, run_load
from bench.load_server import DEFAULT_REDIS, pg_unreachable, redis_unreachable
from tests.conftest import IN_CI, PG_ADMIN_URL, REPO

pytestmark = pytest.mark.postgres

REDIS_URL = os.environ.get("PATHWAYS_TEST_REDIS", DEFAULT_REDIS)
APP_TARGET = os.environ.get("PATHWAYS_TEST_APP", "app:server")


def test_short_load_run_has_no_errors_and_keeps_every_upload(
    capsys: pytest.CaptureFixture[str],
) -> None:
    for reason in (pg_unreachable(PG_ADMIN_URL), redis_unreachable(REDIS_URL)):
        if reason:
            if IN_CI:
                pytest.fail(f"CI=true but {reason}")
            pytest.skip(reason)
    cfg = LoadConfig(
        duration=10,
        users=10,
        uploaders=2,
        workers=2,
        think=0.5,
        upload_pause=1.0,
        pg_admin=PG_ADMIN_URL,
        redis_url=REDIS_URL,
        app_target=APP_TARGET,
    )
    result = run_load(cfg)
    table = format_report(result)
    out = REPO / "test-output" / "load.txt"
    out.parent.mkdir(exist_ok=True)
    out.write_text(table + "\n", encoding="utf-8")
    with capsys.disabled():
        print("\n" + table)
    assert result.error_count == 0, result.errors[:5]
    assert result.check.ok, result.check.summary()
    kinds = {s.kind for s in result.stats()}
    assert {"page", "dash", "api", "upload"} <= kinds
    assert len(result.uploads) >= 2 and any(u.changed for u in result.uploads)
    assert result.workers_seen == 2
