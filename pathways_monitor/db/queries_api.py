"""Read queries behind the HTTP API: existence checks for codes and one strategy with its parts.

Observation frames, targets and indicator lists come from ``db.queries`` (shared with the
dashboard so both answer the same numbers); this module adds only what the API needs on top.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from pathways_monitor.db.models import (
    Indicator,
    Milestone,
    Objective,
    ObjectiveIndicator,
    Place,
    Strategy,
    Target,
)


@dataclass(frozen=True)
class IndicatorRow:
    code: str
    name_en: str
    unit: str
    direction: str


def indicator_row(session: Session, code: str) -> IndicatorRow | None:
    """The indicator with this exact code, or None (the API answers 404 then)."""
    row = session.execute(
        select(Indicator.code, Indicator.name_en, Indicator.unit, Indicator.direction).where(
            Indicator.code == code
        )
    ).first()
    return IndicatorRow(*row) if row else None


def indicator_codes(session: Session) -> list[str]:
    """All indicator codes, for "did you mean" hints on a 404."""
    return list(session.scalars(select(Indicator.code).order_by(Indicator.code)))


def place_codes(session: Session) -> list[str]:
    """All place codes, for "did you mean" hints on a 404."""
    return list(session.scalars(select(Place.code).order_by(Place.code)))


def unknown_codes(
    session: Session, model: type[Place] | type[Indicator], codes: Iterable[str]
) -> list[str]:
    """The codes (in the order asked) that the table does not hold."""
    wanted = list(dict.fromkeys(codes))
    if not wanted:
        return []
    found = set(session.scalars(select(model.code).where(model.code.in_(wanted))))
    return [c for c in wanted if c not in found]


def place_exists(session: Session, code: str) -> bool:
    return session.scalar(select(Place.id).where(Place.code == code)) is not None


def strategy_versions(session: Session, country: str) -> list[int]:
    """The versions stored for a country, newest first (the first one is current)."""
    return list(
        session.scalars(
            select(Strategy.version)
            .join(Place, Place.id == Strategy.country_id)
            .where(Place.code == country)
            .order_by(Strategy.version.desc())
        )
    )


def strategy_detail(session: Session, country: str, version: int | None = None) -> Strategy | None:
    """One strategy version (default: the newest) with every part the API shows, loaded eagerly.

    A handful of SELECT ... IN queries instead of one query per objective keeps the route fast.
    """
    stmt = (
        select(Strategy)
        .join(Place, Place.id == Strategy.country_id)
        .where(Place.code == country)
        .options(
            selectinload(Strategy.objectives).selectinload(Objective.tags),
            selectinload(Strategy.objectives)
            .selectinload(Objective.indicator_links)
            .selectinload(ObjectiveIndicator.indicator),
            selectinload(Strategy.objectives)
            .selectinload(Objective.milestones)
            .selectinload(Milestone.region),
            selectinload(Strategy.objectives).selectinload(Objective.budget_lines),
            selectinload(Strategy.targets).selectinload(Target.indicator),
            selectinload(Strategy.targets).selectinload(Target.place),
        )
    )
    if version is None:
        stmt = stmt.order_by(Strategy.version.desc()).limit(1)
    else:
        stmt = stmt.where(Strategy.version == version)
    return session.scalar(stmt)
