"""Read queries for the country page: strategy versions, objectives, milestones, budget lines.

Every function returns a pandas DataFrame with fixed columns (also when empty), so the pure
computations in ``analysis.strategy`` and the page never special-case a missing strategy.
Money stays ``decimal.Decimal`` (object columns): totals are summed exactly and converted to
float only for charts.
"""

from __future__ import annotations

import decimal
from collections import defaultdict
from typing import Any

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from pathways_monitor.db.models import (
    Breakdown,
    BudgetLine,
    FundingSource,
    Indicator,
    Milestone,
    Objective,
    ObjectiveIndicator,
    ObjectiveTag,
    Observation,
    Place,
    Strategy,
    Target,
)
from pathways_monitor.db.queries import TargetInfo
from pathways_monitor.db.queries_cache import cached
from pathways_monitor.domain.breakdowns import BREAKDOWN_DIMS, TOTAL_BREAKDOWN
from pathways_monitor.domain.taxonomy import TAXONOMY

VERSION_COLUMNS = [
    "strategy_id",
    "version",
    "title",
    "status",
    "period_start",
    "period_end",
    "adopted_on",
    "coordination_body",
    "coordination_mechanism",
    "monitoring_arrangements",
    "summary",
    "is_example",
    "created_at",
]
TAG_DIMENSIONS: tuple[str, ...] = tuple(d.code for d in TAXONOMY)
OBJECTIVE_COLUMNS = [
    "objective_id",
    "code",
    "title",
    "description",
    "lead_body",
    "position",
    *TAG_DIMENSIONS,
]
LINK_COLUMNS = ["objective_code", "indicator", "target_value", "target_year"]
MILESTONE_COLUMNS = [
    "milestone_id",
    "objective_code",
    "objective_title",
    "code",
    "title",
    "due_date",
    "status",
    "completed_on",
    "responsible_body",
    "evidence_note",
    "region",
]
BUDGET_COLUMNS = [
    "objective_code",
    "objective_title",
    "policy_areas",
    "year",
    "funding_source",
    "funding_name_en",
    "is_eu",
    "funding_position",
    "planned",
    "committed",
    "spent",
]


@cached
def place_info(session: Session, code: str) -> dict[str, Any] | None:
    """Kind, level, names and country of one place code; None when the code is unknown."""
    country = aliased(Place)
    row = session.execute(
        select(
            Place.code,
            Place.kind,
            Place.nuts_level,
            Place.name_en,
            country.code,
        )
        .outerjoin(country, country.id == Place.country_id)
        .where(Place.code == code)
    ).first()
    if row is None:
        return None
    return {
        "code": row[0],
        "kind": row[1],
        "nuts_level": row[2],
        "name_en": row[3],
        "country": row[4],
    }


@cached
def strategy_versions(session: Session, country: str) -> pd.DataFrame:
    """Every stored version of a country's strategy, newest first (re-imports keep old ones)."""
    rows = session.execute(
        select(
            Strategy.id,
            Strategy.version,
            Strategy.title,
            Strategy.status,
            Strategy.period_start,
            Strategy.period_end,
            Strategy.adopted_on,
            Strategy.coordination_body,
            Strategy.coordination_mechanism,
            Strategy.monitoring_arrangements,
            Strategy.summary,
            Strategy.is_example,
            Strategy.created_at,
        )
        .join(Place, Place.id == Strategy.country_id)
        .where(Place.code == country)
        .order_by(Strategy.version.desc())
    ).all()
    return pd.DataFrame(rows, columns=VERSION_COLUMNS)


@cached
def objectives(session: Session, strategy_id: int) -> pd.DataFrame:
    """A strategy's objectives in workbook order, with one tuple of tag codes per dimension."""
    rows = session.execute(
        select(
            Objective.id,
            Objective.code,
            Objective.title,
            Objective.description,
            Objective.lead_body,
            Objective.position,
        )
        .where(Objective.strategy_id == strategy_id)
        .order_by(Objective.position, Objective.code)
    ).all()
    tags = session.execute(
        select(ObjectiveTag.objective_id, ObjectiveTag.dimension, ObjectiveTag.code)
        .join(Objective, Objective.id == ObjectiveTag.objective_id)
        .where(Objective.strategy_id == strategy_id)
    ).all()
    order = {(d.code, t.code): i for d in TAXONOMY for i, t in enumerate(d.terms)}
    by_objective: dict[tuple[int, str], list[str]] = defaultdict(list)
    for objective_id, dimension, code in tags:
        by_objective[(objective_id, dimension)].append(code)
    records = []
    for row in rows:
        record = dict(zip(OBJECTIVE_COLUMNS[:6], row, strict=True))
        for dim in TAG_DIMENSIONS:
            codes = by_objective.get((row[0], dim), [])
            record[dim] = tuple(sorted(codes, key=lambda c, d=dim: order.get((d, c), 999)))  # type: ignore[assignment, misc]
        records.append(record)
    return pd.DataFrame(records, columns=OBJECTIVE_COLUMNS)


@cached
def objective_indicators(session: Session, strategy_id: int) -> pd.DataFrame:
    """Objective-indicator links with the national target each objective commits to."""
    rows = session.execute(
        select(
            Objective.code,
            Indicator.code,
            ObjectiveIndicator.target_value,
            ObjectiveIndicator.target_year,
        )
        .join(Objective, Objective.id == ObjectiveIndicator.objective_id)
        .join(Indicator, Indicator.id == ObjectiveIndicator.indicator_id)
        .where(Objective.strategy_id == strategy_id)
        .order_by(Objective.position, Objective.code, Indicator.code)
    ).all()
    return pd.DataFrame(rows, columns=LINK_COLUMNS)


@cached
def milestones(session: Session, strategy_id: int) -> pd.DataFrame:
    """A strategy's milestones with their objective and region, by due date."""
    region = aliased(Place)
    rows = session.execute(
        select(
            Milestone.id,
            Objective.code,
            Objective.title,
            Milestone.code,
            Milestone.title,
            Milestone.due_date,
            Milestone.status,
            Milestone.completed_on,
            Milestone.responsible_body,
            Milestone.evidence_note,
            region.code,
        )
        .join(Objective, Objective.id == Milestone.objective_id)
        .outerjoin(region, region.id == Milestone.region_id)
        .where(Objective.strategy_id == strategy_id)
        .order_by(Milestone.due_date, Objective.position, Milestone.code)
    ).all()
    return pd.DataFrame(rows, columns=MILESTONE_COLUMNS)


def _exact(value: Any) -> decimal.Decimal | None:
    """Numeric columns come back as Decimal; keep them so (never via float)."""
    if value is None:
        return None
    return value if isinstance(value, decimal.Decimal) else decimal.Decimal(str(value))


@cached
def budget_lines(session: Session, strategy_id: int) -> pd.DataFrame:
    """Budget lines with objective, its policy areas, and the funding source (EU or not)."""
    rows = session.execute(
        select(
            Objective.id,
            Objective.code,
            Objective.title,
            BudgetLine.year,
            FundingSource.code,
            FundingSource.name_en,
            FundingSource.is_eu,
            FundingSource.position,
            BudgetLine.planned,
            BudgetLine.committed,
            BudgetLine.spent,
        )
        .join(Objective, Objective.id == BudgetLine.objective_id)
        .join(FundingSource, FundingSource.code == BudgetLine.funding_source_code)
        .where(Objective.strategy_id == strategy_id)
        .order_by(Objective.position, Objective.code, BudgetLine.year, FundingSource.position)
    ).all()
    areas = _policy_areas(session, strategy_id)
    records = [
        {
            "objective_code": r[1],
            "objective_title": r[2],
            "policy_areas": areas.get(r[0], ()),
            "year": int(r[3]),
            "funding_source": r[4],
            "funding_name_en": r[5],
            "is_eu": bool(r[6]),
            "funding_position": int(r[7] or 0),
            "planned": _exact(r[8]),
            "committed": _exact(r[9]),
            "spent": _exact(r[10]),
        }
        for r in rows
    ]
    return pd.DataFrame(records, columns=BUDGET_COLUMNS)


def _policy_areas(session: Session, strategy_id: int) -> dict[int, tuple[str, ...]]:
    order = {t.code: i for d in TAXONOMY if d.code == "policy_area" for i, t in enumerate(d.terms)}
    rows = session.execute(
        select(ObjectiveTag.objective_id, ObjectiveTag.code)
        .join(Objective, Objective.id == ObjectiveTag.objective_id)
        .where(Objective.strategy_id == strategy_id, ObjectiveTag.dimension == "policy_area")
    ).all()
    out: dict[int, list[str]] = defaultdict(list)
    for objective_id, code in rows:
        out[objective_id].append(code)
    return {k: tuple(sorted(v, key=lambda c: order.get(c, 999))) for k, v in out.items()}


@cached
def indicators_observed(session: Session, geo: str) -> list[str]:
    """Codes of the indicators with at least one observation for a place."""
    rows = session.scalars(
        select(Indicator.code)
        .distinct()
        .join(Observation, Observation.indicator_id == Indicator.id)
        .join(Place, Place.id == Observation.place_id)
        .where(Place.code == geo)
        .order_by(Indicator.code)
    ).all()
    return list(rows)


@cached
def breakdowns_present(session: Session, indicator: str, geo: str) -> list[str]:
    """Breakdown dimensions (in domain order) with a non-total value for an indicator and place.

    Only single-dimension breakdowns count: a value for, say, males born abroad is not offered
    as a "country of birth" series, because ``db.queries.observations`` keeps the other
    dimensions (sex included) at their totals.
    """
    columns = [d.column for d in BREAKDOWN_DIMS]
    rows = session.execute(
        select(*(getattr(Breakdown, c) for c in columns))
        .distinct()
        .join(Observation, Observation.breakdown_id == Breakdown.id)
        .join(Indicator, Indicator.id == Observation.indicator_id)
        .join(Place, Place.id == Observation.place_id)
        .where(
            Indicator.code == indicator,
            Place.code == geo,
            Breakdown.custom_dimension == TOTAL_BREAKDOWN["custom_dimension"],
        )
    ).all()
    present: set[str] = set()
    for row in rows:
        free = [c for c, v in zip(columns, row, strict=True) if v != TOTAL_BREAKDOWN[c]]
        if len(free) == 1:
            present.add(free[0])
    return [c for c in columns if c in present]


@cached
def strategy_targets(session: Session, strategy_id: int, place: str) -> dict[str, TargetInfo]:
    """Targets one strategy version sets for one place (the country itself or a region)."""
    rows = session.execute(
        select(Indicator.code, Place.code, Target.value, Target.year, Target.operator, Target.scope)
        .join(Indicator, Indicator.id == Target.indicator_id)
        .join(Place, Place.id == Target.place_id)
        .where(Target.strategy_id == strategy_id, Place.code == place)
    ).all()
    return {r[0]: TargetInfo(r[0], r[1], float(r[2]), int(r[3]), r[4], r[5]) for r in rows}


@cached
def indicator_meta(session: Session, codes: list[str]) -> dict[str, dict[str, Any]]:
    """Names, unit, direction and source of the given indicators (canonical or national)."""
    rows = session.execute(
        select(
            Indicator.code,
            Indicator.name_en,
            Indicator.unit,
            Indicator.direction,
            Indicator.source,
            Indicator.is_canonical,
        ).where(Indicator.code.in_(codes))
    ).all()
    return {
        r[0]: {
            "code": r[0],
            "name_en": r[1],
            "unit": r[2],
            "direction": r[3],
            "source": r[4],
            "is_canonical": bool(r[5]),
        }
        for r in rows
    }
