"""The database itself refuses bad rows: every named CHECK, UNIQUE and FOREIGN KEY is proven.

Each violation is a valid row of its table with the fewest changes that break exactly one
constraint, so the error must name that constraint (PostgreSQL reports it; SQLite names CHECKs
and the columns of UNIQUEs). The list of violations is checked against ``Base.metadata``: a new
constraint without a violation here fails ``test_every_constraint_has_a_violation``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import (
    CheckConstraint,
    Connection,
    Engine,
    ForeignKeyConstraint,
    UniqueConstraint,
    func,
    select,
    text,
)
from sqlalchemy.exc import IntegrityError

import pathways_monitor.db.models  # noqa: F401  (registers every table on Base.metadata)
from pathways_monitor.db.base import Base

Row = dict[str, Any]
Step = tuple[str, Row]  # (table name, column values) inserted in order

MISSING = 2_000_000_000  # an id no reference or test row has


@dataclass(frozen=True)
class World:
    """Ids of the rows the valid rows point at: reference data plus one strategy chain."""

    nl: int
    region: int
    elet: int
    total_breakdown: int
    batch: int
    strategy: int
    objective: int
    observation: int
    user: int = 0  # an account, for the API token row


def _insert(conn: Connection, table: str, row: Row) -> None:
    conn.execute(Base.metadata.tables[table].insert().values(**row))


def _insert_id(conn: Connection, table: str, row: Row) -> int:
    """Insert a row with an integer surrogate key and return the key."""
    result = conn.execute(Base.metadata.tables[table].insert().values(**row))
    return int(result.inserted_primary_key[0])


def _id_of(conn: Connection, sql: str, **params: Any) -> int:
    value = conn.execute(text(sql), params).scalar_one()
    return int(value)


def build_world(conn: Connection) -> World:
    """Parents for the valid rows, inserted in the test's own (rolled back) transaction."""
    nl = _id_of(conn, "SELECT id FROM place WHERE code = 'NL'")
    region = _id_of(conn, "SELECT id FROM place WHERE code = 'NL32'")
    elet = _id_of(conn, "SELECT id FROM indicator WHERE code = 'ELET'")
    total = _id_of(
        conn,
        "SELECT id FROM breakdown WHERE sex = 'T' AND citizenship = 'TOTAL' "
        "AND custom_dimension = 'TOTAL'",
    )
    batch = _insert_id(
        conn,
        "import_batch",
        {
            "file_name": "world.xlsx",
            "checksum": "a" * 64,
            "kind": "strategy",
            "uploaded_by": "world@example.org",
            "outcome": "accepted",
        },
    )
    strategy = _insert_id(
        conn,
        "strategy",
        {
            "country_id": nl,
            "version": 1,
            "title": "World strategy",
            "period_start": 2021,
            "period_end": 2030,
            "status": "adopted",
        },
    )
    objective = _insert_id(
        conn, "objective", {"strategy_id": strategy, "code": "O1", "title": "World objective"}
    )
    observation = _insert_id(
        conn,
        "observation",
        {
            "indicator_id": elet,
            "place_id": nl,
            "year": 2020,
            "breakdown_id": total,
            "value": 7.0,
        },
    )
    user = _insert_id(
        conn,
        "app_user",
        {"email": "world@example.org", "role": "national_editor", "country_id": nl},
    )
    return World(nl, region, elet, total, batch, strategy, objective, observation, user)


# One valid row per table, not colliding with reference data or the world.
VALID: dict[str, Callable[[World], Row]] = {
    "place": lambda w: {
        "code": "NLZZ9",
        "kind": "region",
        "nuts_level": 2,
        "name_en": "Test region",
        "parent_id": w.nl,
        "country_id": w.nl,
        "nuts_version": "2021",
        "place_group": "eu27",
    },
    "indicator": lambda w: {
        "code": "NL_TEST_ABSENCE",
        "name_en": "Absence rate (test)",
        "unit": "percent",
        "direction": "lower_is_better",
        "owner_country_id": w.nl,
        "min_value": 0.0,
        "max_value": 100.0,
    },
    "taxonomy_term": lambda w: {
        "dimension": "policy_area",
        "code": "test_term",
        "label_en": "Test term",
    },
    "funding_source": lambda w: {
        "code": "TEST_FUND",
        "name_en": "Test fund",
        "is_eu": False,
    },
    "import_batch": lambda w: {
        "file_name": "indicators.xlsx",
        "checksum": "b" * 64,
        "kind": "indicators",
        "format": "xlsx",
        "uploaded_by": "editor@example.org",
        "outcome": "accepted",
        "row_count": 3,
        "problems": [],
        "country_id": w.nl,
    },
    "breakdown": lambda w: {
        "sex": "F",
        "custom_dimension": "school_type",
        "custom_value": "vmbo",
    },
    "observation": lambda w: {
        "indicator_id": w.elet,
        "place_id": w.nl,
        "year": 2019,
        "breakdown_id": w.total_breakdown,
        "value": 7.5,
        "flag": "b",
        "source": "edat_lfse_14",
        "batch_id": w.batch,
    },
    "observation_revision": lambda w: {
        "observation_id": w.observation,
        "previous_value": 6.9,
        "previous_batch_id": w.batch,
        "replaced_by_batch_id": w.batch,
        "changed_by": "editor@example.org",
    },
    "strategy": lambda w: {
        "country_id": w.nl,
        "version": 2,
        "title": "Revised strategy",
        "period_start": 2024,
        "period_end": 2030,
        "status": "draft",
        "batch_id": w.batch,
    },
    "objective": lambda w: {
        "strategy_id": w.strategy,
        "code": "O2",
        "title": "Reduce early leaving in VET",
        "position": 2,
    },
    "objective_tag": lambda w: {
        "objective_id": w.objective,
        "dimension": "policy_area",
        "code": "learners",
    },
    "objective_indicator": lambda w: {
        "objective_id": w.objective,
        "indicator_id": w.elet,
        "target_value": 5.0,
        "target_year": 2030,
    },
    "target": lambda w: {
        "indicator_id": w.elet,
        "place_id": w.nl,
        "year": 2030,
        "value": 4.0,
        "operator": "lt",
        "scope": "national",
        "strategy_id": w.strategy,
    },
    "milestone": lambda w: {
        "objective_id": w.objective,
        "code": "M1",
        "title": "Early-warning system in every region",
        "due_date": dt.date(2026, 6, 30),
        "status": "not_started",
        "region_id": w.region,
    },
    "budget_line": lambda w: {
        "objective_id": w.objective,
        "year": 2025,
        "funding_source_code": "ESF_PLUS",
        "planned": Decimal("1000000.00"),
        "committed": Decimal("500000.00"),
        "spent": Decimal("0.00"),
    },
    "audit_log": lambda w: {
        "actor": "editor@example.org",
        "action": "insert",
        "table_name": "strategy",
        "row_key": "NL/2",
        "after": {"title": "Revised strategy"},
        "batch_id": w.batch,
        "country_code": "NL",
    },
    "app_user": lambda w: {
        "email": "coordinator@example.org",
        "password_hash": "$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA",
        "role": "regional_coordinator",
        "country_id": w.nl,
        "region_id": w.region,
    },
    "api_token": lambda w: {"user_id": w.user, "token_hash": "c" * 64},
    "reporting_period": lambda w: {
        "country_id": w.nl,
        "year": 2023,
        "status": "approved",
        "submitted_by": "editor@example.org",
        "submitted_at": dt.datetime(2024, 3, 1, 9, 0, tzinfo=dt.UTC),
        "approved_by": "admin@example.org",
        "approved_at": dt.datetime(2024, 3, 2, 9, 0, tzinfo=dt.UTC),
    },
    "job": lambda w: {
        "id": "0123456789abcdef0123456789abcdef",
        "kind": "import",
        "state": "running",
        "file_name": "indicators.csv",
        "payload": b"indicator,geo,year,value\n",
        "options": {"dry_run": True},
        "requested_by": "editor@example.org",
        "country_code": "NL",
        "stage": "validating",
        "fraction": 0.35,
        "rows_read": 1,
        "rows_validated": 0,
        "rows_stored": 0,
    },
}


def changed(table: str, **changes: Any) -> Callable[[World], list[Step]]:
    """The table's valid row with a few values changed."""
    return lambda w: [(table, {**VALID[table](w), **changes})]


def twice(table: str) -> Callable[[World], list[Step]]:
    """The table's valid row inserted twice: the second copy breaks its UNIQUE."""
    return lambda w: [(table, VALID[table](w)), (table, VALID[table](w))]


VIOLATIONS: dict[str, Callable[[World], list[Step]]] = {
    # place
    "ck_place_kind": changed(
        "place", kind="town", nuts_level=None, parent_id=None, country_id=None
    ),
    "ck_place_nuts_level": changed("place", nuts_level=4),
    "ck_place_region_has_level": changed("place", nuts_level=0),
    "ck_place_region_has_parent": changed("place", parent_id=None),
    "ck_place_place_group": changed("place", place_group="asia"),
    "ck_place_code_length": changed("place", code="N"),
    "uq_place_code": twice("place"),
    "fk_place_parent_id_place": changed("place", parent_id=MISSING),
    "fk_place_country_id_place": changed("place", country_id=MISSING),
    # indicator
    "ck_indicator_direction": changed("indicator", direction="sideways"),
    "ck_indicator_code_length": changed("indicator", code=""),
    "ck_indicator_value_range": changed("indicator", min_value=10.0, max_value=5.0),
    "uq_indicator_code": twice("indicator"),
    "fk_indicator_owner_country_id_place": changed("indicator", owner_country_id=MISSING),
    # job
    "ck_job_kind": changed("job", kind="cleanup"),
    "ck_job_state": changed("job", state="paused"),
    "ck_job_fraction": changed("job", fraction=1.5),
    "ck_job_row_counts": changed("job", rows_stored=-1),
    # import_batch
    "ck_import_batch_kind": changed("import_batch", kind="spreadsheet"),
    "ck_import_batch_outcome": changed("import_batch", outcome="maybe"),
    "ck_import_batch_row_count": changed("import_batch", row_count=-1),
    "fk_import_batch_country_id_place": changed("import_batch", country_id=MISSING),
    # breakdown
    "uq_breakdown_values": twice("breakdown"),
    "ck_breakdown_sex": changed("breakdown", sex="X"),
    "ck_breakdown_custom_pair": changed("breakdown", custom_value="TOTAL"),
    # observation
    "uq_observation_key": twice("observation"),
    "ck_observation_year": changed("observation", year=1900),
    "ck_observation_value_or_flag": changed("observation", value=None, flag=None),
    "fk_observation_indicator_id_indicator": changed("observation", indicator_id=MISSING),
    "fk_observation_place_id_place": changed("observation", place_id=MISSING),
    "fk_observation_breakdown_id_breakdown": changed("observation", breakdown_id=MISSING),
    "fk_observation_batch_id_import_batch": changed("observation", batch_id=MISSING),
    # observation_revision
    "fk_observation_revision_observation_id_observation": changed(
        "observation_revision", observation_id=MISSING
    ),
    "fk_observation_revision_previous_batch_id_import_batch": changed(
        "observation_revision", previous_batch_id=MISSING
    ),
    "fk_observation_revision_replaced_by_batch_id_import_batch": changed(
        "observation_revision", replaced_by_batch_id=MISSING
    ),
    # strategy
    "uq_strategy_country_version": twice("strategy"),
    "ck_strategy_version": changed("strategy", version=0),
    "ck_strategy_status": changed("strategy", status="abandoned"),
    "ck_strategy_period_years": changed("strategy", period_start=1999),
    "ck_strategy_period_order": changed("strategy", period_start=2030, period_end=2024),
    "fk_strategy_country_id_place": changed("strategy", country_id=MISSING),
    "fk_strategy_batch_id_import_batch": changed("strategy", batch_id=MISSING),
    # objective
    "uq_objective_strategy_code": twice("objective"),
    "fk_objective_strategy_id_strategy": changed("objective", strategy_id=MISSING),
    # objective_tag
    "fk_objective_tag_objective_id_objective": changed("objective_tag", objective_id=MISSING),
    "fk_objective_tag_term_taxonomy_term": changed("objective_tag", code="no_such_term"),
    # objective_indicator
    "uq_objective_indicator_pair": twice("objective_indicator"),
    "ck_objective_indicator_target_year": changed("objective_indicator", target_year=1990),
    "fk_objective_indicator_objective_id_objective": changed(
        "objective_indicator", objective_id=MISSING
    ),
    "fk_objective_indicator_indicator_id_indicator": changed(
        "objective_indicator", indicator_id=MISSING
    ),
    # target
    "uq_target_key": twice("target"),
    "ck_target_scope": changed("target", scope="global"),
    "ck_target_operator": changed("target", operator="eq"),
    "ck_target_year": changed("target", year=1999),
    "ck_target_eu_has_no_strategy": changed("target", strategy_id=None),
    "fk_target_indicator_id_indicator": changed("target", indicator_id=MISSING),
    "fk_target_place_id_place": changed("target", place_id=MISSING),
    "fk_target_strategy_id_strategy": changed("target", strategy_id=MISSING),
    # milestone
    "uq_milestone_objective_code": twice("milestone"),
    "ck_milestone_status": changed("milestone", status="forgotten"),
    "ck_milestone_completed_has_date": changed("milestone", status="completed"),
    "fk_milestone_objective_id_objective": changed("milestone", objective_id=MISSING),
    "fk_milestone_region_id_place": changed("milestone", region_id=MISSING),
    # budget_line
    "uq_budget_line_key": twice("budget_line"),
    "ck_budget_line_year": changed("budget_line", year=1999),
    "ck_budget_line_planned_non_negative": changed("budget_line", planned=Decimal("-1.00")),
    "ck_budget_line_committed_non_negative": changed("budget_line", committed=Decimal("-0.01")),
    "ck_budget_line_spent_non_negative": changed("budget_line", spent=Decimal("-5.00")),
    "fk_budget_line_objective_id_objective": changed("budget_line", objective_id=MISSING),
    "fk_budget_line_funding_source_code_funding_source": changed(
        "budget_line", funding_source_code="NO_SUCH_FUND"
    ),
    # audit_log
    "ck_audit_log_action": changed("audit_log", action="upsert"),
    "fk_audit_log_batch_id_import_batch": changed("audit_log", batch_id=MISSING),
    # app_user
    "ck_app_user_role": changed("app_user", role="superuser"),
    "ck_app_user_editor_has_country": changed(
        "app_user", role="national_editor", country_id=None, region_id=None
    ),
    "ck_app_user_coordinator_has_region": changed("app_user", region_id=None),
    "ck_app_user_email_form": changed("app_user", email="Coordinator@Example.org"),
    "ck_app_user_failed_logins": changed("app_user", failed_logins=-1),
    "uq_app_user_email": twice("app_user"),
    "fk_app_user_country_id_place": changed("app_user", country_id=MISSING),
    "fk_app_user_region_id_place": changed("app_user", region_id=MISSING),
    # api_token
    "ck_api_token_token_hash_length": changed("api_token", token_hash="short"),
    "uq_api_token_token_hash": twice("api_token"),
    "fk_api_token_user_id_app_user": changed("api_token", user_id=MISSING),
    # reporting_period
    "uq_reporting_period_country_year": twice("reporting_period"),
    "ck_reporting_period_status": changed("reporting_period", status="locked"),
    "ck_reporting_period_year": changed("reporting_period", year=1900),
    "ck_reporting_period_submitted_has_submitter": changed(
        "reporting_period", status="submitted", submitted_by=None
    ),
    "ck_reporting_period_approved_has_approver": changed("reporting_period", approved_at=None),
    "fk_reporting_period_country_id_place": changed("reporting_period", country_id=MISSING),
}


def named_constraints() -> dict[
    str, tuple[str, CheckConstraint | UniqueConstraint | ForeignKeyConstraint]
]:
    """Every CHECK, UNIQUE and FOREIGN KEY in the models: name -> (table, constraint)."""
    found: dict[str, tuple[str, CheckConstraint | UniqueConstraint | ForeignKeyConstraint]] = {}
    for table in Base.metadata.sorted_tables:
        for constraint in table.constraints:
            if isinstance(constraint, CheckConstraint | UniqueConstraint | ForeignKeyConstraint):
                name = str(constraint.name)
                assert name not in found, f"constraint name {name} is used twice"
                found[name] = (table.name, constraint)
    return found


CONSTRAINTS = named_constraints()


def test_every_constraint_has_a_violation() -> None:
    assert set(VIOLATIONS) == set(CONSTRAINTS)


def test_every_table_has_a_valid_row() -> None:
    assert set(VALID) == set(Base.metadata.tables)


def test_violations_target_their_own_table() -> None:
    world = World(1, 2, 3, 4, 5, 6, 7, 8)
    for name, build in VIOLATIONS.items():
        assert build(world)[-1][0] == CONSTRAINTS[name][0], name


def _count(conn: Connection, table: str) -> int:
    return conn.execute(select(func.count()).select_from(Base.metadata.tables[table])).scalar_one()


@pytest.mark.parametrize("table", sorted(VALID))
def test_valid_row_is_accepted(engine: Engine, table: str) -> None:
    """Without this, a violation could 'pass' because the base row was already invalid."""
    with engine.connect() as conn, conn.begin() as trans:
        world = build_world(conn)
        before = _count(conn, table)
        _insert(conn, table, VALID[table](world))
        assert _count(conn, table) == before + 1
        trans.rollback()


def _assert_names_constraint(engine: Engine, error: IntegrityError, name: str) -> None:
    """The refusal came from this constraint, not from another one (or a NOT NULL)."""
    table, constraint = CONSTRAINTS[name]
    message = str(error.orig)
    if engine.dialect.name == "postgresql":
        assert error.orig.diag.constraint_name == name, message  # type: ignore[union-attr]
    elif isinstance(constraint, CheckConstraint):
        assert message == f"CHECK constraint failed: {name}", message
    elif isinstance(constraint, UniqueConstraint):
        columns = ", ".join(f"{table}.{c.name}" for c in constraint.columns)
        assert message == f"UNIQUE constraint failed: {columns}", message
    else:  # SQLite does not say which foreign key failed
        assert message == "FOREIGN KEY constraint failed", message


@pytest.mark.parametrize("name", sorted(CONSTRAINTS))
def test_database_rejects_violation(engine: Engine, name: str) -> None:
    build = VIOLATIONS.get(name)
    if build is None:
        pytest.fail(f"no violating row written for constraint {name}")
    with engine.connect() as conn, conn.begin() as trans:
        *setup, (table, bad_row) = build(build_world(conn))
        for setup_table, row in setup:
            _insert(conn, setup_table, row)
        with pytest.raises(IntegrityError) as caught:
            _insert(conn, table, bad_row)
        trans.rollback()
    _assert_names_constraint(engine, caught.value, name)
