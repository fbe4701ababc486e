"""The store's data version: one number-tuple that changes with every import and every edit.

Both caches key their entries by it (the per-process read-query cache in ``db.queries_cache``
and the shared Flask-Caching cache of the web layer), so a change committed by any worker makes
every earlier entry unreachable at once and nobody has to delete anything.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pathways_monitor.db.models import AuditLog, ImportBatch

# Rows near the top of a table whose late commit must still change the version (see below).
RECENT_WINDOW = 1000

DataVersion = tuple[int, int, int, int]


def _version_columns(model: type[ImportBatch] | type[AuditLog]) -> tuple[Any, Any]:
    top = select(func.coalesce(func.max(model.id), 0)).scalar_subquery()
    recent = (
        select(func.count()).select_from(model).where(model.id > top - RECENT_WINDOW)
    ).scalar_subquery()
    return top, recent


def data_version(session: Session) -> DataVersion:
    """(max import_batch.id, rows near it, max audit_log.id, rows near it), one round trip.

    Every accepted import adds an ``import_batch`` row and every edit an ``audit_log`` row, so
    the maxima change with any change to the data. The counts of the most recent rows catch a
    transaction that took a lower id but committed after a higher one (ids are handed out at
    insert, not at commit): its commit changes the count even though the maximum stays.
    """
    batch_top, batch_recent = _version_columns(ImportBatch)
    audit_top, audit_recent = _version_columns(AuditLog)
    row = session.execute(select(batch_top, batch_recent, audit_top, audit_recent)).one()
    return (int(row[0]), int(row[1]), int(row[2]), int(row[3]))
