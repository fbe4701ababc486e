"""Shared fixtures: a migrated SQLite database per test, and PostgreSQL when available.

PostgreSQL tests run against a scratch database created for this run on
``PATHWAYS_TEST_PG`` (default ``postgresql+psycopg://postgres@127.0.0.1:5432/test``) and dropped
afterwards. Under ``CI=true`` they must run: an unreachable server fails the run instead of
skipping.

On PostgreSQL a test's ``session`` lives in one connection whose outer transaction is rolled
back at the end (SQLAlchemy's "join an external transaction" recipe: the session's commits
and rollbacks are savepoints), so nothing needs cleaning up. The few tests whose writes must
really be committed, for other connections to see, take ``pg_committed_engine`` (through
``engine``), which removes afterwards every row the run's setup did not leave.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Connection, Engine, Integer, Table, create_engine, delete, func, select, text
from sqlalchemy import tuple_ as sql_tuple
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

import pathways_monitor.db.models  # noqa: F401  (registers every table on Base.metadata)
from pathways_monitor.db import migrate
from pathways_monitor.db.base import Base
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


class _Baseline:
    """What the run's setup left in each table of ``Base.metadata`` (migrations, reference
    data), to bring a database back to it: a table's largest integer key, or its keys."""

    def __init__(self, conn: Connection) -> None:
        self.max_id: dict[str, int] = {}
        self.keys: dict[str, list[tuple[object, ...]]] = {}
        for table in Base.metadata.sorted_tables:
            pk = list(table.primary_key.columns)
            if len(pk) == 1 and isinstance(pk[0].type, Integer):
                self.max_id[table.name] = int(conn.scalar(select(func.max(pk[0]))) or 0)
            else:
                self.keys[table.name] = [tuple(r) for r in conn.execute(select(*pk))]

    def restore(self, conn: Connection) -> None:
        """Delete every row added since (children first); a table empty then starts its ids
        from 1 again. Rows of the setup that a test changed are not put back."""
        for table in reversed(Base.metadata.sorted_tables):
            pk = list(table.primary_key.columns)
            if table.name in self.max_id:
                conn.execute(delete(table).where(pk[0] > self.max_id[table.name]))
                if not self.max_id[table.name]:
                    _restart_ids(conn, table)
            elif self.keys[table.name]:
                conn.execute(delete(table).where(sql_tuple(*pk).not_in(self.keys[table.name])))
            else:
                conn.execute(delete(table))


def _restart_ids(conn: Connection, table: Table) -> None:
    (column,) = table.primary_key.columns
    conn.execute(
        text("SELECT setval(pg_get_serial_sequence(:t, :c), 1, false)"),
        {"t": table.name, "c": column.name},
    )


@pytest.fixture(scope="session")
def pg_setup() -> Iterator[tuple[str, _Baseline]]:
    """A scratch PostgreSQL database for this run, migrated, with reference data, and what
    that setup left in it (``pg_baseline``); dropped after."""
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
    with engine.connect() as conn:
        baseline = _Baseline(conn)
    engine.dispose()
    try:
        yield url, baseline
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


@pytest.fixture(scope="session")
def pg_database(pg_setup: tuple[str, _Baseline]) -> str:
    """The URL of the run's PostgreSQL database."""
    return pg_setup[0]


@pytest.fixture(scope="session")
def pg_baseline(pg_setup: tuple[str, _Baseline]) -> _Baseline:
    """The run's database as its setup left it, before any test."""
    return pg_setup[1]


@pytest.fixture(scope="session")
def pg_shared_engine(pg_database: str) -> Iterator[Engine]:
    """One engine (and connection pool) for the run's database, behind ``pg_connection``."""
    engine = make_engine(pg_database)
    yield engine
    engine.dispose()


@pytest.fixture
def pg_connection(pg_shared_engine: Engine) -> Iterator[Connection]:
    """One connection in an outer transaction, rolled back after the test: nothing it wrote
    stays. A session on it (``pg_session``) commits and rolls back savepoints only."""
    with pg_shared_engine.connect() as conn:
        outer = conn.begin()
        try:
            yield conn
        finally:
            if outer.is_active:
                outer.rollback()


@pytest.fixture
def pg_session(pg_connection: Connection) -> Iterator[Session]:
    """A session joined to ``pg_connection``'s transaction: ``commit`` releases a savepoint,
    ``rollback`` returns to it, and the test's end rolls everything back."""
    with Session(
        bind=pg_connection, join_transaction_mode="create_savepoint", expire_on_commit=False
    ) as s:
        yield s


@pytest.fixture
def pg_committed_engine(
    pg_database: str, pg_shared_engine: Engine, pg_baseline: _Baseline
) -> Iterator[Engine]:
    """The run's database for tests whose writes must really be committed: other connections
    (threads competing for the advisory writer lock, an app opening its own engine from the
    URL) have to see them, which a rolled-back outer transaction would hide. Afterwards every
    row the run's setup did not leave is deleted, table by table from ``Base.metadata``."""
    engine = make_engine(pg_database)
    try:
        yield engine
    finally:
        engine.dispose()
        with pg_shared_engine.begin() as conn:
            pg_baseline.restore(conn)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def backend(request: pytest.FixtureRequest) -> str:
    """The database a test runs on: SQLite and, where available, PostgreSQL."""
    return str(request.param)


@pytest.fixture
def engine(backend: str, request: pytest.FixtureRequest) -> Engine:
    """An engine whose writes persist for the test, for tests that open their own connections
    or an app (on PostgreSQL: ``pg_committed_engine``). Not to be combined with ``session``."""
    if backend == "sqlite":
        return request.getfixturevalue("sqlite_engine")
    return request.getfixturevalue("pg_committed_engine")


@pytest.fixture
def session(backend: str, request: pytest.FixtureRequest) -> Iterator[Session]:
    """A session on SQLite (a private copy of the migrated database) or PostgreSQL
    (``pg_session``: rolled back after the test)."""
    if backend == "postgres":
        yield request.getfixturevalue("pg_session")
        return
    with Session(request.getfixturevalue("sqlite_engine"), expire_on_commit=False) as s:
        yield s


@pytest.fixture
def sqlite_session(sqlite_engine: Engine) -> Iterator[Session]:
    with Session(sqlite_engine, expire_on_commit=False) as s:
        yield s
