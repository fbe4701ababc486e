"""Everything the European Semester report shows, collected from the store into plain data.

Both writers (``exports.semester_xlsx``, ``exports.semester_pdf``) and the tests read the same
``SemesterReport``, so the workbook and the PDF can never show different numbers. Nothing here
formats text or reads the clock: the caller passes the report date.

Conventions:

* Money stays ``decimal.Decimal`` (the store's ``Numeric(16, 2)``); totals are exact sums.
* Indicator values and targets are the stored floats, in the indicator's unit (percent points
  for the canonical indicators), never rescaled.
* Distances to a target are ``round(latest - target, 6)`` (no float noise like 0.0999...96).
* Shares (EU funds, fund shares) are percent points computed exactly in ``Decimal`` and rounded
  to 4 decimals (``SHARE_QUANTUM``).
* "As of" date: the report date, but not later than 31 December of the reporting year, so a
  report for an earlier year counts milestones late as they were at that year's end.
* Observations after the reporting year are left out (a 2024 report does not show 2025 data).
* Names are kept in English (the stored message ids); ``name(lang)`` gives them in a language
  (``domain.names``: countries, canonical indicators and funds from the catalogs).
"""

from __future__ import annotations

import datetime as dt
import decimal
from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, aliased

from pathways_monitor.analysis import strategy as strat
from pathways_monitor.analysis.progress import ProgressAssessment, assess
from pathways_monitor.analysis.projection import Projection, project
from pathways_monitor.db import queries
from pathways_monitor.db import queries_strategy as qs
from pathways_monitor.db.models import (
    Breakdown,
    ImportBatch,
    Indicator,
    Observation,
    Place,
    Strategy,
)
from pathways_monitor.domain import names
from pathways_monitor.domain.breakdowns import BREAKDOWN_COLUMNS, TOTAL_BREAKDOWN
from pathways_monitor.domain.indicators import CANONICAL_CODES, EU_AGGREGATE, LOWER_IS_BETTER
from pathways_monitor.domain.taxonomy import MILESTONE_STATUSES

SHARE_QUANTUM = decimal.Decimal("0.0001")
CENT = decimal.Decimal("0.01")
DISTANCE_DECIMALS = 6
REGIONAL_INDICATOR = "ELET"
REGION_LEVEL = 2
UNIT_SUFFIX = {"percent": "%"}


class SemesterExportError(Exception):
    """The report cannot be produced; ``code`` is ``unknown_country`` or ``no_strategy``."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


# --------------------------------------------------------------------------- records


@dataclass(frozen=True)
class DataSource:
    """An import batch that set observations (or the strategy) used in the report."""

    batch_id: int
    file_name: str
    kind: str
    datasets: tuple[str, ...]  # Observation.source values, e.g. edat_lfse_14
    created_at: dt.datetime
    rows_used: int


@dataclass(frozen=True)
class StrategyInfo:
    strategy_id: int
    title: str
    version: int
    status: str
    period_start: int
    period_end: int
    adopted_on: dt.date | None
    coordination_body: str | None
    coordination_mechanism: str | None
    monitoring_arrangements: str | None
    summary: str | None
    is_example: bool


@dataclass(frozen=True)
class ObjectiveRow:
    code: str
    title: str
    description: str | None
    lead_body: str | None
    tags: dict[str, tuple[str, ...]]  # taxonomy dimension -> term codes (domain order)
    indicators: tuple[str, ...]  # linked indicator codes


@dataclass(frozen=True)
class MilestoneRow:
    objective_code: str
    objective_title: str
    code: str
    title: str
    status: str
    due_date: dt.date
    completed_on: dt.date | None
    responsible_body: str | None
    region: str | None
    is_late: bool
    days_overdue: int


@dataclass(frozen=True)
class Money:
    """Planned / committed / spent; None when no line holds an amount."""

    planned: decimal.Decimal | None
    committed: decimal.Decimal | None
    spent: decimal.Decimal | None


@dataclass(frozen=True)
class BudgetCell:
    """One year x funding source total over all objectives."""

    year: int
    funding_source: str
    is_eu: bool
    amounts: Money


@dataclass(frozen=True)
class YearTotal:
    year: int
    amounts: Money
    eu_planned: decimal.Decimal | None
    eu_share: decimal.Decimal | None  # percent points of planned


@dataclass(frozen=True)
class FundTotal:
    funding_source: str
    name_en: str
    is_eu: bool
    amounts: Money
    share_of_total: decimal.Decimal | None  # percent points of all planned money
    share_of_eu: decimal.Decimal | None  # percent points of EU planned money (EU funds only)

    def name(self, lang: str) -> str:
        return names.funding_name(self.funding_source, self.name_en, lang)


@dataclass(frozen=True)
class BudgetSummary:
    cells: tuple[BudgetCell, ...]
    by_year: tuple[YearTotal, ...]
    by_fund: tuple[FundTotal, ...]
    total: Money
    eu_planned: decimal.Decimal | None
    eu_share: decimal.Decimal | None


@dataclass(frozen=True)
class IndicatorRow:
    """One indicator for the country: latest value, targets, distance and progress."""

    code: str
    name_en: str
    unit: str
    direction: str
    is_canonical: bool
    source: str | None
    series: tuple[tuple[int, float, str | None], ...]  # (year, value, flag), values only
    eu_series: tuple[tuple[int, float, str | None], ...]
    latest_year: int | None
    latest_value: float | None
    latest_flag: str | None
    eu_target: float | None
    eu_target_year: int | None
    eu_operator: str | None
    national_target: float | None
    national_target_year: int | None
    national_operator: str | None
    distance_eu: float | None
    distance_national: float | None
    progress: dict[str, ProgressAssessment] = field(default_factory=dict)  # "eu_short", ...
    projection: Projection | None = None  # towards the main target (EU, else national)

    def name(self, lang: str) -> str:
        """A canonical indicator's name from the catalogs, a national one as written."""
        return names.indicator_name(self.code, self.name_en, lang)

    @property
    def unit_suffix(self) -> str:
        return UNIT_SUFFIX.get(self.unit, "" if self.unit == "number" else self.unit)

    @property
    def main_target(self) -> tuple[float, int, str] | None:
        """(value, year, scope) of the EU target, or else the national one."""
        if self.eu_target is not None and self.eu_target_year is not None:
            return self.eu_target, self.eu_target_year, "eu"
        if self.national_target is not None and self.national_target_year is not None:
            return self.national_target, self.national_target_year, "national"
        return None


@dataclass(frozen=True)
class RegionRow:
    code: str
    name_en: str  # a NUTS name: the same in every language
    nuts_version: str | None
    year: int | None
    value: float | None
    flag: str | None

    def name(self, lang: str) -> str:
        return names.place_name(self.code, self.name_en, lang)


@dataclass(frozen=True)
class SemesterReport:
    """The whole report as plain data (see the module docstring for conventions)."""

    country: str
    country_name_en: str
    reporting_year: int
    report_date: dt.date
    as_of: dt.date
    generated_at: dt.datetime
    strategy: StrategyInfo
    objectives: tuple[ObjectiveRow, ...]
    milestones: tuple[MilestoneRow, ...]
    budget: BudgetSummary
    indicators: tuple[IndicatorRow, ...]
    regions: tuple[RegionRow, ...]
    sources: tuple[DataSource, ...]

    def country_name(self, lang: str) -> str:
        return names.place_name(self.country, self.country_name_en, lang)

    def milestone_counts(self) -> dict[str, int]:
        """Milestones per status (every status, zeros included) plus ``late``."""
        counts = {s: 0 for s in MILESTONE_STATUSES}
        for m in self.milestones:
            counts[m.status] = counts.get(m.status, 0) + 1
        counts["late"] = sum(1 for m in self.milestones if m.is_late)
        return counts

    def indicator(self, code: str) -> IndicatorRow | None:
        return next((i for i in self.indicators if i.code == code), None)


# --------------------------------------------------------------------------- helpers


def _opt_str(value: object) -> str | None:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    text = str(value).strip()
    return text or None


def _date(value: object) -> dt.date | None:
    if value is None or value is pd.NaT or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _cents(value: decimal.Decimal | None) -> decimal.Decimal | None:
    return None if value is None else value.quantize(CENT)


def _money(row: pd.Series | dict) -> Money:  # type: ignore[type-arg]
    return Money(_cents(row["planned"]), _cents(row["committed"]), _cents(row["spent"]))


def share(part: decimal.Decimal | None, whole: decimal.Decimal | None) -> decimal.Decimal | None:
    """``part / whole`` in percent points, exact then rounded to ``SHARE_QUANTUM``."""
    if part is None or whole is None or whole == 0:
        return None
    return (part * 100 / whole).quantize(SHARE_QUANTUM, rounding=decimal.ROUND_HALF_EVEN)


def distance(value: float, target: float) -> float:
    """Latest value minus target, rounded to ``DISTANCE_DECIMALS`` against float noise."""
    return round(value - target, DISTANCE_DECIMALS)


def _points(frame: pd.DataFrame) -> tuple[tuple[int, float, str | None], ...]:
    frame = frame[frame["value"].notna()]
    return tuple(
        (int(y), float(v), _opt_str(f))
        for y, v, f in zip(frame["year"], frame["value"], frame["flag"], strict=True)
    )


# --------------------------------------------------------------------------- sections


def _country(session: Session, country: str) -> Place:
    place = session.scalar(select(Place).where(Place.code == country))
    if place is None or place.kind != "country":
        kind = "a region or aggregate" if place is not None else "not a known place code"
        raise SemesterExportError(
            "unknown_country",
            f"unknown country {country!r} ({kind}); use a Eurostat country code such as NL",
        )
    return place


def _strategy_info(strategy: Strategy) -> StrategyInfo:
    return StrategyInfo(
        strategy_id=strategy.id,
        title=strategy.title,
        version=strategy.version,
        status=strategy.status,
        period_start=strategy.period_start,
        period_end=strategy.period_end,
        adopted_on=strategy.adopted_on,
        coordination_body=strategy.coordination_body,
        coordination_mechanism=strategy.coordination_mechanism,
        monitoring_arrangements=strategy.monitoring_arrangements,
        summary=strategy.summary,
        is_example=bool(strategy.is_example),
    )


def _objectives(session: Session, strategy_id: int) -> tuple[ObjectiveRow, ...]:
    frame = qs.objectives(session, strategy_id)
    links = qs.objective_indicators(session, strategy_id)
    linked: dict[str, list[str]] = {}
    for code, ind in zip(links["objective_code"], links["indicator"], strict=True):
        linked.setdefault(code, []).append(ind)
    return tuple(
        ObjectiveRow(
            code=row["code"],
            title=row["title"],
            description=_opt_str(row["description"]),
            lead_body=_opt_str(row["lead_body"]),
            tags={dim: tuple(row[dim]) for dim in qs.TAG_DIMENSIONS},
            indicators=tuple(linked.get(row["code"], ())),
        )
        for _, row in frame.iterrows()
    )


def _milestones(session: Session, strategy_id: int, as_of: dt.date) -> tuple[MilestoneRow, ...]:
    frame = qs.milestones(session, strategy_id)
    if frame.empty:
        return ()
    frame = strat.with_lateness(frame, as_of)
    return tuple(
        MilestoneRow(
            objective_code=row["objective_code"],
            objective_title=row["objective_title"],
            code=row["code"],
            title=row["title"],
            status=row["status"],
            due_date=_date(row["due_date"]),  # type: ignore[arg-type]
            completed_on=_date(row["completed_on"]),
            responsible_body=_opt_str(row["responsible_body"]),
            region=_opt_str(row["region"]),
            is_late=bool(row["is_late"]),
            days_overdue=int(row["days_overdue"]),
        )
        for _, row in frame.iterrows()
    )


def _budget(session: Session, strategy_id: int) -> BudgetSummary:
    lines = qs.budget_lines(session, strategy_id)
    if lines.empty:
        empty = Money(None, None, None)
        return BudgetSummary((), (), (), empty, None, None)
    cells = tuple(
        BudgetCell(int(r["year"]), r["funding_source"], bool(r["is_eu"]), _money(r))
        for _, r in strat.budget_by_year_source(lines).iterrows()
    )
    total = _money(strat.grand_total(lines))
    eu_lines = lines[lines["is_eu"].astype(bool)]
    eu_planned = _cents(strat.decimal_sum(eu_lines["planned"])) if not eu_lines.empty else None
    by_year = []
    for _, r in strat.budget_by_year(lines).iterrows():
        year_eu = eu_lines[eu_lines["year"] == r["year"]]
        eu_year = _cents(strat.decimal_sum(year_eu["planned"])) if not year_eu.empty else None
        money = _money(r)
        by_year.append(YearTotal(int(r["year"]), money, eu_year, share(eu_year, money.planned)))
    by_fund = []
    for _, r in strat.budget_by_source(lines).iterrows():
        money = _money(r)
        is_eu = bool(r["is_eu"])
        by_fund.append(
            FundTotal(
                funding_source=r["funding_source"],
                name_en=r["funding_name_en"],
                is_eu=is_eu,
                amounts=money,
                share_of_total=share(money.planned, total.planned),
                share_of_eu=share(money.planned, eu_planned) if is_eu else None,
            )
        )
    return BudgetSummary(
        cells=cells,
        by_year=tuple(by_year),
        by_fund=tuple(by_fund),
        total=total,
        eu_planned=eu_planned,
        eu_share=share(eu_planned, total.planned),
    )


def _indicator_codes(session: Session, country: Place, strategy_id: int) -> list[str]:
    """The canonical indicators, then the national ones: owned by the country, observed for
    it, or linked to / targeted by the strategy."""
    observed = set(qs.indicators_observed(session, country.code))
    linked = set(qs.objective_indicators(session, strategy_id)["indicator"])
    targeted = set(qs.strategy_targets(session, strategy_id, country.code))
    owned = set(
        session.scalars(select(Indicator.code).where(Indicator.owner_country_id == country.id))
    )
    national = sorted((observed | linked | targeted | owned) - set(CANONICAL_CODES))
    return [*CANONICAL_CODES, *national]


def _progress(
    series: pd.DataFrame,
    target: float | None,
    year: int | None,
    operator: str | None,
    direction: str,
    unit: str,
    indicator: str,
    as_of: int,
) -> dict[str, ProgressAssessment]:
    """Short- and long-term assessments as of the reporting year (staleness counts from it)."""
    if target is None or year is None:
        return {}
    return {
        w: assess(
            series,
            target,
            year,
            direction,
            w,
            operator=operator,
            unit=unit,
            indicator=indicator,
            as_of=as_of,
        )
        for w in ("short", "long")
    }


def _indicators(
    session: Session, country: Place, strategy_id: int, reporting_year: int
) -> tuple[IndicatorRow, ...]:
    codes = _indicator_codes(session, country, strategy_id)
    meta = qs.indicator_meta(session, codes)
    codes = [c for c in codes if c in meta]
    obs = queries.observations(session, codes, [country.code, EU_AGGREGATE], year_to=reporting_year)
    eu_targets = queries.eu_targets(session)
    national = qs.strategy_targets(session, strategy_id, country.code)
    rows = []
    for code in codes:
        m = meta[code]
        direction = m["direction"] or LOWER_IS_BETTER
        unit = UNIT_SUFFIX.get(m["unit"], "" if m["unit"] == "number" else m["unit"])
        mine = obs[(obs["indicator"] == code) & (obs["geo"] == country.code)]
        mine = mine[mine["value"].notna()].sort_values("year")
        eu_obs = obs[(obs["indicator"] == code) & (obs["geo"] == EU_AGGREGATE)].sort_values("year")
        points = _points(mine)
        latest = points[-1] if points else None
        eu_t = eu_targets.get(code)
        nat_t = national.get(code)
        progress: dict[str, ProgressAssessment] = {}
        for scope, t in (("eu", eu_t), ("national", nat_t)):
            got = _progress(
                mine,
                t.value if t else None,
                t.year if t else None,
                t.operator if t else None,
                direction,
                unit,
                code,
                reporting_year,
            )
            progress.update({f"{scope}_{w}": a for w, a in got.items()})
        main = eu_t or nat_t
        projection = (
            project(mine, main.value, main.year, direction, unit=unit, indicator=code)
            if main is not None and points
            else None
        )
        rows.append(
            IndicatorRow(
                code=code,
                name_en=m["name_en"],
                unit=m["unit"],
                direction=direction,
                is_canonical=bool(m["is_canonical"]),
                source=m["source"],
                series=points,
                eu_series=_points(eu_obs),
                latest_year=latest[0] if latest else None,
                latest_value=latest[1] if latest else None,
                latest_flag=latest[2] if latest else None,
                eu_target=eu_t.value if eu_t else None,
                eu_target_year=eu_t.year if eu_t else None,
                eu_operator=eu_t.operator if eu_t else None,
                national_target=nat_t.value if nat_t else None,
                national_target_year=nat_t.year if nat_t else None,
                national_operator=nat_t.operator if nat_t else None,
                distance_eu=distance(latest[1], eu_t.value) if latest and eu_t else None,
                distance_national=distance(latest[1], nat_t.value) if latest and nat_t else None,
                progress=progress,
                projection=projection,
            )
        )
    return tuple(rows)


def _total_filter() -> list:  # type: ignore[type-arg]
    return [getattr(Breakdown, c) == TOTAL_BREAKDOWN[c] for c in BREAKDOWN_COLUMNS]


def _regions(session: Session, country: Place, reporting_year: int) -> tuple[RegionRow, ...]:
    """Latest ELET per NUTS 2 region with any observation (a region whose values are all
    suppressed keeps its latest flag, with no value)."""
    rows = session.execute(
        select(
            Place.code,
            Place.name_en,
            Place.nuts_version,
            Observation.year,
            Observation.value,
            Observation.flag,
        )
        .join(Observation, Observation.place_id == Place.id)
        .join(Indicator, Indicator.id == Observation.indicator_id)
        .join(Breakdown, Breakdown.id == Observation.breakdown_id)
        .where(
            Place.country_id == country.id,
            Place.kind == "region",
            Place.nuts_level == REGION_LEVEL,
            Indicator.code == REGIONAL_INDICATOR,
            Observation.year <= reporting_year,
            *_total_filter(),
        )
        .order_by(Place.code, Observation.year)
    ).all()
    best: dict[str, RegionRow] = {}
    for code, en, version, year, value, flag in rows:
        row = RegionRow(code, en, version, int(year), value, _opt_str(flag))
        prev = best.get(code)
        if prev is None or value is not None or prev.value is None:
            best[code] = row
    return tuple(best[c] for c in sorted(best))


def _sources(
    session: Session, country: Place, codes: list[str], strategy: Strategy, reporting_year: int
) -> tuple[DataSource, ...]:
    """The batches that set the total-population observations used (country, its regions,
    the EU aggregate; the report's indicators up to the reporting year) and the strategy's."""
    eu = aliased(Place)
    eu_id = session.scalar(select(eu.id).where(eu.code == EU_AGGREGATE))
    rows = session.execute(
        select(
            ImportBatch.id,
            ImportBatch.file_name,
            ImportBatch.kind,
            ImportBatch.created_at,
            Observation.source,
            func.count(),
        )
        .join(Observation, Observation.batch_id == ImportBatch.id)
        .join(Place, Place.id == Observation.place_id)
        .join(Indicator, Indicator.id == Observation.indicator_id)
        .join(Breakdown, Breakdown.id == Observation.breakdown_id)
        .where(
            Indicator.code.in_(codes),
            Observation.year <= reporting_year,
            or_(Place.id == country.id, Place.country_id == country.id, Place.id == eu_id),
            *_total_filter(),
        )
        .group_by(
            ImportBatch.id,
            ImportBatch.file_name,
            ImportBatch.kind,
            ImportBatch.created_at,
            Observation.source,
        )
    ).all()
    merged: dict[int, dict] = {}  # type: ignore[type-arg]
    for bid, name, kind, created, source, count in rows:
        entry = merged.setdefault(
            bid, {"name": name, "kind": kind, "created": created, "sets": set(), "n": 0}
        )
        if source:
            entry["sets"].add(source)
        entry["n"] += int(count)
    if strategy.batch_id is not None and strategy.batch_id not in merged:
        batch = session.get(ImportBatch, strategy.batch_id)
        if batch is not None:
            merged[batch.id] = {
                "name": batch.file_name,
                "kind": batch.kind,
                "created": batch.created_at,
                "sets": set(),
                "n": 0,
            }
    return tuple(
        DataSource(bid, e["name"], e["kind"], tuple(sorted(e["sets"])), e["created"], e["n"])
        for bid, e in sorted(merged.items())
    )


# --------------------------------------------------------------------------- entry point


def collect(
    session: Session,
    country: str,
    *,
    year: int | None = None,
    today: dt.date | None = None,
    now: dt.datetime | None = None,
) -> SemesterReport:
    """Read everything the report needs for ``country``'s current strategy.

    Raises ``SemesterExportError`` (``unknown_country`` / ``no_strategy``) before anything is
    written, so no caller ever produces a half-built file.
    """
    today = today or dt.date.today()
    reporting_year = year or today.year
    as_of = min(today, dt.date(reporting_year, 12, 31))
    place = _country(session, country)
    strategy = queries.current_strategy(session, place.code)
    if strategy is None:
        raise SemesterExportError(
            "no_strategy",
            f"{place.name_en} ({place.code}) has no strategy in the store; upload the strategy "
            "workbook first (pathways import FILE)",
        )
    indicators = _indicators(session, place, strategy.id, reporting_year)
    codes = [i.code for i in indicators]
    return SemesterReport(
        country=place.code,
        country_name_en=place.name_en,
        reporting_year=reporting_year,
        report_date=today,
        as_of=as_of,
        generated_at=now or dt.datetime.now(dt.UTC).replace(microsecond=0),
        strategy=_strategy_info(strategy),
        objectives=_objectives(session, strategy.id),
        milestones=_milestones(session, strategy.id, as_of),
        budget=_budget(session, strategy.id),
        indicators=indicators,
        regions=_regions(session, place, reporting_year),
        sources=_sources(session, place, codes, strategy, reporting_year),
    )


def funding_name(code: str, lang: str) -> str:
    """A funding source's name in ``lang`` (the code when unknown)."""
    return names.funding_name(code, None, lang)
