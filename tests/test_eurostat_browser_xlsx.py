"""The Eurostat data browser's xlsx download is read exactly like its CSV download.

No real xlsx download is kept in the repository or in shared/data, so the workbooks of
tests/fixtures/excel/browser/ are built by tests/fixtures/excel/make_excel.py in the layout the
project knows of the data browser's *Download > Spreadsheet > XLSX* (docs/eurostat-formats.md
§2, the same layout as tests/fixtures/downloads/make_xlsx.py): a ``Summary`` sheet (title with
the ``[code__custom_N]``, extraction line, ``Dataset:``, ``Last updated:``, contents), a
``Structure`` sheet (skipped by the reader; its listing of the dimensions is illustrative), and
one sheet per table (``Sheet 1``, ``Sheet 2``) holding the rows of the CSV download: title
rows, dataset code, last update, the fixed dimensions as label rows, the ``TIME`` row, the
``GEO (Labels)`` row, then each place with a value column (numbers as numeric cells, ``:`` as
text) and a flag column (text), legends below. Each workbook's CSV twin is a download of the
same table in tests/fixtures/downloads/ (see its README.md for which values are real): the
``,`` download of the issue's nationals table, the ``;`` download with decimal commas and one
table per sex (two sheets in the workbook), and the hostile download with ``-`` in a value cell.

Both twins go through the real engine into fresh databases; the stored rows must be equal, and
equal to the values below, read off by hand from the downloads.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from pathways_monitor.db.session import make_engine
from pathways_monitor.importers.engine import import_file
from pathways_monitor.importers.problems import ImportReport

HERE = Path(__file__).resolve().parent / "fixtures"
DOWNLOADS = HERE / "downloads"
BROWSER = HERE / "excel" / "browser"

Key = tuple[str, str, int, str, str]  # indicator, place, year, sex, citizenship


@pytest.fixture
def fresh(sqlite_template: Path, tmp_path: Path) -> Iterator[Any]:
    """Open a fresh database per call: ``fresh("a")`` is a session on a new copy."""
    engines = []

    def open_session(name: str) -> Session:
        path = tmp_path / f"{name}.sqlite"
        shutil.copy(sqlite_template, path)
        engine = make_engine(f"sqlite:///{path}")
        engines.append(engine)
        return Session(engine)

    yield open_session
    for engine in engines:
        engine.dispose()


def stored(session: Session) -> dict[Key, tuple[float | None, str | None, str | None]]:
    """Every stored observation (all breakdowns) -> value, flag, source."""
    rows = session.execute(
        text(
            "SELECT i.code, p.code, o.year, b.sex, b.citizenship, b.country_of_birth, "
            "b.urbanisation, b.ses_quartile, b.disability, b.custom_dimension, b.custom_value, "
            "o.value, o.flag, o.source FROM observation o "
            "JOIN indicator i ON i.id = o.indicator_id JOIN place p ON p.id = o.place_id "
            "JOIN breakdown b ON b.id = o.breakdown_id"
        )
    ).all()
    out = {}
    for r in rows:
        assert tuple(r[5:11]) == ("TOTAL",) * 6, r  # no other breakdown in these tables
        out[(r[0], r[1], int(r[2]), r[3], r[4])] = (r[11], r[12], r[13])
    return out


def twins(fresh: Any, csv: Path, xlsx: Path) -> tuple[ImportReport, ImportReport, dict, dict]:
    reports, stores = [], []
    for path in (csv, xlsx):
        session = fresh(path.suffix.lstrip("."))
        reports.append(import_file(session, path.read_bytes(), path.name, user="admin"))
        stores.append(stored(session))
        session.close()
    return reports[0], reports[1], stores[0], stores[1]


def same_problems(csv: ImportReport, xlsx: ImportReport) -> None:
    """The same problems: code, row, value, message and its parameters; the xlsx names the
    column by its letter and header (``F (2023)``) where the CSV gives the header."""

    def key(report: ImportReport) -> list[tuple[object, ...]]:
        return [
            (p.code, p.severity, p.row, p.value, p.template, dict(p.params))
            for p in report.problems
        ]

    assert key(csv) == key(xlsx)


def test_nationals_download_xlsx_equals_its_csv(fresh: Any) -> None:
    name = "sdg_04_10a__custom_19283746_spreadsheet"
    csv, xlsx, csv_store, xlsx_store = twins(
        fresh, DOWNLOADS / f"{name}.csv", BROWSER / f"{name}.xlsx"
    )
    assert (csv.status, csv.format, xlsx.status, xlsx.format) == (
        "accepted",
        "databrowser_csv",
        "accepted",
        "databrowser_xlsx",
    )
    same_problems(csv, xlsx)
    assert xlsx_store == csv_store
    # 6 places x 4 years, Luxembourg 2024 a ':' flagged u; Liechtenstein only ':' (no value)
    assert len(xlsx_store) == 24
    for key, expected in {
        ("ELET", "EU27_2020", 2024, "T", "NAT"): (8.0, None),
        ("ELET", "NL", 2024, "T", "NAT"): (6.4, None),
        ("ELET", "NL", 2021, "T", "NAT"): (4.7, "b"),
        ("ELET", "BE", 2024, "T", "NAT"): (5.9, "b"),
        ("ELET", "DE", 2023, "T", "NAT"): (10.1, None),
        ("ELET", "LU", 2022, "T", "NAT"): (6.3, "u"),
        ("ELET", "LU", 2024, "T", "NAT"): (None, "u"),
        ("ELET", "AT", 2021, "T", "NAT"): (5.8, "b"),
    }.items():
        assert xlsx_store[key] == (*expected, "sdg_04_10a"), key
    assert not any(k[1] == "LI" for k in xlsx_store)
    assert not any(k[4] != "NAT" for k in xlsx_store)  # nationals, never the headline total


def test_one_table_per_sex_csv_equals_one_sheet_per_sex_xlsx(fresh: Any) -> None:
    """The ';' download with decimal commas ("7,9") holds one table per sex; the workbook
    holds one sheet per sex with the numbers as numbers (7.9)."""
    name = "edat_lfse_14__custom_15827364_spreadsheet"
    csv, xlsx, csv_store, xlsx_store = twins(
        fresh, DOWNLOADS / f"{name}.csv", BROWSER / f"{name}.xlsx"
    )
    assert (csv.status, xlsx.status) == ("accepted", "accepted")
    same_problems(csv, xlsx)
    assert xlsx_store == csv_store
    assert len(xlsx_store) == 70  # 7 places x 5 years x 2 sexes, 4 of them ':' flagged u
    for key, expected in {
        ("ELET", "EU27_2020", 2021, "F", "TOTAL"): (7.9, "b"),
        ("ELET", "EL", 2024, "F", "TOTAL"): (2.4, "b"),
        ("ELET", "NL", 2023, "F", "TOTAL"): (5.2, None),
        ("ELET", "LU", 2023, "F", "TOTAL"): (None, "u"),
        ("ELET", "AT", 2025, "F", "TOTAL"): (8.1, None),
        ("ELET", "EU27_2020", 2025, "M", "TOTAL"): (10.6, None),
        ("ELET", "BE", 2024, "M", "TOTAL"): (9.2, "b"),
        ("ELET", "DE", 2023, "M", "TOTAL"): (15.4, None),
        ("ELET", "LU", 2023, "M", "TOTAL"): (8.5, "u"),
        ("ELET", "LU", 2025, "M", "TOTAL"): (None, "u"),
        ("ELET", "NL", 2025, "M", "TOTAL"): (9.4, None),
    }.items():
        assert xlsx_store[key] == (*expected, "edat_lfse_14"), key
    assert not any(k[3] == "T" for k in xlsx_store)  # no sex total in this download


def test_a_bad_value_cell_is_the_same_problem_in_both(fresh: Any) -> None:
    """``-`` in the Netherlands' 2023 cell (line / row 18): refused in both, nothing stored."""
    name = "edat_lfse_14__custom_15827399_page_spreadsheet"
    csv, xlsx, csv_store, xlsx_store = twins(
        fresh, DOWNLOADS / "hostile" / f"{name}.csv", BROWSER / f"{name}.xlsx"
    )
    assert (csv.status, xlsx.status) == ("rejected", "rejected")
    same_problems(csv, xlsx)
    assert [(p.code, p.row, p.column, p.value) for p in csv.errors] == [
        ("not_a_number", 18, "2023", "-")
    ]
    assert [(p.code, p.row, p.column, p.value) for p in xlsx.errors] == [
        ("not_a_number", 18, "F (2023)", "-")
    ]
    assert csv_store == xlsx_store == {}
