"""The approval lock every write path checks: which locked (country, year) a write would change.

``locked_problems`` is the one check observation imports, strategy uploads and in-place strategy
edits call (issue 6): it names each approved (country, year) the write would change, who
approved it and how to reopen it. Rows whose value and flag equal the stored ones change
nothing and are not offending.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

import pandas as pd
from sqlalchemy import and_, bindparam, select
from sqlalchemy.orm import Session, aliased

from pathways_monitor.core.translation import N_
from pathways_monitor.db.models import Breakdown, Indicator, Observation, Place
from pathways_monitor.db.queries_periods import PeriodState, approved_periods
from pathways_monitor.domain.breakdowns import BREAKDOWN_COLUMNS
from pathways_monitor.importers.problems import Problem, problem

if TYPE_CHECKING:
    from pathways_monitor.importers.strategy_workbook import ParsedStrategy

PROBLEM_CODE = "period_locked"


MAX_ROWS_PER_PERIOD = 5  # located problems per locked period: enough to find, not a flood


_KEY = ["indicator", "geo", "year", *BREAKDOWN_COLUMNS]


class Touch(NamedTuple):
    """A (country, year) a write would change, and where in the file (for the problem list)."""

    country: str
    year: int
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    value: str | None = None


# Why a write is refused, keyed by what is known of the approval: (who approved, when).
LOCK_MESSAGES: dict[tuple[bool, bool], str] = {
    (True, True): N_(
        "The data of {country} for {year} are approved and locked (approved by {approver} on "
        "{date}), so they cannot be changed. To change them, ask an administrator or national "
        "editor of {country} to reopen {year} on the Approvals page."
    ),
    (True, False): N_(
        "The data of {country} for {year} are approved and locked (approved by {approver} on "
        "an earlier date), so they cannot be changed. To change them, ask an administrator or "
        "national editor of {country} to reopen {year} on the Approvals page."
    ),
    (False, True): N_(
        "The data of {country} for {year} are approved and locked (approved by an editor on "
        "{date}), so they cannot be changed. To change them, ask an administrator or national "
        "editor of {country} to reopen {year} on the Approvals page."
    ),
    (False, False): N_(
        "The data of {country} for {year} are approved and locked (approved by an editor on "
        "an earlier date), so they cannot be changed. To change them, ask an administrator or "
        "national editor of {country} to reopen {year} on the Approvals page."
    ),
}


def lock_template(period: PeriodState) -> tuple[str, dict[str, Any]]:
    """The message id of ``lock_message`` and its parameters (for a translatable problem)."""
    params: dict[str, Any] = {"country": period.country, "year": period.year}
    if period.approved_by:
        params["approver"] = period.approved_by
    if period.approved_at:
        params["date"] = period.approved_at.date().isoformat()
    return LOCK_MESSAGES[bool(period.approved_by), bool(period.approved_at)], params


def lock_message(period: PeriodState) -> str:
    """Why a write is refused and what to do about it (in English)."""
    template, params = lock_template(period)
    return template.format(**params)


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
        template, params = lock_template(period)
        problems.append(
            problem(
                PROBLEM_CODE,
                template,
                params,
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
