"""Read-only queries for the audit log page: one country's append-only change record.

A row belongs to a country when its ``country_code`` says so or when the batch it came from
(an upload or an in-place edit) was for that country. Nothing here writes: ``audit_log`` is
append-only and only the write paths (imports, edits, approvals) add rows to it.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import pandas as pd
from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session

from pathways_monitor.db.models import AuditLog, ImportBatch, Place

AUDIT_COLUMNS: tuple[str, ...] = (
    "id",
    "at",
    "actor",
    "action",
    "table_name",
    "row_key",
    "before",
    "after",
    "batch_id",
    "file_name",
    "country_code",
)
DEFAULT_LIMIT = 5000
MAX_DIFF_CHARS = 400


def country_choices(session: Session) -> list[tuple[str, str]]:
    """(code, English name) of every country, by code (``domain.names.place_name`` gives the
    name in the reader's language)."""
    rows = session.execute(
        select(Place.code, Place.name_en).where(Place.kind == "country").order_by(Place.code)
    ).all()
    return [(r.code, r.name_en) for r in rows]


def _scoped(
    stmt: Select[*tuple[Any, ...]], session: Session, country: str | None
) -> Select[*tuple[Any, ...]]:
    if country is None:
        return stmt
    code = country.strip().upper()
    place_id = session.scalar(select(Place.id).where(Place.code == code))
    if place_id is None:
        return stmt.where(AuditLog.country_code == code)
    return stmt.where(or_(AuditLog.country_code == code, ImportBatch.country_id == place_id))


def audit_rows(
    session: Session,
    country: str | None,
    *,
    table: str | None = None,
    actor: str | None = None,
    limit: int | None = DEFAULT_LIMIT,
) -> pd.DataFrame:
    """Audit rows of ``country`` (None: every country), newest first, with the batch's file name.

    ``table`` and ``actor`` narrow the list; ``limit=None`` returns everything (for exports).
    """
    stmt = select(
        AuditLog.id,
        AuditLog.at,
        AuditLog.actor,
        AuditLog.action,
        AuditLog.table_name,
        AuditLog.row_key,
        AuditLog.before,
        AuditLog.after,
        AuditLog.batch_id,
        ImportBatch.file_name,
        AuditLog.country_code,
    ).outerjoin(ImportBatch, AuditLog.batch_id == ImportBatch.id)
    stmt = _scoped(stmt, session, country)
    if table:
        stmt = stmt.where(AuditLog.table_name == table)
    if actor:
        stmt = stmt.where(AuditLog.actor == actor)
    stmt = stmt.order_by(AuditLog.at.desc(), AuditLog.id.desc())
    if limit is not None:
        stmt = stmt.limit(limit)
    rows = session.execute(stmt).all()
    return pd.DataFrame([tuple(r) for r in rows], columns=list(AUDIT_COLUMNS))


def audit_filters(session: Session, country: str | None) -> tuple[list[str], list[str]]:
    """The tables and the people that appear in ``country``'s audit rows (for the filters)."""
    base = select(AuditLog.table_name, AuditLog.actor).outerjoin(
        ImportBatch, AuditLog.batch_id == ImportBatch.id
    )
    rows = session.execute(_scoped(base, session, country).distinct()).all()
    return sorted({r.table_name for r in rows}), sorted({r.actor for r in rows})


# --------------------------------------------------------------------------- compact diff


_ISO_TIME = re.compile(r"^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(:\d{2}(\.\d+)?)?([+-]\d{2}:\d{2}|Z)?$")
SKIP_IN_DIFF = frozenset({"transition"})  # shown as the action instead


def _shown(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, str):
        found = _ISO_TIME.match(value)
        if found:
            return f"{found.group(1)} {found.group(2)}"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def compact_diff(before: dict[str, Any] | None, after: dict[str, Any] | None) -> str:
    """The fields that differ, as ``field: old → new``; an insert lists its values.

    Short on purpose (one grid cell); the export carries the full before/after JSON too.
    """
    old = before if isinstance(before, dict) else {}
    new = after if isinstance(after, dict) else {}
    parts: list[str] = []
    for key in sorted((set(old) | set(new)) - SKIP_IN_DIFF):
        a, b = old.get(key), new.get(key)
        if a == b:
            continue
        if before is None:
            parts.append(f"{key}: {_shown(b)}")
        else:
            parts.append(f"{key}: {_shown(a)} → {_shown(b)}")
    text = "; ".join(parts)
    return text if len(text) <= MAX_DIFF_CHARS else text[: MAX_DIFF_CHARS - 1] + "…"


def as_utc(value: Any) -> dt.datetime | None:
    """Stored times are UTC; SQLite hands them back without a zone."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if isinstance(value, dt.datetime) and value.tzinfo is None:
        return value.replace(tzinfo=dt.UTC)
    return value if isinstance(value, dt.datetime) else None


__all__ = [
    "AUDIT_COLUMNS",
    "as_utc",
    "audit_filters",
    "audit_rows",
    "compact_diff",
    "country_choices",
]
