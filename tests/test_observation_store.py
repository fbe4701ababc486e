"""The shared validator and store: revisions, idempotency, breakdowns, atomic rejection."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pathways_monitor.db.models import Breakdown, ImportBatch, Observation, ObservationRevision
from pathways_monitor.importers.frame import finish_frame
from pathways_monitor.importers.observation_store import store_observations
from pathways_monitor.importers.observation_validate import (
    load_observation_reference,
    validate_observations,
)


def _frame(rows: list[dict]) -> pd.DataFrame:
    base = {"sheet": None, "column": "value", "source": "test"}
    return finish_frame(pd.DataFrame([{**base, "row": i + 2, **r} for i, r in enumerate(rows)]))


def _store(session: Session, frame: pd.DataFrame, who: str = "tester") -> tuple[int, int, int]:
    ref = load_observation_reference(session)
    checked = validate_observations(frame, ref, today=dt.date(2026, 11, 23))
    assert not [p for p in checked.problems if p.severity == "error"], checked.problems
    batch = ImportBatch(
        file_name="t.csv", checksum="x", kind="indicators", uploaded_by=who, outcome="accepted"
    )
    counts = store_observations(session, checked.frame, ref, batch, who)
    session.commit()
    return counts.inserted, counts.updated, counts.unchanged


def test_insert_then_same_again_changes_nothing(session: Session) -> None:
    frame = _frame(
        [
            {"indicator": "ELET", "geo": "NL", "year": 2022, "value": 5.6, "flag": None},
            {"indicator": "ELET", "geo": "NL", "year": 2023, "value": 6.2, "flag": "b"},
            {"indicator": "ELET", "geo": "NL32", "year": 2023, "value": None, "flag": "u"},
        ]
    )
    assert _store(session, frame) == (3, 0, 0)
    before = session.scalar(select(func.count()).select_from(Observation))
    assert _store(session, frame) == (0, 0, 3)
    assert session.scalar(select(func.count()).select_from(Observation)) == before
    assert session.scalar(select(func.count()).select_from(ImportBatch)) == 1


def test_changed_value_keeps_revision(session: Session) -> None:
    first = _frame([{"indicator": "ELET", "geo": "AT", "year": 2023, "value": 8.6, "flag": None}])
    _store(session, first, "alice")
    second = _frame([{"indicator": "ELET", "geo": "AT", "year": 2023, "value": 8.7, "flag": "p"}])
    assert _store(session, second, "bob") == (0, 1, 0)
    obs = session.scalar(select(Observation))
    assert (obs.value, obs.flag) == (8.7, "p")
    rev = session.scalar(select(ObservationRevision))
    assert (rev.previous_value, rev.previous_flag, rev.changed_by) == (8.6, None, "bob")
    assert rev.previous_batch_id != rev.replaced_by_batch_id


def test_breakdown_series_never_overwrites_total(session: Session) -> None:
    total = _frame([{"indicator": "ELET", "geo": "BE", "year": 2022, "value": 6.4}])
    nationals = _frame(
        [{"indicator": "ELET", "geo": "BE", "year": 2022, "value": 5.1, "citizenship": "NAT"}]
    )
    _store(session, total)
    assert _store(session, nationals) == (1, 0, 0)
    values = {
        (b.citizenship, o.value)
        for o, b in session.execute(
            select(Observation, Breakdown).join(Breakdown, Breakdown.id == Observation.breakdown_id)
        )
    }
    assert values == {("TOTAL", 6.4), ("NAT", 5.1)}


def test_validator_reports_every_problem_with_location(session: Session) -> None:
    frame = _frame(
        [
            {"indicator": "ELETT", "geo": "NL", "year": 2022, "value": 5.0},
            {"indicator": "ELET", "geo": "XX99", "year": 2022, "value": 5.0},
            {"indicator": "ELET", "geo": "NL", "year": 2031, "value": 5.0},
            {"indicator": "ELET", "geo": "NL", "year": 2020, "value": 105.0},
            {"indicator": "ELET", "geo": "DE", "year": 2020, "value": 10.0},
            {"indicator": "ELET", "geo": "DE", "year": 2020, "value": 11.0},
            {"indicator": "ELET", "geo": "NL", "year": 2019, "value": 7.0, "sex": "X"},
        ]
    )
    ref = load_observation_reference(session)
    checked = validate_observations(frame, ref, today=dt.date(2026, 11, 23))
    found = {(p.code, p.row) for p in checked.problems}
    assert ("unknown_indicator", 2) in found
    assert ("unknown_place", 3) in found
    assert ("future_year", 4) in found
    assert ("percentage_out_of_range", 5) in found
    assert {("duplicate_conflict", 6), ("duplicate_conflict", 7)} <= found
    assert ("unknown_breakdown_value", 8) in found
    hint = next(p for p in checked.problems if p.code == "unknown_indicator")
    assert "ELET" in hint.message


def test_region_outside_uploaders_country(session: Session) -> None:
    frame = _frame(
        [
            {"indicator": "ELET", "geo": "NL32", "year": 2022, "value": 5.0},
            {"indicator": "ELET", "geo": "BE21", "year": 2022, "value": 5.0},
        ]
    )
    ref = load_observation_reference(session)
    checked = validate_observations(frame, ref, allowed_countries=frozenset({"NL"}))
    assert [(p.code, p.row, p.value) for p in checked.problems] == [
        ("region_outside_country", 3, "BE21")
    ]


def test_iso_codes_are_normalised(session: Session) -> None:
    frame = _frame([{"indicator": "elet", "geo": "gr", "year": 2022, "value": 4.1}])
    ref = load_observation_reference(session)
    checked = validate_observations(frame, ref)
    assert not checked.problems
    assert checked.frame.loc[0, "geo"] == "EL"
