"""In-place strategy edits: the upload's rules, one audit row per change, and the upload preview.

Runs on SQLite and PostgreSQL (the ``session`` fixture) with the example strategy loaded.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pathways_monitor.db.models import (
    AuditLog,
    BudgetLine,
    ImportBatch,
    Milestone,
    Objective,
    Place,
    Strategy,
)
from pathways_monitor.demo.load import example_strategy_bytes
from pathways_monitor.importers.engine import import_file
from pathways_monitor.importers.strategy_edits import (
    EditResult,
    add_milestone,
    set_budget,
    update_milestone,
)
from pathways_monitor.importers.strategy_store import preview_strategy_changes
from pathways_monitor.importers.strategy_workbook import (
    load_strategy_reference,
    parse_strategy_workbook,
)

TODAY = dt.date(2026, 11, 1)  # the example's "as of" date
EDITOR = "editor@ocw.example"


@pytest.fixture(scope="module")
def example() -> bytes:
    return example_strategy_bytes()


@pytest.fixture
def loaded(session: Session, example: bytes) -> Session:
    report = import_file(session, example, "example.xlsx", user="t")
    assert report.status == "accepted", report.problems
    return session


def _milestone(session: Session, objective: str = "VSV01", code: str = "M03") -> Milestone:
    return session.scalars(
        select(Milestone)
        .join(Objective, Objective.id == Milestone.objective_id)
        .where(Objective.code == objective, Milestone.code == code)
    ).one()


def _objective(session: Session, code: str = "VSV01") -> Objective:
    return session.scalars(select(Objective).where(Objective.code == code)).one()


def _line(session: Session, year: int, source: str) -> BudgetLine | None:
    return session.scalars(
        select(BudgetLine).where(
            BudgetLine.objective_id == _objective(session).id,
            BudgetLine.year == year,
            BudgetLine.funding_source_code == source,
        )
    ).one_or_none()


def _audit_count(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(AuditLog)) or 0)


def _only_audit(session: Session, result: EditResult) -> AuditLog:
    assert result.ok and result.audit_id is not None, result.problems
    audit = session.get(AuditLog, result.audit_id)
    assert audit is not None
    return audit


def _state(m: Milestone) -> tuple[Any, ...]:
    return (m.status, m.completed_on, m.evidence_note)


# --------------------------------------------------------------------------- valid edits


def test_update_milestone_changes_row_and_writes_one_audit_row(loaded: Session) -> None:
    session = loaded
    m = _milestone(session)
    assert _state(m) == ("delayed", None, None)
    count = _audit_count(session)
    result = update_milestone(
        session,
        m.id,
        status="completed",
        completed_on="2026-10-15",
        evidence_note="Inspection report 2026",
        actor=EDITOR,
        today=TODAY,
    )
    audit = _only_audit(session, result)
    session.commit()
    assert _state(_milestone(session)) == (
        "completed",
        dt.date(2026, 10, 15),
        "Inspection report 2026",
    )
    assert _audit_count(session) == count + 1
    assert (audit.actor, audit.action, audit.table_name) == (EDITOR, "update", "milestone")
    assert audit.row_key == "NL/v1/VSV01/M03" and audit.country_code == "NL"
    assert audit.before == {"status": "delayed", "completed_on": None, "evidence_note": None}
    assert audit.after == {
        "status": "completed",
        "completed_on": "2026-10-15",
        "evidence_note": "Inspection report 2026",
    }
    batch = session.get(ImportBatch, audit.batch_id)
    assert batch is not None
    assert (batch.kind, batch.outcome, batch.uploaded_by) == ("edit", "accepted", EDITOR)
    assert batch.file_name == "edit: milestone VSV01/M03"
    assert batch.updated == 1 and batch.country_id is not None
    assert result.row_key == "VSV01/M03"


def test_same_values_again_write_nothing(loaded: Session) -> None:
    m = _milestone(loaded)
    count = _audit_count(loaded)
    result = update_milestone(
        loaded, m.id, status="delayed", completed_on=None, evidence_note="", actor=EDITOR
    )
    assert result.ok and not result.changed
    assert _audit_count(loaded) == count


def test_status_by_dutch_label_like_the_workbook(loaded: Session) -> None:
    m = _milestone(loaded)
    result = update_milestone(
        loaded, m.id, status="In uitvoering", completed_on=None, evidence_note=None, actor=EDITOR
    )
    assert not result.ok  # "In uitvoering" is a strategy status, not a milestone status
    result = update_milestone(
        loaded, m.id, status="Bezig", completed_on=None, evidence_note=None, actor=EDITOR
    )
    assert result.ok and _milestone(loaded).status == "in_progress"


def test_add_milestone(loaded: Session) -> None:
    session = loaded
    objective = _objective(session)
    count = _audit_count(session)
    result = add_milestone(
        session,
        objective.id,
        code="M06",
        title="Follow-up evaluated in every RMC region",
        due_date="31-12-2027",
        status="not_started",
        responsible_body="OCW",
        actor=EDITOR,
        today=TODAY,
    )
    audit = _only_audit(session, result)
    session.commit()
    added = _milestone(session, "VSV01", "M06")
    assert (added.title, added.due_date, added.status) == (
        "Follow-up evaluated in every RMC region",
        dt.date(2027, 12, 31),
        "not_started",
    )
    assert _audit_count(session) == count + 1
    assert audit.action == "insert" and audit.before is None
    assert audit.after is not None and audit.after["due_date"] == "2027-12-31"
    batch = session.get(ImportBatch, audit.batch_id)
    assert batch is not None and batch.file_name == "edit: milestone VSV01/M06 (added)"


def test_set_budget_changes_then_adds_a_line(loaded: Session) -> None:
    session = loaded
    objective = _objective(session)
    line = _line(session, 2021, "ESF_PLUS")
    assert line is not None and line.planned == Decimal("9500000")
    count = _audit_count(session)
    changed = set_budget(
        session, objective.id, 2021, "ESF+", "9.600.000,00", "9199700", None, EDITOR
    )
    audit = _only_audit(session, changed)
    session.commit()
    line = _line(session, 2021, "ESF_PLUS")
    assert line is not None
    assert (line.planned, line.committed, line.spent) == (
        Decimal("9600000"),
        Decimal("9199700"),
        None,
    )
    assert audit.action == "update" and audit.table_name == "budget_line"
    assert audit.row_key == "NL/v1/VSV01/2021/ESF_PLUS"
    assert audit.before == {
        "planned": "9500000.00",
        "committed": "9199700.00",
        "spent": "7604400.00",
    }
    assert audit.after == {"planned": "9600000.00", "committed": "9199700.00", "spent": None}
    assert _line(session, 2030, "ERASMUS_PLUS") is None
    added = set_budget(session, objective.id, "2030", "ERASMUS_PLUS", 250000, None, None, EDITOR)
    audit = _only_audit(session, added)
    session.commit()
    new_line = _line(session, 2030, "ERASMUS_PLUS")
    assert new_line is not None and new_line.planned == Decimal("250000")
    assert audit.action == "insert" and audit.before is None
    assert _audit_count(session) == count + 2


# --------------------------------------------------------------------------- refused edits


@pytest.mark.parametrize(
    ("changes", "code", "field"),
    [
        ({"completed_on": "2019-05-01"}, "completion_before_start", "completed_on"),
        ({"completed_on": "2027-01-01"}, "completion_in_future", "completed_on"),
        ({"completed_on": None}, "completed_without_date", "completed_on"),
        ({"completed_on": "31-02-2026"}, "bad_date", "completed_on"),
        ({"status": "finished"}, "bad_status", "status"),
        ({"status": "delayed"}, "bad_status", "status"),  # a date but not completed
        ({"status": ""}, "missing_value", "status"),
    ],
)
def test_invalid_milestone_update_changes_nothing(
    loaded: Session, changes: dict[str, Any], code: str, field: str
) -> None:
    session = loaded
    m = _milestone(session)
    before, count = _state(m), _audit_count(session)
    values: dict[str, Any] = {"status": "completed", "completed_on": "2026-10-15"}
    values.update(changes)
    result = update_milestone(session, m.id, evidence_note="x", actor=EDITOR, today=TODAY, **values)
    assert not result.ok and result.audit_id is None
    problem = result.problem_on(field)
    assert problem is not None and problem.code == code, result.problems
    session.flush()
    session.expire_all()
    assert _state(_milestone(session)) == before
    assert _audit_count(session) == count
    assert session.scalar(select(func.count()).where(ImportBatch.kind == "edit")) == 0


def test_completion_before_start_uses_the_upload_message(loaded: Session) -> None:
    m = _milestone(loaded)
    result = update_milestone(
        loaded, m.id, status="completed", completed_on="2020-12-31", evidence_note=None, actor="a"
    )
    assert [p.message for p in result.problems] == [
        "The completion date 2020-12-31 is before the strategy period starts (2021)."
    ]


@pytest.mark.parametrize(
    ("kwargs", "code", "field"),
    [
        ({"code": "M03"}, "duplicate_milestone", "code"),
        ({"due_date": "2020-06-30"}, "milestone_before_strategy_start", "due_date"),
        ({"due_date": ""}, "missing_value", "due_date"),
        ({"title": "  "}, "missing_value", "title"),
        ({"code": "M" * 41}, "too_long", "code"),
        ({"status": "completed"}, "completed_without_date", "completed_on"),
    ],
)
def test_invalid_new_milestone_is_refused(
    loaded: Session, kwargs: dict[str, Any], code: str, field: str
) -> None:
    session = loaded
    objective = _objective(session)
    milestones = session.scalar(select(func.count()).select_from(Milestone))
    count = _audit_count(session)
    values: dict[str, Any] = {
        "code": "M07",
        "title": "Something",
        "due_date": "2027-06-30",
        "status": "not_started",
    }
    values.update(kwargs)
    result = add_milestone(session, objective.id, actor=EDITOR, today=TODAY, **values)
    problem = result.problem_on(field)
    assert not result.ok and problem is not None and problem.code == code, result.problems
    session.flush()
    assert session.scalar(select(func.count()).select_from(Milestone)) == milestones
    assert _audit_count(session) == count


@pytest.mark.parametrize(
    ("args", "code", "field"),
    [
        ((2025, "NATIONAL", "-5", None, None), "negative_amount", "planned"),
        ((2025, "NATIONAL", "1000", "veel", None), "bad_number", "committed"),
        ((1999, "NATIONAL", "1000", None, None), "bad_year", "year"),
        (("2101", "NATIONAL", "1000", None, None), "bad_year", "year"),
        ((2025, "ESF", "1000", None, None), "unknown_funding_source", "funding_source"),
        ((2025, "NATIONAL", None, "", None), "missing_value", "planned"),
    ],
)
def test_invalid_budget_figure_is_refused(
    loaded: Session, args: tuple[Any, ...], code: str, field: str
) -> None:
    session = loaded
    objective = _objective(session)
    line = _line(session, 2025, "NATIONAL")
    assert line is not None
    before = (line.planned, line.committed, line.spent)
    lines = session.scalar(select(func.count()).select_from(BudgetLine))
    count = _audit_count(session)
    result = set_budget(session, objective.id, *args, EDITOR)
    problem = result.problem_on(field)
    assert not result.ok and problem is not None and problem.code == code, result.problems
    session.flush()
    session.expire_all()
    line = _line(session, 2025, "NATIONAL")
    assert line is not None and (line.planned, line.committed, line.spent) == before
    assert session.scalar(select(func.count()).select_from(BudgetLine)) == lines
    assert _audit_count(session) == count


def test_negative_amount_message_is_the_uploads(loaded: Session) -> None:
    result = set_budget(loaded, _objective(loaded).id, 2025, "NATIONAL", "-1", None, None, "a")
    assert [(p.code, p.message) for p in result.problems] == [
        ("negative_amount", "Amounts cannot be negative.")
    ]


def test_other_country_and_old_versions_are_refused(loaded: Session) -> None:
    session = loaded
    m = _milestone(session)
    result = update_milestone(
        session,
        m.id,
        status="in_progress",
        completed_on=None,
        evidence_note=None,
        actor=EDITOR,
        allowed_countries=frozenset({"BE"}),
    )
    assert not result.ok and result.problems[0].code == "forbidden_country"
    nothing = set_budget(
        session,
        _objective(session).id,
        2025,
        "NATIONAL",
        "1",
        None,
        None,
        EDITOR,
        allowed_countries=frozenset(),
    )
    assert not nothing.ok and nothing.problems[0].code == "forbidden_country"
    # A newer version makes version 1 read-only.
    v1 = session.scalars(select(Strategy)).one()
    nl = session.scalars(select(Place).where(Place.code == "NL")).one()
    session.add(
        Strategy(
            country_id=nl.id,
            version=2,
            title="v2",
            period_start=2021,
            period_end=2030,
            status="adopted",
        )
    )
    session.flush()
    old = update_milestone(
        session, m.id, status="in_progress", completed_on=None, evidence_note=None, actor=EDITOR
    )
    assert not old.ok and old.problems[0].code == "not_current_version"
    assert v1.version == 1
    session.rollback()


# --------------------------------------------------------------------------- the upload preview


def test_reupload_dry_run_lists_the_edits_it_would_overwrite(
    loaded: Session, example: bytes
) -> None:
    session = loaded
    m = _milestone(session)
    objective = _objective(session)
    assert update_milestone(
        session,
        m.id,
        status="completed",
        completed_on="2026-10-15",
        evidence_note="Inspection report 2026",
        actor=EDITOR,
        today=TODAY,
    ).ok
    assert set_budget(session, objective.id, 2021, "ESF_PLUS", "9600000", None, None, EDITOR).ok
    assert add_milestone(
        session,
        objective.id,
        code="M06",
        title="Extra step",
        due_date="2027-06-30",
        status="not_started",
        actor=EDITOR,
    ).ok
    session.commit()
    report = import_file(session, example, "example.xlsx", user="t", dry_run=True)
    assert report.status == "accepted" and report.dry_run
    overwrites = [c for c in report.changes if c["kind"] == "overwrites_edit"]
    by_field = {(c["row_key"], c["field"]): c for c in overwrites}
    status = by_field[("VSV01/M03", "status")]
    assert status["table"] == "milestone"
    assert (status["edited_value"], status["upload_value"]) == ("completed", "delayed")
    assert status["edited_by"] == EDITOR and status["edited_at"]
    assert by_field[("VSV01/M03", "completed_on")]["edited_value"] == "2026-10-15"
    assert by_field[("VSV01/M03", "evidence_note")]["upload_value"] is None
    planned = by_field[("VSV01/2021/ESF_PLUS", "planned")]
    assert (planned["edited_value"], planned["upload_value"]) == ("9600000.00", "9500000.00")
    # committed and spent were cleared by the edit and differ from the upload too
    assert ("VSV01/2021/ESF_PLUS", "committed") in by_field
    removed = by_field[("VSV01/M06", None)]
    assert removed["change"] == "removes_edited_row"
    assert removed["edited_value"]["title"] == "Extra step"
    # the ordinary diff is still there, after the overwritten edits
    assert report.changes[: len(overwrites)] == overwrites
    assert any(c["kind"] == "milestone" and c["change"] == "status_changed" for c in report.changes)
    # the pure preview says the same
    parsed = parse_strategy_workbook(example, "example.xlsx", load_strategy_reference(session))
    assert preview_strategy_changes(session, parsed) == report.changes
    # the dry run wrote nothing: the edit is still in place
    assert _milestone(session).status == "completed"


def test_upload_matching_the_edit_overwrites_nothing(loaded: Session, example: bytes) -> None:
    session = loaded
    m = _milestone(session, "VSV01", "M01")  # completed 2022-03-27 in the workbook
    assert update_milestone(
        session,
        m.id,
        status="completed",
        completed_on="2022-03-27",
        evidence_note="Progress report 2022, annex B",
        actor=EDITOR,
        today=TODAY,
    ).ok
    session.commit()
    report = import_file(session, example, "example.xlsx", user="t", dry_run=True)
    overwrites = [c for c in report.changes if c["kind"] == "overwrites_edit"]
    assert [(c["row_key"], c["field"]) for c in overwrites] == [("VSV01/M01", "evidence_note")]


def test_edits_of_an_older_version_are_not_listed(loaded: Session, example: bytes) -> None:
    session = loaded
    m = _milestone(session)
    assert update_milestone(
        session, m.id, status="in_progress", completed_on=None, evidence_note=None, actor=EDITOR
    ).ok
    session.commit()
    accepted = import_file(session, example, "example.xlsx", user="t")
    assert accepted.status == "accepted" and accepted.inserted  # version 2 = the workbook again
    assert any(c["kind"] == "overwrites_edit" for c in accepted.changes)
    again = import_file(session, example, "example.xlsx", user="t", dry_run=True)
    assert again.changes == []
