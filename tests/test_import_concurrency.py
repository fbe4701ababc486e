"""Two imports for the same country at the same time on PostgreSQL: both applied, one after
the other (a transaction-scoped advisory lock), never a mix of the two files."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from pathways_monitor.importers.engine import import_file

pytestmark = pytest.mark.postgres


def _file(years: range, value: float) -> bytes:
    lines = ["indicator,geo,year,sex,value"]
    for year in years:
        for geo in ("NL", "NL32", "NL33", "NL41"):
            for sex in ("T", "M", "F"):
                lines.append(f"ELET,{geo},{year},{sex},{value}")
    return ("\n".join(lines) + "\n").encode()


def _state(engine: Engine) -> dict[tuple, float]:
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT p.code, o.year, b.sex, o.value FROM observation o "
                "JOIN place p ON p.id = o.place_id JOIN breakdown b ON b.id = o.breakdown_id"
            )
        )
        return {(r[0], r[1], r[2]): r[3] for r in rows}


def _apply(state: dict[tuple, float], years: range, value: float) -> dict[tuple, float]:
    out = dict(state)
    for year in years:
        for geo in ("NL", "NL32", "NL33", "NL41"):
            for sex in ("T", "M", "F"):
                out[(geo, year, sex)] = value
    return out


def test_concurrent_imports_are_serialised_not_mixed(pg_committed_engine: Engine) -> None:
    a_years, b_years = range(2000, 2016), range(2008, 2024)
    files = {
        "a.csv": (_file(a_years, 11.1), a_years, 11.1),
        "b.csv": (_file(b_years, 22.2), b_years, 22.2),
    }
    barrier = threading.Barrier(2)
    reports: dict[str, object] = {}
    errors: list[BaseException] = []

    def run(name: str) -> None:
        try:
            with Session(pg_committed_engine) as session:
                barrier.wait()
                # The later file revises half the stored values: a deliberate new release.
                reports[name] = import_file(
                    session, files[name][0], name, user=name, accept_revisions=True
                )
        except BaseException as exc:  # pragma: no cover - surfaced below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(n,)) for n in files]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, errors
    assert all(r.accepted for r in reports.values())  # type: ignore[attr-defined]
    final = _state(pg_committed_engine)
    a_then_b = _apply(_apply({}, a_years, 11.1), b_years, 22.2)
    b_then_a = _apply(_apply({}, b_years, 22.2), a_years, 11.1)
    assert final in (a_then_b, b_then_a), "the two files were interleaved"
    with pg_committed_engine.connect() as conn:
        batches = conn.execute(text("SELECT count(*) FROM import_batch")).scalar_one()
        revisions = conn.execute(text("SELECT count(*) FROM observation_revision")).scalar_one()
    assert batches == 2
    overlap = len(range(2008, 2016)) * 4 * 3
    assert revisions == overlap  # the later file revised exactly the overlapping values
