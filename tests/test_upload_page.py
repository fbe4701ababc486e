"""Upload page: the dry run shows the check and writes nothing, confirming writes, a broken file
shows its problems (row and column) and writes nothing, the problems download parses back to the
same problems, and the builders say status with icon and text."""

from __future__ import annotations

import base64
import io
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from dash import Dash
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from pathways_monitor.core.settings import Settings
from pathways_monitor.db.models import ImportBatch, Observation
from pathways_monitor.db.models_jobs import Job
from pathways_monitor.demo.load import DATA_DIR
from pathways_monitor.importers.problems import ImportReport, Problem
from pathways_monitor.web.dashboard.common import import_report as view

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "upload"
TSV = DATA_DIR / "edat_lfse_14.tsv"


def data_url(path: Path, mime: str = "text/tab-separated-values") -> str:
    return f"data:{mime};base64," + base64.b64encode(path.read_bytes()).decode("ascii")


def counts(engine: Engine) -> tuple[int, int]:
    with Session(engine) as s:
        return (
            int(s.scalar(select(func.count()).select_from(Observation)) or 0),
            int(s.scalar(select(func.count()).select_from(ImportBatch)) or 0),
        )


def walk(component: Any) -> Iterator[Any]:
    """Every component in a Dash tree (children lists and single children)."""
    if isinstance(component, list | tuple):
        for item in component:
            yield from walk(item)
        return
    yield component
    children = getattr(component, "children", None)
    if isinstance(children, list | tuple):
        for child in children:
            yield from walk(child)
    elif children is not None and not isinstance(children, str | int | float):
        yield from walk(children)


def find(tree: Any, kind: str) -> list[Any]:
    return [c for c in walk(tree) if type(c).__name__ == kind]


def by_type(tree: Any, type_name: str) -> list[Any]:
    return [
        c
        for c in walk(tree)
        if isinstance(getattr(c, "id", None), dict) and c.id.get("type") == type_name
    ]


def text_of(tree: Any) -> str:
    parts: list[str] = []
    for c in walk(tree):
        if isinstance(c, str):
            parts.append(c)
        children = getattr(c, "children", None)
        if isinstance(children, str):
            parts.append(children)
    return " ".join(parts)


@contextmanager
def as_user(app: Dash, role: str | None = "admin") -> Iterator[None]:
    """A request context with a signed-in user of ``role`` (None: anonymous)."""
    import flask

    from pathways_monitor.core.access import Principal

    with app.server.test_request_context("/upload"):
        flask.g.pathways_user = (
            None if role is None else Principal(user_id=1, email="editor@example.org", role=role)
        )
        yield


@pytest.fixture
def app(sqlite_engine: Engine) -> Dash:
    from pathways_monitor.web.app import create_app

    return create_app(Settings(database_url=sqlite_engine.url.render_as_string(False)))


def test_dry_run_shows_accepted_and_preview_and_writes_nothing(
    app: Dash, sqlite_engine: Engine
) -> None:
    from pathways_monitor.web.dashboard.upload import page as upload

    before = counts(sqlite_engine)
    with as_user(app):
        tree = upload.on_upload([data_url(TSV)], "en", ["edat_lfse_14.tsv"])
    assert counts(sqlite_engine) == before
    text = text_of(tree)
    assert "✓ Accepted" in text and "Eurostat file" in text and "eurostat_tsv" in text
    assert "3,009 new value(s), 0 changed, 0 unchanged." in text
    assert "⚠" in text  # the skipped-series warning is shown but does not block
    (confirm,) = by_type(tree, view.CONFIRM)
    assert confirm.disabled is False
    (store,) = by_type(tree, view.FILE_STORE)
    # The browser keeps the check's job id; the bytes stay on the server with the job.
    with Session(sqlite_engine) as s:
        assert s.get(Job, store.data["check_job"]).payload == TSV.read_bytes()


def test_confirm_writes_and_links_to_history(app: Dash, sqlite_engine: Engine) -> None:
    from pathways_monitor.web.dashboard.upload import page as upload

    with as_user(app):
        tree = upload.on_upload([data_url(TSV)], "nl", ["edat_lfse_14.tsv"])
        (store,) = by_type(tree, view.FILE_STORE)
        alert, disabled = upload.on_confirm(1, store.data, "nl")
    assert disabled is True
    observations, batches = counts(sqlite_engine)
    assert observations == 3009 and batches == 1
    with Session(sqlite_engine) as s:
        batch = s.scalars(select(ImportBatch)).one()
    assert batch.uploaded_by == "editor@example.org" and batch.outcome == "accepted"
    text = text_of(alert)
    assert f"Geïmporteerd als batch {batch.id}: 3.009 nieuw" in text
    (link,) = find(alert, "Link")
    assert link.href == f"/imports?batch={batch.id}"

    # The same file again: the check says nothing would change and confirming is not offered.
    with as_user(app):
        again = upload.on_upload([data_url(TSV)], "en", ["edat_lfse_14.tsv"])
    assert "Nothing would change" in text_of(again)
    assert by_type(again, view.CONFIRM)[0].disabled is True


def test_changed_value_preview_shows_old_and_new(app: Dash, sqlite_engine: Engine) -> None:
    from pathways_monitor.web.dashboard.upload import page as upload

    original = TSV.read_text(encoding="utf-8")
    changed = original.replace(
        "A,F,POP,Y18-24,PC,AT\t: \t: \t: \t17.3 ", "A,F,POP,Y18-24,PC,AT\t: \t: \t: \t17.9 "
    )
    assert changed != original
    url = "data:;base64," + base64.b64encode(changed.encode("utf-8")).decode("ascii")
    with as_user(app):
        (store,) = by_type(upload.on_upload([data_url(TSV)], "en", ["x.tsv"]), view.FILE_STORE)
        upload.confirm_file(store.data, "en")
        tree = upload.on_upload([url], "en", ["edat_lfse_14.tsv"])
    assert "0 new value(s), 1 changed, 3,008 unchanged." in text_of(tree)
    grids = by_type(tree, "upload-preview-grid")
    assert grids[0].rowData == [
        {
            "indicator": "ELET",
            "geo": "AT",
            "year": 1995,
            "breakdown": "Females",
            "old_value": 17.3,
            "old_flag": "",
            "new_value": 17.9,
            "new_flag": "",
        }
    ]


def test_broken_csv_shows_problems_and_writes_nothing(app: Dash, sqlite_engine: Engine) -> None:
    from pathways_monitor.web.dashboard.upload import page as upload

    before = counts(sqlite_engine)
    path = FIXTURES / "broken_indicators.csv"
    with as_user(app):
        tree = upload.on_upload([data_url(path, "text/csv")], "en", [path.name])
        (store,) = by_type(tree, view.FILE_STORE)
        # Even a forced confirmation of a rejected file writes nothing.
        assert store.data["check_job"] == ""
        assert upload.confirm_file(store.data, "en")[1] is True
    assert counts(sqlite_engine) == before
    assert "✗ Rejected" in text_of(tree)
    assert by_type(tree, view.CONFIRM)[0].disabled is True
    (grid,) = by_type(tree, view.PROBLEMS_GRID)
    where = {(r["code"], r["row"], r["column"], r["value"]) for r in grid.rowData}
    assert ("unknown_place", 3, "geo", "XX") in where
    assert ("percentage_out_of_range", 4, "value", "150.0") in where
    assert all(r["severity"] == "✗ Error" for r in grid.rowData)


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("figures.pdf", b"%PDF-1.4 something", "unsupported_format"),
        ("book.xlsx", b"PK\x03\x04 not really a zip", "corrupt_workbook"),
        ("locked.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "encrypted_workbook"),
        ("empty.csv", b"", "empty_file"),
    ],
)
def test_bad_files_are_problems_like_any_other(
    app: Dash, sqlite_engine: Engine, name: str, content: bytes, code: str
) -> None:
    from pathways_monitor.web.dashboard.upload import page as upload

    url = "data:application/octet-stream;base64," + base64.b64encode(content).decode()
    with as_user(app):
        tree = upload.on_upload([url], "en", [name])
    (grid,) = by_type(tree, view.PROBLEMS_GRID)
    assert [r["code"] for r in grid.rowData] == [code]
    assert "✗ Rejected" in text_of(tree)
    assert counts(sqlite_engine) == (0, 0)


def test_too_large_uses_the_configured_limit(sqlite_engine: Engine) -> None:
    from pathways_monitor.web.app import create_app
    from pathways_monitor.web.dashboard.upload import page as upload

    small = create_app(
        Settings(database_url=sqlite_engine.url.render_as_string(False), max_upload_bytes=1024)
    )
    with as_user(small):
        head, drop = upload.render_head("en")
        tree = upload.on_upload([data_url(TSV)], "en", ["edat_lfse_14.tsv"])
    assert "Upload files" in text_of(head)
    assert "Limit: 1 kB per file." in text_of(drop)
    (grid,) = by_type(tree, view.PROBLEMS_GRID)
    assert grid.rowData[0]["code"] == "file_too_large"


def test_problems_download_parses_back_to_the_same_problems(app: Dash) -> None:
    from pathways_monitor.web.dashboard.upload import page as upload

    path = FIXTURES / "broken_indicators.csv"
    with as_user(app):
        tree = upload.on_upload([data_url(path, "text/csv")], "en", [path.name])
        (store,) = by_type(tree, view.FILE_STORE)
        sent = upload.on_problems_download(1, store.data, "en")
    assert sent["filename"] == "problems_broken_indicators.xlsx"
    wb = openpyxl.load_workbook(io.BytesIO(base64.b64decode(sent["content"])))
    rows = list(wb.worksheets[0].iter_rows(values_only=True))
    assert rows[0] == ("Severity", "Sheet", "Row", "Column", "Value", "Code", "Message")
    got = [(r[2], r[3], r[4], r[5], r[6]) for r in rows[1:]]
    want = [
        (p["row"], p["column"], p["value"], p["code"], p["message"]) for p in store.data["problems"]
    ]
    assert got == want


def test_template_downloads_in_the_page_language(app: Dash) -> None:
    from pathways_monitor.web.dashboard.upload import page as upload

    with as_user(app):
        data, name = upload.template_bytes("strategy", "nl")
        ind, ind_name = upload.template_bytes("indicators", "en")
    assert name == "sjabloon_strategie.xlsx" and ind_name == "indicator_template.xlsx"
    sheets = openpyxl.load_workbook(io.BytesIO(data)).sheetnames
    assert any(s.lower() in ("strategie", "doelstellingen") for s in sheets), sheets
    assert openpyxl.load_workbook(io.BytesIO(ind)).sheetnames


@pytest.mark.parametrize(
    ("role", "who", "countries"),
    [
        ("admin", "editor@example.org", None),
        ("viewer", "editor@example.org", frozenset()),
        (None, "anonymous", frozenset()),
    ],
)
def test_upload_identity_follows_the_signed_in_role(
    app: Dash, role: str | None, who: str, countries: frozenset[str] | None
) -> None:
    from pathways_monitor.web.dashboard.upload import page as upload

    with as_user(app, role):
        user, scope = upload.upload_identity()
    assert user == who and scope.countries == countries


# --------------------------------------------------------------------------- pure builders


def test_status_and_severity_have_icon_and_text() -> None:
    assert view.status_text("accepted", "nl") == "✓ Geaccepteerd"
    assert view.status_text("rejected", "en") == "✗ Rejected"
    assert view.severity_text("warning", "nl") == "⚠ Waarschuwing"


def test_decode_contents_and_sizes() -> None:
    assert (
        view.decode_contents("data:text/csv;base64," + base64.b64encode(b"a,b").decode()) == b"a,b"
    )
    assert view.decode_contents("data:;base64,@@@") is None
    assert view.decode_contents(None) is None
    assert view.human_size(50 * 1024 * 1024, "en") == "50 MB"
    assert view.human_size(int(2.5 * 1024 * 1024), "nl") == "2,5 MB"


def test_breakdown_text() -> None:
    assert view.breakdown_text({"sex": "T"}, "en") == "Total"
    assert view.breakdown_text({"sex": "F"}, "nl") == "Vrouwen"
    both = view.breakdown_text({"sex": "M", "citizenship": "NAT"}, "en")
    assert both == "Sex: Males; Citizenship: Nationals"
    assert view.breakdown_text({"custom_dimension": "school", "custom_value": "vmbo"}, "en") == (
        "school: vmbo"
    )


def test_problem_rows_put_errors_first() -> None:
    problems = [
        Problem(code="w", message="careful", severity="warning").as_dict(),
        Problem(code="e", message="wrong", row=7, column="geo", value="XX").as_dict(),
    ]
    rows = view.problem_rows(problems, "en")
    assert [r["code"] for r in rows] == ["e", "w"]
    assert rows[0]["severity"] == "✗ Error" and rows[1]["severity"] == "⚠ Warning"


def test_strategy_diff_rows_keep_extra_fields_as_details() -> None:
    rows = view.strategy_change_rows(
        [
            {"kind": "milestone", "change": "changed", "key": "M1", "fields": ["due", "title"]},
            {"kind": "strategy", "change": "changed", "key": "title", "before": "A", "after": "B"},
            {"kind": "annex", "change": "moved", "key": "X"},
        ],
        "nl",
    )
    assert (rows[0]["part"], rows[0]["change"]) == ("mijlpaal", "gewijzigd")
    assert (rows[2]["part"], rows[2]["change"]) == ("annex", "moved")  # unknown codes as given
    assert rows[0]["details"] == "fields: due, title"
    assert (rows[1]["before"], rows[1]["after"], rows[1]["details"]) == ("A", "B", None)


def test_outcome_alert_without_changes_has_no_history_link() -> None:
    report = ImportReport("x.csv", "indicators", "accepted", unchanged=3)
    alert = view.outcome_alert(report, "en")
    assert not find(alert, "Link")
    assert "Nothing was written" in text_of(alert)


def test_strategy_workbook_preview_is_the_diff(app: Dash, sqlite_engine: Engine) -> None:
    from pathways_monitor.web.dashboard.upload import page as upload

    path = Path(__file__).resolve().parent / "fixtures" / "strategy" / "ministry_style_nl.xlsx"
    mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    with as_user(app):
        tree = upload.on_upload([data_url(path, mime)], "en", [path.name])
    assert counts(sqlite_engine) == (0, 0)
    text = text_of(tree)
    assert "Strategy workbook" in text and "as a new version of the strategy" in text
    (preview,) = by_type(tree, "upload-preview-grid")
    assert preview.rowData[0] | {"title": None} == {
        "part": "strategy",
        "change": "new",
        "key": "NL",
        "title": None,
        "before": None,
        "after": None,
        "details": None,
    }
    assert {r["part"] for r in preview.rowData[1:]} == {"objective"}
    assert by_type(tree, view.CONFIRM)[0].disabled is False


def test_anonymous_visitor_may_check_but_not_store(app: Dash, sqlite_engine: Engine) -> None:
    from pathways_monitor.web.dashboard.upload import page as upload

    before = counts(sqlite_engine)
    with as_user(app, None):
        tree = upload.on_upload([data_url(TSV)], "en", ["edat_lfse_14.tsv"])
        checked = text_of(tree)
        (store,) = by_type(tree, view.FILE_STORE)
        alert, disabled = upload.confirm_file(store.data, "en")  # a forced confirmation
    assert "✓ Accepted" in checked and "3,009 new value(s)" in checked
    assert disabled is True
    assert "Only a signed-in administrator" in text_of(alert)
    assert counts(sqlite_engine) == before
