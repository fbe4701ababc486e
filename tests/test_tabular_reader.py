"""The generic indicator spreadsheet reader: ministries' own CSV and xlsx, long and wide."""

from __future__ import annotations

import datetime as dt
import io
import math
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from pathways_monitor.importers.frame import OBS_COLUMNS
from pathways_monitor.importers.problems import Problem
from pathways_monitor.importers.tabular import MAX_PROBLEMS, read_indicator_table

HERE = Path(__file__).resolve().parent / "fixtures" / "tabular"


def xlsx(sheets: dict[str, list[list[object]]], hidden: tuple[str, ...] = ()) -> bytes:
    """A small workbook: sheet name -> rows (None = empty cell)."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                if value is not None:
                    ws.cell(row=r, column=c, value=value)
        if name in hidden:
            ws.sheet_state = "hidden"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def codes(problems: list[Problem]) -> list[str]:
    return [p.code for p in problems]


def one(problems: list[Problem], code: str) -> Problem:
    hits = [p for p in problems if p.code == code]
    assert len(hits) == 1, problems
    return hits[0]


def by_row(frame: pd.DataFrame) -> dict[int, pd.Series]:
    return {int(r["row"]): r for _, r in frame.iterrows()}


# --- well-formed files ---------------------------------------------------------------------


def test_long_comma_csv_with_breakdowns_flags_and_sources() -> None:
    parsed = read_indicator_table((HERE / "long_comma.csv").read_bytes(), "long_comma.csv")
    assert parsed.problems == []
    assert parsed.format == "long_csv"
    frame = parsed.frame
    assert list(frame.columns) == list(OBS_COLUMNS)
    assert len(frame) == 6
    rows = by_row(frame)
    assert rows[2]["value"] == 5.6 and rows[2]["sex"] == "T" and rows[2]["source"] == "CBS Statline"
    assert rows[3]["flag"] == "p" and rows[3]["sex"] == "M"
    assert rows[4]["source"] == "long_comma.csv"  # empty source cell -> the file name
    assert (rows[5]["custom_dimension"], rows[5]["custom_value"]) == ("school type", "vmbo")
    assert rows[5]["flag"] == "b" and rows[5]["value"] == 9.5
    assert rows[2]["custom_dimension"] == "TOTAL" and rows[2]["citizenship"] == "TOTAL"
    # glued flag agreeing with the flag column; "women" means F; quoted source with a comma
    assert (rows[6]["value"], rows[6]["flag"], rows[6]["sex"]) == (4.1, "u", "F")
    assert rows[6]["source"] == "CBS, regional table"
    assert rows[7]["indicator"] == "LOWACH_READ" and rows[7]["sex"] == "T"
    assert set(frame["column"]) == {"value"} and frame["sheet"].isna().all()
    assert frame["year"].dtype == "int64" and frame["value"].dtype == "float64"


def test_semicolon_csv_with_bom_dutch_headers_decimal_commas_and_notes() -> None:
    data = (HERE / "long_semicolon_bom.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    parsed = read_indicator_table(data, "vsv.csv")
    assert parsed.problems == []
    rows = by_row(parsed.frame)
    # title on line 1, blank line 2, header line 3; blank line 6 and notes below are skipped
    assert sorted(rows) == [4, 5, 7, 8, 9, 10]
    assert (rows[4]["geo"], rows[4]["year"], rows[4]["sex"], rows[4]["value"]) == (
        "NL",
        2021,
        "T",
        5.3,
    )
    assert (rows[5]["sex"], rows[5]["value"], rows[5]["flag"]) == ("M", 6.2, "b")
    assert (rows[7]["sex"], rows[7]["value"], rows[7]["flag"]) == ("F", 4.6, "p")
    assert rows[8]["value"] == 9.5  # "9,5%"
    assert math.isnan(rows[9]["value"])  # ":" is a missing value, kept as such
    assert rows[10]["value"] == 1234.5  # "1.234,5"
    assert set(parsed.frame["column"]) == {"waarde"}


def test_cp1252_tab_separated_file() -> None:
    text = "indicator\tgeo\tyear\tvalue\tbron\nELET\tFR\t2022\t7,6\tInsée région\n"
    parsed = read_indicator_table(text.encode("cp1252"), "fr.tsv")
    assert parsed.problems == []
    assert parsed.frame.loc[0, "value"] == 7.6
    assert parsed.frame.loc[0, "source"] == "Insée région"


def test_pipe_delimiter_and_quoted_fields() -> None:
    data = b'indicator|geo|year|value|note\nELET|BE|2023|"6.2"|"a | b"\n'
    parsed = read_indicator_table(data, "be.txt")
    assert parsed.problems == []
    assert parsed.frame.loc[0, "value"] == 6.2 and parsed.frame.loc[0, "row"] == 2


def test_record_spanning_lines_keeps_line_numbers() -> None:
    data = b'indicator,geo,year,value,note\nELET,NL,2021,5.3,"two\nlines"\nELET,NL,2022,5.6,\n'
    parsed = read_indicator_table(data, "n.csv")
    assert parsed.problems == []
    assert list(parsed.frame["row"]) == [2, 4]


def test_rows_longer_than_header_are_read() -> None:
    data = b"indicator,geo,year,value\nELET,NL,2021,5.3,,\nELET,NL,2022,5.6\n"
    parsed = read_indicator_table(data, "t.csv")
    assert parsed.problems == []
    assert list(parsed.frame["value"]) == [5.3, 5.6]


def test_wide_xlsx_title_rows_hidden_sheet_date_headers_and_skipped_sheets() -> None:
    data = xlsx(
        {
            "Instructions": [["How to fill in"], ["indicator", "geo", "year", "value"]],
            "ELET": [
                ["Early leavers by region"],
                [],
                ["regio", "geslacht", dt.datetime(2015, 1, 1), 2016, "2017 ", 2018.0],
                ["NL32", "T", 9.5, "9,1 b", None, ":"],
                [],
                ["NL33", "vrouw", "8%", 7, 6, 5],
                ["Source: Eurostat edat_lfse_16"],
            ],
            "Pisa": [
                ["Indicator: LOWACH_READ"],
                ["land", 2018, 2022],
                ["NL", 24.1, 33.3],
            ],
            "Lists": [["sex", "flag", "year"], ["T", "b", 2020]],
        },
        hidden=("Pisa", "Lists"),
    )
    parsed = read_indicator_table(data, "regions.xlsx")
    assert parsed.problems == []
    assert parsed.format == "wide_xlsx"
    f = parsed.frame
    elet = f[f["indicator"] == "ELET"]
    # the empty 2017 cell of row 4 gives no observation; ":" gives a missing one
    assert sorted(zip(elet["row"], elet["year"], strict=True)) == [
        (4, 2015),
        (4, 2016),
        (4, 2018),
        (6, 2015),
        (6, 2016),
        (6, 2017),
        (6, 2018),
    ]
    cell = elet[(elet["row"] == 4) & (elet["year"] == 2016)].iloc[0]
    assert (cell["value"], cell["flag"], cell["column"], cell["sheet"]) == (
        9.1,
        "b",
        "2016",
        "ELET",
    )
    assert elet[(elet["row"] == 6) & (elet["year"] == 2015)].iloc[0]["value"] == 8.0
    assert set(elet[elet["row"] == 6]["sex"]) == {"F"}
    pisa = f[f["indicator"] == "LOWACH_READ"]  # hidden sheet, indicator from a title line
    assert list(pisa["value"]) == [24.1, 33.3] and set(pisa["sheet"]) == {"Pisa"}
    assert list(pisa["row"]) == [3, 3]
    assert set(f["source"]) == {"regions.xlsx"}


def test_wide_csv_indicator_from_title_line_and_custom_breakdown() -> None:
    data = (
        b"Indicator: VSV_REGIO\n\nregio,uitsplitsing,uitsplitsingwaarde,2020,2021\n"
        b'NL32,schoolsoort,vmbo,"9,5","8,8"\nNL32,,,"5,1",\n'
    )
    parsed = read_indicator_table(data, "vsv.csv")
    assert parsed.problems == []
    assert parsed.format == "wide_csv"
    f = parsed.frame
    assert set(f["indicator"]) == {"VSV_REGIO"}
    assert list(zip(f["row"], f["year"], f["value"], f["custom_value"], strict=True)) == [
        (4, 2020, 9.5, "vmbo"),
        (4, 2021, 8.8, "vmbo"),
        (5, 2020, 5.1, "TOTAL"),
    ]


def test_xlsx_indicator_from_sheet_name_and_numbers_as_numbers() -> None:
    data = xlsx({"LOWACH_MATH": [["country", "2018", "2022"], ["NL", 15.6, 27.4]]})
    parsed = read_indicator_table(data, "pisa.xlsx")
    assert parsed.problems == []
    assert set(parsed.frame["indicator"]) == {"LOWACH_MATH"}
    assert list(parsed.frame["value"]) == [15.6, 27.4]


def test_long_xlsx_with_date_years_and_numeric_cells() -> None:
    data = xlsx(
        {
            "Data": [
                ["Indicatorcode", "Gebied", "Periode", "Geslacht", "Waarde", "Status flag"],
                ["ELET", "NL", dt.datetime(2021, 1, 1), "meisjes", 4.6, "p"],
                ["ELET", "NL", 2022.0, "jongens", 7, None],
            ]
        }
    )
    parsed = read_indicator_table(data, "nl.xlsx")
    assert parsed.problems == []
    assert parsed.format == "long_xlsx"
    f = parsed.frame
    assert list(f["year"]) == [2021, 2022] and list(f["sex"]) == ["F", "M"]
    assert list(f["value"]) == [4.6, 7.0] and list(f["flag"].fillna("")) == ["p", ""]
    assert list(f["column"]) == ["Waarde", "Waarde"]


def test_reads_the_projects_own_indicator_template() -> None:
    from pathways_monitor.importers.templates import write_indicator_template

    buffer = io.BytesIO()
    write_indicator_template(buffer)
    parsed = read_indicator_table(buffer.getvalue(), "template.xlsx")
    assert parsed.problems == []
    # the example rows of the long sheet; the "Wide example" and Lists sheets are skipped
    assert list(zip(parsed.frame["sex"], parsed.frame["value"], strict=True)) == [
        ("T", 6.2),
        ("M", 7.4),
    ]


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        (['"1,234"', "12"], None),  # nothing tells: ambiguous (see the problem tests)
        (['"1,234"', "12.5"], 1234.0),  # dots are decimal elsewhere: comma groups thousands
        (['"1,234"', '"12,5"'], 1.234),  # commas are decimal elsewhere
        (['"1,234"', '"1,234,567"'], 1234.0),  # 1,234,567 proves commas group thousands
        (["1.234", "12"], 1.234),  # comma-separated file: a dot is decimal by default
        (["1.234", '"1.234,5"'], 1234.0),  # a dot before a decimal comma groups thousands
    ],
)
def test_decimal_separator_decided_per_column(cells: list[str], expected: float | None) -> None:
    """The first cell is read using what the other cells of its column show."""
    lines = [f"ELET,NL,{2020 + i},{c}" for i, c in enumerate(cells)]
    data = ("indicator,geo,year,value\n" + "\n".join(lines) + "\n").encode()
    parsed = read_indicator_table(data, "a.csv")
    first = parsed.frame[parsed.frame["row"] == 2]
    if expected is None:
        assert first.empty and codes(parsed.problems) == ["ambiguous_number"]
    else:
        assert parsed.problems == []
        assert first.iloc[0]["value"] == pytest.approx(expected)


def test_semicolon_file_dot_needs_evidence() -> None:
    resolved = read_indicator_table(
        b"indicator;geo;year;value\nELET;NL;2020;1.234\nELET;NL;2021;2,5\n", "a.csv"
    )
    assert resolved.problems == [] and resolved.frame.loc[0, "value"] == 1234.0
    unresolved = read_indicator_table(
        b"indicator;geo;year;value\nELET;NL;2020;1.234\nELET;NL;2021;2\n", "a.csv"
    )
    p = one(unresolved.problems, "ambiguous_number")
    assert (p.row, p.column, p.value) == (2, "value", "1.234")


# --- one broken file per problem code --------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "code", "row", "column", "value"),
    [
        ("ELET,NL,2020,abc,,T", "not_a_number", 3, "value", "abc"),
        ("ELET,NL,20x0,3,,T", "bad_year", 3, "year", "20x0"),
        ("ELET,NL,,3,,T", "bad_year", 3, "year", ""),
        ("ELET,NL,2020,3,q,T", "bad_flag", 3, "flag", "q"),
        ("ELET,NL,2020,3 kg,,T", "bad_flag", 3, "value", "3 kg"),
        ("ELET,NL,2020,3 b,u,T", "conflicting_flag", 3, "value", "3 b"),
        ("ELET,NL,2020,3,,X", "unknown_sex", 3, "sex", "X"),
        ('ELET,NL,2020,"1,234",,T', "ambiguous_number", 3, "value", "1,234"),
        ("ELET,,2020,3,,T", "empty_cell", 3, "geo", ""),
    ],
)
def test_cell_problem_codes_name_row_and_column(
    body: str, code: str, row: int, column: str, value: str
) -> None:
    data = f"Table 1\nindicator,geo,year,value,flag,sex\n{body}\nELET,NL,2021,4,,T\n".encode()
    parsed = read_indicator_table(data, "broken.csv")
    p = one(parsed.problems, code)
    assert (p.sheet, p.row, p.column, p.value) == (None, row, column, value)
    assert p.message
    assert list(parsed.frame["row"]) == [4]  # the bad row is left out, the good one read


def test_problems_in_a_workbook_use_excel_rows_and_sheet_names() -> None:
    data = xlsx(
        {
            "Data": [
                ["Title"],
                ["indicator", "geo", "sex", 2020, 2021],
                ["ELET", "NL", "Q", 5, "five"],
            ]
        }
    )
    problems = read_indicator_table(data, "w.xlsx").problems
    sex = one(problems, "unknown_sex")
    assert (sex.sheet, sex.row, sex.column, sex.value) == ("Data", 3, "sex", "Q")
    assert "T (Total" in sex.message
    nan = one(problems, "not_a_number")
    assert (nan.sheet, nan.row, nan.column, nan.value) == ("Data", 3, "2021", "five")


def test_all_problems_are_collected() -> None:
    data = b"indicator,geo,year,value\nELET,NL,20x0,abc\nELET,NL,2021,xyz\n"
    assert codes(read_indicator_table(data, "a.csv").problems) == [
        "bad_year",
        "not_a_number",
        "not_a_number",
    ]


@pytest.mark.parametrize(
    ("data", "name", "row", "column"),
    [
        (b"indicator,geo,value\nELET,NL,3\n", "a.csv", 1, "year"),
        (b"indicator,geo,year\nELET,NL,2020\n", "a.csv", 1, "value"),
        (b"\n\nplace,2015,2016\nNL,3,4\n", "a.csv", 3, "indicator"),
        (b"indicator,2015,2016\nELET,3,4\n", "a.csv", 1, "geo"),
    ],
)
def test_missing_column(data: bytes, name: str, row: int, column: str) -> None:
    parsed = read_indicator_table(data, name)
    p = one(parsed.problems, "missing_column")
    assert (p.row, p.column) == (row, column)
    assert parsed.frame.empty


def test_missing_indicator_in_a_generic_sheet() -> None:
    data = xlsx({"Sheet1": [["Regional figures"], ["region", 2015, 2016], ["NL32", 3, 4]]})
    p = one(read_indicator_table(data, "w.xlsx").problems, "missing_column")
    assert (p.sheet, p.row, p.column) == ("Sheet1", 2, "indicator")


@pytest.mark.parametrize(
    ("header", "column"),
    [
        ("indicator,country,region,year,value", "region"),
        ("indicator,geo,value,2015,2016", "2015"),
        ("indicator,geo,2015,2016,2015", "2015"),
        ("indicator,geo,year/value", "year/value"),
    ],
)
def test_ambiguous_column(header: str, column: str) -> None:
    data = f"{header}\nELET,NL,NL3,3,4\n".encode()
    parsed = read_indicator_table(data, "a.csv")
    p = one(parsed.problems, "ambiguous_column")
    assert (p.row, p.column) == (1, column)


def test_empty_files() -> None:
    assert codes(read_indicator_table(b"", "a.csv").problems) == ["empty_file"]
    header_only = read_indicator_table(b"indicator,geo,year,value\n\n", "a.csv")
    assert codes(header_only.problems) == ["empty_file"] and header_only.frame.empty
    blank_book = xlsx({"Sheet1": [], "Sheet2": [[None]]})
    assert codes(read_indicator_table(blank_book, "a.xlsx").problems) == ["empty_file"]


def test_custom_breakdown_without_value_is_reported() -> None:
    data = b"indicator,geo,year,breakdown,breakdown_value,value\nELET,NL,2020,school type,,3\n"
    p = one(read_indicator_table(data, "a.csv").problems, "bad_breakdown")
    assert (p.row, p.column) == (2, "breakdown_value")


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
            + b"\x00" * 504
            + "EncryptedInfo EncryptedPackage".encode("utf-16-le"),
            "encrypted_workbook",
        ),
        (b"indicator,geo,year,value\nELET,NL,2020,3\n", "not_a_workbook"),
        (b"PK\x03\x04\x14\x00\x00\x00broken zip", "corrupt_workbook"),
    ],
)
def test_unreadable_workbooks(data: bytes, code: str) -> None:
    parsed = read_indicator_table(data, "book.xlsx")
    assert codes(parsed.problems) == [code]
    assert parsed.frame.empty


def test_truncated_workbook_is_corrupt() -> None:
    data = xlsx({"Data": [["indicator", "geo", "year", "value"], ["ELET", "NL", 2020, 3]]})
    assert codes(read_indicator_table(data[: len(data) // 2], "b.xlsx").problems) == [
        "corrupt_workbook"
    ]


def test_too_many_problems_is_capped_with_a_summary() -> None:
    lines = "\n".join(f"ELET,NL,2020,bad{i}" for i in range(MAX_PROBLEMS + 50))
    problems = read_indicator_table(
        f"indicator,geo,year,value\n{lines}\n".encode(), "a.csv"
    ).problems
    assert len(problems) == MAX_PROBLEMS + 1
    assert problems[-1].code == "too_many_problems" and "50" in problems[-1].message


def test_utf16_unicode_text_export() -> None:
    text = "indicator\tgeo\tyear\tvalue\r\nELET\tPL\t2023\t3,7\r\n"
    parsed = read_indicator_table(text.encode("utf-16"), "pl.txt")
    assert parsed.problems == [] and parsed.frame.loc[0, "value"] == 3.7


def test_indicator_code_in_sheet_name_beats_a_worded_title() -> None:
    data = xlsx({"ELET": [["Indicator: early leavers (%)"], ["geo", 2022], ["NL", 5.6]]})
    assert list(read_indicator_table(data, "a.xlsx").frame["indicator"]) == ["ELET"]


def test_table_not_starting_in_cell_a1() -> None:
    data = xlsx(
        {
            "Data": [
                [],
                [None, "indicator", "geo", "year", "value"],
                [None, "ELET", "NL", 2023, 6.2],
                [None, "Bron: CBS"],
                ["* provisional"],
            ]
        }
    )
    parsed = read_indicator_table(data, "b2.xlsx")
    assert parsed.problems == []
    assert list(zip(parsed.frame["row"], parsed.frame["value"], strict=True)) == [(3, 6.2)]
