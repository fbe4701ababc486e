"""Where a running job's live progress is written: beside an SQLite store, not in it.

On PostgreSQL the heartbeat updates the job row (``board_for`` gives None): rows lock one by
one and the import's own transaction never waits for it. An SQLite database has one write lock
for the whole file, which the import holds from validation to commit (``db.locks``), so a
progress row there could only be written after the work is done. For SQLite the live progress
goes to a diskcache directory next to the database file (``pathways.sqlite-jobs``; a process's
temporary directory for an in-memory database), which every process on the machine can read;
the job row still gets the start, the end and the result.
"""

from __future__ import annotations

import functools
import os
import tempfile
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

KEEP_SECONDS = 7 * 24 * 3600


class ProgressBoard:
    """Live progress by job id, in a diskcache directory shared by the machine's processes."""

    def __init__(self, directory: Path) -> None:
        from diskcache import Cache

        self.directory = directory
        self._cache = Cache(str(directory), timeout=5)

    def write(self, job_id: str, progress: dict[str, Any]) -> None:
        self._cache.set(job_id, dict(progress), expire=KEEP_SECONDS)

    def read(self, job_id: str) -> dict[str, Any] | None:
        value = self._cache.get(job_id)
        return dict(value) if isinstance(value, dict) else None


def _directory(engine: Engine) -> Path:
    database = engine.url.database
    if database and database != ":memory:" and not database.startswith("file::memory:"):
        return Path(database).resolve().with_name(Path(database).name + "-jobs")
    return Path(tempfile.gettempdir()) / f"pathways-jobs-{os.getpid()}"


@functools.cache
def _board(directory: Path) -> ProgressBoard:
    return ProgressBoard(directory)


def board_for(engine: Engine) -> ProgressBoard | None:
    """The board of an SQLite store; None for PostgreSQL (progress goes to the job row)."""
    if engine.dialect.name != "sqlite":
        return None
    return _board(_directory(engine))
