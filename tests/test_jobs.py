"""Background jobs (issue 13): a job row from request to result, on both backends and on RQ.

The store is checked against the fixture file read by eye (NL 2022 total 5.6, male 6.9 with
flag p), never against the parser's own output.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session

from pathways_monitor.core.access import UNRESTRICTED, UploadScope
from pathways_monitor.db.models import Breakdown, Indicator, Observation, Place
from pathways_monitor.db.models_jobs import Job
from pathways_monitor.jobs import queue, records, runner

FIXTURE = Path(__file__).parent / "fixtures" / "tabular" / "long_comma.csv"
REDIS_URL = "redis://127.0.0.1:6379/15"


def _nl_elet(engine: Engine) -> dict[tuple[int, str], tuple[float, str | None]]:
    with Session(engine) as s:
        rows = s.execute(
            select(Observation.year, Breakdown.sex, Observation.value, Observation.flag)
            .join(Indicator, Indicator.id == Observation.indicator_id)
            .join(Place, Place.id == Observation.place_id)
            .join(Breakdown, Breakdown.id == Observation.breakdown_id)
            .where(Indicator.code == "ELET", Place.code == "NL", Observation.year == 2022)
        ).all()
    return {(y, sex): (v, f) for y, sex, v, f in rows}


def _import_job(engine: Engine, *, dry_run: bool, scope: UploadScope = UNRESTRICTED) -> str:
    return records.create_import_job(
        engine,
        FIXTURE.read_bytes(),
        FIXTURE.name,
        requested_by="a@example.eu",
        scope=scope,
        dry_run=dry_run,
    )


def test_a_check_then_its_confirmation_store_the_file(engine: Engine) -> None:
    check = _import_job(engine, dry_run=True)
    assert records.read_job(engine, check).state == records.QUEUED
    future = queue.submit(engine, check)
    assert future is not None and future.result(timeout=60) == records.DONE
    seen = records.read_job(engine, check)
    assert seen.state == "done" and seen.fraction == 1.0
    assert seen.result["status"] == "accepted" and seen.result["dry_run"] is True
    assert seen.rows_read == 6 and seen.rows_validated == 6
    assert _nl_elet(engine) == {}  # a check writes nothing

    real = records.import_from_check(
        engine, check, requested_by="a@example.eu", scope=UNRESTRICTED, accept_revisions=False
    )
    assert real is not None and queue.submit(engine, real).result(timeout=60) == records.DONE
    done = records.read_job(engine, real)
    assert done.result["status"] == "accepted" and done.result["inserted"] >= 3
    stored = _nl_elet(engine)
    assert stored[(2022, "T")] == (5.6, None)
    assert stored[(2022, "M")] == (6.9, "p")
    assert stored[(2022, "F")] == (4.4, None)
    with Session(engine) as s:  # the real import's bytes are dropped, the check keeps them
        assert s.get(Job, real).payload is None
        assert s.get(Job, check).payload == FIXTURE.read_bytes()
    # the report comes back as an ImportReport with translatable problems
    from pathways_monitor.importers.problems import ImportReport

    again = ImportReport.from_record(done.result)
    assert again.accepted and again.inserted == done.result["inserted"]


def test_a_refused_file_is_a_finished_job_with_its_problems(engine: Engine) -> None:
    job = _import_job(engine, dry_run=False, scope=UploadScope(countries=frozenset({"BE"})))
    assert queue.submit(engine, job).result(timeout=60) == records.DONE
    seen = records.read_job(engine, job)
    assert seen.result["status"] == "rejected"
    assert {p["code"] for p in seen.result["problems"]} & {
        "forbidden_country",
        "region_outside_country",
    }
    assert _nl_elet(engine) == {}


def test_a_job_is_run_once_and_a_silent_worker_is_reported_interrupted(engine: Engine) -> None:
    job = _import_job(engine, dry_run=True)
    assert records.claim(engine, job, "w1") is not None
    assert records.claim(engine, job, "w2") is None  # a second worker does not take it
    assert runner.run_job(engine, job) is None
    old = dt.datetime.now(dt.UTC) - records.STALE_AFTER - dt.timedelta(seconds=5)
    with Session(engine) as s:
        s.execute(update(Job).where(Job.id == job).values(heartbeat_at=old))
        s.commit()
    seen = records.read_job(engine, job)
    assert seen.state == "failed" and seen.error == records.INTERRUPTED
    assert [j.id for j in records.recent_jobs(engine)][:1] == [job]


def test_the_heartbeat_writes_progress_while_the_work_runs(
    sqlite_engine: Engine, monkeypatch
) -> None:
    monkeypatch.setattr(runner, "BEAT_SECONDS", 0.05)
    job = _import_job(sqlite_engine, dry_run=True)
    records.claim(sqlite_engine, job, "w")
    progress = runner.Progress()
    beat = runner.Heartbeat(sqlite_engine, job, progress)
    beat.start()
    progress("validating", 0.35, read=123)
    deadline = dt.datetime.now() + dt.timedelta(seconds=20)
    while records.read_job(sqlite_engine, job).rows_read != 123:
        assert dt.datetime.now() < deadline
    beat.stop()
    seen = records.read_job(sqlite_engine, job)
    assert (seen.stage, seen.fraction, seen.state) == ("validating", 0.35, "running")


def _redis_available() -> str | None:
    try:
        import redis

        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except Exception as exc:
        return f"no Redis at {REDIS_URL}: {exc}"
    return None


def _require_redis() -> None:
    reason = _redis_available()
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)


def _wait(check, seconds: float = 60.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


@pytest.mark.postgres
def test_a_pathways_worker_process_runs_the_job_the_web_queued(
    pg_committed_engine: Engine, pg_database: str
) -> None:
    """The multi-machine set-up: the web queues on Redis, a separate `pathways worker`
    process (its own DATABASE_URL) takes the job and stores the file."""
    _require_redis()
    from rq import Worker

    env = {**os.environ, "DATABASE_URL": pg_database, "PATHWAYS_CACHE_URL": REDIS_URL}
    worker = subprocess.Popen(
        [sys.executable, "-m", "pathways_monitor.cli", "worker"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        _wait(
            lambda: Worker.count(queue=queue.rq_queue(REDIS_URL)) > 0 or worker.poll() is not None
        )
        assert worker.poll() is None, worker.stderr.read() if worker.stderr else ""
        job = _import_job(pg_committed_engine, dry_run=False)
        assert queue.submit(pg_committed_engine, job, redis_url=REDIS_URL) is None  # queued
        _wait(lambda: records.read_job(pg_committed_engine, job).finished)
    finally:
        worker.send_signal(signal.SIGTERM)  # warm shutdown
        worker.wait(timeout=30)
    seen = records.read_job(pg_committed_engine, job)
    assert seen.state == "done", seen.error
    assert seen.result["status"] == "accepted"
    assert _nl_elet(pg_committed_engine)[(2022, "M")] == (6.9, "p")


def test_without_a_listening_worker_the_web_process_runs_the_job(sqlite_engine: Engine) -> None:
    """A shared cache configured but no `pathways worker` running: nothing waits forever."""
    _require_redis()
    from rq import Worker

    idle = "redis://127.0.0.1:6379/14"  # no worker is ever started on this database
    assert Worker.count(queue=queue.rq_queue(idle)) == 0
    job = _import_job(sqlite_engine, dry_run=True)
    future = queue.submit(sqlite_engine, job, redis_url=idle)
    assert future is not None and future.result(timeout=60) == records.DONE


def test_the_worker_command_needs_the_queue_url(monkeypatch: pytest.MonkeyPatch, capsys) -> None:  # type: ignore[no-untyped-def]
    from pathways_monitor.cli.main import main

    monkeypatch.delenv("PATHWAYS_CACHE_URL", raising=False)
    assert main(["worker", "--burst"]) == 2
    assert "PATHWAYS_CACHE_URL" in capsys.readouterr().err
