"""Excel as people format it: percentage cells in ministries' indicator sheets.

A share typed into Excel as ``9,5%`` is stored as 0.095 under a percent number format and shown
as 9.5 %; the importer must read 9.5, as the person sees it. A number under a format that only
adds a % sign (``0.0"%"``) is shown unscaled and stays itself; a number above 1 under a percent
format (9.5 shown as 950 %) is a slip, reported with its sheet, row and column, never stored.

The workbooks of tests/fixtures/excel/ are built by its make_excel.py the way people build them
(shares typed with a % sign, Decrease Decimal, formulas with the values Excel saved, columns
kept for years in mixed formats); README.md there says which numbers are real. Every expected
value below was read off by hand from those tables (the shares as Excel shows them), never from
what the reader makes of the files.
"""

from __future__ import annotations

import io
import re
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from pathways_monitor.importers.engine import import_file
from pathways_monitor.importers.tabular import read_indicator_table
from pathways_monitor.importers.tabular_cells import PercentSlip, percent_value
from pathways_monitor.importers.tabular_xlsx import PercentCells, read_sheets, scales_by_100

EXCEL = Path(__file__).resolve().parent / "fixtures" / "excel"


def observations(name: str) -> dict[tuple[str, int], tuple[float | None, str | None]]:
    """(place, year) -> (value, flag) as the reader gives them, for a fixture without problems."""
    parsed = read_indicator_table((EXCEL / name).read_bytes(), name)
    assert parsed.problems == [], [p.as_dict() for p in parsed.problems]
    out: dict[tuple[str, int], tuple[float | None, str | None]] = {}
    for rec in parsed.frame.itertuples():
        flag = rec.flag if isinstance(rec.flag, str) else None
        out[(str(rec.geo), int(rec.year))] = (float(rec.value), flag)
    return out


def stored(session: Session) -> dict[tuple[str, str, int], tuple[float | None, str | None]]:
    rows = session.execute(
        text(
            "SELECT i.code, p.code, o.year, o.value, o.flag FROM observation o "
            "JOIN indicator i ON i.id = o.indicator_id JOIN place p ON p.id = o.place_id "
            "JOIN breakdown b ON b.id = o.breakdown_id WHERE b.sex = 'T'"
        )
    ).all()
    return {(r[0], r[1], int(r[2])): (r[3], r[4]) for r in rows}


def workbook(rows: list[list[object]], formats: dict[str, str]) -> bytes:
    """One sheet of ``rows``; ``formats`` maps cell references (``E2``) to number formats."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Data"
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if value is not None:
                ws.cell(row=r, column=c, value=value)
    for ref, number_format in formats.items():
        ws[ref].number_format = number_format
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


# --- the formats -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "scales"),
    [
        ("0%", True),  # built-in 9: typed "7%"
        ("0.00%", True),  # built-in 10: typed "5,1%"
        ("0.0%", True),  # after Decrease Decimal
        ("#,##0.0%", True),
        ("0.0 %", True),
        ("0.0%;[Red]-0.0%", True),
        ("[$-413]0.0%", True),
        ('0.0"%"', False),  # a literal % sign: the number is shown as stored
        ("0.0\\%", False),
        ('0.0" %"', False),
        ('"%"0.0', False),
        ("General", False),
        ("0.0##", False),  # the upload template's value format
        ("#,##0.0", False),
        ("@", False),
        ('0.0;-0.0;"0 %"', False),  # a % only in the zero section's text
    ],
)
def test_which_number_formats_scale_by_100(code: str, scales: bool) -> None:
    assert scales_by_100(code) is scales


def test_percent_value_reads_the_share_as_shown() -> None:
    assert percent_value(0.095) == 9.5
    assert percent_value(0.073) == 7.3  # not 7.300000000000001
    assert percent_value(0.0) == 0.0
    assert percent_value(1.0) == 100.0
    assert percent_value(-0.021) == -2.1
    assert percent_value(9.5) == PercentSlip(9.5)
    assert percent_value(-1.5) == PercentSlip(-1.5)


# --- the fixtures: read by the reader ----------------------------------------------------------


def test_shares_typed_with_a_percent_sign() -> None:
    """vsv_procent_getypt.xlsx: 5,1% typed (0.00%), 7% typed (0%), Decrease Decimal (0.0%), and
    a share typed as text into a cell formatted as Text."""
    assert observations("vsv_procent_getypt.xlsx") == {
        ("NL", 2021): (5.1, "b"),
        ("NL", 2022): (5.6, None),
        ("NL", 2023): (6.2, None),
        ("NL", 2024): (7.0, None),
        ("NL", 2025): (7.4, None),
        ("NL32", 2023): (7.4, None),  # the text "7,4%"
        ("NL35", 2025): (5.8, None),
        ("NL11", 2021): (3.4, "bu"),
    }


def test_wide_table_with_mixed_formats_in_one_column() -> None:
    """vsv_regio_breed_gemengd.xlsx: 2023 holds NL as 6,2 % (0.062 under 0.0%) next to NL32 as
    the plain number 7.4; NL35 has 0.0"%" (4.1 shown as 4.1%); NL42 was pasted as 0.00 %."""
    assert observations("vsv_regio_breed_gemengd.xlsx") == {
        ("NL", 2021): (5.1, None),
        ("NL", 2022): (5.6, None),
        ("NL", 2023): (6.2, None),
        ("NL", 2024): (7.0, None),
        ("NL", 2025): (7.4, None),
        ("NL32", 2021): (4.9, None),
        ("NL32", 2022): (5.9, None),
        ("NL32", 2023): (7.4, None),
        ("NL32", 2024): (6.7, None),
        ("NL32", 2025): (7.2, None),
        ("NL35", 2021): (4.1, None),
        ("NL35", 2022): (2.7, None),
        ("NL35", 2023): (3.4, None),
        ("NL35", 2024): (6.1, None),
        ("NL35", 2025): (5.8, None),
        ("NL42", 2021): (7.8, None),
        ("NL42", 2022): (9.0, None),
        ("NL42", 2023): (6.9, None),
        ("NL42", 2024): (9.0, None),
        ("NL42", 2025): (9.4, None),
        ("NL11", 2021): (3.4, None),
        ("NL11", 2022): (4.0, None),
        ("NL11", 2023): (5.1, None),
        ("NL11", 2024): (7.2, None),
        ("NL11", 2025): (4.6, None),
    }


def test_formulas_formatted_as_percent_use_the_value_excel_saved() -> None:
    """vsv_berekend_formules.xlsx: Waarde is =D2/E2 (early leavers / young people) under 0.0%,
    shown 5.1 % ... 7.4 %; the count columns are not indicator columns and are ignored."""
    assert observations("vsv_berekend_formules.xlsx") == {
        ("NL", 2021): (5.1, None),
        ("NL", 2022): (5.6, None),
        ("NL", 2023): (6.2, None),
        ("NL", 2024): (7.0, None),
        ("NL", 2025): (7.4, None),
    }


def test_a_number_above_1_under_a_percent_format_is_reported_not_stored() -> None:
    """vsv_procent_fout.xlsx: row 3 is =D3/E3*100 under 0.0% (shown 700.0 %), row 4 is 7.4
    pasted into a % column (shown 740.0 %); row 2 (=D2/E2, 6.2 %) is fine."""
    parsed = read_indicator_table((EXCEL / "vsv_procent_fout.xlsx").read_bytes(), "fout.xlsx")
    slips = [p for p in parsed.problems if p.code == "percent_over_100"]
    assert [(p.sheet, p.row, p.column, p.value) for p in slips] == [
        ("Berekening", 3, "Waarde", "7"),
        ("Berekening", 4, "Waarde", "7.4"),
    ]
    assert len(parsed.problems) == 2
    assert slips[1].message == (
        "The cell shows 740 %: it holds 7.4 but is formatted as a percentage, which multiplies "
        "by 100. A share is expected between 0 % and 100 %. If you meant 7.4 %, type 7.4% into "
        "the cell (Excel then stores 0.074), or format the column as Number."
    )
    assert list(zip(parsed.frame["year"], parsed.frame["value"], strict=True)) == [(2023, 6.2)]


# --- the fixtures: imported and stored ---------------------------------------------------------


def test_percent_workbooks_are_stored_as_shown(sqlite_session: Session) -> None:
    # the typed file last: it is the one with a flag column (the others say "no flag")
    for name in (
        "vsv_berekend_formules.xlsx",
        "vsv_regio_breed_gemengd.xlsx",
        "vsv_procent_getypt.xlsx",
    ):
        report = import_file(sqlite_session, (EXCEL / name).read_bytes(), name, user="admin")
        assert report.status == "accepted", (name, [p.as_dict() for p in report.errors])
    store = stored(sqlite_session)
    assert store[("ELET", "NL", 2021)] == (5.1, "b")
    assert store[("ELET", "NL", 2024)] == (7.0, None)
    assert store[("ELET", "NL", 2025)] == (7.4, None)
    assert store[("ELET", "NL32", 2023)] == (7.4, None)
    assert store[("ELET", "NL35", 2021)] == (4.1, None)  # 0.0"%": not scaled
    assert store[("ELET", "NL42", 2025)] == (9.4, None)
    assert store[("ELET", "NL11", 2021)] == (3.4, "bu")
    assert store[("ELET", "NL11", 2025)] == (4.6, None)
    assert all(0 <= value <= 100 for value, _ in store.values() if value is not None)


def test_a_percent_slip_rejects_the_file_and_names_the_cell(sqlite_session: Session) -> None:
    name = "vsv_procent_fout.xlsx"
    report = import_file(sqlite_session, (EXCEL / name).read_bytes(), name, user="admin")
    assert report.status == "rejected" and report.file == name
    assert [(p.code, p.sheet, p.row, p.column) for p in report.errors] == [
        ("percent_over_100", "Berekening", 3, "Waarde"),
        ("percent_over_100", "Berekening", 4, "Waarde"),
    ]
    assert "The cell shows 700 %" in report.errors[0].message
    assert not stored(sqlite_session)


# --- the upload template, filled in by a ministry ----------------------------------------------


def test_the_upload_template_with_a_share_typed_as_percent() -> None:
    """The project's own template: the official types 6,2% over the example 6.2 (Excel stores
    0.062 and formats the cell 0.00%), keeps the example 7.4 (0.0##), and adds NL32 2024 typed
    as 7,4% and NL32 2022 as 5.9."""
    from pathways_monitor.importers.templates import write_indicator_template

    buffer = io.BytesIO()
    write_indicator_template(buffer, "nl")
    wb = openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))
    ws = next(s for s in wb.worksheets if s.cell(row=2, column=1).value == "ELET")
    headers = [str(c.value or "") for c in ws[1]]
    value_col = next(i for i, h in enumerate(headers, start=1) if h.startswith("value"))
    ws.cell(row=2, column=value_col, value=0.062).number_format = "0.00%"
    for row, (place, year, value, fmt) in enumerate(
        (("NL32", 2024, 0.074, "0.00%"), ("NL32", 2022, 5.9, None)), start=4
    ):
        for col, cell in enumerate(("ELET", place, year, "T"), start=1):
            ws.cell(row=row, column=col, value=cell)
        target = ws.cell(row=row, column=value_col, value=value)
        if fmt:
            target.number_format = fmt
    out = io.BytesIO()
    wb.save(out)
    parsed = read_indicator_table(out.getvalue(), "vsv_sjabloon.xlsx")
    assert parsed.problems == [], [p.as_dict() for p in parsed.problems]
    frame = parsed.frame
    got = list(zip(frame["geo"], frame["year"], frame["sex"], frame["value"], strict=True))
    assert got == [
        ("NL", 2023, "T", 6.2),
        ("NL", 2023, "M", 7.4),
        ("NL32", 2024, "T", 7.4),
        ("NL32", 2022, "T", 5.9),
    ]


# --- cells the reader leaves alone ---------------------------------------------------------------


def test_text_and_empty_cells_under_a_percent_format_and_other_columns() -> None:
    """Only number cells of the value column are scaled: "9,5%" typed as text stays 9.5, an
    empty % cell is no value, and a year column formatted 0% keeps its years."""
    data = workbook(
        [
            ["indicator", "geo", "year", "value"],
            ["ELET", "NL", 2021, "9,5%"],
            ["ELET", "NL", 2022, 0.095],
            ["ELET", "NL", 2023, None],
            ["ELET", "BE", 2023, 0.062],
        ],
        {"D2": "0.0%", "D3": "0.0%", "D4": "0.0%", "D5": "0.0%", "C5": "0%"},
    )
    parsed = read_indicator_table(data, "t.xlsx")
    assert not [p for p in parsed.problems if p.code != "empty_cell"], parsed.problems
    frame = parsed.frame
    got = {(g, y): v for g, y, v in zip(frame["geo"], frame["year"], frame["value"], strict=True)}
    assert got[("NL", 2021)] == 9.5 and got[("NL", 2022)] == 9.5 and got[("BE", 2023)] == 6.2


def test_a_workbook_without_percent_formats_reads_no_format() -> None:
    data = workbook([["indicator", "geo", "year", "value"], ["ELET", "NL", 2021, 9.5]], {})
    sheets, failure = read_sheets(data)
    assert failure is None and [s.percent for s in sheets] == [None]


# --- the sheet XML as other writers write it ---------------------------------------------------


def _zip(sheet_xml: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("xl/worksheets/sheet1.xml", sheet_xml)
    return buffer.getvalue()


NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


@pytest.mark.parametrize(
    "sheet_xml",
    [
        # Excel's own way
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<worksheet {NS}><sheetData>'
        '<row r="2" spans="1:5"><c r="A2" t="s"><v>0</v></c><c r="E2" s="3"><v>5.0999999999999997E-2'
        '</v></c></row><row r="7"><c r="E7" s="3"><v>0.1</v></c><c r="F7" s="2"><v>1</v></c>'
        "</row></sheetData></worksheet>",
        # attributes in another order, single quotes, a row style
        f"<worksheet {NS}><sheetData><row r='2'><c t='n' s='3' r='E2'><v>0.05</v></c></row>"
        '<row r="7" s="3" customFormat="1"><c r="E7" s="3"><v>0.1</v></c></row>'
        "</sheetData></worksheet>",
        # a namespace prefix on every element
        '<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<x:sheetData><x:row r="2"><x:c r="E2" s="3"><x:v>0.05</x:v></x:c></x:row><x:row r="7">'
        '<x:c r="E7" s="3"><x:v>0.1</x:v></x:c></x:row></x:sheetData></x:worksheet>',
        # cells without their r reference (positions implied)
        f'<worksheet {NS}><sheetData><row r="2"><c/><c/><c/><c/><c s="3"><v>0.05</v></c></row>'
        '<row r="7"><c/><c/><c/><c/><c s="3"><v>0.1</v></c><c s="2"/></row>'
        "</sheetData></worksheet>",
    ],
    ids=["excel", "reordered", "prefixed", "no-references"],
)
def test_percent_cells_are_found_whatever_the_writer(sheet_xml: str) -> None:
    cells = PercentCells(_zip(sheet_xml), "xl/worksheets/sheet1.xml", frozenset({3}))
    assert cells.rows(4).tolist() == [2, 7]  # column E
    assert cells.rows(5).tolist() == []
    assert cells.mask([4, 5], first_row=3, n_rows=5)[4].tolist() == [False] * 4 + [True]


def test_a_workbook_whose_cells_omit_references_end_to_end() -> None:
    """Some writers leave out ``r="E2"``; calamine reads such cells, and so does the scan."""
    data = workbook(
        [["indicator", "geo", "year", "value"], ["ELET", "NL", 2021, 0.051]], {"D2": "0.0%"}
    )
    members: dict[str, bytes] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for name in zf.namelist():
            members[name] = zf.read(name)
    sheet = "xl/worksheets/sheet1.xml"
    members[sheet] = re.sub(rb'<c r="[A-Z]+\d+"', b"<c", members[sheet])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for name, content in members.items():
            zf.writestr(name, content)
    parsed = read_indicator_table(buffer.getvalue(), "t.xlsx")
    assert parsed.problems == [] and list(parsed.frame["value"]) == [5.1]


# --- thousands of rows ------------------------------------------------------------------------


def test_a_percent_column_in_thousands_of_rows() -> None:
    """5,000 shares typed as % (0.0%) in a long sheet, as a ministry keeps a region x year x sex
    table; only the value column's formats are read, from the sheet XML, in a blink."""
    places = ("NL", "NL11", "NL12", "NL13", "NL21", "NL22", "NL23", "NL32", "NL35", "NL36")
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Gegevens")
    ws.append(["indicator", "geo", "year", "sex", "value"])
    expected: list[float] = []
    for i in range(5000):
        share = openpyxl.cell.WriteOnlyCell(ws, value=(i % 250 + 1) / 1000)  # 0.1 % ... 25.0 %
        share.number_format = "0.0%"
        ws.append(["ELET", places[i % 10], 1900 + i // 30, ("T", "F", "M")[i % 3], share])
        expected.append((i % 250 + 1) / 10)
    buffer = io.BytesIO()
    wb.save(buffer)
    data = buffer.getvalue()
    sheets, _ = read_sheets(data)
    assert sheets[0].percent is not None
    start = time.perf_counter()
    mask = sheets[0].percent.mask([4], first_row=2, n_rows=5000)
    assert time.perf_counter() - start < 0.5  # a few milliseconds; openpyxl would take ~0.5 s
    assert list(mask) == [4] and bool(mask[4].all())
    parsed = read_indicator_table(data, "regio.xlsx")
    assert parsed.problems == []
    assert parsed.frame["value"].tolist() == expected
