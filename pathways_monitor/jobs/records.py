"""The job rows: create, read, report progress, finish; and spot jobs whose worker died.

Every function takes its own short transaction on the engine, never the caller's session:
progress is written while the import's own transaction is still open, and a reader on another
web worker must see it at once. A job whose heartbeat stopped for ``STALE_AFTER`` (the worker
was killed, the machine went down) is marked failed with ``interrupted`` when next read: its
import transaction died with it, so nothing of it was stored.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import CursorResult, Engine, delete, select, update
from sqlalchemy.orm import Session

from pathways_monitor.core.access import UploadScope
from pathways_monitor.db.models_jobs import (
    DONE,
    FAILED,
    FINISHED_STATES,
    KIND_IMPORT,
    QUEUED,
    RUNNING,
    Job,
)
from pathways_monitor.jobs.progress_board import board_for

STALE_AFTER = dt.timedelta(minutes=2)  # no heartbeat for this long: the worker is gone
KEEP_FOR = dt.timedelta(days=7)  # finished jobs (and their uploaded bytes) are purged after
INTERRUPTED = "interrupted"  # the error code of a job whose worker stopped


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    """SQLite gives naive datetimes back; they were written in UTC."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=dt.UTC)


@dataclass(frozen=True)
class JobView:
    """A job as pages and the API show it (no uploaded bytes)."""

    id: str
    kind: str
    state: str
    file_name: str
    requested_by: str
    country_code: str | None
    stage: str
    fraction: float
    rows_read: int
    rows_validated: int
    rows_stored: int
    created_at: dt.datetime | None
    started_at: dt.datetime | None
    finished_at: dt.datetime | None
    options: Mapping[str, Any]
    result: Mapping[str, Any] | None
    error: str | None
    has_file: bool

    @property
    def finished(self) -> bool:
        return self.state in FINISHED_STATES

    @property
    def dry_run(self) -> bool:
        return bool(self.options.get("dry_run"))


def _live(engine: Engine, job: Job) -> None:
    """A running job's latest progress from the SQLite store's board (not saved to the row)."""
    board = board_for(engine) if job.state == RUNNING else None
    live = board.read(job.id) if board is not None else None
    if not live:
        return
    for key in ("stage", "fraction", *ROW_FIELDS):
        if key in live:
            setattr(job, key, live[key])
    if live.get("heartbeat_at"):
        job.heartbeat_at = dt.datetime.fromisoformat(live["heartbeat_at"])


def _view(job: Job) -> JobView:
    return JobView(
        id=job.id,
        kind=job.kind,
        state=job.state,
        file_name=job.file_name,
        requested_by=job.requested_by,
        country_code=job.country_code,
        stage=job.stage,
        fraction=float(job.fraction or 0.0),
        rows_read=job.rows_read or 0,
        rows_validated=job.rows_validated or 0,
        rows_stored=job.rows_stored or 0,
        created_at=_aware(job.created_at),
        started_at=_aware(job.started_at),
        finished_at=_aware(job.finished_at),
        options=dict(job.options or {}),
        result=job.result,
        error=job.error,
        has_file=job.result_file is not None,
    )


def scope_record(scope: UploadScope) -> dict[str, list[str] | None]:
    return {
        "countries": None if scope.countries is None else sorted(scope.countries),
        "regions": None if scope.regions is None else sorted(scope.regions),
    }


def scope_from(record: Mapping[str, Any] | None) -> UploadScope:
    record = record or {}
    countries, regions = record.get("countries"), record.get("regions")
    return UploadScope(
        countries=None if countries is None else frozenset(countries),
        regions=None if regions is None else frozenset(regions),
    )


def create_job(
    engine: Engine,
    *,
    kind: str,
    file_name: str,
    requested_by: str,
    payload: bytes | None = None,
    options: Mapping[str, Any] | None = None,
    country_code: str | None = None,
) -> str:
    """A queued job, committed (a worker on another machine must see it); returns its id."""
    job_id = uuid.uuid4().hex
    with Session(engine) as session:
        _purge(session)
        session.add(
            Job(
                id=job_id,
                kind=kind,
                state=QUEUED,
                stage=QUEUED,
                file_name=file_name[:500],
                payload=payload,
                options=dict(options or {}),
                requested_by=requested_by,
                country_code=country_code,
                created_at=_now(),
            )
        )
        session.commit()
    return job_id


def create_import_job(
    engine: Engine,
    data: bytes,
    file_name: str,
    *,
    requested_by: str,
    scope: UploadScope,
    dry_run: bool,
    accept_revisions: bool = False,
    lang: str | None = None,
    max_bytes: int | None = None,
) -> str:
    """A queued import (or check, ``dry_run``) of ``data`` as ``requested_by`` within ``scope``;
    ``max_bytes``: the upload limit the engine enforces (a larger file is refused)."""
    countries = sorted(scope.countries or ())
    return create_job(
        engine,
        kind=KIND_IMPORT,
        file_name=file_name,
        requested_by=requested_by,
        payload=data,
        options={
            "dry_run": dry_run,
            "accept_revisions": accept_revisions,
            "scope": scope_record(scope),
            "lang": lang,
            "max_bytes": max_bytes,
        },
        country_code=countries[0] if len(countries) == 1 else None,
    )


def import_from_check(
    engine: Engine,
    check_id: str,
    *,
    requested_by: str,
    scope: UploadScope,
    accept_revisions: bool,
    lang: str | None = None,
    max_bytes: int | None = None,
) -> str | None:
    """The real import of a file checked earlier (its bytes stay on the server); None when the
    check is unknown, not a check, or its bytes were purged."""
    with Session(engine) as session:
        check = session.get(Job, check_id)
        if check is None or check.kind != KIND_IMPORT or check.payload is None:
            return None
        if not (check.options or {}).get("dry_run"):
            return None
        data, name = check.payload, check.file_name
    return create_import_job(
        engine,
        data,
        name,
        requested_by=requested_by,
        scope=scope,
        dry_run=False,
        accept_revisions=accept_revisions,
        lang=lang,
        max_bytes=max_bytes,
    )


def read_job(engine: Engine, job_id: str) -> JobView | None:
    """The job as it stands (a stale running job is marked failed first); None if unknown."""
    with Session(engine) as session:
        job = session.get(Job, job_id)
        if job is None:
            return None
        _live(engine, job)
        view = _view(job)
        if _mark_if_stale(session, job):
            session.commit()
            view = _view(job)
        return view


def recent_jobs(engine: Engine, *, limit: int = 50) -> list[JobView]:
    """The newest jobs first, running and finished, for the import history page."""
    with Session(engine) as session:
        jobs = list(session.scalars(select(Job).order_by(Job.created_at.desc()).limit(limit)))
        for job in jobs:
            _live(engine, job)
        views = [_view(job) for job in jobs]
        if any([_mark_if_stale(session, job) for job in jobs]):
            session.commit()
            views = [_view(job) for job in jobs]
        return views


def result_file(engine: Engine, job_id: str) -> bytes | None:
    with Session(engine) as session:
        return session.scalar(select(Job.result_file).where(Job.id == job_id))


def _mark_if_stale(session: Session, job: Job, now: dt.datetime | None = None) -> bool:
    if job.state != RUNNING:
        return False
    beat = _aware(job.heartbeat_at) or _aware(job.started_at)
    if beat is None or (now or _now()) - beat < STALE_AFTER:
        return False
    job.state, job.stage, job.error, job.finished_at = FAILED, FAILED, INTERRUPTED, _now()
    return True


def claim(engine: Engine, job_id: str, worker: str) -> Job | None:
    """Take a queued job for this worker (once: a second worker gets None); with its bytes."""
    now = _now()
    with Session(engine, expire_on_commit=False) as session:
        result: CursorResult[Any] = session.execute(  # type: ignore[assignment]
            update(Job)
            .where(Job.id == job_id, Job.state == QUEUED)
            .values(
                state=RUNNING, stage="starting", started_at=now, heartbeat_at=now, worker=worker
            )
        )
        taken = result.rowcount
        session.commit()
        return session.get(Job, job_id) if taken else None


def report_progress(engine: Engine, job_id: str, progress: Mapping[str, Any]) -> None:
    """Stage, fraction and row counts, with a fresh heartbeat (only while running): in the job
    row, or on an SQLite store's progress board (``progress_board``)."""
    values = {k: progress[k] for k in ("stage", "fraction", *ROW_FIELDS) if k in progress}
    board = board_for(engine)
    if board is not None:
        board.write(job_id, {**values, "heartbeat_at": _now().isoformat()})
        return
    with Session(engine) as session:
        session.execute(
            update(Job)
            .where(Job.id == job_id, Job.state == RUNNING)
            .values(**values, heartbeat_at=_now())
        )
        session.commit()


ROW_FIELDS = ("rows_read", "rows_validated", "rows_stored")


def finish(
    engine: Engine,
    job_id: str,
    *,
    result: Mapping[str, Any] | None = None,
    result_file: bytes | None = None,
    error: str | None = None,
    progress: Mapping[str, Any] | None = None,
    drop_payload: bool = True,
) -> None:
    """Done (with the report or file) or failed (with the error); the uploaded bytes are
    dropped unless ``drop_payload`` is false (a check keeps them for its confirmation)."""
    values: dict[str, Any] = {
        k: progress[k] for k in ROW_FIELDS if progress is not None and k in progress
    }
    values.update(
        state=FAILED if error else DONE,
        stage=FAILED if error else DONE,
        fraction=1.0,
        finished_at=_now(),
        heartbeat_at=_now(),
        result=dict(result) if result is not None else None,
        result_file=result_file,
        error=error,
    )
    if drop_payload:
        values["payload"] = None
    with Session(engine) as session:
        session.execute(update(Job).where(Job.id == job_id).values(**values))
        session.commit()


def _purge(session: Session) -> None:
    """Finished jobs older than ``KEEP_FOR`` go, with the bytes they kept."""
    cutoff = _now() - KEEP_FOR
    session.execute(delete(Job).where(Job.state.in_(FINISHED_STATES), Job.created_at < cutoff))
