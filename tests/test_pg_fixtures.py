"""The PostgreSQL fixtures of ``conftest``: a test's session writes nothing for good, and the
committing fixture's clean-up brings the database back to what the run's setup left."""

from __future__ import annotations

import pytest
from sqlalchemy import Connection, Engine, func, select
from sqlalchemy.orm import Session

from pathways_monitor.db.base import Base
from pathways_monitor.db.models import Observation
from pathways_monitor.demo.load import example_strategy_bytes
from pathways_monitor.importers.engine import import_file
from tests.conftest import FIXTURES

pytestmark = pytest.mark.postgres

FIRST = FIXTURES / "workflow" / "nl_elet_2022_2023.csv"


def _counts(conn: Connection) -> dict[str, int]:
    return {
        t.name: int(conn.scalar(select(func.count()).select_from(t)) or 0)
        for t in Base.metadata.sorted_tables
    }


def test_a_session_commit_stays_inside_the_test(
    pg_session: Session, pg_shared_engine: Engine
) -> None:
    report = import_file(pg_session, FIRST.read_bytes(), FIRST.name, user="t")  # commits
    assert report.accepted and report.inserted == 5
    assert pg_session.scalar(select(func.count()).select_from(Observation)) == 5
    with pg_shared_engine.connect() as other:
        assert other.scalar(select(func.count()).select_from(Observation)) == 0


def test_the_clean_up_removes_whatever_a_test_added(
    pg_connection: Connection, pg_baseline: object
) -> None:
    before = _counts(pg_connection)
    with Session(bind=pg_connection, join_transaction_mode="create_savepoint") as session:
        assert import_file(session, FIRST.read_bytes(), FIRST.name, user="t").accepted
        assert import_file(session, example_strategy_bytes(), "example.xlsx", user="t").accepted
        session.commit()
    funds = Base.metadata.tables["funding_source"]  # a reference table keyed by text
    fund = pg_connection.execute(select(funds)).mappings().first()
    pg_connection.execute(funds.insert().values({**dict(fund or {}), "code": "TEST_FUND"}))
    added = {t for t, n in _counts(pg_connection).items() if n != before[t]}
    assert {"observation", "breakdown", "strategy", "target", "funding_source"} <= added
    pg_baseline.restore(pg_connection)  # type: ignore[attr-defined]
    assert _counts(pg_connection) == before
