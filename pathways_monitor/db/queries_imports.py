"""Read queries of the import history page: which batches there are and what each one changed.

An observation batch changed values (``ObservationRevision.replaced_by_batch_id``) and added
values (``Observation.batch_id``); a strategy batch created a strategy version and wrote
``audit_log`` rows. All queries filter by batch in SQL so the page stays fast on big stores.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

import pandas as pd
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, aliased

from pathways_monitor.db.models import (
    AuditLog,
    Breakdown,
    ImportBatch,
    Indicator,
    Observation,
    ObservationRevision,
    Place,
    Strategy,
)
from pathways_monitor.domain.breakdowns import BREAKDOWN_COLUMNS

BATCH_COLUMNS = [
    "id",
    "created_at",
    "uploaded_by",
    "file_name",
    "kind",
    "format",
    "rows",
    "inserted",
    "updated",
    "unchanged",
    "outcome",
    "country",
]
REVISION_COLUMNS = [
    "observation_id",
    "indicator",
    "geo",
    "year",
    *BREAKDOWN_COLUMNS,
    "previous_value",
    "previous_flag",
    "set_value",
    "set_flag",
    "current_value",
    "current_flag",
    "changed_by",
    "changed_at",
]
AUDIT_COLUMNS = ["id", "at", "actor", "table", "row_key", "action", "before", "after"]


@dataclass(frozen=True)
class StrategyRef:
    """The strategy version a batch created."""

    id: int
    country: str
    version: int
    title: str
    is_example: bool


@dataclass(frozen=True)
class BatchDetail:
    """Everything the history page shows about one batch."""

    info: dict[str, Any]
    revisions: pd.DataFrame
    carrying: int  # observations whose current value still comes from this batch
    strategy: StrategyRef | None
    audit: pd.DataFrame


def _batch_select(country: str | None = None, kind: str | None = None) -> Select[*tuple[Any, ...]]:
    place = aliased(Place)
    stmt = (
        select(
            ImportBatch.id,
            ImportBatch.created_at,
            ImportBatch.uploaded_by,
            ImportBatch.file_name,
            ImportBatch.kind,
            ImportBatch.format,
            ImportBatch.row_count,
            ImportBatch.inserted,
            ImportBatch.updated,
            ImportBatch.unchanged,
            ImportBatch.outcome,
            place.code.label("country"),
        )
        .outerjoin(place, place.id == ImportBatch.country_id)
        .order_by(ImportBatch.id.desc())
    )
    if country:
        stmt = stmt.where(place.code == country)
    if kind:
        stmt = stmt.where(ImportBatch.kind == kind)
    return stmt


def batches(
    session: Session, country: str | None = None, kind: str | None = None, limit: int = 1000
) -> pd.DataFrame:
    """Import batches, newest first, optionally of one country and one kind of file."""
    rows = session.execute(_batch_select(country, kind).limit(limit)).all()
    return pd.DataFrame(rows, columns=BATCH_COLUMNS)


def batch_filters(session: Session) -> tuple[list[tuple[str, str]], list[str]]:
    """The countries (code, English name) and kinds that occur in the history, for the filter
    drop-downs."""
    place = aliased(Place)
    countries = session.execute(
        select(place.code, place.name_en)
        .join(ImportBatch, ImportBatch.country_id == place.id)
        .distinct()
        .order_by(place.code)
    ).all()
    kinds = session.scalars(select(ImportBatch.kind).distinct().order_by(ImportBatch.kind)).all()
    return [(r[0], r[1]) for r in countries], list(kinds)


def batch_info(session: Session, batch_id: int) -> dict[str, Any] | None:
    row = session.execute(_batch_select().where(ImportBatch.id == batch_id)).first()
    return dict(zip(BATCH_COLUMNS, row, strict=True)) if row is not None else None


def revisions(session: Session, batch_id: int) -> pd.DataFrame:
    """The values a batch changed: before, what this batch set, and what is stored now.

    What the batch set is the next revision's "previous" value when a later batch changed the
    same observation again, otherwise the current value.
    """
    stmt = (
        select(
            ObservationRevision.id.label("revision_id"),
            ObservationRevision.observation_id,
            Indicator.code,
            Place.code,
            Observation.year,
            *(getattr(Breakdown, c) for c in BREAKDOWN_COLUMNS),
            ObservationRevision.previous_value,
            ObservationRevision.previous_flag,
            Observation.value,
            Observation.flag,
            ObservationRevision.changed_by,
            ObservationRevision.changed_at,
        )
        .join(Observation, Observation.id == ObservationRevision.observation_id)
        .join(Indicator, Indicator.id == Observation.indicator_id)
        .join(Place, Place.id == Observation.place_id)
        .join(Breakdown, Breakdown.id == Observation.breakdown_id)
        .where(ObservationRevision.replaced_by_batch_id == batch_id)
        .order_by(Indicator.code, Place.code, Observation.year, Observation.breakdown_id)
    )
    head = ["revision_id", "observation_id", "indicator", "geo", "year", *BREAKDOWN_COLUMNS]
    tail = ["previous_value", "previous_flag", "current_value", "current_flag"]
    frame = pd.DataFrame(
        session.execute(stmt).all(), columns=[*head, *tail, "changed_by", "changed_at"]
    )
    for col in ("previous_value", "current_value"):
        frame[col] = pd.to_numeric(frame[col], errors="coerce").astype("float64")
    frame["set_value"] = frame["current_value"]
    frame["set_flag"] = frame["current_flag"]
    if frame.empty:
        return frame[REVISION_COLUMNS]
    later = pd.DataFrame(
        session.execute(
            select(
                ObservationRevision.id,
                ObservationRevision.observation_id,
                ObservationRevision.previous_value,
                ObservationRevision.previous_flag,
            ).where(
                ObservationRevision.observation_id.in_(
                    frame["observation_id"].astype(int).tolist()
                ),
                ObservationRevision.id > int(frame["revision_id"].min()),
            )
        ).all(),
        columns=["later_id", "observation_id", "later_value", "later_flag"],
    )
    if not later.empty:
        pairs = frame[["revision_id", "observation_id"]].merge(later, on="observation_id")
        pairs = pairs[pairs["later_id"] > pairs["revision_id"]]
        nxt = pairs.sort_values("later_id").drop_duplicates("revision_id").set_index("revision_id")
        replaced = frame["revision_id"].isin(nxt.index)
        ids = frame.loc[replaced, "revision_id"]
        frame.loc[replaced, "set_value"] = pd.to_numeric(
            nxt.loc[ids, "later_value"], errors="coerce"
        ).to_numpy(dtype="float64")
        frame["set_flag"] = frame["set_flag"].astype(object)
        frame.loc[replaced, "set_flag"] = nxt.loc[ids, "later_flag"].astype(object).to_numpy()
    return frame[REVISION_COLUMNS].reset_index(drop=True)


def carrying_count(session: Session, batch_id: int) -> int:
    """How many stored values currently come from this batch (added or last changed by it)."""
    return int(session.scalar(select(func.count()).where(Observation.batch_id == batch_id)) or 0)


def created_strategy(session: Session, batch_id: int) -> StrategyRef | None:
    row = session.execute(
        select(Strategy.id, Place.code, Strategy.version, Strategy.title, Strategy.is_example)
        .join(Place, Place.id == Strategy.country_id)
        .where(Strategy.batch_id == batch_id)
        .order_by(Strategy.version.desc())
        .limit(1)
    ).first()
    return StrategyRef(int(row[0]), row[1], int(row[2]), row[3], bool(row[4])) if row else None


def _json_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, dict) and not value:
        return None
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def audit_rows(session: Session, batch_id: int) -> pd.DataFrame:
    """The audit log of a batch; before/after as compact JSON text for a table."""
    rows = session.execute(
        select(
            AuditLog.id,
            AuditLog.at,
            AuditLog.actor,
            AuditLog.table_name,
            AuditLog.row_key,
            AuditLog.action,
            AuditLog.before,
            AuditLog.after,
        )
        .where(AuditLog.batch_id == batch_id)
        .order_by(AuditLog.id)
    ).all()
    frame = pd.DataFrame(rows, columns=AUDIT_COLUMNS)
    frame["before"] = frame["before"].map(_json_text).astype(object)
    frame["after"] = frame["after"].map(_json_text).astype(object)
    return frame


def batch_detail(session: Session, batch_id: int) -> BatchDetail | None:
    """What one batch changed, or None when there is no such batch."""
    info = batch_info(session, batch_id)
    if info is None:
        return None
    if isinstance(info.get("created_at"), dt.datetime):
        info["created_at"] = info["created_at"].replace(microsecond=0)
    return BatchDetail(
        info=info,
        revisions=revisions(session, batch_id),
        carrying=carrying_count(session, batch_id),
        strategy=created_strategy(session, batch_id),
        audit=audit_rows(session, batch_id),
    )


def breakdown_codes(session: Session, ids: list[int]) -> dict[int, dict[str, Any]]:
    """Breakdown id -> its codes per dimension (for the upload preview, which carries ids)."""
    wanted = sorted({int(i) for i in ids if i is not None})
    if not wanted:
        return {}
    rows = session.execute(
        select(Breakdown.id, *(getattr(Breakdown, c) for c in BREAKDOWN_COLUMNS)).where(
            Breakdown.id.in_(wanted)
        )
    ).all()
    return {int(r[0]): dict(zip(BREAKDOWN_COLUMNS, r[1:], strict=True)) for r in rows}
