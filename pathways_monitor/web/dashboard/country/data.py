"""What each country-page section needs, loaded in one short session: queries + pure compute.

The loaders return plain dataclasses of frames and assessments, so the component builders
(``dashboard.country_*``) never touch the database and can be tested on hand-made data.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from sqlalchemy.orm import Session

from pathways_monitor.analysis import strategy as strat
from pathways_monitor.analysis.progress import ProgressAssessment, assess
from pathways_monitor.analysis.projection import Projection, project
from pathways_monitor.db import queries
from pathways_monitor.db import queries_strategy as qs
from pathways_monitor.db.queries import TargetInfo
from pathways_monitor.domain.breakdowns import TOTAL_BREAKDOWN
from pathways_monitor.domain.indicators import (
    CANONICAL_CODES,
    EU_AGGREGATE,
    INDICATOR_BY_CODE,
    LOWER_IS_BETTER,
)
from pathways_monitor.domain.names import indicator_name
from pathways_monitor.web.caching.cache import cached_query

UNIT_SUFFIX = {"percent": "%"}


def unit_suffix(unit: str | None) -> str:
    return UNIT_SUFFIX.get(unit or "", "" if unit in (None, "number") else str(unit))


# --------------------------------------------------------------------------- headline


def clean_flag(value: Any) -> str | None:
    """A stored flag, or None for missing/NaN/blank."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    return str(value).strip() or None


@dataclass(frozen=True)
class IndicatorCard:
    """One canonical indicator's latest value, targets and progress classes for a country."""

    code: str
    name_en: str
    latest_year: int | None
    latest_value: float | None
    latest_flag: str | None
    eu_target: TargetInfo | None
    national_target: TargetInfo | None
    eu_progress: dict[str, ProgressAssessment] = field(default_factory=dict)
    national_progress: dict[str, ProgressAssessment] = field(default_factory=dict)

    def name(self, lang: str | None) -> str:
        return indicator_name(self.code, self.name_en, lang)


@dataclass(frozen=True)
class HeadlineData:
    place: dict[str, Any]
    cards: list[IndicatorCard]
    has_strategy: bool
    late_count: int
    today: dt.date


def _assess_windows(
    series: pd.DataFrame, target: TargetInfo | None, direction: str
) -> dict[str, ProgressAssessment]:
    if target is None or series.empty:
        return {}
    return {
        w: assess(series, target.value, target.year, direction, w, operator=target.operator)
        for w in ("short", "long")
    }


def load_headline(session: Session, place: dict[str, Any], today: dt.date) -> HeadlineData:
    """Latest values, EU/national targets and short/long progress for the canonical indicators."""
    geo = place["code"]
    obs = queries.observations(session, CANONICAL_CODES, [geo])
    eu = queries.eu_targets(session)
    versions = qs.strategy_versions(session, geo)
    national = (
        qs.strategy_targets(session, int(versions["strategy_id"].iloc[0]), geo)
        if not versions.empty
        else {}
    )
    late = 0
    if not versions.empty:
        ms = qs.milestones(session, int(versions["strategy_id"].iloc[0]))
        late = len(strat.late_milestones(ms, today)) if not ms.empty else 0
    cards = []
    for code in CANONICAL_CODES:
        definition = INDICATOR_BY_CODE[code]
        series = obs[(obs["indicator"] == code) & obs["value"].notna()]
        last = series.iloc[-1] if not series.empty else None
        cards.append(
            IndicatorCard(
                code=code,
                name_en=definition.name_en,
                latest_year=int(last["year"]) if last is not None else None,
                latest_value=float(last["value"]) if last is not None else None,
                latest_flag=clean_flag(last["flag"]) if last is not None else None,
                eu_target=eu.get(code),
                national_target=national.get(code),
                eu_progress=_assess_windows(series, eu.get(code), definition.direction),
                national_progress=_assess_windows(series, national.get(code), definition.direction),
            )
        )
    return HeadlineData(place, cards, not versions.empty, late, today)


# --------------------------------------------------------------------------- indicator chart


@dataclass(frozen=True)
class IndicatorData:
    """A country's series for one indicator (by one breakdown), the EU context and projections."""

    place: dict[str, Any]
    indicator: dict[str, Any]
    breakdown: str | None  # the breakdown column shown, None = total only
    breakdowns_present: list[str]
    series: pd.DataFrame  # columns: group, year, value, flag (group = breakdown code or "T")
    groups: list[str]  # group codes in display order, the total first
    eu: pd.DataFrame  # columns: year, value, flag
    eu_target: TargetInfo | None
    national_target: TargetInfo | None
    trend: Projection | None  # the total series' projection, no target (method text)
    to_eu: Projection | None  # probability of meeting the EU target
    to_national: Projection | None


def indicator_choices(session: Session, geo: str) -> list[dict[str, Any]]:
    """The canonical indicators, then the country's own indicators that have data."""
    observed = qs.indicators_observed(session, geo)
    codes = list(CANONICAL_CODES) + [c for c in observed if c not in CANONICAL_CODES]
    meta = qs.indicator_meta(session, codes)
    return [meta[c] for c in codes if c in meta]


def _total_code(column: str | None) -> str:
    return TOTAL_BREAKDOWN[column] if column else "T"


def load_indicator(
    session: Session, place: dict[str, Any], indicator: str, breakdown: str | None
) -> IndicatorData | None:
    """None when the indicator code is unknown."""
    geo = place["code"]
    meta = qs.indicator_meta(session, [indicator]).get(indicator)
    if meta is None:
        return None
    present = qs.breakdowns_present(session, indicator, geo)
    column = breakdown if breakdown in present else None
    frame = queries.observations(session, [indicator], [geo], breakdown=column)
    frame = frame.assign(group="T") if column is None else frame.assign(group=frame[column])
    series = frame[["group", "year", "value", "flag"]].reset_index(drop=True)
    total = _total_code(column)
    groups = [total] + [g for g in dict.fromkeys(series["group"]) if g != total]
    eu_frame = queries.observations(session, [indicator], [EU_AGGREGATE])[["year", "value", "flag"]]
    eu_target = queries.eu_targets(session).get(indicator)
    versions = qs.strategy_versions(session, geo)
    national = (
        qs.strategy_targets(session, int(versions["strategy_id"].iloc[0]), geo).get(indicator)
        if not versions.empty
        else None
    )
    direction = meta["direction"] or LOWER_IS_BETTER
    unit = unit_suffix(meta["unit"])
    total_series = series[(series["group"] == total) & series["value"].notna()]
    trend = to_eu = to_nat = None
    if not total_series.empty:
        trend = project(total_series, None, direction=direction, unit=unit, indicator=indicator)
        if eu_target is not None:
            to_eu = project(
                total_series,
                eu_target.value,
                eu_target.year,
                direction,
                unit=unit,
                indicator=indicator,
            )
        if national is not None:
            to_nat = project(
                total_series,
                national.value,
                national.year,
                direction,
                unit=unit,
                indicator=indicator,
            )
    return IndicatorData(
        place=place,
        indicator=meta,
        breakdown=column,
        breakdowns_present=present,
        series=series,
        groups=groups,
        eu=eu_frame.reset_index(drop=True),
        eu_target=eu_target,
        national_target=national,
        trend=trend,
        to_eu=to_eu,
        to_national=to_nat,
    )


# --------------------------------------------------------------------------- strategy


@dataclass(frozen=True)
class StrategyData:
    """One version of a country's strategy with everything the three strategy sections show."""

    place: dict[str, Any]
    versions: pd.DataFrame
    strategy: dict[str, Any]  # the selected version's row
    objectives: pd.DataFrame
    links: pd.DataFrame
    milestones: pd.DataFrame  # with is_late / days_overdue
    budget: pd.DataFrame
    targets: dict[str, TargetInfo]  # national targets of this version
    indicator_classes: dict[str, str]  # indicator -> 5-year class towards its target
    indicator_names: dict[str, str]  # English; domain.names.indicator_name in a language
    today: dt.date

    @property
    def is_current(self) -> bool:
        return int(self.strategy["version"]) == int(self.versions["version"].iloc[0])


def pick_version(versions: pd.DataFrame, version: int | str | None) -> dict[str, Any] | None:
    """The requested version's row, else the newest; None without any version."""
    if versions.empty:
        return None
    if version not in (None, ""):
        try:
            wanted = int(version)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            wanted = None
        match = versions[versions["version"] == wanted]
        if not match.empty:
            return match.iloc[0].to_dict()
    return versions.iloc[0].to_dict()


def indicator_classes(
    session: Session,
    geo: str,
    codes: list[str],
    national: dict[str, TargetInfo],
) -> tuple[dict[str, str], dict[str, str]]:
    """5-year progress class of each indicator towards the national (else EU) target."""
    if not codes:
        return {}, {}
    meta = qs.indicator_meta(session, codes)
    eu = queries.eu_targets(session)
    obs = queries.observations(session, codes, [geo])
    classes: dict[str, str] = {}
    for code in codes:
        target = national.get(code) or eu.get(code)
        info = meta.get(code)
        if target is None or info is None:
            continue
        series = obs[obs["indicator"] == code]
        result = assess(
            series,
            target.value,
            target.year,
            info["direction"] or LOWER_IS_BETTER,
            "short",
            operator=target.operator,
        )
        classes[code] = result.progress_class
    names = {c: m["name_en"] for c, m in meta.items()}
    return classes, names


def strategy_of(
    geo: str | None,
    version: int | str | None,
    day: dt.date,
    *,
    with_budget: bool = True,
    with_classes: bool = True,
) -> tuple[dict[str, Any] | None, StrategyData | None]:
    """The place and its chosen strategy version, read once per selection and data version.

    The page's callbacks that fire together for one selection (sections, titles, edit tools)
    share this one read through the shared cache; an import or an edit changes the data
    version, so nobody sees an old strategy.
    """
    if not geo:
        return None, None
    return cached_query(
        "country.strategy",
        _read_strategy,
        str(geo),
        None if version is None else str(version),
        day.isoformat(),
        with_budget,
        with_classes,
    )


def _read_strategy(
    session: Session,
    geo: str,
    version: str | None,
    day: str,
    with_budget: bool,
    with_classes: bool,
) -> tuple[dict[str, Any] | None, StrategyData | None]:
    place = qs.place_info(session, geo)
    if place is None:
        return None, None
    data = load_strategy(
        session,
        place,
        version,
        dt.date.fromisoformat(day),
        with_budget=with_budget,
        with_classes=with_classes,
    )
    return place, data


def load_strategy(
    session: Session,
    place: dict[str, Any],
    version: int | str | None,
    today: dt.date,
    *,
    with_budget: bool = True,
    with_classes: bool = True,
) -> StrategyData | None:
    """None when the country has no strategy."""
    geo = place["code"]
    versions = qs.strategy_versions(session, geo)
    chosen = pick_version(versions, version)
    if chosen is None:
        return None
    sid = int(chosen["strategy_id"])
    objectives = qs.objectives(session, sid)
    links = qs.objective_indicators(session, sid)
    milestones = strat.with_lateness(qs.milestones(session, sid), today)
    budget = (
        qs.budget_lines(session, sid) if with_budget else pd.DataFrame(columns=qs.BUDGET_COLUMNS)
    )
    targets = qs.strategy_targets(session, sid, geo)
    classes: dict[str, str] = {}
    names: dict[str, str] = {}
    if with_classes:
        classes, names = indicator_classes(session, geo, sorted(set(links["indicator"])), targets)
    return StrategyData(
        place=place,
        versions=versions,
        strategy=chosen,
        objectives=objectives,
        links=links,
        milestones=milestones,
        budget=budget,
        targets=targets,
        indicator_classes=classes,
        indicator_names=names,
        today=today,
    )
