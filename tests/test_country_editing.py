"""Country page editing: the callbacks refuse invalid edits in place and store valid ones.

The callbacks are called as plain functions inside the Flask app context, on a migrated SQLite
store holding the example strategy; what they return is checked together with the database.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from pathways_monitor.db.models import AuditLog, BudgetLine, ImportBatch, Milestone, Objective
from pathways_monitor.demo.load import example_strategy_bytes
from pathways_monitor.importers.engine import import_file
from pathways_monitor.web.dashboard.country import editing as ce
from tests.test_country_page import all_text, by_id, walk

MS_FIELDS = ce.FIELDS[ce.FORM_MS]
BUD_FIELDS = ce.FIELDS[ce.FORM_BUD]
ADD_FIELDS = ce.FIELDS[ce.FORM_ADD]


@pytest.fixture
def store(sqlite_engine: Engine) -> Engine:
    with Session(sqlite_engine) as session:
        report = import_file(session, example_strategy_bytes(), "example.xlsx", user="t")
        assert report.status == "accepted"
    return sqlite_engine


@pytest.fixture
def app(store: Engine) -> Any:
    from pathways_monitor.core.settings import Settings
    from pathways_monitor.web.app import create_app

    return create_app(Settings(database_url=str(store.url)))


EDITOR = "editor@ocw.example"


@pytest.fixture
def ctx(app: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """A request of a signed-in national editor for NL (accounts as ``auth.web`` sees them)."""
    from pathways_monitor.core.access import Principal
    from pathways_monitor.web.auth import web
    from pathways_monitor.web.auth.config import AuthSettings

    app.server.config.setdefault(web.AUTH_SETTINGS_KEY, AuthSettings())
    editor = Principal(7, EDITOR, "national_editor", country_code="NL")
    monkeypatch.setattr(web, "current_user", lambda: editor)
    with app.server.test_request_context("/country?geo=NL"):
        yield app


def _milestone_id(engine: Engine, objective: str = "VSV01", code: str = "M03") -> int:
    with Session(engine) as s:
        return int(
            s.scalar(
                select(Milestone.id)
                .join(Objective, Objective.id == Milestone.objective_id)
                .where(Objective.code == objective, Milestone.code == code)
            )
            or 0
        )


def _objective_id(engine: Engine, code: str = "VSV01") -> int:
    with Session(engine) as s:
        return int(s.scalar(select(Objective.id).where(Objective.code == code)) or 0)


def _milestone_state(engine: Engine, milestone_id: int) -> tuple[Any, ...]:
    with Session(engine) as s:
        m = s.get(Milestone, milestone_id)
        assert m is not None
        return (m.status, m.completed_on, m.evidence_note)


def _audit_count(engine: Engine) -> int:
    with Session(engine) as s:
        return int(s.scalar(select(func.count()).select_from(AuditLog)) or 0)


def _split(form: str, out: list[Any]) -> dict[str, Any]:
    """Name the outputs of a save callback."""
    n = len(ce.FIELDS[form])
    return {
        "open": out[0],
        "invalid": dict(zip(ce.FIELDS[form], out[1 : 1 + n], strict=True)),
        "feedback": dict(zip(ce.FIELDS[form], out[1 + n : 1 + 2 * n], strict=True)),
        "alert": out[1 + 2 * n],
        "alert_open": out[2 + 2 * n],
        "saved": out[3 + 2 * n],
        "notice": out[4 + 2 * n],
        "notice_open": out[5 + 2 * n],
        "notice_color": out[6 + 2 * n],
    }


# --------------------------------------------------------------------------- identity


def test_identity_without_accounts_follows_the_mode(ctx: Any) -> None:
    from pathways_monitor.core.settings import Settings
    from pathways_monitor.web.auth import web
    from pathways_monitor.web.context import SETTINGS_KEY

    assert ce.edit_identity() == (EDITOR, frozenset({"NL"}))
    ctx.server.config.pop(web.AUTH_SETTINGS_KEY)  # accounts not wired in
    assert ce.edit_identity() == ("web", None)
    ctx.server.config[SETTINGS_KEY] = Settings(
        database_url=ctx.server.config[SETTINGS_KEY].database_url,
        mode="production",
        secret_key="a-production-signing-key-of-40-characters!",
    )
    assert ce.edit_identity() == ("web", frozenset())


@pytest.mark.parametrize(
    ("role", "country", "expected"),
    [
        ("admin", None, None),
        ("national_editor", "NL", frozenset({"NL"})),
        ("regional_coordinator", None, frozenset()),
        ("viewer", None, frozenset()),
    ],
)
def test_identity_with_accounts(
    ctx: Any,
    monkeypatch: pytest.MonkeyPatch,
    role: str,
    country: str | None,
    expected: frozenset[str] | None,
) -> None:
    from pathways_monitor.core.access import Principal
    from pathways_monitor.web.auth import web

    user = Principal(1, "someone@example.eu", role, country_code=country)
    monkeypatch.setattr(web, "current_user", lambda: user)
    assert ce.edit_identity() == ("someone@example.eu", expected)
    monkeypatch.setattr(web, "current_user", lambda: None)
    assert ce.edit_identity() == ("anonymous", frozenset())


# --------------------------------------------------------------------------- layout and list


def test_country_layout_has_the_edit_controls(ctx: Any) -> None:
    from pathways_monitor.web.dashboard.country import page as country

    tree = country.layout(geo="NL")
    all_ids = [str(c.id) for c in walk(tree) if getattr(c, "id", None) is not None]
    assert len(all_ids) == len(set(all_ids)), "duplicate component ids"
    for component_id in (ce.SAVED, ce.MS_TOOLBAR, ce.BUD_TOOLBAR, ce.ADD_OPEN, ce.BUD_OPEN):
        by_id(tree, component_id)
    for form in ce.FIELDS:
        modal = by_id(tree, ce.modal_id(form))
        assert modal.is_open is False and modal.labelledby == ce.title_id(form)
        for field in ce.FIELDS[form]:
            label = by_id(modal, ce.label_id(form, field))
            assert label.html_for == ce.fid(form, field)  # every control is labelled
            by_id(modal, ce.feedback_id(form, field))
    texts = ce.translate_editing("nl")
    assert "Mijlpaal toevoegen" in texts[0]


def test_edit_list_has_one_edit_button_per_filtered_milestone(ctx: Any, store: Engine) -> None:
    toolbar_hidden, budget_hidden, table, note = ce.render_edit_controls(
        "en", "NL", None, 0, ["VSV01"], [], []
    )
    assert not toolbar_hidden and not budget_hidden and note is None
    buttons = [c for c in walk(table) if isinstance(getattr(c, "id", None), dict)]
    with Session(store) as s:
        expected = set(
            s.scalars(
                select(Milestone.id)
                .join(Objective, Objective.id == Milestone.objective_id)
                .where(Objective.code == "VSV01")
            )
        )
    assert {b.id["index"] for b in buttons} == expected
    assert all(b.id["type"] == ce.EDIT_BUTTON for b in buttons)
    assert "Edit milestone VSV01/M03" in [getattr(b, "aria-label", None) for b in buttons]
    assert "⚠" in all_text(table)  # M03 is late: icon and text, not colour alone


def test_edit_tools_hidden_for_users_who_may_not_edit(
    ctx: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ce, "edit_identity", lambda: ("v@example.eu", frozenset()))
    assert ce.render_edit_controls("en", "NL", None, 0, [], [], [])[:2] == (True, True)
    monkeypatch.setattr(ce, "edit_identity", lambda: ("e@example.eu", frozenset({"BE"})))
    assert ce.render_edit_controls("en", "NL", None, 0, [], [], [])[:2] == (True, True)
    monkeypatch.setattr(ce, "edit_identity", lambda: ("e@example.eu", frozenset({"NL"})))
    assert ce.render_edit_controls("en", "NL", None, 0, [], [], [])[:2] == (False, False)


def test_open_milestone_fills_the_stored_values(ctx: Any, store: Engine) -> None:
    mid = _milestone_id(store, "VSV01", "M01")
    out = ce.open_milestone(mid, "nl")
    assert out[0] is True and out[1] == mid
    assert out[2] == "Mijlpaal VSV01/M01 bijwerken"
    assert out[4:7] == ["completed", "2022-03-27", "Illustrative: progress report 2022"]


# --------------------------------------------------------------------------- saving


def test_invalid_milestone_edit_is_refused_in_place(ctx: Any, store: Engine) -> None:
    mid = _milestone_id(store)
    before, audits = _milestone_state(store, mid), _audit_count(store)
    out = _split(
        ce.FORM_MS,
        ce.save_milestone(1, mid, "completed", "2020-05-01", "report", "en", 0),
    )
    assert out["open"] is True  # the dialog stays open
    assert out["invalid"] == {"status": False, "completed_on": True, "evidence_note": False}
    assert out["feedback"]["completed_on"] == (
        "The completion date 2020-05-01 is before the strategy period starts (2021)."
    )
    assert out["alert_open"] and "Not saved" in all_text(out["alert"])
    assert out["saved"] is ce.no_update and out["notice_open"] is ce.no_update
    assert _milestone_state(store, mid) == before
    assert _audit_count(store) == audits


def test_dutch_message_for_a_completed_milestone_without_date(ctx: Any, store: Engine) -> None:
    mid = _milestone_id(store)
    out = _split(ce.FORM_MS, ce.save_milestone(1, mid, "completed", "", None, "nl", 0))
    assert out["feedback"]["completed_on"] == (
        "De mijlpaal is afgerond: vul de datum van afronding in."
    )


def test_valid_milestone_edit_is_stored_and_refreshes(ctx: Any, store: Engine) -> None:
    from pathways_monitor.web.dashboard.country import page as country

    mid = _milestone_id(store)
    late_before = all_text(country.render_headline("en", "NL"))
    out = _split(
        ce.FORM_MS,
        ce.save_milestone(1, mid, "completed", "2026-10-15", "Inspection report", "en", 4),
    )
    assert out["open"] is False and out["alert_open"] is False
    assert out["saved"] == 5 and out["notice_open"] is True
    assert "VSV01/M03" in out["notice"]
    assert _milestone_state(store, mid)[0] == "completed"
    with Session(store) as s:
        audit = s.scalars(select(AuditLog).order_by(AuditLog.id.desc())).first()
        assert audit is not None
        assert (audit.actor, audit.table_name, audit.row_key) == (
            EDITOR,
            "milestone",
            "NL/v1/VSV01/M03",
        )
        batch = s.get(ImportBatch, audit.batch_id)
        assert batch is not None and batch.kind == "edit"
    # the refreshed sections no longer call M03 late
    body = country.render_milestones("en", "NL", None, [], ["late"], [], out["saved"])[0]
    assert "VSV01/M03" not in all_text(body)
    assert late_before != all_text(country.render_headline("en", "NL", out["saved"]))


def test_budget_edits(ctx: Any, store: Engine) -> None:
    oid = _objective_id(store)
    audits = _audit_count(store)
    refused = _split(
        ce.FORM_BUD, ce.save_budget(1, str(oid), "2025", "NATIONAL", "-100", "", "", "en", 0)
    )
    assert refused["open"] is True and refused["invalid"]["planned"] is True
    assert refused["feedback"]["planned"] == "Amounts cannot be negative."
    dutch = _split(
        ce.FORM_BUD, ce.save_budget(1, str(oid), "1999", "NATIONAL", "abc", "", "", "nl", 0)
    )
    assert dutch["feedback"]["year"] == "Geen jaar tussen 2000 en 2100."
    assert dutch["feedback"]["planned"] == "Geen bedrag in euro, bijv. 1250000 of 1.250.000,00."
    # no objective chosen: said in place, and the other fields are still checked
    blank = _split(ce.FORM_BUD, ce.save_budget(1, "", "2025", "ESF_PLUS", "-5", "", "", "en", 0))
    assert blank["invalid"]["objective"] and blank["invalid"]["planned"]
    assert blank["feedback"]["objective"] == "Choose an objective of the current strategy."
    assert _audit_count(store) == audits
    accepted = _split(
        ce.FORM_BUD,
        ce.save_budget(1, str(oid), "2030", "ESF_PLUS", "1.250.000,00", "", "", "en", 0),
    )
    assert accepted["open"] is False and accepted["saved"] == 1
    assert accepted["notice_color"] == "success"
    same = _split(
        ce.FORM_BUD,
        ce.save_budget(1, str(oid), "2030", "ESF_PLUS", "1250000", None, None, "en", 1),
    )
    assert same["open"] is False and same["saved"] is ce.no_update
    assert same["notice_color"] == "info" and "Nothing changed" in same["notice"]
    with Session(store) as s:
        line = s.scalars(
            select(BudgetLine).where(
                BudgetLine.objective_id == oid,
                BudgetLine.year == 2030,
                BudgetLine.funding_source_code == "ESF_PLUS",
            )
        ).one()
        assert str(line.planned) in ("1250000.00", "1250000")
    planned, committed, spent, hint = ce.prefill_budget(str(oid), "2030", "ESF_PLUS", "en")
    assert (planned, committed, spent) == ("1250000", "", "")
    assert "This line exists" in hint
    assert ce.prefill_budget(str(oid), "2031", "ESF_PLUS", "en")[3].startswith("No line")


def test_add_milestone_from_the_page(ctx: Any, store: Engine) -> None:
    oid = _objective_id(store)
    values = [str(oid), "M03", "Duplicate", "2027-05-01", "not_started", "", "", ""]
    refused = _split(ce.FORM_ADD, ce.save_new_milestone(1, *values, "en", 0))
    assert refused["invalid"]["code"] is True
    assert "already exists" in refused["feedback"]["code"]
    no_objective = _split(ce.FORM_ADD, ce.save_new_milestone(1, "", *values[1:], "en", 0))
    assert no_objective["invalid"]["objective"] is True
    values[1] = "M09"
    accepted = _split(ce.FORM_ADD, ce.save_new_milestone(1, *values, "en", 0))
    assert accepted["open"] is False and "M09" in accepted["notice"]
    assert _milestone_id(store, "VSV01", "M09") > 0


def test_server_refuses_a_country_the_user_may_not_edit(
    ctx: Any, store: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ce, "edit_identity", lambda: ("be@example.eu", frozenset({"BE"})))
    mid = _milestone_id(store)
    before, audits = _milestone_state(store, mid), _audit_count(store)
    out = _split(ce.FORM_MS, ce.save_milestone(1, mid, "in_progress", "", None, "en", 0))
    assert out["open"] is True and out["alert_open"] is True
    assert "You may not change the strategy of NL." in all_text(out["alert"])
    assert _milestone_state(store, mid) == before and _audit_count(store) == audits


def test_anonymous_visitor_sees_no_tools_and_is_refused(app: Any, store: Engine) -> None:
    from pathways_monitor.web.auth import web
    from pathways_monitor.web.auth.config import AuthSettings

    app.server.config.setdefault(web.AUTH_SETTINGS_KEY, AuthSettings())
    mid = _milestone_id(store)
    before, audits = _milestone_state(store, mid), _audit_count(store)
    with app.server.test_request_context("/country?geo=NL"):
        assert ce.edit_identity() == ("anonymous", frozenset())
        assert ce.render_edit_controls("en", "NL", None, 0, [], [], [])[:2] == (True, True)
        out = _split(ce.FORM_MS, ce.save_milestone(1, mid, "in_progress", "", None, "en", 0))
    assert out["open"] is True and "You may not change" in all_text(out["alert"])
    assert _milestone_state(store, mid) == before and _audit_count(store) == audits
