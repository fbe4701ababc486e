"""Audit log page, approvals page callbacks and the append-only rule (issue 6).

Callbacks are called as plain functions inside a Flask request context with
``flask.g.pathways_user`` set, as the real app does after sign-in.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import flask
import openpyxl
import pandas as pd
import pytest
from dash import Dash
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from pathways_monitor.core.access import Principal
from pathways_monitor.db import queries_audit as q
from pathways_monitor.db.models import AuditLog, ImportBatch, Place
from pathways_monitor.db.models_workflow import ReportingPeriod
from pathways_monitor.importers.engine import import_file
from pathways_monitor.workflow import periods as wf
from tests.conftest import FIXTURES, REPO

DATA = FIXTURES / "workflow"
ADMIN = Principal(1, "admin@example.org", "admin")
EDITOR_NL = Principal(2, "editor.nl@example.org", "national_editor", country_code="NL")
EDITOR_NL2 = Principal(3, "second.nl@example.org", "national_editor", country_code="NL")
EDITOR_BE = Principal(4, "editor.be@example.org", "national_editor", country_code="BE")
COORD_NL32 = Principal(5, "coord@example.org", "regional_coordinator", region_code="NL32")
VIEWER_NL = Principal(6, "viewer@example.org", "viewer", country_code="NL")
VIEWER = Principal(7, "viewer2@example.org", "viewer")


@pytest.fixture
def app(sqlite_engine: Engine) -> Dash:
    from pathways_monitor.core.settings import Settings
    from pathways_monitor.web.app import create_app

    return create_app(Settings(database_url=sqlite_engine.url.render_as_string(False)))


@pytest.fixture
def world(sqlite_engine: Engine) -> Engine:
    """NL data (one upload), one approval cycle, a BE audit row and a row found via its batch."""
    with Session(sqlite_engine) as s:
        path = DATA / "nl_elet_2022_2023.csv"
        assert import_file(s, path.read_bytes(), path.name, user="uploader@example.org").accepted
        wf.submit(s, EDITOR_NL, "NL", 2023)
        s.commit()
        nl_id = s.scalar(select(Place.id).where(Place.code == "NL"))
        batch = ImportBatch(
            file_name="edit: budget",
            checksum="d" * 64,
            kind="edit",
            uploaded_by='=HYPERLINK("http://evil")',
            outcome="accepted",
            problems=[],
            country_id=nl_id,
        )
        s.add(batch)
        s.flush()
        s.add_all(
            [
                AuditLog(
                    actor='=HYPERLINK("http://evil")',
                    action="update",
                    table_name="budget_line",
                    row_key="VSV01/2025/ESF_PLUS",
                    before={"planned": "1.00"},
                    after={"planned": "2.00"},
                    batch_id=batch.id,
                    country_code=None,  # found through its batch's country
                ),
                AuditLog(
                    actor="editor.be@example.org",
                    action="insert",
                    table_name="observation",
                    row_key="batch:0",
                    after={"file": "be.csv"},
                    country_code="BE",
                ),
            ]
        )
        s.commit()
    return sqlite_engine


def _walk(tree: Any) -> Iterator[Any]:
    stack = [tree]
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, list | tuple):
            stack.extend(node)
        elif hasattr(node, "children"):
            stack.append(node.children)


def _text(tree: Any) -> str:
    return " ".join(n for n in _walk(tree) if isinstance(n, str))


def _ids(tree: Any) -> list[Any]:
    return [getattr(n, "id", None) for n in _walk(tree) if getattr(n, "id", None) is not None]


# --------------------------------------------------------------------------- queries


def test_compact_diff() -> None:
    assert q.compact_diff({"a": 1, "b": 2}, {"a": 1, "b": 3}) == "b: 2 → 3"
    assert q.compact_diff(None, {"x": "y"}) == "x: y"
    assert q.compact_diff({"s": "draft"}, {"s": "submitted", "transition": "submit"}) == (
        "s: draft → submitted"
    )
    stamp = q.compact_diff({}, {"at": "2026-11-23T03:57:28.504752+00:00"})
    assert stamp == "at: – → 2026-11-23 03:57"
    assert len(q.compact_diff(None, {"t": "x" * 1000})) == q.MAX_DIFF_CHARS


def test_audit_rows_of_a_country_include_rows_of_its_batches(world: Engine) -> None:
    with Session(world) as s:
        nl = q.audit_rows(s, "NL")
        everything = q.audit_rows(s, None)
        tables, actors = q.audit_filters(s, "NL")
        periods = q.audit_rows(s, "NL", table="reporting_period")
        by_user = q.audit_rows(s, "NL", actor=EDITOR_NL.email)
    assert len(everything) == len(nl) + 1  # the BE row
    assert set(nl["table_name"]) == {"observation", "reporting_period", "budget_line"}
    assert "BE" not in set(nl["country_code"].dropna())
    assert nl["at"].is_monotonic_decreasing  # newest first
    assert nl.loc[nl["table_name"] == "observation", "file_name"].tolist() == [
        "nl_elet_2022_2023.csv"
    ]
    assert tables == ["budget_line", "observation", "reporting_period"]
    assert "editor.be@example.org" not in actors
    assert periods["row_key"].tolist() == ["NL/2023"]
    assert by_user["table_name"].tolist() == ["reporting_period"]


# --------------------------------------------------------------------------- audit page


@pytest.mark.parametrize(
    ("user", "geo", "expected"),
    [
        (None, "NL", (None, "sign_in_needed")),
        (ADMIN, "BE", ("BE", None)),
        (ADMIN, None, (None, None)),
        (EDITOR_NL, None, ("NL", None)),
        (EDITOR_NL, "BE", (None, "not_yours")),
        (COORD_NL32, "NL", ("NL", None)),
        (VIEWER_NL, "nl", ("NL", None)),
        (VIEWER, "NL", (None, "no_country")),
    ],
)
def test_who_sees_which_audit_log(
    app: Dash, user: Principal | None, geo: str | None, expected: Any
) -> None:
    from pathways_monitor.web.dashboard.audit import page as audit

    assert audit.visible_country(user, geo) == expected


def test_audit_page_callbacks_per_user(app: Dash, world: Engine) -> None:
    from pathways_monitor.web.dashboard.audit import page as audit

    with app.server.test_request_context("/audit"):
        flask.g.pathways_user = None
        body = audit.render_body("NL", None, None, "en")
        assert "signed-in users only" in _text(body[0])
        assert audit.export_bytes("NL", None, None, "en", "csv") is None

        flask.g.pathways_user = EDITOR_BE
        refused = audit.render_body("NL", None, None, "nl")
        assert "niet die van NL" in _text(refused[0])
        assert audit.export_bytes("NL", None, None, "en", "xlsx") is None

        flask.g.pathways_user = EDITOR_NL
        body, tables, _, actors, _, _ = audit.render_body("NL", None, None, "en")
        grid = next(n for n in _walk(body) if getattr(n, "id", None) == audit.GRID)
        assert {r["table_name"] for r in grid.rowData} == {
            "observation",
            "reporting_period",
            "budget_line",
        }
        submitted = next(r for r in grid.rowData if r["table_name"] == "reporting_period")
        assert submitted["action"] == "submitted" and submitted["row_key"] == "NL/2023"
        assert "status: draft → submitted" in submitted["diff"]
        assert {o["value"] for o in tables} == {"budget_line", "observation", "reporting_period"}
        assert EDITOR_NL.email in {o["value"] for o in actors}
        only = audit.render_body("NL", "observation", None, "en")[0]
        grid = next(n for n in _walk(only) if getattr(n, "id", None) == audit.GRID)
        assert [r["file_name"] for r in grid.rowData] == ["nl_elet_2022_2023.csv"]

        flask.g.pathways_user = ADMIN
        body = audit.render_body(audit.ALL, None, None, "en")[0]
        grid = next(n for n in _walk(body) if getattr(n, "id", None) == audit.GRID)
        assert "BE" in {r["country_code"] for r in grid.rowData}


def test_audit_exports_parse_back_and_are_formula_safe(app: Dash, world: Engine) -> None:
    from pathways_monitor.web.dashboard.audit import page as audit

    with app.server.test_request_context("/audit"):
        flask.g.pathways_user = EDITOR_NL
        xlsx = audit.export_bytes("NL", None, None, "en", "xlsx")
        csv = audit.export_bytes("NL", None, None, "nl", "csv")
    assert xlsx is not None and csv is not None
    assert xlsx[1].startswith("pathways_audit_NL_") and xlsx[1].endswith(".xlsx")
    with Session(world) as s:
        expected = len(q.audit_rows(s, "NL", limit=None))
    sheet = pd.read_excel(io.BytesIO(xlsx[0]), sheet_name="Audit log", engine="openpyxl")
    assert len(sheet) == expected
    assert {"When (UTC)", "Who", "Change", "Before (JSON)", "After (JSON)", "File"} <= set(sheet)
    assert '\'=HYPERLINK("http://evil")' in sheet["Who"].tolist()
    wb = openpyxl.load_workbook(io.BytesIO(xlsx[0]))
    assert wb.sheetnames == ["Audit log", "About"]
    assert all(c.data_type != "f" for row in wb["Audit log"].iter_rows() for c in row)
    frame = pd.read_csv(io.BytesIO(csv[0]), encoding="utf-8-sig")
    assert len(frame) == expected and "Wie" in frame.columns
    assert not frame["Wie"].astype(str).str.startswith("=").any()


# --------------------------------------------------------------------------- approvals page


def _buttons(tree: Any) -> list[tuple[str, int]]:
    return sorted(
        (i["action"], i["year"])
        for i in _ids(tree)
        if isinstance(i, dict) and i.get("type") == "approvals-act"
    )


def test_approvals_page_shows_buttons_only_to_users_who_may_act(app: Dash, world: Engine) -> None:
    from pathways_monitor.web.dashboard.approvals import page as approvals

    with app.server.test_request_context("/approvals?geo=NL"):
        flask.g.pathways_user = None
        table, _ = approvals.render_table("NL", "en", 0)
        assert _buttons(table) == [] and "Sign in" in _text(table)
        for user in (EDITOR_BE, COORD_NL32, VIEWER):
            flask.g.pathways_user = user
            assert _buttons(approvals.render_table("NL", "en", 0)[0]) == []
        flask.g.pathways_user = EDITOR_NL  # submitted 2023 themselves: may only submit 2022
        table, geo = approvals.render_table(None, "nl", 0)
        assert geo == "NL" and _buttons(table) == [("submit", 2022)]
        assert "✉ Ingediend, wacht op goedkeuring" in _text(table)
        flask.g.pathways_user = EDITOR_NL2
        assert _buttons(approvals.render_table("NL", "en", 0)[0]) == [
            ("approve", 2023),
            ("submit", 2022),
        ]
        flask.g.pathways_user = ADMIN
        unknown = approvals.render_table("XY", "en", 0)[0]
        assert "Unknown country" in _text(unknown)


def _period_rows(engine: Engine) -> list[tuple[int, str]]:
    with Session(engine) as s:
        rows = s.execute(select(ReportingPeriod.year, ReportingPeriod.status)).all()
        return sorted((int(y), str(st)) for y, st in rows)


def _audit_count(engine: Engine) -> int:
    with Session(engine) as s:
        return int(s.scalar(select(func.count()).select_from(AuditLog)) or 0)


def test_approvals_callbacks_enforce_rules_on_the_server(
    app: Dash, world: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A crafted request (a button the page never showed) is refused and changes nothing."""
    from pathways_monitor.web.dashboard.approvals import page as approvals

    def click(action: str, year: int, reason: str | None = None) -> Any:
        monkeypatch.setattr(approvals, "_trigger", lambda: {"action": action, "year": year})
        reasons = [reason] if reason is not None else []
        ids = [{"type": approvals.REASON, "year": year}] if reason is not None else []
        return approvals.on_action([1], reasons, ids, "NL", 4, "en")

    with app.server.test_request_context("/approvals?geo=NL"):
        before = (_period_rows(world), _audit_count(world))
        for user in (None, EDITOR_BE, COORD_NL32, VIEWER_NL):
            flask.g.pathways_user = user
            message, refresh = click("approve", 2023)
            assert message.color == "danger" and "Refused" in _text(message)
            assert refresh == 5
        flask.g.pathways_user = EDITOR_NL
        message, _ = click("approve", 2023)
        assert "you submitted NL 2023 yourself" in _text(message)
        assert (_period_rows(world), _audit_count(world)) == before

        flask.g.pathways_user = EDITOR_NL2
        message, _ = click("approve", 2023)
        assert message.color == "success" and "locked" in _text(message)
        assert _period_rows(world) == [(2023, "approved")]
        message, _ = click("reopen", 2023, "  ")
        assert "give a reason" in _text(message)
        assert _period_rows(world) == [(2023, "approved")]
        message, _ = click("reopen", 2023, "CBS revision")
        assert message.color == "success"
        assert _period_rows(world) == [(2023, "draft")]
        assert _audit_count(world) == before[1] + 2
        monkeypatch.setattr(approvals, "_trigger", lambda: None)
        assert approvals.on_action([None], [], [], "NL", 0, "en")[1] is not None  # no_update


# --------------------------------------------------------------------------- append-only


WRITE_PATTERNS = (
    re.compile(r"\bUPDATE\s+audit_log\b", re.IGNORECASE),
    re.compile(r"\bDELETE\s+FROM\s+audit_log\b", re.IGNORECASE),
    re.compile(r"\b(update|delete)\(\s*AuditLog\b"),
    re.compile(r"\bTRUNCATE\b[^\n]*\baudit_log\b", re.IGNORECASE),
)


def test_no_code_updates_or_deletes_audit_rows() -> None:
    """Only the test fixtures may empty the table; the app never rewrites history."""
    offenders: list[str] = []
    files = [*(REPO / "pathways_monitor").rglob("*.py"), REPO / "app.py"]
    for path in files:
        text = path.read_text(encoding="utf-8")
        for pattern in WRITE_PATTERNS:
            offenders += [f"{path.relative_to(REPO)}: {m.group(0)}" for m in pattern.finditer(text)]
    assert offenders == []
    assert any(Path(REPO / "pathways_monitor" / "workflow" / "periods.py") == f for f in files)
