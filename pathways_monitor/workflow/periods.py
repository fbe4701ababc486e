"""Approval workflow for a country's data per year: draft -> submitted -> approved (locked).

Why: a ministry signs off a year's figures and strategy money before they go into a report; after
that, nothing may change them silently. Rules (issue 6):

- a (country, year) without a ``reporting_period`` row is a draft;
- ``submit``: an administrator or a national editor of that country (draft -> submitted);
- ``approve``: an administrator, or a national editor of that country who did not submit it
  (four eyes; submitted -> approved = locked);
- ``reopen``: an administrator or a national editor of that country, with a reason
  (approved -> draft);
- every transition is written to ``audit_log`` (table ``reporting_period``, before/after);
- ``locked_problems`` is the one check every write path (observation imports, strategy uploads,
  in-place strategy edits) calls: it names each locked (country, year) the write would change.

Functions take the caller's session and flush but never commit: the caller owns the transaction.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

import pandas as pd
from sqlalchemy import and_, bindparam, or_, select, text
from sqlalchemy.orm import Session, aliased

from pathways_monitor.db.models import AuditLog, Breakdown, Indicator, Observation, Place
from pathways_monitor.db.models_auth import ROLE_ADMIN, ROLE_NATIONAL_EDITOR
from pathways_monitor.db.models_workflow import (
    STATUS_APPROVED,
    STATUS_DRAFT,
    STATUS_SUBMITTED,
    ReportingPeriod,
)
from pathways_monitor.domain.breakdowns import BREAKDOWN_COLUMNS
from pathways_monitor.importers.problems import Problem

if TYPE_CHECKING:
    from pathways_monitor.importers.strategy_workbook import ParsedStrategy
    from pathways_monitor.web.auth.permissions import Principal

PROBLEM_CODE = "period_locked"
AUDIT_TABLE = "reporting_period"
ACTION_SUBMIT = "submit"
ACTION_APPROVE = "approve"
ACTION_REOPEN = "reopen"
ACTIONS = (ACTION_SUBMIT, ACTION_APPROVE, ACTION_REOPEN)
MAX_ROWS_PER_PERIOD = 5  # located problems per locked period: enough to find, not a flood
MAX_REASON = 2000
_KEY = ["indicator", "geo", "year", *BREAKDOWN_COLUMNS]


class TransitionRefused(Exception):
    """A transition the rules do not allow; ``code`` is stable, ``params`` fill UI texts."""

    def __init__(self, code: str, message: str, **params: Any) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.params = params


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


class Touch(NamedTuple):
    """A (country, year) a write would change, and where in the file (for the problem list)."""

    country: str
    year: int
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    value: str | None = None


# --------------------------------------------------------------------------- who may act


def _is_country_editor(user: Principal | None, country: str) -> bool:
    if user is None:
        return False
    if user.role == ROLE_ADMIN:
        return True
    return user.role == ROLE_NATIONAL_EDITOR and (user.country_code or "").upper() == country


def may_submit(user: Principal | None, country: str) -> bool:
    return _is_country_editor(user, country.upper())


def may_reopen(user: Principal | None, country: str) -> bool:
    return _is_country_editor(user, country.upper())


def may_approve(user: Principal | None, period: PeriodState) -> bool:
    """Country editor, and not the person who submitted it (administrators excepted)."""
    if not _is_country_editor(user, period.country):
        return False
    assert user is not None
    return user.role == ROLE_ADMIN or not _same_person(user.email, period.submitted_by)


def allowed_actions(user: Principal | None, period: PeriodState) -> tuple[str, ...]:
    """The transitions ``user`` may make on ``period`` now (what the page offers)."""
    if period.status == STATUS_DRAFT and may_submit(user, period.country):
        return (ACTION_SUBMIT,)
    if period.status == STATUS_SUBMITTED and may_approve(user, period):
        return (ACTION_APPROVE,)
    if period.status == STATUS_APPROVED and may_reopen(user, period.country):
        return (ACTION_REOPEN,)
    return ()


def _same_person(a: str | None, b: str | None) -> bool:
    return a is not None and b is not None and a.strip().lower() == b.strip().lower()


# --------------------------------------------------------------------------- reading


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


# --------------------------------------------------------------------------- transitions


def _lock(session: Session) -> None:
    """Transitions and imports never interleave: the import engine's advisory lock (PostgreSQL)."""
    if session.get_bind().dialect.name == "postgresql":
        from pathways_monitor.importers.engine import IMPORT_LOCK_KEY

        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": IMPORT_LOCK_KEY})


def _year(year: int | str) -> int:
    try:
        value = int(str(year).strip())
    except ValueError:
        raise TransitionRefused("bad_year", f"'{year}' is not a year", year=year) from None
    if not 1950 <= value <= 2100:
        raise TransitionRefused(
            "bad_year", f"{value} is not a year between 1950 and 2100", year=year
        )
    return value


def _forbidden(user: Principal | None, country: str, action: str) -> TransitionRefused:
    who = user.email if user is not None else "an anonymous visitor"
    return TransitionRefused(
        "forbidden",
        f"{who} may not {action} periods of {country}: only an administrator or a national "
        f"editor of {country} may",
        country=country,
        action=action,
    )


def _transition(
    session: Session,
    user: Principal | None,
    country: str,
    year: int | str,
    action: str,
    reason: str | None,
    now: dt.datetime | None,
) -> PeriodState:
    code = country.strip().upper()
    number = _year(year)
    if user is None or not _is_country_editor(user, code):
        raise _forbidden(user, code, action)
    _lock(session)
    place_id = session.scalar(select(Place.id).where(Place.code == code, Place.kind == "country"))
    if place_id is None:
        raise TransitionRefused("unknown_country", f"unknown country {code}", country=code)
    row = session.scalar(
        select(ReportingPeriod).where(
            ReportingPeriod.country_id == place_id, ReportingPeriod.year == number
        )
    )
    before = _state(code, number, row)
    expected = {
        ACTION_SUBMIT: STATUS_DRAFT,
        ACTION_APPROVE: STATUS_SUBMITTED,
        ACTION_REOPEN: STATUS_APPROVED,
    }[action]
    if before.status != expected:
        raise TransitionRefused(
            "wrong_status",
            f"{code} {number} is {before.status}; only a {expected} period can be {action}ed"
            if action != ACTION_SUBMIT
            else f"{code} {number} is {before.status}; only a draft period can be submitted",
            country=code,
            year=number,
            status=before.status,
            action=action,
        )
    if action == ACTION_APPROVE and not may_approve(user, before):
        raise TransitionRefused(
            "same_person",
            f"{user.email} submitted {code} {number} and may not also approve it: another "
            f"national editor of {code} or an administrator must approve",
            country=code,
            year=number,
        )
    clean_reason = (reason or "").strip()
    if action == ACTION_REOPEN and not clean_reason:
        raise TransitionRefused(
            "reason_required", "give a reason for reopening", country=code, year=number
        )
    when = now or dt.datetime.now(dt.UTC)
    created = row is None
    if row is None:
        row = ReportingPeriod(country_id=place_id, year=number, status=STATUS_DRAFT)
        session.add(row)
    if action == ACTION_SUBMIT:
        row.status, row.submitted_by, row.submitted_at = STATUS_SUBMITTED, user.email, when
    elif action == ACTION_APPROVE:
        row.status, row.approved_by, row.approved_at = STATUS_APPROVED, user.email, when
    else:
        # Back to draft: the next cycle is submitted and approved afresh; the audit log keeps
        # who had submitted and approved it.
        row.status = STATUS_DRAFT
        row.submitted_by = row.submitted_at = row.approved_by = row.approved_at = None
        row.reopened_by, row.reopened_at = user.email, when
        row.note = clean_reason[:MAX_REASON]
    session.flush()
    after = _state(code, number, row)
    session.add(
        AuditLog(
            at=when,
            actor=user.email,
            action="insert" if created else "update",
            table_name=AUDIT_TABLE,
            row_key=f"{code}/{number}",
            before=before.as_audit(),
            after={**after.as_audit(), "transition": action},
            batch_id=None,
            country_code=code,
        )
    )
    session.flush()
    return after


def submit(
    session: Session,
    user: Principal | None,
    country: str,
    year: int | str,
    *,
    now: dt.datetime | None = None,
) -> PeriodState:
    """Draft -> submitted, by an administrator or a national editor of ``country``."""
    return _transition(session, user, country, year, ACTION_SUBMIT, None, now)


def approve(
    session: Session,
    user: Principal | None,
    country: str,
    year: int | str,
    *,
    now: dt.datetime | None = None,
) -> PeriodState:
    """Submitted -> approved (locked), by an administrator or another editor of ``country``."""
    return _transition(session, user, country, year, ACTION_APPROVE, None, now)


def reopen(
    session: Session,
    user: Principal | None,
    country: str,
    year: int | str,
    reason: str | None,
    *,
    now: dt.datetime | None = None,
) -> PeriodState:
    """Approved -> draft with a reason, by an administrator or a national editor of ``country``."""
    return _transition(session, user, country, year, ACTION_REOPEN, reason, now)


# --------------------------------------------------------------------------- enforcement


def lock_message(period: PeriodState) -> str:
    """Why a write is refused and what to do about it."""
    when = period.approved_at.date().isoformat() if period.approved_at else "an earlier date"
    who = period.approved_by or "an editor"
    c, y = period.country, period.year
    return (
        f"The data of {c} for {y} are approved and locked (approved by {who} on {when}), so they "
        f"cannot be changed. To change them, ask an administrator or national editor of {c} to "
        f"reopen {y} on the Approvals page."
    )


def locked_problems(
    session: Session,
    frame_or_pairs: pd.DataFrame | Iterable[Touch | tuple[Any, ...]],
    *,
    per_period: int = MAX_ROWS_PER_PERIOD,
) -> list[Problem]:
    """One ``period_locked`` problem per offending row (the first ``per_period`` of each locked
    period), naming the period, who approved it and when, and how to reopen it.

    ``frame_or_pairs`` is either a validated observation frame (``importers.frame.OBS_COLUMNS``;
    rows whose value and flag equal the stored ones change nothing and are not offending), or
    (country, year[, sheet, row, column, value]) tuples of what a write would change.
    """
    if isinstance(frame_or_pairs, pd.DataFrame):
        approved = approved_periods(session)
        if not approved or frame_or_pairs.empty:
            return []
        touches = _frame_touches(session, frame_or_pairs, approved, per_period)
    else:
        touches = [t if isinstance(t, Touch) else Touch(*t) for t in frame_or_pairs]
        touches = [t._replace(country=str(t.country).upper(), year=int(t.year)) for t in touches]
        if not touches:
            return []
        approved = approved_periods(session, {t.country for t in touches})
    problems: list[Problem] = []
    shown: dict[tuple[str, int], int] = {}
    for t in touches:
        period = approved.get((t.country, t.year))
        if period is None or shown.get((t.country, t.year), 0) >= per_period:
            continue
        shown[(t.country, t.year)] = shown.get((t.country, t.year), 0) + 1
        problems.append(
            Problem(
                code=PROBLEM_CODE,
                message=lock_message(period),
                sheet=t.sheet,
                row=t.row,
                column=t.column,
                value=t.value if t.value is not None else f"{t.country} {t.year}",
            )
        )
    return problems


def _geo_countries(session: Session, geos: Sequence[str]) -> dict[str, str]:
    """Place code -> its country's code, for countries and regions (aggregates have none)."""
    country = aliased(Place)
    stmt = (
        select(Place.code, Place.kind, country.code)
        .outerjoin(country, Place.country_id == country.id)
        .where(Place.code.in_(bindparam("codes", expanding=True)))
    )
    out: dict[str, str] = {}
    for i in range(0, len(geos), 900):
        for code, kind, parent in session.execute(stmt, {"codes": list(geos[i : i + 900])}):
            if kind == "country":
                out[code] = code
            elif parent is not None:
                out[code] = parent
    return out


def _frame_touches(
    session: Session,
    frame: pd.DataFrame,
    approved: dict[tuple[str, int], PeriodState],
    per_period: int,
) -> list[Touch]:
    """The frame's rows in locked periods that would change a stored value (vectorised)."""
    geos = [str(g) for g in pd.unique(frame["geo"].astype(str))]
    geo_country = _geo_countries(session, geos)
    country = frame["geo"].astype(str).map(geo_country)
    keys = pd.MultiIndex.from_arrays([country, frame["year"].astype("int64")])
    candidates = frame.loc[keys.isin(list(approved))].copy()
    if candidates.empty:
        return []
    candidates["_country"] = country.loc[candidates.index]
    if {"value", "flag", "indicator", *BREAKDOWN_COLUMNS} <= set(candidates.columns):
        candidates = _changing_rows(session, candidates)
    candidates = candidates.groupby(["_country", "year"], sort=False).head(per_period)
    return [
        Touch(
            str(r["_country"]),
            int(r["year"]),
            _text(r.get("sheet")),
            _int(r.get("row")),
            _text(r.get("column")),
            f"{r['geo']} {int(r['year'])}",
        )
        for r in candidates.to_dict("records")
    ]


def _changing_rows(session: Session, rows: pd.DataFrame) -> pd.DataFrame:
    """Drop rows equal to what is stored, as ``importers.observation_store`` would leave them
    alone."""
    stored = _stored(session, rows)
    if stored.empty:
        return rows
    left = rows.copy()
    for col in _KEY:
        left[col] = left[col].astype(str) if col != "year" else left[col].astype("int64")
    merged = left.merge(stored, on=_KEY, how="left", suffixes=("", "_old"), indicator=True)
    known = merged["_merge"] == "both"
    new_value = pd.to_numeric(merged["value"], errors="coerce")
    old_value = pd.to_numeric(merged["value_old"], errors="coerce")
    same_value = (new_value == old_value) | (new_value.isna() & old_value.isna())
    same_flag = _flag(merged["flag"]) == _flag(merged["flag_old"])
    unchanged = known & same_value & same_flag
    kept = merged.loc[~unchanged.to_numpy()]
    return kept[list(rows.columns)]


def _flag(series: pd.Series) -> pd.Series:
    plain = series.astype(object)
    return plain.where(plain.notna(), "").astype(str)


def _stored(session: Session, rows: pd.DataFrame) -> pd.DataFrame:
    """Stored observations for the indicators, places and years of ``rows`` (a narrow query)."""
    columns = [getattr(Breakdown, c) for c in BREAKDOWN_COLUMNS]
    stmt = (
        select(
            Indicator.code.label("indicator"),
            Place.code.label("geo"),
            Observation.year,
            *columns,
            Observation.value,
            Observation.flag,
            Observation.source,
        )
        .join(Indicator, Observation.indicator_id == Indicator.id)
        .join(Place, Observation.place_id == Place.id)
        .join(Breakdown, Observation.breakdown_id == Breakdown.id)
        .where(
            and_(
                Indicator.code.in_(sorted({str(x) for x in rows["indicator"].unique()})),
                Place.code.in_(sorted({str(x) for x in rows["geo"].unique()})),
                Observation.year.in_(sorted({int(x) for x in rows["year"].unique()})),
            )
        )
    )
    names = ["indicator", "geo", "year", *BREAKDOWN_COLUMNS, "value_old", "flag_old", "source_old"]
    found = pd.DataFrame(session.execute(stmt).all(), columns=names)
    if not found.empty:
        found["year"] = found["year"].astype("int64")
    return found


def _text(value: object) -> str | None:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return None
    return str(value)


def _int(value: object) -> int | None:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else int(number)


# --------------------------------------------------------------------------- strategies


def strategy_touches(session: Session, parsed: ParsedStrategy) -> list[Touch]:
    """The locked years a strategy upload would change: budget lines of the year, milestones due
    in it (added, removed or changed against the current version). Empty unless the country has
    an approved year, so an ordinary upload costs one small query."""
    country = (parsed.country_code or "").upper()
    if not country or not approved_periods(session, [country]):
        return []
    from pathways_monitor.importers.strategy_store import (
        canonical_from_db,
        canonical_from_parsed,
        current_strategy,
    )
    from pathways_monitor.importers.templates import BUDGET, MILESTONES

    after = canonical_from_parsed(parsed)
    previous = current_strategy(session, country)
    before = (
        canonical_from_db(previous) if previous is not None else {"milestones": {}, "budget": {}}
    )
    milestone_rows = {f"{m.objective_code}|{m.code}": m.row for m in parsed.milestones}
    budget_rows = {f"{b.objective_code}|{b.year}|{b.funding_source}": b.row for b in parsed.budget}
    out: list[Touch] = []
    for key in sorted(set(before["milestones"]) | set(after["milestones"])):
        old, new = before["milestones"].get(key), after["milestones"].get(key)
        if old == new:
            continue
        years = {_due_year(x) for x in (old, new)} - {None}
        for year in sorted(y for y in years if y is not None):
            out.append(
                Touch(
                    country,
                    year,
                    MILESTONES.name_en,
                    milestone_rows.get(key),
                    "Due date",
                    key.replace("|", "/"),
                )
            )
    for key in sorted(set(before["budget"]) | set(after["budget"])):
        if before["budget"].get(key) == after["budget"].get(key):
            continue
        year = int(key.split("|")[1])
        out.append(
            Touch(
                country, year, BUDGET.name_en, budget_rows.get(key), "Year", key.replace("|", "/")
            )
        )
    return out


def _due_year(milestone: dict[str, Any] | None) -> int | None:
    due = (milestone or {}).get("due_date")
    return int(str(due)[:4]) if due else None


__all__ = [
    "ACTIONS",
    "PROBLEM_CODE",
    "PeriodState",
    "Touch",
    "TransitionRefused",
    "allowed_actions",
    "approve",
    "approved_periods",
    "country_periods",
    "lock_message",
    "locked_problems",
    "may_approve",
    "may_reopen",
    "may_submit",
    "period_state",
    "reopen",
    "strategy_touches",
    "submit",
]
