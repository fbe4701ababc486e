"""Issue #10: an editor imports their own rows of a Eurostat download (A); a file never
silently changes a published series (B); the national table beats the regional table for
country rows, whatever the order (C).

Expected counts and values are read off the real files here, independently of the importer.
"""

from __future__ import annotations

import base64
import csv
import io
import shutil
from collections import Counter
from pathlib import Path

import pytest
from dash import Dash
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from pathways_monitor.cli.main import main
from pathways_monitor.core.access import UploadScope
from pathways_monitor.db import migrate
from pathways_monitor.db.reference import sync_reference_data
from pathways_monitor.db.session import make_engine
from pathways_monitor.importers.engine import import_file
from pathways_monitor.importers.problems import ERROR, WARNING, ImportReport
from pathways_monitor.importers.revision_guard import MIN_CHANGED_VALUES, REVISION_SHARE_LIMIT
from tests.conftest import SHARED_DATA
from tests.test_api_import import ROUTE, Api, api  # noqa: F401  (fixture)
from tests.test_auth import fast_hashing  # noqa: F401  (autouse)

EUROSTAT = SHARED_DATA / "eurostat"
NATIONAL = EUROSTAT / "edat_lfse_14.tsv"
REGIONAL = EUROSTAT / "edat_lfse_16_total.tsv"
NL = UploadScope(countries=frozenset({"NL"}))
NL3 = UploadScope(regions=frozenset({"NL3"}))
TABLES = ("observation", "observation_revision", "import_batch", "audit_log", "breakdown")


# --------------------------------------------------------------------------- helpers


def tsv_cells(data: str) -> dict[tuple[str, str, int], tuple[float | None, str | None]]:
    """(geo, sex, year) -> (value, flag) of a bulk TSV's stored series (wstatus POP or none);
    a bare ``:`` is no value at all, ``: u`` a blank with its flag."""
    out = {}
    reader = csv.reader(io.StringIO(data), delimiter="\t")
    header = next(reader)
    dims = header[0].split("\\")[0].split(",")
    years = [int(h.strip()) for h in header[1:]]
    for row in reader:
        key = dict(zip(dims, row[0].split(","), strict=True))
        if key.get("wstatus", "POP") != "POP":
            continue
        for year, cell in zip(years, row[1:], strict=True):
            number, _, flag = cell.strip().partition(" ")
            value = None if number == ":" else float(number)
            if value is None and not flag:
                continue
            out[(key["geo"], key.get("sex", "T"), year)] = (value, flag or None)
    return out


def stored(engine_or_session: Engine | Session) -> dict[tuple, tuple]:
    """Every observation: (indicator, geo, year, breakdown...) -> (value, flag, source)."""
    sql = text(
        "SELECT i.code, p.code, o.year, b.sex, b.citizenship, b.country_of_birth, "
        "b.urbanisation, b.ses_quartile, b.disability, b.custom_dimension, b.custom_value, "
        "o.value, o.flag, o.source FROM observation o JOIN indicator i ON i.id = o.indicator_id "
        "JOIN place p ON p.id = o.place_id JOIN breakdown b ON b.id = o.breakdown_id"
    )
    if isinstance(engine_or_session, Session):
        rows = engine_or_session.execute(sql).all()
    else:
        with engine_or_session.connect() as conn:
            rows = conn.execute(sql).all()
    return {tuple(r[:11]): tuple(r[11:]) for r in rows}


def dump(session: Session) -> dict[str, list[tuple]]:
    return {
        t: sorted(tuple(map(str, r)) for r in session.execute(text(f"SELECT * FROM {t}")))
        for t in TABLES
    }


def run(session: Session, data: str | bytes, name: str, **kwargs: object) -> ImportReport:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return import_file(session, raw, name, user="tester", **kwargs)  # type: ignore[arg-type]


def codes(report: ImportReport, severity: str | None = None) -> list[str]:
    return [p.code for p in report.problems if severity is None or p.severity == severity]


def lines_of(path: Path, *geos: str, series: str = "A,T,POP,Y18-24,PC") -> str:
    """The header and the lines of ``series`` for ``geos`` of a real bulk TSV, as they are."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    keep = [ln for ln in lines[1:] if ln.split("\t", 1)[0] in {f"{series},{g}" for g in geos}]
    assert len(keep) == len(geos)
    return lines[0] + "".join(keep)


def with_last_cells(tsv: str, geo: str, cells: list[str]) -> str:
    """``tsv`` with the last cells of ``geo``'s line replaced by ``cells`` (written literally)."""
    out = []
    for line in tsv.splitlines(keepends=True):
        head, _, rest = line.partition("\t")
        if head.endswith(f",{geo}"):
            old = rest.rstrip("\n").split("\t")
            line = "\t".join([head, *old[: len(old) - len(cells)], *cells]) + "\n"
        out.append(line)
    return "".join(out)


# --------------------------------------------------------------------------- A: scope


def test_national_editor_imports_the_own_rows_of_a_eurostat_download(session: Session) -> None:
    data = NATIONAL.read_text(encoding="utf-8")
    cells = tsv_cells(data)
    per_geo = Counter(geo for geo, _sex, _year in cells)
    assert per_geo["NL"] == 90 and per_geo["BE"] == 102  # 3 series (F, M, T) x their years

    report = run(session, data, "edat_lfse_14.tsv", scope=NL)

    assert report.accepted, [p.as_dict() for p in report.errors]
    assert report.rows == report.inserted == per_geo["NL"]
    store = stored(session)
    assert len(store) == per_geo["NL"]
    assert {key[1] for key in store} == {"NL"}
    for (geo, sex, year), (value, flag) in cells.items():
        if geo == "NL":
            assert store[("ELET", "NL", year, sex, *["TOTAL"] * 7)][:2] == (value, flag)
    (warning,) = [p for p in report.problems if p.code == "rows_outside_scope"]
    assert warning.severity == WARNING
    outside = sum(n for geo, n in per_geo.items() if geo != "NL")
    places = len(per_geo) - 1
    assert warning.message.startswith(
        f"{outside:,} rows of {places} places outside NL were left out: AT ({per_geo['AT']}), "
    )
    assert f"BE ({per_geo['BE']})" in warning.message
    assert "EU27_2020" in warning.message  # aggregates are reference series: outside every editor
    assert warning.message.endswith(f"and {places - 30} more")
    assert "region_outside_country" not in codes(report)


def test_file_without_rows_of_the_editors_country_is_rejected(session: Session) -> None:
    data = lines_of(NATIONAL, "BE", "DE")
    before = dump(session)
    report = run(session, data, "edat_lfse_14.tsv", scope=NL)
    assert report.status == "rejected"
    (error,) = report.errors
    assert error.code == "nothing_in_scope"
    assert error.message == "the file holds no rows for NL; it holds BE, DE"
    assert dump(session) == before


def test_regional_coordinator_imports_the_own_region_prefix_only(session: Session) -> None:
    data = REGIONAL.read_text(encoding="utf-8")
    cells = tsv_cells(data)
    mine = {k: v for k, v in cells.items() if k[0].startswith("NL3")}
    assert {k[0] for k in mine} == {"NL3", "NL31", "NL32", "NL33", "NL34", "NL35", "NL36"}

    report = run(session, data, "edat_lfse_16_total.tsv", scope=NL3)

    assert report.accepted, [p.as_dict() for p in report.errors]
    store = stored(session)
    assert report.rows == len(store) == len(mine)
    assert {k[1] for k in store} == {k[0] for k in mine}  # not NL, not NL4, not BE3
    (warning,) = [p for p in report.problems if p.code == "rows_outside_scope"]
    assert " outside NL3 were left out: AT (" in warning.message


def test_ministry_sheet_with_another_countrys_rows_is_rejected_per_place(
    session: Session,
) -> None:
    sheet = (
        "indicator,geo,year,sex,value,flag,source\n"
        "ELET,NL,2022,T,5.6,,CBS\n"
        "ELET,BE,2021,T,6.7,,Statbel\n"
        "ELET,BE,2022,T,6.4,,Statbel\n"
        "ELET,BE,2023,T,6.2,,Statbel\n"
        "ELET,DE21,2023,T,9.9,,Destatis\n"
    )
    before = dump(session)
    report = run(session, sheet, "ministry.csv", scope=NL)
    assert report.status == "rejected" and report.kind == "indicators"
    outside = [p for p in report.problems if p.code == "region_outside_country"]
    assert [(p.value, p.row, p.severity) for p in outside] == [
        ("BE", 3, ERROR),
        ("DE21", 6, ERROR),
    ]
    assert outside[0].message == (
        "BE is outside NL, the country or region you may upload for: 3 values in rows 3-5, "
        "years 2021-2023"
    )
    assert outside[1].message.endswith("1 value in row 6, year 2023")
    assert dump(session) == before


def test_admin_imports_everything(session: Session) -> None:
    data = NATIONAL.read_text(encoding="utf-8")
    report = run(session, data, "edat_lfse_14.tsv")
    assert report.accepted and report.inserted == len(tsv_cells(data))
    assert "rows_outside_scope" not in codes(report)


def test_api_editor_gets_own_rows_of_a_eurostat_download(api: Api) -> None:  # noqa: F811
    data = NATIONAL.read_bytes()
    response = api.client.post(
        ROUTE,
        data={"file": (io.BytesIO(data), "edat_lfse_14.tsv")},
        headers={"Authorization": f"Bearer {api.tokens['editor_nl']}"},
    )
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    nl_rows = sum(1 for geo, _s, _y in tsv_cells(data.decode()) if geo == "NL")
    assert body["rows"] == body["inserted"] == nl_rows
    assert "rows_outside_scope" in {p["code"] for p in body["problems"]}
    assert {k[1] for k in stored(api.engine)} == {"NL"}

    before = api.counts()
    only_be = lines_of(NATIONAL, "BE").encode()
    refused = api.client.post(
        ROUTE,
        data={"file": (io.BytesIO(only_be), "edat_lfse_14.tsv")},
        headers={"Authorization": f"Bearer {api.tokens['editor_nl']}"},
    )
    assert refused.status_code == 403
    assert [p["code"] for p in refused.get_json()["problems"]] == ["nothing_in_scope"]
    assert api.counts() == before


# --------------------------------------------------------------------------- B: revisions

SMALL = lines_of(NATIONAL, "BE", "LU", "NL")  # 97 stored values of ELET total
# A "new definition": 2015-2025 of all three countries differ (LU 2025 was a blank, ": u",
# and is filled, which revises nothing published). Read off the real lines by hand:
#   BE 2015-2025: 10.1 8.8 8.9 b 8.6 8.4 8.1 6.7 b 6.4 6.2 7.0 b 7.3
#   LU 2015-2025: 9.3 b 5.5 7.3 6.3 7.2 8.2 9.3 b 8.2 6.8 u 7.8 u : u
#   NL 2015-2025: 8.2 8.0 7.1 7.3 7.5 b 7.0 5.1 b 5.6 6.2 7.0 7.4
NEW_DEFINITION = with_last_cells(
    with_last_cells(
        with_last_cells(
            SMALL,
            "BE",
            [
                "10.6 ",
                "9.2 ",
                "9.4 b",
                "9.1 ",
                "8.9 ",
                "8.6 ",
                "7.1 b",
                "6.9 ",
                "6.6 ",
                "9.1 b",
                "7.8 ",
            ],
        ),
        "LU",
        [
            "9.8 b",
            "5.9 ",
            "7.7 ",
            "6.8 ",
            "7.6 ",
            "8.7 ",
            "9.8 b",
            "8.6 ",
            "7.2 u",
            "8.3 u",
            "8.0 u",
        ],
    ),
    "NL",
    ["8.6 ", "8.4 ", "7.5 ", "7.7 ", "7.9 b", "7.5 ", "5.5 b", "6.0 ", "6.7 ", "7.4 ", "7.9 "],
)
CHANGED = 11 + 10 + 11  # LU 2025 filled: not a revision
SMALL_STORED = 34 + 33 + 30 - 1  # LU 1998 is a bare ":", LU 2025 a stored blank


def test_the_small_file_and_its_new_definition_are_what_the_test_says() -> None:
    old, new = tsv_cells(SMALL), tsv_cells(NEW_DEFINITION)
    assert len(old) == SMALL_STORED + 1
    assert old[("LU", "T", 2025)] == (None, "u") and new[("LU", "T", 2025)] == (8.0, "u")
    assert old[("BE", "T", 2024)] == (7.0, "b") and new[("BE", "T", 2024)] == (9.1, "b")
    differ = [k for k in old if old[k][0] is not None and old[k][0] != new[k][0]]
    assert len(differ) == CHANGED
    assert all(old[k][1] == new[k][1] for k in old)  # flags unchanged: values differ only
    assert CHANGED / SMALL_STORED > REVISION_SHARE_LIMIT


def test_new_definition_is_refused_with_one_problem_per_series(session: Session) -> None:
    assert run(session, SMALL, "edat_lfse_14.tsv").accepted
    before = dump(session)

    dry = run(session, NEW_DEFINITION, "edat_lfse_14.tsv", dry_run=True)
    report = run(session, NEW_DEFINITION, "edat_lfse_14.tsv")

    assert dump(session) == before
    for r in (dry, report):
        assert r.status == "rejected"
        (problem,) = r.errors
        assert problem.code == "large_revision" and problem.severity == ERROR
        assert problem.value == f"ELET total: {CHANGED}/{SMALL_STORED}"
        assert problem.message.startswith(
            f"{CHANGED} of {SMALL_STORED} stored values of Early leavers from education and "
            "training"
        )
        assert "(ELET), total, would change; largest change BE 2024 7.0 -> 9.1." in (
            problem.message
        )
        assert "--accept-revisions" in problem.message
        assert "Replace the published values" in problem.message
    assert dry.dry_run and dry.updated == CHANGED + 1 and dry.changes  # the preview is kept


def test_accepted_revisions_are_stored_and_the_old_values_kept(session: Session) -> None:
    assert run(session, SMALL, "edat_lfse_14.tsv").accepted
    report = run(session, NEW_DEFINITION, "edat_lfse_14.tsv", accept_revisions=True)
    assert report.accepted, [p.as_dict() for p in report.errors]
    (warning,) = [p for p in report.problems if p.code == "large_revision"]
    assert warning.severity == WARNING and "kept in the revision history" in warning.message
    assert report.updated == CHANGED + 1  # and LU 2025 filled
    store = stored(session)
    total = ("T", *["TOTAL"] * 7)
    assert store[("ELET", "BE", 2024, *total)] == (9.1, "b", "edat_lfse_14")
    assert store[("ELET", "LU", 2025, *total)] == (8.0, "u", "edat_lfse_14")
    previous = {
        r[0]: r[1]
        for r in session.execute(
            text(
                "SELECT p.code || ' ' || o.year, r.previous_value FROM observation_revision r "
                "JOIN observation o ON o.id = r.observation_id JOIN place p ON p.id = o.place_id"
            )
        )
    }
    assert len(previous) == CHANGED + 1
    assert previous["BE 2024"] == 7.0 and previous["NL 2015"] == 8.2
    assert previous["LU 2025"] is None
    audit = session.execute(
        text("SELECT after FROM audit_log WHERE table_name = 'observation' ORDER BY id DESC")
    ).scalar()
    assert '"accepted_revisions": true' in str(audit).lower().replace("'", '"').replace(
        "True", "true"
    )


def test_blanking_one_stored_value_is_refused(session: Session) -> None:
    assert run(session, SMALL, "edat_lfse_14.tsv").accepted
    before = dump(session)
    blanked = with_last_cells(SMALL, "NL", [": c"])  # NL 2025: 7.4 -> confidential, no value
    report = run(session, blanked, "edat_lfse_14.tsv")
    assert report.status == "rejected"
    (problem,) = report.errors
    assert problem.code == "large_revision"
    assert problem.message.startswith(
        f"1 of {SMALL_STORED} stored values of Early leavers from education and training "
        "(ELET), total, would be blanked (NL 2025 7.4 -> no value)."
    )
    assert problem.value == f"ELET total: 1/{SMALL_STORED}"
    assert dump(session) == before
    assert run(session, blanked, "edat_lfse_14.tsv", accept_revisions=True).accepted


def test_one_changed_value_of_a_long_series_is_an_ordinary_revision(session: Session) -> None:
    original = NATIONAL.read_text(encoding="utf-8")
    assert run(session, original, "edat_lfse_14.tsv").accepted
    changed = original.replace(
        "A,F,POP,Y18-24,PC,AT\t: \t: \t: \t17.3 ", "A,F,POP,Y18-24,PC,AT\t: \t: \t: \t17.9 "
    )
    assert changed != original
    report = run(session, changed, "edat_lfse_14.tsv")
    assert report.accepted and report.updated == 1
    assert "large_revision" not in codes(report)


def test_a_few_changes_of_a_tiny_series_are_ordinary_but_five_are_not(session: Session) -> None:
    header = "freq,sex,wstatus,age,unit,geo\\TIME_PERIOD\t2021 \t2022 \t2023 \t2024 \t2025 \n"
    first = header + "A,T,POP,Y18-24,PC,NL\t5.1 b\t5.6 \t6.2 \t7.0 \t7.4 \n"
    four = header + "A,T,POP,Y18-24,PC,NL\t5.1 b\t5.9 \t6.6 \t7.3 \t7.7 \n"
    five = header + "A,T,POP,Y18-24,PC,NL\t5.0 b\t5.8 \t6.5 \t7.2 \t7.6 \n"
    assert MIN_CHANGED_VALUES == 5
    assert run(session, first, "edat_lfse_14.tsv").accepted
    ordinary = run(session, four, "edat_lfse_14.tsv")
    assert ordinary.accepted and ordinary.updated == 4  # 80 %, but fewer than 5 values
    refused = run(session, five, "edat_lfse_14.tsv")
    assert [p.code for p in refused.errors] == ["large_revision"]
    assert refused.errors[0].value == "ELET total: 5/5"


def test_flag_only_changes_do_not_count(session: Session) -> None:
    header = "freq,sex,wstatus,age,unit,geo\\TIME_PERIOD\t2021 \t2022 \t2023 \t2024 \t2025 \n"
    first = header + "A,T,POP,Y18-24,PC,NL\t5.1 b\t5.6 \t6.2 \t7.0 \t7.4 \n"
    flags = header + "A,T,POP,Y18-24,PC,NL\t5.1 \t5.6 p\t6.2 p\t7.0 p\t7.4 p\n"
    assert run(session, first, "edat_lfse_14.tsv").accepted
    report = run(session, flags, "edat_lfse_14.tsv")
    assert report.accepted and report.updated == 5
    assert "large_revision" not in codes(report)


def test_breakdown_series_are_judged_separately(session: Session) -> None:
    both = lines_of(NATIONAL, "NL") + "".join(
        ln
        for ln in NATIONAL.read_text(encoding="utf-8").splitlines(keepends=True)
        if ln.startswith("A,F,POP,Y18-24,PC,NL\t")
    )
    assert run(session, both, "edat_lfse_14.tsv").accepted
    # Only the females' 2015-2025 change: one problem, for "sex=F".
    revised = both.replace("A,F,POP,Y18-24,PC,NL\t", "A,F,POP,Y18-24,PC,NL\t", 1)
    lines = revised.splitlines(keepends=True)
    females = lines[2].rstrip("\n").split("\t")
    females[-11:] = [f"{float(c.split()[0]) + 0.5:.1f} " for c in females[-11:]]
    revised = lines[0] + lines[1] + "\t".join(females) + "\n"
    report = run(session, revised, "edat_lfse_14.tsv")
    assert [p.value.split(":")[0] for p in report.errors] == ["ELET sex=F"]
    assert "(ELET), sex=F, would change" in report.errors[0].message


@pytest.fixture
def db_url(sqlite_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    path = tmp_path / "cli.sqlite"
    shutil.copy(sqlite_template, path)
    url = f"sqlite:///{path}"
    monkeypatch.setenv("DATABASE_URL", url)
    return url


def test_cli_accept_revisions_exit_codes(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first, second = tmp_path / "first" / "edat_lfse_14.tsv", tmp_path / "edat_lfse_14.tsv"
    first.parent.mkdir()
    first.write_text(SMALL, encoding="utf-8")
    second.write_text(NEW_DEFINITION, encoding="utf-8")
    assert main(["import", str(first)]) == 0
    capsys.readouterr()
    assert main(["import", str(second)]) == 2
    out = capsys.readouterr().out
    assert "REJECTED" in out and "error large_revision" in out and "BE 2024 7.0 -> 9.1" in out
    assert main(["import", str(second), "--dry-run", "--accept-revisions"]) == 0
    capsys.readouterr()
    assert main(["import", str(second), "--accept-revisions", "--json"]) == 0
    report = [ln for ln in capsys.readouterr().out.splitlines() if ln.startswith("{")]
    assert '"large_revision"' in report[0] and '"severity": "warning"' in report[0]
    engine = make_engine(db_url)
    try:
        assert stored(engine)[("ELET", "BE", 2024, "T", *["TOTAL"] * 7)][0] == 9.1
    finally:
        engine.dispose()


def test_api_accept_revisions(api: Api) -> None:  # noqa: F811
    def post(data: str, **form: str):  # type: ignore[no-untyped-def]
        return api.client.post(
            ROUTE,
            data={"file": (io.BytesIO(data.encode()), "edat_lfse_14.tsv"), **form},
            headers={"Authorization": f"Bearer {api.tokens['editor_nl']}"},
        )

    assert post(lines_of(NATIONAL, "NL")).status_code == 200
    before = api.counts()
    revised = with_last_cells(
        lines_of(NATIONAL, "NL"),
        "NL",
        ["8.6 ", "8.4 ", "7.5 ", "7.7 ", "7.9 b", "7.5 ", "5.5 b", "6.0 ", "6.7 ", "7.4 ", "7.9 "],
    )
    refused = post(revised)
    assert refused.status_code == 422
    body = refused.get_json()
    assert [p["code"] for p in body["problems"] if p["severity"] == "error"] == ["large_revision"]
    assert body["problems"][-1]["value"] == "ELET total: 11/30"
    assert api.counts() == before
    accepted = post(revised, accept_revisions="1")
    assert accepted.status_code == 200, accepted.get_json()
    assert accepted.get_json()["updated"] == 11


# --------------------------------------------------------------------------- upload page


def test_upload_page_asks_before_replacing_published_values(
    sqlite_engine: Engine,
) -> None:
    from pathways_monitor.core.settings import Settings
    from pathways_monitor.web.app import create_app
    from pathways_monitor.web.dashboard.common import import_report as view
    from pathways_monitor.web.dashboard.upload import page as upload
    from tests.test_upload_page import as_user, by_type, text_of

    app: Dash = create_app(Settings(database_url=sqlite_engine.url.render_as_string(False)))
    with Session(sqlite_engine) as s:
        assert run(s, SMALL, "edat_lfse_14.tsv").accepted
    before = stored(sqlite_engine)
    url = "data:;base64," + base64.b64encode(NEW_DEFINITION.encode()).decode()
    with as_user(app):
        tree = upload.on_upload([url], "en", ["edat_lfse_14.tsv"])
        text_ = text_of(tree)
        assert "This file would change published values" in text_
        assert "largest change BE 2024 7.0 -> 9.1" in text_
        (box,) = by_type(tree, view.ACCEPT_REVISIONS)
        assert box.value is False and box.label.startswith("Replace the published values")
        (confirm,) = by_type(tree, view.CONFIRM)
        assert confirm.disabled is True
        (store,) = by_type(tree, view.FILE_STORE)
        assert store.data["needs_consent"] is True and store.data["check_job"]
        assert by_type(tree, "upload-preview-grid")  # what would change is shown
        assert upload.on_accept_revisions(True, store.data) is False
        assert upload.on_accept_revisions(False, store.data) is True
        # Confirming without the tick: the server checks again and refuses.
        alert, _ = upload.on_confirm(1, store.data, "en", False)
        assert "rejected when checked again" in text_of(alert)
        assert "--accept-revisions" in text_of(alert)
        assert stored(sqlite_engine) == before
        alert, _ = upload.on_confirm(1, store.data, "en", True)
    assert "Imported as batch" in text_of(alert)
    after = stored(sqlite_engine)
    assert after[("ELET", "BE", 2024, "T", *["TOTAL"] * 7)][0] == 9.1

    with as_user(app):  # an ordinary file: no alert, the hidden box is never ticked
        plain = upload.on_upload(
            ["data:;base64," + base64.b64encode(lines_of(NATIONAL, "DE").encode()).decode()],
            "nl",
            ["edat_lfse_14.tsv"],
        )
    assert "gepubliceerde waarden" not in text_of(plain)
    assert [b.value for b in by_type(plain, view.ACCEPT_REVISIONS)] == [False]
    assert by_type(plain, view.CONFIRM)[0].disabled is False


# --------------------------------------------------------------------------- C: precedence


def _fresh_engine(path: Path) -> Engine:
    engine = make_engine(f"sqlite:///{path}")
    migrate.upgrade(engine)
    with Session(engine) as s:
        sync_reference_data(s)
        s.commit()
    return engine


def test_national_table_beats_regional_table_in_both_orders(tmp_path: Path) -> None:
    files = {
        "edat_lfse_14.tsv": NATIONAL.read_bytes(),
        "edat_lfse_16_total.tsv": REGIONAL.read_bytes(),
    }
    stores = []
    reports: dict[tuple[str, str], ImportReport] = {}
    for order in (list(files), list(reversed(files))):
        engine = _fresh_engine(tmp_path / f"{order[0]}.sqlite")
        try:
            for name in order:
                with Session(engine) as s:
                    report = run(s, files[name], name)
                assert report.accepted, (order, [p.as_dict() for p in report.errors])
                assert "large_revision" not in codes(report)
                reports[(order[0], name)] = report
            stores.append(stored(engine))
        finally:
            engine.dispose()
    first, second = stores
    national = tsv_cells(files["edat_lfse_14.tsv"].decode())
    regional = tsv_cells(files["edat_lfse_16_total.tsv"].decode())
    assert len(first) == len(national.keys() | regional.keys()) == 3009 + 11536 - 899
    assert first == second

    # The country rows are the national table's, flags included (read off the files).
    differ = [k for k in national if k in regional and national[k] != regional[k]]
    assert len(differ) == 13 and ("ES", "T", 2022) in differ
    assert national[("ES", "T", 2022)] == (13.9, "d") and regional[("ES", "T", 2022)] == (
        13.9,
        None,
    )
    for geo, sex, year in differ:
        row = first[("ELET", geo, year, sex, *["TOTAL"] * 7)]
        assert row == (*national[(geo, sex, year)], "edat_lfse_14")
    assert first[("ELET", "NL32", 2023, "T", *["TOTAL"] * 7)][2] == "edat_lfse_16"
    # Regional table imported second: one warning naming the kept values and the rule.
    late = reports[("edat_lfse_14.tsv", "edat_lfse_16_total.tsv")]
    (warning,) = [p for p in late.problems if p.code == "kept_higher_precedence"]
    assert warning.severity == WARNING
    assert warning.message.startswith(
        "13 values of countries were kept from edat_lfse_14, the national table, which takes "
        "precedence over edat_lfse_16 for countries"
    )
