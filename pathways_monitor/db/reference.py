"""Load the reference data from the ``domain`` modules into the database, idempotently.

Run by ``pathways db upgrade`` after the migrations: places (aggregates, countries, NUTS
regions), canonical indicators, EU-level targets, funding sources and taxonomy terms. Running
it twice changes nothing; a changed label in ``domain`` updates the row. Names are stored in
English only (the message ids); ``domain.names`` gives them in the reader's language.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from pathways_monitor.db.models import (
    Breakdown,
    FundingSource,
    Indicator,
    Place,
    Target,
    TaxonomyTerm,
)
from pathways_monitor.domain.breakdowns import TOTAL_BREAKDOWN
from pathways_monitor.domain.funding import FUNDING_SOURCES
from pathways_monitor.domain.indicators import EU_AGGREGATE, INDICATORS
from pathways_monitor.domain.nuts import nuts_names_native, nuts_regions
from pathways_monitor.domain.places import (
    AGGREGATE,
    AGGREGATES,
    COUNTRIES,
    COUNTRY_BY_CODE,
    OTHER_EUROPE,
)
from pathways_monitor.domain.taxonomy import TAXONOMY


@dataclass
class SyncCounts:
    inserted: int = 0
    updated: int = 0


def _apply(obj: object, values: dict[str, object], counts: SyncCounts) -> None:
    changed = False
    for key, value in values.items():
        if getattr(obj, key) != value:
            setattr(obj, key, value)
            changed = True
    if changed:
        counts.updated += 1


def sync_places(session: Session, counts: SyncCounts) -> None:
    existing = {p.code: p for p in session.scalars(select(Place))}
    native = nuts_names_native()

    def upsert(code: str, values: dict[str, object]) -> Place:
        place = existing.get(code)
        if place is None:
            place = Place(code=code, **values)
            session.add(place)
            existing[code] = place
            counts.inserted += 1
        else:
            _apply(place, values, counts)
        return place

    for agg in AGGREGATES:
        upsert(
            agg.code,
            {
                "kind": "aggregate",
                "nuts_level": None,
                "name_en": agg.name_en,
                "name_native": None,
                "place_group": AGGREGATE,
                "nuts_version": None,
            },
        )
    for country in COUNTRIES:
        upsert(
            country.code,
            {
                "kind": "country",
                "nuts_level": 0,
                "name_en": country.name_en,
                "name_native": native.get(country.code),
                "place_group": country.group,
                "nuts_version": "2021" if country.code in native else None,
            },
        )
    session.flush()
    for region in nuts_regions():
        home = existing.get(region.country_code)
        if home is None:
            continue  # a region of a country the product does not list cannot be placed
        # Nearest known ancestor: Extra-Regio codes (ATZZ) and regions whose NUTS 2 code
        # changed version still hang under their country.
        parent = home
        for cut in range(1, region.level):
            candidate = existing.get(region.code[:-cut])
            if candidate is not None and candidate.kind == "region":
                parent = candidate
                break
        group = (
            COUNTRY_BY_CODE[region.country_code].group
            if region.country_code in COUNTRY_BY_CODE
            else OTHER_EUROPE
        )
        upsert(
            region.code,
            {
                "kind": "region",
                "nuts_level": region.level,
                "name_en": region.name,
                "name_native": region.name,
                "place_group": group,
                "nuts_version": region.version,
                "parent_id": parent.id,
                "country_id": home.id,
            },
        )
        if existing[region.code].id is None:
            session.flush()
    session.flush()


def sync_indicators(session: Session, counts: SyncCounts) -> None:
    existing = {i.code: i for i in session.scalars(select(Indicator))}
    for ind in INDICATORS:
        values = {
            "name_en": ind.name_en,
            "unit": ind.unit,
            "direction": ind.direction,
            "definition_en": ind.definition_en,
            "source": ind.source,
            "is_canonical": True,
            "min_value": 0.0,
            "max_value": 100.0,
        }
        if ind.code in existing:
            _apply(existing[ind.code], values, counts)
        else:
            session.add(Indicator(code=ind.code, **values))
            counts.inserted += 1
    session.flush()


def sync_targets_and_breakdowns(session: Session, counts: SyncCounts | None = None) -> None:
    """EU-level targets (one per canonical indicator) and the all-TOTAL breakdown row."""
    counts = counts or SyncCounts()
    eu = session.scalar(select(Place).where(Place.code == EU_AGGREGATE))
    indicators = {i.code: i for i in session.scalars(select(Indicator))}
    assert eu is not None, "places must be synced before targets"
    for ind in INDICATORS:
        if ind.eu_target is None or ind.eu_target_year is None:
            continue
        indicator = indicators[ind.code]
        target = session.scalar(
            select(Target).where(
                Target.indicator_id == indicator.id,
                Target.scope == "eu",
                Target.place_id == eu.id,
                Target.year == ind.eu_target_year,
            )
        )
        values = {"value": ind.eu_target, "operator": ind.operator}
        if target is None:
            session.add(
                Target(
                    indicator_id=indicator.id,
                    place_id=eu.id,
                    year=ind.eu_target_year,
                    scope="eu",
                    note="EU-level target, European Education Area 2030",
                    **values,
                )
            )
            counts.inserted += 1
        else:
            _apply(target, values, counts)
    total = session.scalar(select(Breakdown).filter_by(**TOTAL_BREAKDOWN))
    if total is None:
        session.add(Breakdown(**TOTAL_BREAKDOWN))
        counts.inserted += 1
    session.flush()


def sync_funding_and_taxonomy(session: Session, counts: SyncCounts) -> None:
    funds = {f.code: f for f in session.scalars(select(FundingSource))}
    for pos, src in enumerate(FUNDING_SOURCES):
        values = {
            "name_en": src.name_en,
            "is_eu": src.is_eu,
            "position": pos,
        }
        if src.code in funds:
            _apply(funds[src.code], values, counts)
        else:
            session.add(FundingSource(code=src.code, **values))
            counts.inserted += 1
    terms = {(t.dimension, t.code): t for t in session.scalars(select(TaxonomyTerm))}
    for dim in TAXONOMY:
        for pos, term in enumerate(dim.terms):
            values = {"label_en": term.label_en, "position": pos}
            key = (dim.code, term.code)
            if key in terms:
                _apply(terms[key], values, counts)
            else:
                session.add(TaxonomyTerm(dimension=dim.code, code=term.code, **values))
                counts.inserted += 1
    session.flush()


def sync_reference_data(session: Session) -> SyncCounts:
    """Bring every reference table in line with ``domain``; the caller commits."""
    counts = SyncCounts()
    sync_places(session, counts)
    sync_indicators(session, counts)
    sync_funding_and_taxonomy(session, counts)
    sync_targets_and_breakdowns(session, counts)
    return counts
