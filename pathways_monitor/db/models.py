"""The relational store: places, indicators, observations, strategies, imports and audit.

Every CHECK, UNIQUE and FOREIGN KEY constraint is named (see ``db.base.NAMING_CONVENTION``)
so that migrations, error messages and tests can refer to it. Closed vocabularies (statuses,
directions, place kinds) are CHECK constraints generated from the ``domain`` modules; open
reference lists (taxonomy terms, funding sources, places) are tables with foreign keys.
"""

from __future__ import annotations

import datetime as dt
import decimal
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pathways_monitor.db.base import Base
from pathways_monitor.domain.indicators import DIRECTIONS
from pathways_monitor.domain.places import PLACE_GROUPS
from pathways_monitor.domain.taxonomy import MILESTONE_STATUSES, STRATEGY_STATUSES


def _in(column: str, values: tuple[str, ...]) -> str:
    quoted = ", ".join(f"'{v}'" for v in values)
    return f"{column} IN ({quoted})"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


PLACE_KINDS = ("aggregate", "country", "region")
IMPORT_KINDS = ("strategy", "indicators", "eurostat", "reference", "edit")
IMPORT_OUTCOMES = ("accepted", "rejected", "dry_run")
AUDIT_ACTIONS = ("insert", "update", "delete")
TARGET_SCOPES = ("eu", "national", "regional")
TARGET_OPERATORS = ("lt", "le", "gt", "ge")


class Place(Base):
    """An EU/euro-area aggregate, a country (NUTS 0) or a NUTS 1-3 region."""

    __tablename__ = "place"
    __table_args__ = (
        CheckConstraint(_in("kind", PLACE_KINDS), name="kind"),
        CheckConstraint("nuts_level IS NULL OR nuts_level BETWEEN 0 AND 3", name="nuts_level"),
        CheckConstraint(
            "(kind = 'region') = (nuts_level IS NOT NULL AND nuts_level >= 1)",
            name="region_has_level",
        ),
        CheckConstraint(
            "kind <> 'region' OR (parent_id IS NOT NULL AND country_id IS NOT NULL)",
            name="region_has_parent",
        ),
        CheckConstraint(_in("place_group", PLACE_GROUPS), name="place_group"),
        CheckConstraint("length(code) BETWEEN 2 AND 16", name="code_length"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    kind: Mapped[str] = mapped_column(String(12))
    nuts_level: Mapped[int | None] = mapped_column(Integer)
    name_en: Mapped[str] = mapped_column(String(200))
    name_native: Mapped[str | None] = mapped_column(String(200))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("place.id"), index=True)
    country_id: Mapped[int | None] = mapped_column(ForeignKey("place.id"), index=True)
    nuts_version: Mapped[str | None] = mapped_column(String(8))
    place_group: Mapped[str] = mapped_column(String(16))

    parent: Mapped[Place | None] = relationship(remote_side=[id], foreign_keys=[parent_id])
    country: Mapped[Place | None] = relationship(remote_side=[id], foreign_keys=[country_id])


class Indicator(Base):
    """A canonical EU indicator (ELET, LOWACH_*) or a ministry's national indicator."""

    __tablename__ = "indicator"
    __table_args__ = (
        CheckConstraint(_in("direction", DIRECTIONS), name="direction"),
        CheckConstraint("length(code) BETWEEN 1 AND 40", name="code_length"),
        CheckConstraint(
            "min_value IS NULL OR max_value IS NULL OR min_value <= max_value",
            name="value_range",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name_en: Mapped[str] = mapped_column(String(300))
    unit: Mapped[str] = mapped_column(String(20))
    direction: Mapped[str] = mapped_column(String(20))
    definition_en: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(String(300))
    is_canonical: Mapped[bool] = mapped_column(Boolean, default=False)
    owner_country_id: Mapped[int | None] = mapped_column(ForeignKey("place.id"))
    min_value: Mapped[float | None] = mapped_column(Float)
    max_value: Mapped[float | None] = mapped_column(Float)


class TaxonomyTerm(Base):
    """One allowed tag value (policy area, measure type, reach, ...), from domain.taxonomy."""

    __tablename__ = "taxonomy_term"

    dimension: Mapped[str] = mapped_column(String(32), primary_key=True)
    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    label_en: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(Integer, default=0)


class FundingSource(Base):
    """National, regional and EU funding sources, from domain.funding."""

    __tablename__ = "funding_source"

    code: Mapped[str] = mapped_column(String(20), primary_key=True)
    name_en: Mapped[str] = mapped_column(String(200))
    is_eu: Mapped[bool] = mapped_column(Boolean)
    position: Mapped[int] = mapped_column(Integer, default=0)


class ImportBatch(Base):
    """One file (or one in-place edit) offered to the store, accepted or not."""

    __tablename__ = "import_batch"
    __table_args__ = (
        CheckConstraint(_in("kind", IMPORT_KINDS), name="kind"),
        CheckConstraint(_in("outcome", IMPORT_OUTCOMES), name="outcome"),
        CheckConstraint("row_count >= 0", name="row_count"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    file_name: Mapped[str] = mapped_column(String(500))
    checksum: Mapped[str] = mapped_column(String(64), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    format: Mapped[str | None] = mapped_column(String(40))
    uploaded_by: Mapped[str] = mapped_column(String(254))
    created_at: Mapped[dt.datetime] = mapped_column(default=_now, server_default=func.now())
    row_count: Mapped[int] = mapped_column(Integer, default=0)
    inserted: Mapped[int] = mapped_column(Integer, default=0)
    updated: Mapped[int] = mapped_column(Integer, default=0)
    unchanged: Mapped[int] = mapped_column(Integer, default=0)
    outcome: Mapped[str] = mapped_column(String(16))
    problems: Mapped[list[Any]] = mapped_column(JSON, default=list)
    country_id: Mapped[int | None] = mapped_column(ForeignKey("place.id"))


class Breakdown(Base):
    """A combination of breakdown values; the all-TOTAL row is the total population."""

    __tablename__ = "breakdown"
    __table_args__ = (
        UniqueConstraint(
            "sex",
            "citizenship",
            "country_of_birth",
            "urbanisation",
            "ses_quartile",
            "disability",
            "custom_dimension",
            "custom_value",
            name="uq_breakdown_values",
        ),
        CheckConstraint("sex IN ('T', 'M', 'F')", name="sex"),
        CheckConstraint(
            "(custom_dimension = 'TOTAL') = (custom_value = 'TOTAL')", name="custom_pair"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    sex: Mapped[str] = mapped_column(String(1), default="T")
    citizenship: Mapped[str] = mapped_column(String(20), default="TOTAL")
    country_of_birth: Mapped[str] = mapped_column(String(20), default="TOTAL")
    urbanisation: Mapped[str] = mapped_column(String(20), default="TOTAL")
    ses_quartile: Mapped[str] = mapped_column(String(20), default="TOTAL")
    disability: Mapped[str] = mapped_column(String(20), default="TOTAL")
    custom_dimension: Mapped[str] = mapped_column(String(60), default="TOTAL")
    custom_value: Mapped[str] = mapped_column(String(60), default="TOTAL")


class Observation(Base):
    """One value of an indicator for a place, year and breakdown; aggregates only."""

    __tablename__ = "observation"
    __table_args__ = (
        UniqueConstraint(
            "indicator_id", "place_id", "year", "breakdown_id", name="uq_observation_key"
        ),
        CheckConstraint("year BETWEEN 1950 AND 2100", name="year"),
        CheckConstraint("value IS NOT NULL OR flag IS NOT NULL", name="value_or_flag"),
        # No second (place-first) index: the unique key serves indicator+place lookups, and
        # every extra index slows bulk imports by about half (bench/imports.py).
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicator.id"))
    place_id: Mapped[int] = mapped_column(ForeignKey("place.id"))
    year: Mapped[int] = mapped_column(Integer)
    breakdown_id: Mapped[int] = mapped_column(ForeignKey("breakdown.id"))
    value: Mapped[float | None] = mapped_column(Float)
    flag: Mapped[str | None] = mapped_column(String(8))
    source: Mapped[str | None] = mapped_column(String(200))
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batch.id"), index=True)
    updated_at: Mapped[dt.datetime] = mapped_column(default=_now, server_default=func.now())


class ObservationRevision(Base):
    """The earlier state of an observation that a later import or edit changed."""

    __tablename__ = "observation_revision"

    id: Mapped[int] = mapped_column(primary_key=True)
    observation_id: Mapped[int] = mapped_column(
        ForeignKey("observation.id", ondelete="CASCADE"), index=True
    )
    previous_value: Mapped[float | None] = mapped_column(Float)
    previous_flag: Mapped[str | None] = mapped_column(String(8))
    previous_source: Mapped[str | None] = mapped_column(String(200))
    previous_batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batch.id"))
    replaced_by_batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batch.id"))
    changed_by: Mapped[str] = mapped_column(String(254))
    changed_at: Mapped[dt.datetime] = mapped_column(default=_now, server_default=func.now())


class Strategy(Base):
    """One version of a country's integrated strategy for school success."""

    __tablename__ = "strategy"
    __table_args__ = (
        UniqueConstraint("country_id", "version", name="uq_strategy_country_version"),
        CheckConstraint("version >= 1", name="version"),
        CheckConstraint(_in("status", STRATEGY_STATUSES), name="status"),
        CheckConstraint(
            "period_start BETWEEN 2000 AND 2100 AND period_end BETWEEN 2000 AND 2100",
            name="period_years",
        ),
        CheckConstraint("period_start <= period_end", name="period_order"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    country_id: Mapped[int] = mapped_column(ForeignKey("place.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(500))
    adopted_on: Mapped[dt.date | None] = mapped_column(Date)
    period_start: Mapped[int] = mapped_column(Integer)
    period_end: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20))
    coordination_body: Mapped[str | None] = mapped_column(String(500))
    coordination_mechanism: Mapped[str | None] = mapped_column(Text)
    monitoring_arrangements: Mapped[str | None] = mapped_column(Text)
    summary: Mapped[str | None] = mapped_column(Text)
    is_example: Mapped[bool] = mapped_column(Boolean, default=False)
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batch.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=_now, server_default=func.now())

    country: Mapped[Place] = relationship(foreign_keys=[country_id])
    objectives: Mapped[list[Objective]] = relationship(
        back_populates="strategy", cascade="all, delete-orphan", order_by="Objective.position"
    )
    targets: Mapped[list[Target]] = relationship(
        back_populates="strategy", cascade="all, delete-orphan"
    )


class Objective(Base):
    """An objective or measure of a strategy, tagged with the taxonomy."""

    __tablename__ = "objective"
    __table_args__ = (UniqueConstraint("strategy_id", "code", name="uq_objective_strategy_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    strategy_id: Mapped[int] = mapped_column(ForeignKey("strategy.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(500))
    description: Mapped[str | None] = mapped_column(Text)
    lead_body: Mapped[str | None] = mapped_column(String(300))
    position: Mapped[int] = mapped_column(Integer, default=0)

    strategy: Mapped[Strategy] = relationship(back_populates="objectives")
    tags: Mapped[list[ObjectiveTag]] = relationship(
        back_populates="objective", cascade="all, delete-orphan"
    )
    indicator_links: Mapped[list[ObjectiveIndicator]] = relationship(
        back_populates="objective", cascade="all, delete-orphan"
    )
    milestones: Mapped[list[Milestone]] = relationship(
        back_populates="objective", cascade="all, delete-orphan", order_by="Milestone.due_date"
    )
    budget_lines: Mapped[list[BudgetLine]] = relationship(
        back_populates="objective", cascade="all, delete-orphan"
    )

    def tag_codes(self, dimension: str) -> list[str]:
        return [t.code for t in self.tags if t.dimension == dimension]


class ObjectiveTag(Base):
    """One taxonomy term attached to an objective (a dimension may hold several)."""

    __tablename__ = "objective_tag"
    __table_args__ = (
        ForeignKeyConstraint(
            ["dimension", "code"],
            ["taxonomy_term.dimension", "taxonomy_term.code"],
            name="fk_objective_tag_term_taxonomy_term",
        ),
    )

    objective_id: Mapped[int] = mapped_column(
        ForeignKey("objective.id", ondelete="CASCADE"), primary_key=True
    )
    dimension: Mapped[str] = mapped_column(String(32), primary_key=True)
    code: Mapped[str] = mapped_column(String(40), primary_key=True)

    objective: Mapped[Objective] = relationship(back_populates="tags")


class ObjectiveIndicator(Base):
    """An objective's link to an indicator, with the national target it commits to."""

    __tablename__ = "objective_indicator"
    __table_args__ = (
        UniqueConstraint("objective_id", "indicator_id", name="uq_objective_indicator_pair"),
        CheckConstraint(
            "target_year IS NULL OR target_year BETWEEN 2000 AND 2100", name="target_year"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    objective_id: Mapped[int] = mapped_column(ForeignKey("objective.id", ondelete="CASCADE"))
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicator.id"))
    target_value: Mapped[float | None] = mapped_column(Float)
    target_year: Mapped[int | None] = mapped_column(Integer)

    objective: Mapped[Objective] = relationship(back_populates="indicator_links")
    indicator: Mapped[Indicator] = relationship()


class Target(Base):
    """A quantified target: EU-level (no strategy) or set by a national/regional strategy."""

    __tablename__ = "target"
    __table_args__ = (
        UniqueConstraint(
            "indicator_id", "place_id", "year", "scope", "strategy_id", name="uq_target_key"
        ),
        CheckConstraint(_in("scope", TARGET_SCOPES), name="scope"),
        CheckConstraint(_in("operator", TARGET_OPERATORS), name="operator"),
        CheckConstraint("year BETWEEN 2000 AND 2100", name="year"),
        CheckConstraint("(scope = 'eu') = (strategy_id IS NULL)", name="eu_has_no_strategy"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicator.id"))
    place_id: Mapped[int] = mapped_column(ForeignKey("place.id"))
    year: Mapped[int] = mapped_column(Integer)
    value: Mapped[float] = mapped_column(Float)
    operator: Mapped[str] = mapped_column(String(2), default="lt")
    scope: Mapped[str] = mapped_column(String(10))
    strategy_id: Mapped[int | None] = mapped_column(
        ForeignKey("strategy.id", ondelete="CASCADE"), index=True
    )
    note: Mapped[str | None] = mapped_column(Text)

    strategy: Mapped[Strategy | None] = relationship(back_populates="targets")
    indicator: Mapped[Indicator] = relationship()
    place: Mapped[Place] = relationship()


class Milestone(Base):
    """A dated step of an objective's implementation plan."""

    __tablename__ = "milestone"
    __table_args__ = (
        UniqueConstraint("objective_id", "code", name="uq_milestone_objective_code"),
        CheckConstraint(_in("status", MILESTONE_STATUSES), name="status"),
        CheckConstraint(
            "(status = 'completed') = (completed_on IS NOT NULL)", name="completed_has_date"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    objective_id: Mapped[int] = mapped_column(
        ForeignKey("objective.id", ondelete="CASCADE"), index=True
    )
    code: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(500))
    due_date: Mapped[dt.date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16))
    completed_on: Mapped[dt.date | None] = mapped_column(Date)
    responsible_body: Mapped[str | None] = mapped_column(String(300))
    evidence_note: Mapped[str | None] = mapped_column(Text)
    region_id: Mapped[int | None] = mapped_column(ForeignKey("place.id"))

    objective: Mapped[Objective] = relationship(back_populates="milestones")
    region: Mapped[Place | None] = relationship()


class BudgetLine(Base):
    """Money for an objective in one year from one funding source, in EUR (exact decimals)."""

    __tablename__ = "budget_line"
    __table_args__ = (
        UniqueConstraint("objective_id", "year", "funding_source_code", name="uq_budget_line_key"),
        CheckConstraint("year BETWEEN 2000 AND 2100", name="year"),
        CheckConstraint("planned IS NULL OR planned >= 0", name="planned_non_negative"),
        CheckConstraint("committed IS NULL OR committed >= 0", name="committed_non_negative"),
        CheckConstraint("spent IS NULL OR spent >= 0", name="spent_non_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    objective_id: Mapped[int] = mapped_column(
        ForeignKey("objective.id", ondelete="CASCADE"), index=True
    )
    year: Mapped[int] = mapped_column(Integer)
    funding_source_code: Mapped[str] = mapped_column(ForeignKey("funding_source.code"))
    planned: Mapped[decimal.Decimal | None]
    committed: Mapped[decimal.Decimal | None]
    spent: Mapped[decimal.Decimal | None]

    objective: Mapped[Objective] = relationship(back_populates="budget_lines")


class AuditLog(Base):
    """Append-only record of every change: who, when, what, before and after, which batch."""

    __tablename__ = "audit_log"
    __table_args__ = (
        CheckConstraint(_in("action", AUDIT_ACTIONS), name="action"),
        Index("ix_audit_log_country_at", "country_code", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(default=_now, server_default=func.now())
    actor: Mapped[str] = mapped_column(String(254))
    action: Mapped[str] = mapped_column(String(10))
    table_name: Mapped[str] = mapped_column(String(40))
    row_key: Mapped[str] = mapped_column(String(200))
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batch.id"))
    country_code: Mapped[str | None] = mapped_column(String(16))


import pathways_monitor.db.models_auth  # noqa: E402  (accounts and API tokens: same metadata)
import pathways_monitor.db.models_jobs  # noqa: E402  (background jobs: same metadata)
import pathways_monitor.db.models_workflow  # noqa: E402, F401  (approval workflow: same metadata)
