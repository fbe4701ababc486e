"""Shared fixtures: a migrated SQLite database per test, and PostgreSQL when available.

PostgreSQL tests run against a scratch database created for this run on
``PATHWAYS_TEST_PG`` (default ``postgresql+psycopg://postgres@127.0.0.1:5432/test``) and dropped
afterwards. Under ``CI=true`` they must run: an unreachable server fails the run instead of
skipping.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from pathways_monitor.db import migrate
from pathways_monitor.db.reference import sync_reference_data
from pathways_monitor.db.session import make_engine

IN_CI = os.environ.get("CI", "").lower() == "true"
PG_ADMIN_URL = os.environ.get(
    "PATHWAYS_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
REPO = Path(__file__).resolve().parent.parent
SHARED_DATA = REPO.parent / "shared" / "data"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _pg_reachable() -> str | None:
    try:
        engine = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
        return None
    except Exception as exc:  # pragma: no cover - depends on the machine
        return f"PostgreSQL not reachable at {PG_ADMIN_URL}: {exc.__class__.__name__}"


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file with reference data, copied for each test (fast and isolated)."""
    path = tmp_path_factory.mktemp("sqlite-template") / "template.sqlite"
    engine = make_engine(f"sqlite:///{path}")
    migrate.upgrade(engine)
    with Session(engine) as session:
        sync_reference_data(session)
        session.commit()
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The whole demo data set in an SQLite file, built once per test session (per xdist
    worker); modules take a copy (``demo_copy``) instead of loading it again."""
    from pathways_monitor.demo.load import load_demo

    path = tmp_path_factory.mktemp("demo-template") / "demo.sqlite"
    engine = make_engine(f"sqlite:///{path}")
    load_demo(engine)
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


def demo_copy(template: Path, folder: Path) -> str:
    """A private copy of the demo database in ``folder``; returns its URL."""
    path = folder / "demo.sqlite"
    shutil.copy(template, path)
    return f"sqlite:///{path}"


@pytest.fixture
def sqlite_engine(sqlite_template: Path, tmp_path: Path) -> Iterator[Engine]:
    path = tmp_path / "pathways.sqlite"
    shutil.copy(sqlite_template, path)
    engine = make_engine(f"sqlite:///{path}")
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str]:
    """A scratch PostgreSQL database for this run, migrated, with reference data; dropped after."""
    reason = _pg_reachable()
    if reason:
        if IN_CI:
            pytest.fail(f"CI=true but {reason}")
        pytest.skip(reason)
    name = f"pathways_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    engine = make_engine(url)
    migrate.upgrade(engine)
    with Session(engine) as session:
        sync_reference_data(session)
        session.commit()
    engine.dispose()
    try:
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = :n AND pid <> pg_backend_pid()"
                ),
                {"n": name},
            )
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()


@pytest.fixture
def pg_engine(pg_database: str) -> Iterator[Engine]:
    """The run's PostgreSQL database, emptied of everything but reference data after each test."""
    engine = make_engine(pg_database)
    yield engine
    _truncate_pg_user_data(engine)
    engine.dispose()


USER_TABLES = (
    "reporting_period",
    "api_token",
    "app_user",
    "audit_log",
    "observation_revision",
    "observation",
    "budget_line",
    "milestone",
    "objective_indicator",
    "objective_tag",
    "objective",
    "target",
    "strategy",
    "import_batch",
)


def _truncate_pg_user_data(engine: Engine) -> None:
    with engine.begin() as conn:
        existing = {
            r[0]
            for r in conn.execute(
                text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
            )
        }
        tables = [t for t in USER_TABLES if t in existing]
        if tables:
            conn.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
        # EU targets are reference data; strategy targets went with TRUNCATE ... CASCADE.
        from pathways_monitor.db.reference import sync_targets_and_breakdowns

        with Session(bind=conn) as session:
            sync_targets_and_breakdowns(session)
            session.flush()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def engine(request: pytest.FixtureRequest) -> Engine:
    """Run a test on SQLite and, where available, PostgreSQL."""
    if request.param == "sqlite":
        return request.getfixturevalue("sqlite_engine")
    return request.getfixturevalue("pg_engine")


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    with Session(engine, expire_on_commit=False) as s:
        yield s


@pytest.fixture
def sqlite_session(sqlite_engine: Engine) -> Iterator[Session]:
    with Session(sqlite_engine, expire_on_commit=False) as s:
        yield s
