"""Read queries for the regions page and the indicator explorer: narrow, filtered in SQL.

Regions belong to a country through ``Place.country_id``; their NUTS level and version come from
the place table, so codes of different NUTS versions (NL33 from 2021, NL36 from 2024) can be
shown side by side with their version.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, aliased

from pathways_monitor.db.models import Breakdown, Indicator, Observation, Place
from pathways_monitor.db.queries_cache import cached
from pathways_monitor.domain.breakdowns import BREAKDOWN_COLUMNS, TOTAL_BREAKDOWN

REGION_COLUMNS = ["code", "nuts_level", "nuts_version", "name_en", "parent"]
SERIES_COLUMNS = ["geo", "nuts_level", "nuts_version", "year", "value", "flag", "source"]
PLACE_COLUMNS = ["code", "kind", "nuts_level", "nuts_version", "name_en", "country"]
CUSTOM = "custom"
NO_BREAKDOWN = "none"
EXPLORER_BREAKDOWNS: tuple[str, ...] = (
    NO_BREAKDOWN,
    "sex",
    "citizenship",
    "country_of_birth",
    "urbanisation",
    "ses_quartile",
    "disability",
    CUSTOM,
)
EXPLORER_COLUMNS = [
    "indicator",
    "geo",
    "year",
    *BREAKDOWN_COLUMNS,
    "value",
    "flag",
    "source",
]


def _totals(*free: str) -> list[Any]:
    return [getattr(Breakdown, c) == TOTAL_BREAKDOWN[c] for c in BREAKDOWN_COLUMNS if c not in free]


def _country_id(session: Session, country: str) -> int | None:
    return session.scalar(select(Place.id).where(Place.code == country, Place.kind == "country"))


def is_country(session: Session, code: str) -> bool:
    return _country_id(session, code) is not None


@cached
def countries_with_regional_data(session: Session) -> list[str]:
    """Country codes that have at least one regional observation, alphabetical.

    One probe of the unique key (indicator, place, ...) per region: the cost grows with the
    number of places, not with the number of observations.
    """
    region, country = aliased(Place), aliased(Place)
    has_obs = (
        select(Observation.id)
        .where(
            Observation.place_id == region.id, Observation.indicator_id.in_(select(Indicator.id))
        )
        .correlate_except(Observation, Indicator)
        .exists()
    )
    rows = session.scalars(
        select(country.code)
        .distinct()
        .join(region, region.country_id == country.id)
        .where(region.kind == "region", has_obs)
        .order_by(country.code)
    ).all()
    return list(rows)


@cached
def regional_indicators(session: Session, country: str) -> list[str]:
    """Indicators with at least one regional observation in ``country``."""
    cid = _country_id(session, country)
    if cid is None:
        return []
    # Per indicator: the first region of the country with a value (probes of the unique key).
    has_obs = (
        select(Observation.id)
        .where(Observation.indicator_id == Indicator.id, Observation.place_id == Place.id)
        .correlate_except(Observation)
        .exists()
    )
    has_region = (
        select(Place.id).where(Place.country_id == cid, Place.kind == "region", has_obs)
    ).exists()
    rows = session.scalars(select(Indicator.code).where(has_region).order_by(Indicator.code)).all()
    return list(rows)


@cached
def country_regions(session: Session, country: str) -> pd.DataFrame:
    """The country's NUTS 1-3 regions (every version stored), by code."""
    cid = _country_id(session, country)
    parent = aliased(Place)
    rows = (
        session.execute(
            select(
                Place.code,
                Place.nuts_level,
                Place.nuts_version,
                Place.name_en,
                parent.code,
            )
            .outerjoin(parent, parent.id == Place.parent_id)
            .where(Place.country_id == cid, Place.kind == "region")
            .order_by(Place.code)
        ).all()
        if cid is not None
        else []
    )
    return pd.DataFrame(rows, columns=REGION_COLUMNS)


@cached
def regional_series(session: Session, indicator: str, country: str) -> pd.DataFrame:
    """Total-population observations of ``indicator`` for the country itself (level 0) and all
    its regions, with each place's NUTS level and version; suppressed values (flag, no value)
    are kept so the page can say so."""
    cid = _country_id(session, country)
    if cid is None:
        return pd.DataFrame(columns=SERIES_COLUMNS)
    rows = session.execute(
        select(
            Place.code,
            func.coalesce(Place.nuts_level, 0),
            Place.nuts_version,
            Observation.year,
            Observation.value,
            Observation.flag,
            Observation.source,
        )
        .join(Place, Place.id == Observation.place_id)
        .join(Indicator, Indicator.id == Observation.indicator_id)
        .join(Breakdown, Breakdown.id == Observation.breakdown_id)
        .where(
            Observation.indicator_id.in_(select(Indicator.id).where(Indicator.code == indicator)),
            Observation.place_id.in_(
                select(Place.id).where(or_(Place.id == cid, Place.country_id == cid))
            ),
            *_totals(),
        )
        .order_by(Place.code, Observation.year)
    ).all()
    frame = pd.DataFrame(rows, columns=SERIES_COLUMNS)
    frame["value"] = pd.to_numeric(frame["value"], errors="coerce").astype("float64")
    frame["nuts_level"] = frame["nuts_level"].astype("int64")
    frame["year"] = frame["year"].astype("int64")
    return frame


@cached
def places_with_data(session: Session, indicator: str) -> pd.DataFrame:
    """Every place (aggregate, country, region) with at least one observation of ``indicator``."""
    country = aliased(Place)
    indicator_id = select(Indicator.id).where(Indicator.code == indicator).scalar_subquery()
    # One probe of the unique key per place, not a scan of every row of the indicator.
    has_obs = (
        select(Observation.id)
        .where(Observation.indicator_id == indicator_id, Observation.place_id == Place.id)
        .correlate_except(Observation, Indicator)
        .exists()
    )
    rows = session.execute(
        select(
            Place.code,
            Place.kind,
            Place.nuts_level,
            Place.nuts_version,
            Place.name_en,
            country.code,
        )
        .outerjoin(country, country.id == Place.country_id)
        .where(has_obs)
        .order_by(Place.code)
    ).all()
    return pd.DataFrame(rows, columns=PLACE_COLUMNS)


@cached
def breakdowns_present(session: Session, indicator: str) -> list[str]:
    """The explorer breakdowns with data for ``indicator``: ``none`` (always), then each
    dimension with at least one non-total value, ``custom`` for a ministry's own dimension."""
    rows = session.execute(
        select(*(getattr(Breakdown, c) for c in BREAKDOWN_COLUMNS)).where(
            Breakdown.id.in_(
                select(Observation.breakdown_id)
                .join(Indicator, Indicator.id == Observation.indicator_id)
                .where(Indicator.code == indicator)
                .distinct()
            )
        )
    ).all()
    frame = pd.DataFrame(rows, columns=list(BREAKDOWN_COLUMNS))
    found = [NO_BREAKDOWN]
    for name in EXPLORER_BREAKDOWNS[1:]:
        column = "custom_dimension" if name == CUSTOM else name
        if not frame.empty and (frame[column] != TOTAL_BREAKDOWN[column]).any():
            found.append(name)
    return found


@cached
def year_span(session: Session, indicator: str) -> tuple[int, int] | None:
    """First and last year with an observation of ``indicator``; None without data."""
    row = session.execute(
        select(func.min(Observation.year), func.max(Observation.year))
        .join(Indicator, Indicator.id == Observation.indicator_id)
        .where(Indicator.code == indicator)
    ).one()
    return None if row[0] is None else (int(row[0]), int(row[1]))


@cached
def explorer_observations(
    session: Session,
    indicator: str,
    geos: Iterable[str],
    breakdown: str = NO_BREAKDOWN,
    year_from: int | None = None,
    year_to: int | None = None,
) -> pd.DataFrame:
    """Observations of one indicator for the places, every value of one breakdown (the other
    dimensions at their totals), suppressed values kept; ordered by place, group and year."""
    if breakdown not in EXPLORER_BREAKDOWNS:
        raise ValueError(f"breakdown must be one of {EXPLORER_BREAKDOWNS}, not {breakdown!r}")
    free = {
        NO_BREAKDOWN: (),
        CUSTOM: ("custom_dimension", "custom_value"),
    }.get(breakdown, (breakdown,))
    geo_list = list(geos)
    stmt = (
        select(
            Indicator.code,
            Place.code,
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
            Observation.indicator_id.in_(select(Indicator.id).where(Indicator.code == indicator)),
            Observation.place_id.in_(select(Place.id).where(Place.code.in_(geo_list))),
            *_totals(*free),
        )
    )
    if year_from is not None:
        stmt = stmt.where(Observation.year >= year_from)
    if year_to is not None:
        stmt = stmt.where(Observation.year <= year_to)
    order = [Place.code, *(getattr(Breakdown, c) for c in free), Observation.year]
    frame = pd.DataFrame(session.execute(stmt.order_by(*order)).all(), columns=EXPLORER_COLUMNS)
    frame["value"] = pd.to_numeric(frame["value"], errors="coerce").astype("float64")
    return frame
