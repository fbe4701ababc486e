"""The stores report their own diff; the engine turns it into what the lock checks (issue 12).

Runs on SQLite and PostgreSQL (the ``session`` fixture) except the pure conversion tests.
"""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pandas as pd
import pytest
from sqlalchemy.orm import Session

from pathways_monitor.demo.load import example_strategy_bytes
from pathways_monitor.importers.engine import diff_touches, import_file
from pathways_monitor.importers.frame import finish_frame
from pathways_monitor.importers.observation_store import plan_observations
from pathways_monitor.importers.observation_validate import (
    load_observation_reference,
    validate_observations,
)
from pathways_monitor.importers.period_lock import Touch, locked_problems
from pathways_monitor.importers.store_diff import (
    ADDED,
    CHANGED,
    REATTRIBUTED,
    REMOVED,
    StoreDiff,
)
from pathways_monitor.importers.strategy_store import plan_strategy
from pathways_monitor.importers.strategy_workbook import (
    load_strategy_reference,
    parse_strategy_workbook,
)
from tests.conftest import FIXTURES

FIRST = FIXTURES / "workflow" / "nl_elet_2022_2023.csv"


# --------------------------------------------------------------------------- diff -> touches


def _diff(*rows: dict[str, object]) -> StoreDiff:
    return StoreDiff.from_records(rows)


def test_touches_follow_the_country_of_each_place_in_file_order() -> None:
    diff = _diff(
        {"change": ADDED, "place": "NL32", "year": 2023, "sheet": "s", "row": 7, "column": "v"},
        {"change": CHANGED, "place": "EU27_2020", "year": 2023, "row": 8},  # an aggregate
        {"change": REATTRIBUTED, "place": "NL", "year": 2022, "row": 9},  # same figure
        {"change": REMOVED, "place": "NL", "year": 2021, "label": "VSV01/M01"},
        {"change": CHANGED, "place": "NL", "year": None, "row": 10},  # of no single year
    )
    countries = {"NL": "NL", "NL32": "NL", "EU27_2020": None}
    assert diff_touches(diff, countries) == [
        Touch("NL", 2023, "s", 7, "v", "NL32 2023"),
        Touch("NL", 2021, None, None, None, "VSV01/M01"),
    ]


def test_touches_are_capped_per_period() -> None:
    diff = _diff(
        *({"change": ADDED, "place": "NL", "year": 2023, "row": r} for r in range(2, 12)),
        {"change": ADDED, "place": "NL", "year": 2024, "row": 12},
    )
    touches = diff_touches(diff, per_period=3)
    assert [(t.year, t.row) for t in touches] == [(2023, 2), (2023, 3), (2023, 4), (2024, 12)]
    assert diff_touches(StoreDiff.nothing()) == []


def test_a_diff_needs_its_columns_and_the_lock_takes_no_frames() -> None:
    with pytest.raises(ValueError, match="columns"):
        StoreDiff(pd.DataFrame({"change": [ADDED]}))
    with pytest.raises(TypeError):  # it would read the frame's column names as touches
        locked_problems(object(), pd.DataFrame({"country": ["NL"], "year": [2023]}))  # type: ignore[arg-type]


# --------------------------------------------------------------------------- observations


def _validated(session: Session, rows: list[dict[str, object]]) -> pd.DataFrame:
    base = {"sheet": None, "column": "value", "source": "test"}
    frame = finish_frame(pd.DataFrame([{**base, "row": i + 2, **r} for i, r in enumerate(rows)]))
    checked = validate_observations(
        frame, load_observation_reference(session), today=dt.date(2026, 11, 23)
    )
    assert not [p for p in checked.problems if p.severity == "error"], checked.problems
    return checked.frame


def test_observation_diff_lists_new_and_changed_rows_only(session: Session) -> None:
    assert import_file(session, FIRST.read_bytes(), FIRST.name, user="t").accepted
    ref = load_observation_reference(session)
    frame = _validated(
        session,
        [
            {"indicator": "ELET", "geo": "NL", "year": 2022, "sex": "T", "value": 5.6},  # same
            {"indicator": "ELET", "geo": "NL32", "year": 2023, "value": 4.1, "flag": "b"},
            {"indicator": "ELET", "geo": "NL", "year": 2024, "value": 5.9},
        ],
    )
    diff = plan_observations(session, frame, ref).diff
    assert diff.rows[["change", "indicator", "place", "year", "row"]].values.tolist() == [
        [CHANGED, "ELET", "NL32", 2023, 3],
        [ADDED, "ELET", "NL", 2024, 4],
    ]
    assert (len(diff.added), len(diff.changed), len(diff.removed)) == (1, 1, 0)
    assert diff_touches(diff, ref.place_country) == [
        Touch("NL", 2023, None, 3, "value", "NL32 2023"),
        Touch("NL", 2024, None, 4, "value", "NL 2024"),
    ]


def test_a_file_without_flags_keeps_the_stored_ones_and_touches_nothing(session: Session) -> None:
    """A download with flags switched off leaves an equal value's stored flag alone: it
    changes nothing, so it touches no (locked) year."""
    assert import_file(session, FIRST.read_bytes(), FIRST.name, user="t").accepted
    ref = load_observation_reference(session)
    frame = _validated(
        session, [{"indicator": "ELET", "geo": "NL", "year": 2022, "sex": "M", "value": 6.9}]
    )  # stored with flag "p"
    assert len(plan_observations(session, frame, ref, flags_known=False).diff) == 0
    flagless = plan_observations(session, frame, ref, flags_known=True).diff
    assert flagless.rows["change"].tolist() == [CHANGED]  # here the file erases the flag


# --------------------------------------------------------------------------- strategies


@pytest.fixture(scope="module")
def example() -> bytes:
    return example_strategy_bytes()


def _revised(example: bytes) -> bytes:
    wb = openpyxl.load_workbook(io.BytesIO(example))
    wb["Strategy"]["B3"] = "A new title"  # the header: of no single year
    wb["Milestones"]["D4"] = dt.datetime(2026, 3, 31)  # VSV01/M03, due in 2025 before
    wb["Budget"].delete_rows(4)  # VSV01 2022 NATIONAL
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_strategy_diff_names_elements_and_their_years(session: Session, example: bytes) -> None:
    reference = load_strategy_reference(session)
    first = parse_strategy_workbook(example, "example.xlsx", reference)
    assert not plan_strategy(session, first).unchanged
    assert import_file(session, example, "example.xlsx", user="t").accepted
    again = plan_strategy(session, first)
    assert again.unchanged and len(again.diff) == 0
    revised = parse_strategy_workbook(_revised(example), "revised.xlsx", reference)
    assert revised.problems == []
    diff = plan_strategy(session, revised).diff
    assert diff.rows[["change", "element", "key", "year"]].values.tolist() == [
        [CHANGED, "strategy", "NL", pd.NA],
        [CHANGED, "milestone", "VSV01|M03", 2025],
        [CHANGED, "milestone", "VSV01|M03", 2026],
        [REMOVED, "budget_line", "VSV01|2022|NATIONAL", 2022],
    ]
    assert diff_touches(diff) == [
        Touch("NL", 2025, "Milestones", 4, "Due date", "VSV01/M03"),
        Touch("NL", 2026, "Milestones", 4, "Due date", "VSV01/M03"),
        Touch("NL", 2022, "Budget", None, "Year", "VSV01/2022/NATIONAL"),
    ]
