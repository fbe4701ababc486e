"""Approval workflow (issue 6): transitions, who may make them, and locked years refusing writes.

Runs on SQLite and PostgreSQL (the ``session`` fixture) except the CLI test (a SQLite file).
"""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from pathways_monitor.cli.main import main
from pathways_monitor.core.access import Principal
from pathways_monitor.db.models import (
    AuditLog,
    BudgetLine,
    ImportBatch,
    Milestone,
    Objective,
    Observation,
    ObservationRevision,
    Strategy,
)
from pathways_monitor.db.models_workflow import AuditLogIsAppendOnly, ReportingPeriod
from pathways_monitor.demo.load import example_strategy_bytes
from pathways_monitor.importers.engine import import_file
from pathways_monitor.importers.strategy_edits import add_milestone, set_budget, update_milestone
from pathways_monitor.workflow import periods as wf
from tests.conftest import FIXTURES

DATA = FIXTURES / "workflow"
FIRST = DATA / "nl_elet_2022_2023.csv"
REVISED = DATA / "nl_elet_2023_revised.csv"
LATER = DATA / "nl_elet_2024.csv"
REOPEN_HINT = "ask an administrator or national editor of NL to reopen 2023 on the Approvals page"

ADMIN = Principal(1, "admin@example.org", "admin")
EDITOR_NL = Principal(2, "editor.nl@example.org", "national_editor", country_code="NL")
EDITOR_NL2 = Principal(3, "second.nl@example.org", "national_editor", country_code="NL")
EDITOR_BE = Principal(4, "editor.be@example.org", "national_editor", country_code="BE")
COORD_NL32 = Principal(5, "coord@example.org", "regional_coordinator", region_code="NL32")
VIEWER = Principal(6, "viewer@example.org", "viewer")
USERS = {
    "admin": ADMIN,
    "editor_nl": EDITOR_NL,
    "editor_be": EDITOR_BE,
    "coordinator_nl32": COORD_NL32,
    "viewer": VIEWER,
    "anonymous": None,
}


def _load(session: Session, path: Path = FIRST) -> None:
    report = import_file(session, path.read_bytes(), path.name, user="t")
    assert report.status == "accepted", report.problems


def _counts(session: Session) -> tuple[int, ...]:
    models = (Observation, ObservationRevision, ImportBatch, AuditLog, ReportingPeriod, Strategy)
    return tuple(int(session.scalar(select(func.count()).select_from(m)) or 0) for m in models)


def _values(session: Session) -> list[tuple[int, int, float | None, str | None]]:
    return sorted(
        session.execute(
            select(Observation.place_id, Observation.year, Observation.value, Observation.flag)
        ).all()
    )


@pytest.fixture
def loaded(session: Session) -> Session:
    _load(session)
    return session


def _lock_2023(session: Session) -> None:
    wf.submit(session, EDITOR_NL, "NL", 2023)
    wf.approve(session, EDITOR_NL2, "NL", 2023)
    session.commit()


# --------------------------------------------------------------------------- transitions


def test_period_without_row_is_a_draft_and_years_come_from_the_data(loaded: Session) -> None:
    periods = wf.country_periods(loaded, "NL")
    assert [(p.year, p.status) for p in periods] == [(2023, "draft"), (2022, "draft")]
    assert wf.period_state(loaded, "NL", 2030).status == "draft"
    assert wf.country_periods(loaded, "BE") == []


def test_full_cycle_writes_one_audit_row_per_transition(loaded: Session) -> None:
    t0 = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)
    state = wf.submit(loaded, EDITOR_NL, "nl", 2023, now=t0)
    assert (state.status, state.submitted_by, state.submitted_at) == (
        "submitted",
        EDITOR_NL.email,
        t0,
    )
    state = wf.approve(loaded, EDITOR_NL2, "NL", 2023, now=t0 + dt.timedelta(days=1))
    assert state.locked and state.approved_by == EDITOR_NL2.email
    state = wf.reopen(loaded, ADMIN, "NL", 2023, "  CBS revised 2023  ")
    assert (state.status, state.reopened_by, state.note) == (
        "draft",
        ADMIN.email,
        "CBS revised 2023",
    )
    assert state.submitted_by is None and state.approved_by is None
    loaded.commit()
    rows = loaded.scalars(
        select(AuditLog).where(AuditLog.table_name == "reporting_period").order_by(AuditLog.id)
    ).all()
    assert [(r.actor, r.action, r.row_key, r.country_code) for r in rows] == [
        (EDITOR_NL.email, "insert", "NL/2023", "NL"),
        (EDITOR_NL2.email, "update", "NL/2023", "NL"),
        (ADMIN.email, "update", "NL/2023", "NL"),
    ]
    assert [(r.before["status"], r.after["status"], r.after["transition"]) for r in rows] == [
        ("draft", "submitted", "submit"),
        ("submitted", "approved", "approve"),
        ("approved", "draft", "reopen"),
    ]
    assert rows[1].after["approved_by"] == EDITOR_NL2.email
    assert rows[2].after["note"] == "CBS revised 2023"


SUBMIT_ALLOWED = {"admin", "editor_nl"}


@pytest.mark.parametrize("who", sorted(USERS))
def test_submit_permission_matrix(loaded: Session, who: str) -> None:
    user = USERS[who]
    before = _counts(loaded)
    if who in SUBMIT_ALLOWED:
        assert wf.submit(loaded, user, "NL", 2023).status == "submitted"
        assert wf.may_submit(user, "NL")
    else:
        assert not wf.may_submit(user, "NL")
        with pytest.raises(wf.TransitionRefused) as refused:
            wf.submit(loaded, user, "NL", 2023)
        assert refused.value.code == "forbidden"
        loaded.rollback()
        assert _counts(loaded) == before


# editor_nl submitted: approving their own submission is refused (four eyes), unless admin.
APPROVE_EXPECTED = {
    "admin": None,
    "editor_nl": "same_person",
    "editor_be": "forbidden",
    "coordinator_nl32": "forbidden",
    "viewer": "forbidden",
    "anonymous": "forbidden",
}


@pytest.mark.parametrize("who", sorted(USERS))
def test_approve_permission_matrix(loaded: Session, who: str) -> None:
    wf.submit(loaded, EDITOR_NL, "NL", 2023)
    loaded.commit()
    before = _counts(loaded)
    expected = APPROVE_EXPECTED[who]
    if expected is None:
        assert wf.approve(loaded, USERS[who], "NL", 2023).locked
    else:
        with pytest.raises(wf.TransitionRefused) as refused:
            wf.approve(loaded, USERS[who], "NL", 2023)
        assert refused.value.code == expected
        loaded.rollback()
        assert _counts(loaded) == before
        assert wf.period_state(loaded, "NL", 2023).status == "submitted"


def test_other_editor_of_the_country_may_approve_and_admin_may_approve_own(loaded: Session) -> None:
    wf.submit(loaded, EDITOR_NL, "NL", 2023)
    assert wf.approve(loaded, EDITOR_NL2, "NL", 2023).locked
    wf.submit(loaded, ADMIN, "NL", 2022)
    assert wf.approve(loaded, ADMIN, "NL", 2022).locked


@pytest.mark.parametrize("who", sorted(USERS))
def test_reopen_permission_matrix(loaded: Session, who: str) -> None:
    _lock_2023(loaded)
    before = _counts(loaded)
    if who in SUBMIT_ALLOWED:
        assert wf.reopen(loaded, USERS[who], "NL", 2023, "typo").status == "draft"
    else:
        with pytest.raises(wf.TransitionRefused) as refused:
            wf.reopen(loaded, USERS[who], "NL", 2023, "typo")
        assert refused.value.code == "forbidden"
        loaded.rollback()
        assert _counts(loaded) == before


def test_wrong_order_and_missing_reason_are_refused(loaded: Session) -> None:
    cases = [
        (lambda: wf.approve(loaded, ADMIN, "NL", 2023), "wrong_status"),
        (lambda: wf.reopen(loaded, ADMIN, "NL", 2023, "x"), "wrong_status"),
        (lambda: wf.submit(loaded, ADMIN, "XX", 2023), "unknown_country"),
        (lambda: wf.submit(loaded, ADMIN, "NL", "20x3"), "bad_year"),
    ]
    for call, code in cases:
        with pytest.raises(wf.TransitionRefused) as refused:
            call()
        assert refused.value.code == code
    wf.submit(loaded, ADMIN, "NL", 2023)
    with pytest.raises(wf.TransitionRefused) as again:
        wf.submit(loaded, ADMIN, "NL", 2023)
    assert again.value.code == "wrong_status"
    wf.approve(loaded, ADMIN, "NL", 2023)
    with pytest.raises(wf.TransitionRefused) as no_reason:
        wf.reopen(loaded, ADMIN, "NL", 2023, "   ")
    assert no_reason.value.code == "reason_required"
    assert wf.period_state(loaded, "NL", 2023).locked


def test_allowed_actions_follow_status_and_person(loaded: Session) -> None:
    draft = wf.period_state(loaded, "NL", 2023)
    assert wf.allowed_actions(EDITOR_NL, draft) == ("submit",)
    assert wf.allowed_actions(VIEWER, draft) == ()
    submitted = wf.submit(loaded, EDITOR_NL, "NL", 2023)
    assert wf.allowed_actions(EDITOR_NL, submitted) == ()
    assert wf.allowed_actions(EDITOR_NL2, submitted) == ("approve",)
    assert wf.allowed_actions(EDITOR_BE, submitted) == ()
    approved = wf.approve(loaded, ADMIN, "NL", 2023)
    assert wf.allowed_actions(EDITOR_NL, approved) == ("reopen",)
    assert wf.allowed_actions(COORD_NL32, approved) == ()


# --------------------------------------------------------------------------- locked imports


def test_locked_year_refuses_a_changing_import_and_nothing_is_written(loaded: Session) -> None:
    _lock_2023(loaded)
    before, values = _counts(loaded), _values(loaded)
    report = import_file(loaded, REVISED.read_bytes(), REVISED.name, user="t")
    assert report.status == "rejected"
    locked = [p for p in report.problems if p.code == "period_locked"]
    # NL 2023 and its region NL32 2023 changed; the unchanged 2022 row is no problem.
    assert [(p.row, p.column, p.value) for p in locked] == [
        (3, "value", "NL 2023"),
        (4, "value", "NL32 2023"),
    ]
    message = locked[0].message
    assert REOPEN_HINT in message and EDITOR_NL2.email in message
    assert dt.date.today().isoformat() in message
    assert _counts(loaded) == before and _values(loaded) == values


def test_other_years_and_unchanged_rows_still_import(loaded: Session) -> None:
    _lock_2023(loaded)
    again = import_file(loaded, FIRST.read_bytes(), "same_again.csv", user="t")
    assert again.status == "accepted" and again.unchanged == 5
    later = import_file(loaded, LATER.read_bytes(), LATER.name, user="t")
    assert later.status == "accepted", later.problems
    assert later.inserted == 2 and later.unchanged == 2


def test_dry_run_tells_about_the_lock_too(loaded: Session) -> None:
    _lock_2023(loaded)
    report = import_file(loaded, REVISED.read_bytes(), REVISED.name, user="t", dry_run=True)
    assert report.status == "rejected" and report.errors[0].code == "period_locked"


def test_reopen_then_import_works(loaded: Session) -> None:
    _lock_2023(loaded)
    assert import_file(loaded, REVISED.read_bytes(), REVISED.name, user="t").status == "rejected"
    wf.reopen(loaded, EDITOR_NL, "NL", 2023, "CBS revised its 2023 figures")
    loaded.commit()
    report = import_file(loaded, REVISED.read_bytes(), REVISED.name, user="t")
    assert report.status == "accepted" and report.updated == 2


def test_locked_problems_accepts_pairs_and_caps_rows(loaded: Session) -> None:
    assert wf.locked_problems(loaded, [("NL", 2023)]) == []
    _lock_2023(loaded)
    found = wf.locked_problems(loaded, [("nl", 2023), ("NL", 2022), ("BE", 2023)])
    assert [(p.code, p.value) for p in found] == [("period_locked", "NL 2023")]
    many = [wf.Touch("NL", 2023, "Budget", row, "Year") for row in range(2, 40)]
    assert len(wf.locked_problems(loaded, many)) == wf.MAX_ROWS_PER_PERIOD


@pytest.fixture
def db_url(sqlite_engine: Engine, monkeypatch: pytest.MonkeyPatch) -> str:
    url = sqlite_engine.url.render_as_string(hide_password=False)
    monkeypatch.setenv("DATABASE_URL", url)
    return url


def test_cli_import_into_locked_year_exits_2(
    db_url: str, sqlite_engine: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import", str(FIRST), "--json"]) == 0
    with Session(sqlite_engine) as s:
        _lock_2023(s)
        before = _counts(s)
    capsys.readouterr()
    assert main(["import", str(REVISED), "--json"]) == 2
    out = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert out["status"] == "rejected"
    assert {p["code"] for p in out["problems"]} == {"period_locked"}
    assert REOPEN_HINT in out["problems"][0]["message"]
    with Session(sqlite_engine) as s:
        assert _counts(s) == before
    assert main(["import", str(LATER), "--json"]) == 0


# --------------------------------------------------------------------------- locked strategies


@pytest.fixture(scope="module")
def example() -> bytes:
    return example_strategy_bytes()


@pytest.fixture
def with_strategy(session: Session, example: bytes) -> Session:
    report = import_file(session, example, "example.xlsx", user="t")
    assert report.status == "accepted", report.problems
    return session


def _edited_workbook(example: bytes, year: int) -> tuple[bytes, int]:
    """The example with the first budget line of ``year`` raised by 1 000 EUR; its Excel row."""
    wb = openpyxl.load_workbook(io.BytesIO(example))
    ws = wb["Budget"]
    for row in ws.iter_rows(min_row=2):
        if row[1].value == year:
            row[3].value = (row[3].value or 0) + 1000
            found = row[0].row
            break
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue(), found


def test_strategy_upload_changing_a_locked_years_budget_is_refused(
    with_strategy: Session, example: bytes
) -> None:
    session = with_strategy
    _lock_2023(session)
    before = _counts(session)
    data, row = _edited_workbook(example, 2023)
    report = import_file(session, data, "strategy_2023.xlsx", user="t")
    assert report.status == "rejected"
    assert [(p.code, p.sheet, p.row, p.column) for p in report.errors] == [
        ("period_locked", "Budget", row, "Year")
    ]
    assert REOPEN_HINT in report.errors[0].message
    assert _counts(session) == before
    # The same workbook again (nothing changed in 2023) and a change in 2027 are fine.
    assert import_file(session, example, "same.xlsx", user="t").status == "accepted"
    data, _ = _edited_workbook(example, 2027)
    assert import_file(session, data, "strategy_2027.xlsx", user="t").status == "accepted"


def _objective(session: Session, code: str = "VSV01") -> Objective:
    return session.scalars(select(Objective).where(Objective.code == code)).one()


def test_in_place_edits_of_a_locked_year_are_refused(with_strategy: Session) -> None:
    session = with_strategy
    _lock_2023(session)
    before = _counts(session)
    m02 = session.scalars(
        select(Milestone).where(
            Milestone.objective_id == _objective(session).id, Milestone.code == "M02"
        )
    ).one()
    assert m02.due_date.year == 2023
    edit = update_milestone(
        session,
        m02.id,
        status="completed",
        completed_on="2023-12-01",
        evidence_note="moved",
        actor=EDITOR_NL.email,
        today=dt.date(2026, 11, 1),
    )
    assert not edit.ok and edit.problems[0].code == "period_locked"
    assert REOPEN_HINT in edit.problems[0].message
    added = add_milestone(
        session,
        _objective(session).id,
        code="M99",
        title="Late addition",
        due_date="2023-06-30",
        status="not_started",
        actor=EDITOR_NL.email,
        today=dt.date(2026, 11, 1),
    )
    assert not added.ok and added.problem_on("due_date") is not None
    money = set_budget(session, _objective(session).id, 2023, "NATIONAL", "1", None, None, "e")
    assert not money.ok and money.problem_on("year").code == "period_locked"  # type: ignore[union-attr]
    session.rollback()
    assert _counts(session) == before
    ok = set_budget(session, _objective(session).id, 2027, "NATIONAL", "1", None, None, "e")
    assert ok.ok and ok.changed
    line = session.scalars(
        select(BudgetLine).where(
            BudgetLine.year == 2027, BudgetLine.funding_source_code == "NATIONAL"
        )
    ).first()
    assert line is not None


# --------------------------------------------------------------------------- append-only audit


def test_orm_refuses_to_change_or_delete_audit_rows(loaded: Session) -> None:
    from sqlalchemy import delete, update

    row = loaded.scalars(select(AuditLog)).first()
    assert row is not None
    row.actor = "someone else"
    with pytest.raises(AuditLogIsAppendOnly):
        loaded.flush()
    loaded.rollback()
    loaded.delete(loaded.scalars(select(AuditLog)).first())
    with pytest.raises(AuditLogIsAppendOnly):
        loaded.flush()
    loaded.rollback()
    for statement in (update(AuditLog).values(actor="x"), delete(AuditLog)):
        with pytest.raises(AuditLogIsAppendOnly):
            loaded.execute(statement)
        loaded.rollback()
    assert loaded.scalar(select(func.count()).select_from(AuditLog)) == 1
