"""Read queries shared by the pages, the HTTP API and the exports: narrow, indexed, pandas out."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pandas as pd
from sqlalchemy import Select, select
from sqlalchemy.orm import Session, aliased

from pathways_monitor.db.models import Breakdown, Indicator, Observation, Place, Strategy, Target
from pathways_monitor.db.queries_cache import cached
from pathways_monitor.domain.breakdowns import BREAKDOWN_COLUMNS, TOTAL_BREAKDOWN
from pathways_monitor.domain.indicators import EU_AGGREGATE

OBS_FRAME_COLUMNS = [
    "indicator",
    "geo",
    "year",
    *BREAKDOWN_COLUMNS,
    "value",
    "flag",
    "source",
]


@dataclass(frozen=True)
class TargetInfo:
    indicator: str
    place: str
    value: float
    year: int
    operator: str
    scope: str


def _total_filter(only_total_except: Iterable[str] = ()) -> list[Any]:
    keep = set(only_total_except)
    return [getattr(Breakdown, c) == TOTAL_BREAKDOWN[c] for c in BREAKDOWN_COLUMNS if c not in keep]


@cached
def observations(
    session: Session,
    indicators: Iterable[str],
    geos: Iterable[str] | None = None,
    *,
    sex: str | None = "T",
    breakdown: str | None = None,
    year_from: int | None = None,
    year_to: int | None = None,
) -> pd.DataFrame:
    """Observations as a long frame.

    ``sex``: one code, or None for all sexes. ``breakdown``: one breakdown column whose every
    value is returned (the other dimensions stay at their totals); None: totals only.
    Indicators and places are filtered by id (subqueries) so the unique key (indicator, place,
    year, breakdown) is probed per place instead of scanning every row of the indicator.
    """
    free = {"sex"} | ({breakdown} if breakdown else set())
    stmt: Select[Any] = (
        select(
            Indicator.code.label("indicator"),
            Place.code.label("geo"),
            Observation.year,
            *(getattr(Breakdown, c) for c in BREAKDOWN_COLUMNS),
            Observation.value,
            Observation.flag,
            Observation.source,
        )
        .join(Indicator, Indicator.id == Observation.indicator_id)
        .join(Place, Place.id == Observation.place_id)
        .join(Breakdown, Breakdown.id == Observation.breakdown_id)
        .where(
            Observation.indicator_id.in_(
                select(Indicator.id).where(Indicator.code.in_(list(indicators)))
            ),
            *_total_filter(free),
        )
    )
    if sex is not None and breakdown != "sex":
        stmt = stmt.where(Breakdown.sex == sex)
    if geos is not None:
        stmt = stmt.where(
            Observation.place_id.in_(select(Place.id).where(Place.code.in_(list(geos))))
        )
    if year_from is not None:
        stmt = stmt.where(Observation.year >= year_from)
    if year_to is not None:
        stmt = stmt.where(Observation.year <= year_to)
    stmt = stmt.order_by(Indicator.code, Place.code, Observation.year)
    rows = session.execute(stmt).all()
    frame = pd.DataFrame(rows, columns=OBS_FRAME_COLUMNS)
    frame["value"] = pd.to_numeric(frame["value"], errors="coerce").astype("float64")
    return frame


@cached
def latest_values(
    session: Session, indicator: str, geos: Iterable[str] | None = None, sex: str = "T"
) -> pd.DataFrame:
    """Latest non-missing value per place for one indicator (total population)."""
    frame = observations(session, [indicator], geos, sex=sex)
    frame = frame[frame["value"].notna()]
    if frame.empty:
        return frame
    idx = frame.groupby("geo")["year"].idxmax()
    return frame.loc[idx].reset_index(drop=True)


@cached
def eu_targets(session: Session) -> dict[str, TargetInfo]:
    eu = aliased(Place)
    rows = session.execute(
        select(
            Indicator.code,
            eu.code,
            Target.value,
            Target.year,
            Target.operator,
            Target.scope,
        )
        .join(Indicator, Indicator.id == Target.indicator_id)
        .join(eu, eu.id == Target.place_id)
        .where(Target.scope == "eu", eu.code == EU_AGGREGATE)
    ).all()
    return {r[0]: TargetInfo(r[0], r[1], float(r[2]), int(r[3]), r[4], r[5]) for r in rows}


@cached
def national_targets(session: Session, country: str) -> dict[str, TargetInfo]:
    """Targets set by the country's current strategy for the country itself."""
    strategy = current_strategy(session, country)
    if strategy is None:
        return {}
    rows = session.execute(
        select(
            Indicator.code,
            Place.code,
            Target.value,
            Target.year,
            Target.operator,
            Target.scope,
        )
        .join(Indicator, Indicator.id == Target.indicator_id)
        .join(Place, Place.id == Target.place_id)
        .where(Target.strategy_id == strategy.id, Place.code == country)
    ).all()
    return {r[0]: TargetInfo(r[0], r[1], float(r[2]), int(r[3]), r[4], r[5]) for r in rows}


def current_strategy(session: Session, country: str) -> Strategy | None:
    return session.scalar(
        select(Strategy)
        .join(Place, Place.id == Strategy.country_id)
        .where(Place.code == country)
        .order_by(Strategy.version.desc())
        .limit(1)
    )


@cached
def places(session: Session, kinds: Iterable[str] | None = None) -> pd.DataFrame:
    parent = aliased(Place)
    country = aliased(Place)
    stmt = (
        select(
            Place.code,
            Place.kind,
            Place.nuts_level,
            Place.name_en,
            Place.place_group,
            Place.nuts_version,
            parent.code.label("parent"),
            country.code.label("country"),
        )
        .outerjoin(parent, parent.id == Place.parent_id)
        .outerjoin(country, country.id == Place.country_id)
        .order_by(Place.code)
    )
    if kinds is not None:
        stmt = stmt.where(Place.kind.in_(list(kinds)))
    return pd.DataFrame(
        session.execute(stmt).all(),
        columns=[
            "code",
            "kind",
            "nuts_level",
            "name_en",
            "place_group",
            "nuts_version",
            "parent",
            "country",
        ],
    )


@cached
def indicators(session: Session) -> pd.DataFrame:
    rows = session.execute(
        select(
            Indicator.code,
            Indicator.name_en,
            Indicator.unit,
            Indicator.direction,
            Indicator.is_canonical,
            Indicator.source,
        ).order_by(Indicator.is_canonical.desc(), Indicator.code)
    ).all()
    return pd.DataFrame(
        rows,
        columns=[
            "code",
            "name_en",
            "unit",
            "direction",
            "is_canonical",
            "source",
        ],
    )
