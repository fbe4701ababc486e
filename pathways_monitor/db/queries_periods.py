"""Reporting periods as the approval workflow and the write paths read them.

A (country, year) without a ``reporting_period`` row is a draft; an approved one is locked.
The workflow (``workflow.periods``) changes these rows; the import engine and the strategy
edits only read them (``importers.period_lock``), so the reading lives below both.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from pathways_monitor.db.models import Observation, Place
from pathways_monitor.db.models_workflow import STATUS_APPROVED, STATUS_DRAFT, ReportingPeriod


@dataclass(frozen=True)
class PeriodState:
    """One (country, year) as the workflow sees it; a draft without a row has no names."""

    country: str
    year: int
    status: str = STATUS_DRAFT
    submitted_by: str | None = None
    submitted_at: dt.datetime | None = None
    approved_by: str | None = None
    approved_at: dt.datetime | None = None
    reopened_by: str | None = None
    reopened_at: dt.datetime | None = None
    note: str | None = None

    @property
    def locked(self) -> bool:
        return self.status == STATUS_APPROVED

    def as_audit(self) -> dict[str, Any]:
        """The JSON kept in ``audit_log.before/after``."""
        out: dict[str, Any] = {"status": self.status}
        for name in ("submitted_by", "approved_by", "reopened_by", "note"):
            if getattr(self, name) is not None:
                out[name] = getattr(self, name)
        for name in ("submitted_at", "approved_at", "reopened_at"):
            value = getattr(self, name)
            if value is not None:
                out[name] = value.isoformat()
        return out


def _state(country: str, year: int, row: ReportingPeriod | None) -> PeriodState:
    if row is None:
        return PeriodState(country, year)
    return PeriodState(
        country,
        year,
        row.status,
        row.submitted_by,
        _aware(row.submitted_at),
        row.approved_by,
        _aware(row.approved_at),
        row.reopened_by,
        _aware(row.reopened_at),
        row.note,
    )


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    """SQLite returns naive datetimes for timezone columns; everything stored is UTC."""
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=dt.UTC)
    return value


def period_state(session: Session, country: str, year: int) -> PeriodState:
    """The state of one period; a period without a row is a draft."""
    code = country.strip().upper()
    row = session.scalar(
        select(ReportingPeriod)
        .join(Place, ReportingPeriod.country_id == Place.id)
        .where(Place.code == code, ReportingPeriod.year == int(year))
    )
    return _state(code, int(year), row)


def country_periods(session: Session, country: str) -> list[PeriodState]:
    """Every year the country has data for (its own or its regions' observations) or a period
    row for, newest first, with its state."""
    code = country.strip().upper()
    place_id = session.scalar(select(Place.id).where(Place.code == code, Place.kind == "country"))
    if place_id is None:
        return []
    data_years = session.scalars(
        select(Observation.year)
        .join(Place, Observation.place_id == Place.id)
        .where(or_(Place.id == place_id, Place.country_id == place_id))
        .distinct()
    ).all()
    rows = {
        r.year: r
        for r in session.scalars(
            select(ReportingPeriod).where(ReportingPeriod.country_id == place_id)
        )
    }
    years = sorted({int(y) for y in data_years} | set(rows), reverse=True)
    return [_state(code, y, rows.get(y)) for y in years]


def approved_periods(
    session: Session, countries: Iterable[str] | None = None
) -> dict[tuple[str, int], PeriodState]:
    """Every locked (country, year), optionally only for ``countries``."""
    stmt = (
        select(Place.code, ReportingPeriod)
        .join(Place, ReportingPeriod.country_id == Place.id)
        .where(ReportingPeriod.status == STATUS_APPROVED)
    )
    if countries is not None:
        wanted = sorted({c.strip().upper() for c in countries if c})
        if not wanted:
            return {}
        stmt = stmt.where(Place.code.in_(wanted))
    return {(code, row.year): _state(code, row.year, row) for code, row in session.execute(stmt)}
