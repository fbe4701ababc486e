"""Import history: the batches are listed and filtered, a batch shows the values it changed
(before -> set by it -> now) and how many it added, a strategy batch its version and audit rows,
and the download holds the same rows."""

from __future__ import annotations

import base64
import io
from pathlib import Path
from typing import Any

import dash
import openpyxl
import pandas as pd
from dash import Dash
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from pathways_monitor.db import queries_imports as q
from pathways_monitor.demo.load import DATA_DIR
from pathways_monitor.importers.engine import import_file
from pathways_monitor.web.dashboard.common import import_report as view

TSV = DATA_DIR / "edat_lfse_14.tsv"
STRATEGY = Path(__file__).resolve().parent / "fixtures" / "strategy" / "ministry_style_nl.xlsx"
AT_1995_F = "A,F,POP,Y18-24,PC,AT\t: \t: \t: \t17.3 "


def changed_tsv(value: str) -> bytes:
    text = TSV.read_text(encoding="utf-8")
    out = text.replace(AT_1995_F, AT_1995_F.replace("17.3", value))
    assert out != text
    return out.encode("utf-8")


def three_batches(session: Session) -> tuple[int, int, int]:
    """The original file, a file changing one value, and a file changing it again."""
    ids = []
    for data in (TSV.read_bytes(), changed_tsv("17.9"), changed_tsv("18.1")):
        report = import_file(session, data, "edat_lfse_14.tsv", user="tester")
        assert report.accepted and report.batch_id is not None
        ids.append(report.batch_id)
    return ids[0], ids[1], ids[2]


def test_revisions_show_before_set_and_now(session: Session) -> None:
    first, second, third = three_batches(session)
    frame = q.revisions(session, second)
    assert len(frame) == 1
    row = frame.iloc[0]
    assert (row["indicator"], row["geo"], int(row["year"]), row["sex"]) == ("ELET", "AT", 1995, "F")
    assert (row["previous_value"], row["set_value"], row["current_value"]) == (17.3, 17.9, 18.1)
    assert row["changed_by"] == "tester"
    latest = q.revisions(session, third).iloc[0]
    assert (latest["previous_value"], latest["set_value"]) == (17.9, 18.1)
    assert q.revisions(session, first).empty
    # The first batch still carries every value but the one changed later.
    assert q.carrying_count(session, first) == 3008
    assert q.carrying_count(session, third) == 1


def test_batches_filter_by_country_and_kind(session: Session) -> None:
    three_batches(session)
    report = import_file(session, STRATEGY.read_bytes(), STRATEGY.name, user="tester")
    assert report.accepted, report.problems
    everything = q.batches(session)
    assert list(everything["kind"]) == ["strategy", "eurostat", "eurostat", "eurostat"]
    assert list(q.batches(session, kind="eurostat")["id"]) == list(everything["id"][1:])
    assert list(q.batches(session, country="NL")["kind"]) == ["strategy"]
    countries, kinds = q.batch_filters(session)
    assert [c[0] for c in countries] == ["NL"] and kinds == ["eurostat", "strategy"]


def test_strategy_batch_shows_version_and_audit(session: Session) -> None:
    report = import_file(session, STRATEGY.read_bytes(), STRATEGY.name, user="tester")
    assert report.batch_id is not None
    detail = q.batch_detail(session, report.batch_id)
    assert detail is not None and detail.strategy is not None
    assert (detail.strategy.country, detail.strategy.version) == ("NL", 1)
    assert detail.revisions.empty
    assert not detail.audit.empty
    assert set(detail.audit["action"]) <= {"insert", "update", "delete"}
    assert "strategy" in set(detail.audit["table"])
    assert q.batch_detail(session, 999_999) is None


# --------------------------------------------------------------------------- the page


def _app(engine: Engine) -> Dash:
    from pathways_monitor.core.settings import Settings
    from pathways_monitor.web.app import create_app

    return create_app(Settings(database_url=engine.url.render_as_string(False)))


def _text(tree: Any) -> str:
    parts: list[str] = []
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, str):
            parts.append(node)
        elif isinstance(node, list | tuple):
            stack.extend(node)
        elif node is not None and hasattr(node, "children"):
            stack.append(node.children)
    return " ".join(parts)


def _file_store(tree: Any) -> Any:
    """The check's store (file index 0) in an upload answer."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, list | tuple):
            stack.extend(node)
        elif node is not None and not isinstance(node, str):
            if getattr(node, "id", None) == {"type": view.FILE_STORE, "index": 0}:
                return node
            stack.append(getattr(node, "children", None))
    raise AssertionError("no file store in the answer")


def test_history_page_lists_the_upload_and_the_revision_it_caused(
    sqlite_engine: Engine,
) -> None:
    """Through the upload page's callbacks: import, import a changed value, see it in history."""
    app = _app(sqlite_engine)
    import flask

    from pathways_monitor.core.access import Principal
    from pathways_monitor.web.dashboard.imports import page as imports
    from pathways_monitor.web.dashboard.upload import page as upload

    with app.server.test_request_context("/upload"):
        flask.g.pathways_user = Principal(user_id=1, email="web", role="admin")
        for data in (TSV.read_bytes(), changed_tsv("17.9")):
            url = "data:;base64," + base64.b64encode(data).decode()
            tree = upload.on_upload([url], "en", ["edat_lfse_14.tsv"])
            upload.confirm_file(_file_store(tree).data, "en")
        listing = imports.update_list(None, "eurostat", "en", None)
        grid = listing[0]
        assert [r["uploaded_by"] for r in grid.rowData] == ["web", "web"]
        newest = grid.rowData[0]
        assert (newest["kind"], newest["updated"], newest["outcome"]) == (
            "Eurostat file",
            1,
            "✓ accepted",
        )
        assert imports.on_select([newest], None) == newest["id"]
        detail = imports.render_detail(newest["id"], "nl")
        sent = imports.download_batch(1, newest["id"], "en")
    revisions = next(c for c in detail if getattr(c, "id", None) == "imports-revisions")
    assert revisions.rowData == [
        {
            "indicator": "ELET",
            "geo": "AT",
            "year": 1995,
            "breakdown": "Vrouwen",
            "previous_value": 17.3,
            "previous_flag": "",
            "set_value": 17.9,
            "set_flag": "",
            "current_value": 17.9,
            "current_flag": "",
        }
    ]
    assert "Waarden die het wijzigde (1)" in _text(detail)
    wb = openpyxl.load_workbook(io.BytesIO(base64.b64decode(sent["content"])))
    rows = list(wb.worksheets[0].iter_rows(values_only=True))
    assert rows[0][:4] == ("Indicator", "Place", "Year", "Breakdown")
    assert rows[1][:6] == ("ELET", "AT", 1995, "Females", 17.3, None)
    assert wb.sheetnames[1] == "About"


def test_history_page_selection_in_url_and_unknown_batch(sqlite_engine: Engine) -> None:
    app = _app(sqlite_engine)
    from pathways_monitor.web.dashboard.imports import page as imports

    assert imports.build_search("NL", "strategy", 12, None) == "?country=NL&kind=strategy&batch=12"
    assert imports.build_search(None, None, None, None) == ""
    assert imports.batch_id("abc") is None and imports.batch_id("7") == 7
    with app.server.app_context():
        assert "Import batch 42 does not exist." in _text(imports.render_detail(42, "en"))
        assert "No imports match" in _text(imports.update_list("NL", None, "en", None))
        controls = imports.render_controls("en", "NL", None)
    assert "Import history" in _text(controls[0])
    # A country from a shared address stays choosable even before it has batches.
    assert controls[2] == [{"label": "NL", "value": "NL"}]
    assert imports.on_select({"ids": ["5"]}, None) == 5
    assert imports.on_select([], 5) is dash.no_update


def test_batch_rows_and_export_frame_are_language_aware() -> None:
    frame = pd.DataFrame(
        [
            {
                "id": 3,
                "created_at": pd.Timestamp("2025-03-04 10:20:30"),
                "uploaded_by": "web",
                "file_name": "a.csv",
                "kind": "indicators",
                "format": "long_csv",
                "rows": 2,
                "inserted": 2,
                "updated": 0,
                "unchanged": 0,
                "outcome": "accepted",
                "country": None,
            }
        ]
    )
    (row,) = view.batch_rows(frame, "nl")
    assert row["created_at"] == "04-03-2025 10:20 UTC"
    assert (row["kind"], row["country"], row["outcome"]) == (
        "Indicatorbestand",
        "–",
        "✓ geaccepteerd",
    )
    audit = pd.DataFrame(
        [
            {
                "id": 1,
                "at": None,
                "actor": "x",
                "table": "milestone",
                "row_key": "M1",
                "action": "update",
                "before": '{"status": "a"}',
                "after": '{"status": "b"}',
            }
        ]
    )
    export = view.batch_export_frame(pd.DataFrame(columns=q.REVISION_COLUMNS), audit, "en")
    assert list(export.columns) == ["Table", "Row", "Action", "Before", "After"]
    assert export.iloc[0].tolist() == [
        "milestone",
        "M1",
        "changed",
        '{"status": "a"}',
        '{"status": "b"}',
    ]


def test_uploaders_are_shown_only_as_the_audit_log_shows_people(sqlite_engine: Engine) -> None:
    """Anonymous visitors see the history but no addresses; an NL editor sees NL uploaders only;
    an administrator sees all; the list download follows the same rule."""
    import flask

    from pathways_monitor.core.access import Principal
    from pathways_monitor.web.dashboard.imports import page as imports

    app = _app(sqlite_engine)
    frame = pd.DataFrame(
        [
            [
                1,
                None,
                "editor@nl.example",
                "a.csv",
                "indicators",
                "csv",
                3,
                3,
                0,
                0,
                "accepted",
                "NL",
            ],
            [
                2,
                None,
                "editor@be.example",
                "b.csv",
                "indicators",
                "csv",
                3,
                3,
                0,
                0,
                "accepted",
                "BE",
            ],
            [3, None, "admin@example.eu", "c.tsv", "eurostat", "tsv", 9, 9, 0, 0, "accepted", None],
        ],
        columns=q.BATCH_COLUMNS,
    )
    nl_editor = Principal(user_id=2, email="e", role="national_editor", country_code="NL")
    nl_coordinator = Principal(
        user_id=3, email="c", role="regional_coordinator", region_code="NL32"
    )
    admin = Principal(user_id=1, email="a", role="admin")

    def shown(user: Principal | None) -> list[str]:
        return list(imports.hide_uploaders(frame, user, "en")["uploaded_by"])

    assert shown(None) == ["(hidden)"] * 3
    assert shown(nl_editor) == ["editor@nl.example", "(hidden)", "(hidden)"]
    assert shown(nl_coordinator) == ["editor@nl.example", "(hidden)", "(hidden)"]
    assert shown(admin) == ["editor@nl.example", "editor@be.example", "admin@example.eu"]
    assert imports.hide_uploader({"uploaded_by": "x@y", "country": "BE"}, nl_editor, "nl") == {
        "uploaded_by": "(verborgen)",
        "country": "BE",
    }

    with Session(sqlite_engine) as session:
        three_batches(session)
    with app.server.test_request_context("/imports"):
        flask.g.pathways_user = None
        listing = imports.update_list(None, None, "en", None)
        data, _ = imports.list_xlsx(None, None, "en")
        assert "shown to signed-in users" in _text(listing[0])
        assert {r["uploaded_by"] for r in listing[1].rowData} == {"(hidden)"}
        detail = _text(imports.render_detail(listing[1].rowData[0]["id"], "en"))
        assert "tester" not in detail and "(hidden)" in detail
        sheet = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
        assert "tester" not in {c for row in sheet.iter_rows(values_only=True) for c in row}
    with app.server.test_request_context("/imports"):
        flask.g.pathways_user = admin
        listing = imports.update_list(None, None, "en", None)
        assert {r["uploaded_by"] for r in listing[0].rowData} == {"tester"}


def test_history_page_lists_running_and_finished_work(sqlite_engine: Engine) -> None:
    """A check and an import made through the upload page, and a job whose worker died, as the
    history lists them; the list's tick runs only while something waits or runs."""
    import datetime as dt

    import flask
    from sqlalchemy import update

    from pathways_monitor.core.access import UNRESTRICTED, Principal
    from pathways_monitor.db.models_jobs import Job
    from pathways_monitor.jobs import records
    from pathways_monitor.web.dashboard.imports import jobs as running
    from pathways_monitor.web.dashboard.imports import page as imports
    from pathways_monitor.web.dashboard.upload import page as upload

    app = _app(sqlite_engine)
    with app.server.test_request_context("/upload"):
        flask.g.pathways_user = Principal(user_id=1, email="web@example.eu", role="admin")
        tree = upload.on_upload(
            ["data:;base64," + base64.b64encode(TSV.read_bytes()).decode()], "en", ["t.tsv"]
        )
        upload.confirm_file(_file_store(tree).data, "en")
        dead = records.create_import_job(
            sqlite_engine,
            b"x",
            "dead.csv",
            requested_by="web@example.eu",
            scope=UNRESTRICTED,
            dry_run=True,
        )
        records.claim(sqlite_engine, dead, "gone")
        with Session(sqlite_engine) as s:
            old = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
            s.execute(update(Job).where(Job.id == dead).values(heartbeat_at=old, started_at=old))
            s.commit()
        children, stopped = imports.refresh_jobs(1, "en")
        section = running.section(records.recent_jobs(sqlite_engine), flask.g.pathways_user, "en")
    grid = next(c for c in _walk(children) if getattr(c, "id", None) == running.GRID)
    by_file = {r["file"]: r for r in grid.rowData}
    assert by_file["dead.csv"]["state"] == "Failed"  # its worker stopped: interrupted
    rows = [r for r in grid.rowData if r["file"] == "t.tsv"]
    assert [r["what"] for r in rows] == ["Import", "Check"]  # newest first
    assert rows[0]["state"] == "Finished" and rows[0]["outcome"].startswith("✓ Accepted")
    assert "3,009 stored" in rows[0]["outcome"] and "batch 1" in rows[0]["outcome"]
    assert "0 stored" in rows[1]["outcome"]  # a check stores nothing
    assert rows[0]["by"] == "web@example.eu"
    assert stopped is True  # nothing runs: the tick stops
    assert section.children[0].disabled is True


def _walk(tree: Any) -> list[Any]:
    out, stack = [], [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, list | tuple):
            stack.extend(node)
        elif node is not None and not isinstance(node, str):
            out.append(node)
            stack.append(getattr(node, "children", None))
    return out
