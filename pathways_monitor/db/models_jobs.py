"""Background jobs (issue 13): an import or a report that runs outside the web request.

The job row is the one shared record of the work, whichever worker runs it (a thread of a web
process by default, an RQ worker on another machine when ``PATHWAYS_CACHE_URL`` is set): what
was asked (the uploaded bytes, the options, who asked and with which scope), how far it got
(stage, rows read, validated and stored, a heartbeat) and what came of it (the import report
as JSON, or the report file). Any web worker reads it to show progress; the uploaded bytes stay
here, not in a browser store or on a disk, until the job is purged.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Float, Integer, LargeBinary, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from pathways_monitor.db.base import Base

KIND_IMPORT = "import"
KIND_SEMESTER = "semester"
JOB_KINDS = (KIND_IMPORT, KIND_SEMESTER)

QUEUED = "queued"
RUNNING = "running"
DONE = "done"
FAILED = "failed"
JOB_STATES = (QUEUED, RUNNING, DONE, FAILED)
FINISHED_STATES = (DONE, FAILED)


def _in(column: str, values: tuple[str, ...]) -> str:
    quoted = ", ".join(f"'{v}'" for v in values)
    return f"{column} IN ({quoted})"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Job(Base):
    """One piece of background work, from the request that asked for it to its result."""

    __tablename__ = "job"
    __table_args__ = (
        CheckConstraint(_in("kind", JOB_KINDS), name="kind"),
        CheckConstraint(_in("state", JOB_STATES), name="state"),
        CheckConstraint("fraction >= 0 AND fraction <= 1", name="fraction"),
        CheckConstraint(
            "rows_read >= 0 AND rows_validated >= 0 AND rows_stored >= 0", name="row_counts"
        ),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    state: Mapped[str] = mapped_column(String(16), default=QUEUED, index=True)
    file_name: Mapped[str] = mapped_column(String(500))
    payload: Mapped[bytes | None] = mapped_column(LargeBinary)
    options: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    requested_by: Mapped[str] = mapped_column(String(254))
    country_code: Mapped[str | None] = mapped_column(String(16), index=True)
    stage: Mapped[str] = mapped_column(String(16), default=QUEUED)
    fraction: Mapped[float] = mapped_column(Float, default=0.0)
    rows_read: Mapped[int] = mapped_column(Integer, default=0)
    rows_validated: Mapped[int] = mapped_column(Integer, default=0)
    rows_stored: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[dt.datetime] = mapped_column(
        default=_now, server_default=func.now(), index=True
    )
    started_at: Mapped[dt.datetime | None] = mapped_column()
    heartbeat_at: Mapped[dt.datetime | None] = mapped_column()
    finished_at: Mapped[dt.datetime | None] = mapped_column()
    worker: Mapped[str | None] = mapped_column(String(200))
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    result_file: Mapped[bytes | None] = mapped_column(LargeBinary)
    error: Mapped[str | None] = mapped_column(Text)
