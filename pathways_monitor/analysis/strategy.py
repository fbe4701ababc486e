"""Pure computations over a strategy's frames: late milestones, exact budget totals, warnings.

Inputs are the frames of ``db.queries_strategy`` (or hand-made frames with the same columns).
Nothing here reads the clock: the caller passes ``today``, so results are reproducible and a
report can be computed "as of" any date.

Definitions (shown to users in the page text too):

* A milestone is **late** when its due date is before ``today`` and its status is neither
  ``completed`` nor ``cancelled``. Days overdue = ``today - due_date`` in days (0 when not late).
* Budget totals are exact sums of ``decimal.Decimal`` amounts; a missing amount (None) is not
  zero: a group whose amounts are all missing totals to None.
* An objective is **funded but off track** when its planned budget over all years and sources is
  above zero and at least one of: (a) an indicator it is linked to has the progress class
  ``insufficient`` or ``away`` (Eurostat's method, ``analysis.progress``); (b) it has at least one
  late milestone.
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pandas as pd

CLOSED_STATUSES: tuple[str, ...] = ("completed", "cancelled")
LATE = "late"  # a pseudo-status for filtering: open and past its due date
MONEY_COLUMNS: tuple[str, ...] = ("planned", "committed", "spent")
OFF_TRACK_CLASSES: tuple[str, ...] = ("insufficient", "away")
TOTAL_KEY = "TOTAL"


# --------------------------------------------------------------------------- milestones


def _as_date(value: Any) -> dt.date | None:
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, float) and pd.isna(value):
        return None
    return dt.date.fromisoformat(str(value)[:10])


def with_lateness(milestones: pd.DataFrame, today: dt.date) -> pd.DataFrame:
    """A copy of the milestone frame with ``is_late`` (bool) and ``days_overdue`` (int) added."""
    out = milestones.copy()
    due = [_as_date(d) for d in out["due_date"]]
    out["due_date"] = due
    is_late = [
        d is not None and d < today and s not in CLOSED_STATUSES
        for d, s in zip(due, out["status"], strict=True)
    ]
    out["is_late"] = pd.Series(is_late, index=out.index, dtype=bool)
    out["days_overdue"] = pd.Series(
        [
            (today - d).days if late and d is not None else 0
            for d, late in zip(due, is_late, strict=True)
        ],
        index=out.index,
        dtype="int64",
    )
    return out


def late_milestones(milestones: pd.DataFrame, today: dt.date) -> pd.DataFrame:
    """Only the late milestones, the longest overdue first."""
    out = with_lateness(milestones, today)
    out = out[out["is_late"]]
    return out.sort_values(
        ["days_overdue", "objective_code", "code"], ascending=[False, True, True], kind="stable"
    ).reset_index(drop=True)


def filter_milestones(
    milestones: pd.DataFrame,
    *,
    objectives: Iterable[str] | None = None,
    statuses: Iterable[str] | None = None,
    bodies: Iterable[str] | None = None,
) -> pd.DataFrame:
    """Keep the rows matching every given filter (empty or None = no filter on that column).

    ``statuses`` may include ``"late"``: rows whose ``is_late`` is true match it (the frame
    must come from ``with_lateness`` then). A row matches when any chosen status matches.
    """
    keep = pd.Series(True, index=milestones.index)
    objectives = list(objectives or [])
    statuses = list(statuses or [])
    bodies = list(bodies or [])
    if objectives:
        keep &= milestones["objective_code"].isin(objectives)
    if statuses:
        match = milestones["status"].isin([s for s in statuses if s != LATE])
        if LATE in statuses:
            match |= milestones["is_late"].astype(bool)
        keep &= match
    if bodies:
        keep &= milestones["responsible_body"].isin(bodies)
    return milestones[keep]


def milestone_progress(milestones: pd.DataFrame, today: dt.date) -> pd.DataFrame:
    """Per objective: milestones in total, completed, cancelled, late (index: objective code).

    "x of y completed" uses ``planned = total - cancelled`` as y: a cancelled step is not
    expected any more.
    """
    columns = ["total", "completed", "cancelled", "late", "planned"]
    if milestones.empty:
        return pd.DataFrame(columns=columns, dtype="int64").rename_axis("objective_code")
    frame = with_lateness(milestones, today)
    grouped = frame.groupby("objective_code", sort=False)
    out = pd.DataFrame(
        {
            "total": grouped.size(),
            "completed": grouped["status"].agg(lambda s: int((s == "completed").sum())),
            "cancelled": grouped["status"].agg(lambda s: int((s == "cancelled").sum())),
            "late": grouped["is_late"].sum().astype("int64"),
        }
    )
    out["planned"] = out["total"] - out["cancelled"]
    return out[columns].astype("int64")


# --------------------------------------------------------------------------- budget


def decimal_sum(values: Iterable[Any]) -> decimal.Decimal | None:
    """Exact sum of the non-missing amounts; None when every amount is missing."""
    present = [v for v in values if v is not None and not (isinstance(v, float) and pd.isna(v))]
    if not present:
        return None
    total = decimal.Decimal(0)
    for v in present:
        total += v if isinstance(v, decimal.Decimal) else decimal.Decimal(str(v))
    return total


def budget_totals(budget: pd.DataFrame, by: Sequence[str]) -> pd.DataFrame:
    """Exact planned/committed/spent totals per group of ``by`` columns, in first-seen order."""
    by = list(by)
    if budget.empty:
        return pd.DataFrame(columns=[*by, *MONEY_COLUMNS])
    rows = []
    for key, group in budget.groupby(by, sort=False, dropna=False):
        keys = key if isinstance(key, tuple) else (key,)
        row = dict(zip(by, keys, strict=True))
        for col in MONEY_COLUMNS:
            row[col] = decimal_sum(group[col])
        rows.append(row)
    return pd.DataFrame(rows, columns=[*by, *MONEY_COLUMNS])


def grand_total(budget: pd.DataFrame) -> dict[str, decimal.Decimal | None]:
    """Exact planned/committed/spent over every line."""
    return {col: decimal_sum(budget[col]) if col in budget else None for col in MONEY_COLUMNS}


def budget_by_source(budget: pd.DataFrame) -> pd.DataFrame:
    """Totals per funding source (national and EU funds apart), in the domain's source order."""
    keys = ["funding_source", "funding_name_en", "is_eu", "funding_position"]
    out = budget_totals(budget, keys)
    return out.sort_values("funding_position", kind="stable").reset_index(drop=True)


def budget_by_year(budget: pd.DataFrame) -> pd.DataFrame:
    """Totals per year, ascending."""
    return budget_totals(budget, ["year"]).sort_values("year", kind="stable").reset_index(drop=True)


def budget_by_year_source(budget: pd.DataFrame) -> pd.DataFrame:
    """Totals per year and funding source (the stacked bar chart's data)."""
    keys = ["year", "funding_source", "funding_name_en", "is_eu"]
    if budget.empty:
        return pd.DataFrame(columns=[*keys, "funding_position", *MONEY_COLUMNS])
    out = budget_totals(budget, [*keys, "funding_position"])
    return out.sort_values(["year", "funding_position"], kind="stable").reset_index(drop=True)


def budget_by_fund_type(budget: pd.DataFrame) -> pd.DataFrame:
    """Totals for EU funds (``is_eu`` True) against national/regional/other money."""
    out = budget_totals(budget, ["is_eu"])
    return out.sort_values("is_eu", kind="stable").reset_index(drop=True)


def budget_by_objective(budget: pd.DataFrame) -> pd.DataFrame:
    """Totals per objective, the largest planned amount first."""
    out = budget_totals(budget, ["objective_code", "objective_title"])
    if out.empty:
        return out
    order = [-(p or 0) for p in out["planned"]]
    return (
        out.assign(_order=order)
        .sort_values(["_order", "objective_code"], kind="stable")
        .drop(columns="_order")
        .reset_index(drop=True)
    )


def budget_by_policy_area(budget: pd.DataFrame, area_order: Sequence[str] = ()) -> pd.DataFrame:
    """Totals per policy area. An objective tagged with several areas counts in full in each.

    So the areas' totals may add up to more than the strategy's total: the table says what
    money serves each area, not a split of it. Lines of objectives without any policy area go
    under the empty code "".
    """
    if budget.empty:
        return pd.DataFrame(columns=["policy_area", *MONEY_COLUMNS])
    exploded = budget.assign(
        policy_area=[tuple(a) if len(a) else ("",) for a in budget["policy_areas"]]
    ).explode("policy_area")
    out = budget_totals(exploded, ["policy_area"])
    rank = {code: i for i, code in enumerate(area_order)}
    out["_order"] = [rank.get(a, len(rank)) for a in out["policy_area"]]
    return out.sort_values("_order", kind="stable").drop(columns="_order").reset_index(drop=True)


def as_float(values: Iterable[decimal.Decimal | None]) -> list[float | None]:
    """Decimal amounts as floats, for charts only."""
    return [None if v is None else float(v) for v in values]


# --------------------------------------------------------------------------- warnings


def funded_but_off_track(
    objectives: pd.DataFrame,
    budget: pd.DataFrame,
    links: pd.DataFrame,
    indicator_classes: Mapping[str, str],
    milestones: pd.DataFrame,
    today: dt.date,
) -> pd.DataFrame:
    """Objectives with planned money that are off track (see the module docstring).

    ``indicator_classes`` maps an indicator code to its progress class for this country.
    Columns: objective_code, title, planned (exact), off_track_indicators (tuple of
    (indicator, class)), late_milestones (int). Largest planned amount first.
    """
    columns = ["objective_code", "title", "planned", "off_track_indicators", "late_milestones"]
    planned = {
        r.objective_code: r.planned
        for r in budget_totals(budget, ["objective_code"]).itertuples(index=False)
    }
    late = milestone_progress(milestones, today)["late"].to_dict() if not milestones.empty else {}
    linked: dict[str, list[tuple[str, str]]] = {}
    for row in links.itertuples(index=False):
        cls = indicator_classes.get(row.indicator)
        if cls in OFF_TRACK_CLASSES:
            linked.setdefault(row.objective_code, []).append((row.indicator, cls))
    rows = []
    for obj in objectives.itertuples(index=False):
        money = planned.get(obj.code)
        if money is None or money <= 0:
            continue
        bad = tuple(linked.get(obj.code, ()))
        n_late = int(late.get(obj.code, 0))
        if bad or n_late:
            rows.append(
                {
                    "objective_code": obj.code,
                    "title": obj.title,
                    "planned": money,
                    "off_track_indicators": bad,
                    "late_milestones": n_late,
                }
            )
    rows.sort(key=lambda r: (-r["planned"], r["objective_code"]))
    return pd.DataFrame(rows, columns=columns)
