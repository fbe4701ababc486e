"""Do the work of one job: the import engine (or the Semester report) with progress.

The same function runs in a thread of a web process (the embedded default) and in an RQ worker
(``run_queued``, on the worker's own ``DATABASE_URL``). While the work runs, a heartbeat
thread writes the latest progress to the job row every ``BEAT_SECONDS``; the work itself never
waits for that write (on SQLite it waits while the import holds the write lock, and a missed
beat only delays what the page shows). The import is one transaction of its own: a worker that
dies mid-way leaves the store as it was, and the job is later marked ``interrupted``.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import os
import socket
import threading
import traceback
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from pathways_monitor.db.models_jobs import KIND_IMPORT, KIND_SEMESTER, Job
from pathways_monitor.jobs import records

BEAT_SECONDS = 1.0
log = logging.getLogger(__name__)


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.current_thread().name}"[:200]


class Progress:
    """The latest progress of a job, set by the work and written by the heartbeat."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._state: dict[str, Any] = {"stage": "starting", "fraction": 0.0}
        self.changed = threading.Event()  # a new stage: the heartbeat writes it at once

    def __call__(self, stage: str, fraction: float, **rows: int) -> None:
        """The engine's progress callback: a stage, how far (0-1), rows read/validated/stored."""
        with self._lock:
            self._state.update(stage=stage, fraction=max(0.0, min(1.0, float(fraction))))
            for key, value in rows.items():
                self._state[f"rows_{key}"] = int(value)
        self.changed.set()

    def snapshot(self) -> dict[str, Any]:
        with self._lock:
            return dict(self._state)


class Heartbeat(threading.Thread):
    """Writes a job's progress when its stage changes and at least every ``BEAT_SECONDS``
    until stopped; database errors are logged and retried at the next beat (they must never
    stop the work)."""

    def __init__(self, engine: Engine, job_id: str, progress: Progress) -> None:
        super().__init__(name=f"heartbeat-{job_id[:8]}", daemon=True)
        self.engine, self.job_id, self.progress = engine, job_id, progress
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            self.progress.changed.wait(BEAT_SECONDS)
            self.progress.changed.clear()
            if self.stopped.is_set():
                return
            try:
                records.report_progress(self.engine, self.job_id, self.progress.snapshot())
            except SQLAlchemyError as exc:  # e.g. SQLite busy while the import writes
                log.debug("job %s heartbeat skipped: %s", self.job_id, exc)

    def stop(self) -> None:
        self.stopped.set()
        self.progress.changed.set()
        self.join(timeout=5)


def run_job(engine: Engine, job_id: str) -> str | None:
    """Run a queued job to its end; returns its final state (None when another worker has it)."""
    job = records.claim(engine, job_id, worker_name())
    if job is None:
        return None
    progress = Progress()
    beat = Heartbeat(engine, job_id, progress)
    beat.start()
    try:
        if job.kind == KIND_IMPORT:
            result, file = _run_import(engine, job, progress), None
        elif job.kind == KIND_SEMESTER:
            result, file = _run_semester(engine, job, progress)
        else:
            raise ValueError(f"unknown job kind {job.kind!r}")
    except Exception as exc:  # the job fails, with what went wrong; nothing was stored
        log.exception("job %s failed", job_id)
        beat.stop()
        records.finish(
            engine,
            job_id,
            error=f"{type(exc).__name__}: {exc}",
            progress=progress.snapshot(),
        )
        log.debug("%s", traceback.format_exc())
        return records.FAILED
    beat.stop()
    keep_bytes = job.kind == KIND_IMPORT and bool((job.options or {}).get("dry_run"))
    records.finish(
        engine,
        job_id,
        result=result,
        result_file=file,
        progress=progress.snapshot(),
        drop_payload=not keep_bytes,  # a check keeps the file for its confirmation
    )
    return records.DONE


def _run_import(engine: Engine, job: Job, progress: Progress) -> dict[str, Any]:
    from pathways_monitor.importers.engine import DEFAULT_MAX_BYTES, import_file

    options = job.options or {}
    with Session(engine, expire_on_commit=False) as session:
        try:
            report = import_file(
                session,
                job.payload or b"",
                job.file_name,
                user=job.requested_by,
                dry_run=bool(options.get("dry_run")),
                scope=records.scope_from(options.get("scope")),
                max_bytes=int(options.get("max_bytes") or DEFAULT_MAX_BYTES),
                accept_revisions=bool(options.get("accept_revisions")),
                progress=progress,
            )
        finally:
            session.rollback()
    return report.as_record()


def _run_semester(
    engine: Engine, job: Job, progress: Progress
) -> tuple[dict[str, Any], bytes | None]:
    from pathways_monitor.reports.semester import file_name, render
    from pathways_monitor.reports.semester_data import SemesterExportError, collect

    options = job.options or {}
    progress("collecting", 0.1)
    with Session(engine) as session:
        try:
            report = collect(
                session,
                str(options.get("country") or job.country_code or ""),
                year=options.get("year"),
                today=dt.date.fromisoformat(options["today"]) if options.get("today") else None,
            )
        except SemesterExportError as exc:
            return {"status": "rejected", "code": exc.code}, None
    progress("writing", 0.5)
    fmt, lang = str(options.get("format") or "pdf"), str(options.get("lang") or "en")
    data = render(report, fmt, lang)
    name = file_name(report.country, report.reporting_year, lang, fmt)
    return {"status": "done", "file_name": name, "format": fmt}, data


@functools.cache
def _engine_for(url: str) -> Engine:
    from pathways_monitor.db.session import make_engine

    return make_engine(url)


def run_queued(job_id: str) -> str | None:
    """The RQ entry point: the worker's own ``DATABASE_URL`` (no password travels through
    Redis; one engine per worker process)."""
    from pathways_monitor.core.settings import Settings

    return run_job(_engine_for(Settings.from_env().database_url), job_id)
