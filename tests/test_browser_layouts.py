"""Data-browser downloads (docs/eurostat-formats.md, sections 1 and 2): every layout variant read
into the LongCells contract (dims, fixed dimensions, declared dataset, lines, cell texts, flags).

Only the reader is tested here, not the whole import. Files are written as the data browser
writes them: BOM, CRLF, quotes, empty flag columns, trailing separators. Figures for totals are
copied from the published edat_lfse_14 / sdg_04_40 files (see tests/fixtures/eurostat/README.md);
the sdg_04_10a "nationals" figures are the illustrative numbers of the doc's example.
"""

from __future__ import annotations

import io

import openpyxl
import pandas as pd
import pytest

from pathways_monitor.importers.detect import KIND_EUROSTAT, KIND_INDICATORS, detect
from pathways_monitor.importers.eurostat import FORMATS, sniff_eurostat
from pathways_monitor.importers.eurostat_browser import (
    find_header,
    normalise_key,
    read_browser_cells,
    read_browser_rows,
    sniff_separator,
)
from pathways_monitor.importers.eurostat_browser_xlsx import (
    cell_text,
    is_browser_workbook,
    read_browser_xlsx_cells,
)
from pathways_monitor.importers.eurostat_common import LongCells

BOM = "\ufeff"
MAX_BYTES = 50 * 1024 * 1024


def download(*lines: str) -> str:
    """A data-browser CSV as saved: UTF-8 BOM, CRLF after every line."""
    return BOM + "".join(f"{line}\r\n" for line in lines)


def cell_at(cells: LongCells, **where: object) -> dict[str, object]:
    """The one long-table record matching ``where``."""
    frame = cells.frame
    mask = pd.Series(True, index=frame.index)
    for col, value in where.items():
        mask &= frame[col] == value
    rows = frame[mask]
    assert len(rows) == 1, f"{len(rows)} records for {where}"
    return rows.iloc[0].to_dict()


def no_errors(cells: LongCells) -> None:
    assert [(p.code, p.row, p.message) for p in cells.problems] == []


# --- section 1: the spec's example (sdg_04_10a filtered to nationals) --------------------------

SPEC_EXAMPLE = download(
    '"Early leavers from education and training by citizenship [sdg_04_10a__custom_19283746]"',
    '""',
    '"Data extracted on 03/12/2026 10:15:22 from [ESTAT]"',
    '"Dataset:","Early leavers from education and training by citizenship [sdg_04_10a]"',
    '"Last updated:","22/04/2026 23:00"',
    '""',
    '"Time frequency","Annual"',
    '"Age class","From 18 to 24 years"',
    '"Unit of measure","Percentage"',
    '"Sex","Total"',
    '"Country of citizenship","Reporting country"',
    '""',
    '"TIME","2021","","2022","","2023","","2024",""',
    '"GEO (Labels)","","","","","","","",""',
    '"European Union - 27 countries (from 2020)","8.3","b","8.2","","8.1","","8.0",""',
    '"Netherlands","5.7","b","5.9","","6.2","","6.4",""',
    '"Liechtenstein",":","",":","",":","",":",""',
    '""',
    '"Special value",""',
    '":","not available"',
    '""',
    '"Available flags:",""',
    '"b","break in time series"',
    '"u","low reliability"',
)


def test_spec_example_nationals_are_a_fixed_dimension() -> None:
    cells = read_browser_cells(SPEC_EXAMPLE, "sdg_04_10a__custom_19283746_spreadsheet.csv")
    no_errors(cells)
    assert cells.fmt == "databrowser_csv"
    assert cells.declared_dataset == "sdg_04_10a"  # never sdg_04_10, never "estat"
    assert cells.dims == ["geo", "freq", "age", "unit", "sex", "citizen"]
    assert set(cells.frame["citizen"]) == {"Reporting country"}
    assert set(cells.frame["sex"]) == {"Total"} and set(cells.frame["unit"]) == {"Percentage"}
    assert (cells.geo_mode, cells.geo_column, cells.labelled_dims) == (
        "labels",
        "GEO (Labels)",
        True,
    )
    assert len(cells.frame) == 12  # 3 places x 4 years; the legends are no table rows
    nl = cell_at(cells, geo="Netherlands", time="2021")
    assert (nl["cell"], nl["flag_cell"], nl["row"], nl["column"]) == ("5.7", "b", 16, "2021")
    assert cell_at(cells, geo="Netherlands", time="2024")["cell"] == "6.4"
    assert cell_at(cells, geo="Liechtenstein", time="2022")["cell"] == ":"
    # legend entries (":", "b", "u") and download facts never become dimensions
    assert not {":", "b", "u", "special value", "dataset", "last updated"} & set(cells.frame)


def test_declared_dataset_from_title_when_no_dataset_line() -> None:
    text = download(
        '"Early leavers from education and training by citizenship [sdg_04_10a__custom_19283746]"',
        '""',
        '"Data extracted on 03/12/2026 10:15:22 from [ESTAT]"',
        '""',
        '"Country of citizenship","Reporting country"',
        '""',
        '"TIME","2021",""',
        '"GEO (Labels)","",""',
        '"Netherlands","5.7","b"',
    )
    assert read_browser_cells(text, "download.csv").declared_dataset == "sdg_04_10a"


def test_declared_dataset_from_file_name_else_none() -> None:
    text = download('"Sex","Total"', '""', '"TIME","2021",""', '"GEO (Labels)","",""', '"X","1",""')
    assert read_browser_cells(text, "sdg_04_10a__custom_1_spreadsheet.csv").declared_dataset == (
        "sdg_04_10a"
    )
    assert read_browser_cells(text, "download.csv").declared_dataset is None


# --- fixed dimensions in their three shapes ------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        '"Country of citizenship","Reporting country"',
        '"Country of citizenship:","Reporting country"',
        '"Country of citizenship: Reporting country"',
        "Country of citizenship: Reporting country",
    ],
)
def test_fixed_dimension_shapes(line: str) -> None:
    text = download(
        '"Early leavers from education and training by citizenship [sdg_04_10a__custom_19283746]"',
        '"Dataset:","Early leavers from education and training by citizenship [sdg_04_10a]"',
        '""',
        '"Sex:","Total"',
        line,
        '""',
        '"TIME","2023",""',
        '"GEO (Labels)","",""',
        '"Netherlands","6.2",""',
    )
    cells = read_browser_cells(text, "x.csv")
    no_errors(cells)
    assert cells.dims == ["geo", "sex", "citizen"]
    assert cell_at(cells, geo="Netherlands")["citizen"] == "Reporting country"
    assert cell_at(cells, geo="Netherlands")["sex"] == "Total"


def test_unknown_fixed_dimension_is_kept_under_its_name() -> None:
    text = download(
        '"Dataset:","Early leavers from education and training by sex and labour status [edat_lfse_14]"',
        '"Sex","Total"',
        '"Type of household","Total"',
        '"Open product page"',
        '""',
        '"TIME","2021",""',
        '"GEO (Labels)","",""',
        '"Netherlands","5.1","b"',
    )
    cells = read_browser_cells(text, "x.csv")
    assert cells.dims == ["geo", "sex", "type of household"]
    assert cell_at(cells, geo="Netherlands")["type of household"] == "Total"


def test_normalise_key() -> None:
    assert normalise_key("SEX (Labels)") == "sex"
    assert normalise_key(" Country of citizenship: ") == "country of citizenship"
    assert normalise_key("GEO (Codes)") == "geo"


# --- separators, decimal commas, quoting, flags ------------------------------------------------


def test_semicolons_decimal_commas_one_cell_metadata_sdg_04_40() -> None:
    # the refused download: `;`, decimal commas, metadata lines, unquoted cells
    text = download(
        '"Low achieving 15-year-olds in reading, mathematics or science by sex [sdg_04_40__custom_555]"',
        "",
        "Data extracted on 03/12/2026 10:15:22 from [ESTAT]",
        "Dataset:;Low achieving 15-year-olds in reading, mathematics or science by sex [sdg_04_40]",
        "Last updated:;22/04/2026 23:00",
        "",
        "Time frequency: Annual",
        "Unit of measure: Percentage",
        "Sex: Total",
        "Education or training field: Reading",
        "",
        "TIME;2015;;2018;;2022;",
        "GEO (Labels);;;;;;",
        "European Union - 27 countries (from 2020);20,0;;22,5;b;26,2;",
        "Netherlands;18,1;;24,1;b;34,6;",
        "",
        "Special value;",
        ":;not available",
    )
    assert sniff_separator(text) == ";"
    assert sniff_eurostat(text.encode("utf-8"), "sdg_04_40.csv") == "databrowser_csv"
    cells = read_browser_cells(text, "x.csv")
    no_errors(cells)
    assert cells.declared_dataset == "sdg_04_40"
    assert cells.dims == ["geo", "freq", "unit", "sex", "field"]
    nl = cell_at(cells, geo="Netherlands", time="2018")
    assert (nl["cell"], nl["flag_cell"], nl["row"], nl["field"]) == ("24,1", "b", 15, "Reading")
    assert cell_at(cells, geo="European Union - 27 countries (from 2020)", time="2022")["cell"] == (
        "26,2"
    )


def test_semicolons_quoted() -> None:
    text = download(
        '"Early leavers from education and training by citizenship [sdg_04_10a__custom_19283746]"',
        '"Country of citizenship";"Reporting country"',
        '""',
        '"TIME";"2021";"";"2022";""',
        '"GEO (Labels)";"";"";"";""',
        '"Netherlands";"5,7";"b";"5,9";""',
    )
    cells = read_browser_cells(text, "x.csv")
    no_errors(cells)
    assert cell_at(cells, time="2021")["cell"] == "5,7"
    assert cell_at(cells, time="2021")["citizen"] == "Reporting country"


def test_comma_separator_with_quoted_decimal_commas() -> None:
    text = download(
        '"Dataset:","Early leavers from education and training by sex and labour status [edat_lfse_14]"',
        '"Sex","Total"',
        '""',
        '"TIME","2021","","2022",""',
        '"GEO (Labels)","","","",""',
        '"Netherlands","5,1","b","5,6",""',
    )
    cells = read_browser_cells(text, "x.csv")
    assert sniff_separator(text) == ","
    assert cell_at(cells, time="2021")["cell"] == "5,1"
    assert cell_at(cells, time="2022")["flag_cell"] == ""


def test_no_flags_and_trailing_separators_unquoted() -> None:
    text = download(
        "Dataset:,Early leavers from education and training by sex and labour status [edat_lfse_14],",
        "Sex,Total,",
        ",",
        "TIME,2021,2022,2023,",
        "GEO (Labels),,,,",
        "Netherlands,5.1,5.6,6.2,",
        "European Union - 27 countries (from 2020),9.7,9.6,9.6,",
    )
    cells = read_browser_cells(text, "x.csv")
    no_errors(cells)
    assert len(cells.frame) == 6
    # No flag columns: the flags are unknown (None), not "no flag" ("").
    assert cells.frame["flag_cell"].isna().all()
    nl = cell_at(cells, geo="Netherlands", time="2023")
    assert (nl["cell"], nl["row"], nl["column"]) == ("6.2", 6, "2023")


def test_missing_values_and_text_pass_through_as_written() -> None:
    text = download(
        '"Sex","Total"',
        '""',
        '"TIME","2021","","2022","","2023",""',
        '"GEO (Labels)","","","","","",""',
        '"Ireland",": bu","",":","u","n/a",""',
    )
    cells = read_browser_cells(text, "edat_lfse_14_spreadsheet.csv")
    assert [(r["cell"], r["flag_cell"]) for r in cells.frame.to_dict("records")] == [
        (": bu", ""),
        (":", "u"),
        ("n/a", ""),
    ]


# --- codes or labels, several row dimensions -----------------------------------------------------


def test_geo_codes() -> None:
    text = download(
        '"Sex","Total"',
        '""',
        '"TIME","2021",""',
        '"GEO (Codes)","",""',
        '"NL","5.1","b"',
    )
    cells = read_browser_cells(text, "edat_lfse_14.csv")
    assert (cells.geo_mode, cells.geo_column) == ("codes", "GEO (Codes)")
    assert cell_at(cells, geo="NL")["cell"] == "5.1"


def test_geo_codes_and_labels_uses_codes() -> None:
    text = download(
        '"Sex","Total"',
        '""',
        '"TIME","","2021","","2022",""',
        '"GEO (Codes)","GEO (Labels)","","","",""',
        '"NL","Netherlands","5.1","b","5.6",""',
        '"EU27_2020","European Union - 27 countries (from 2020)","9.7","b","9.6",""',
    )
    cells = read_browser_cells(text, "edat_lfse_14.csv")
    no_errors(cells)
    assert (cells.geo_mode, cells.geo_column) == ("codes", "GEO (Codes)")
    assert cells.dims == ["geo", "sex"]
    assert sorted(cells.frame["geo"].unique()) == ["EU27_2020", "NL"]
    eu = cell_at(cells, geo="EU27_2020", time="2022")
    assert (eu["cell"], eu["row"], eu["column"]) == ("9.6", 6, "2022")


def test_several_dimensions_in_rows() -> None:
    text = download(
        '"Dataset:","Early leavers from education and training by sex and labour status [edat_lfse_14]"',
        '"Activity and employment status","Population"',
        '""',
        '"TIME","","2021","","2022",""',
        '"GEO (Labels)","SEX (Labels)","","","",""',
        '"Netherlands","Total","5.1","b","5.6",""',
        '"Netherlands","Females","3.8","b","4.3",""',
        '"Netherlands","Males","6.5","b","6.8",""',
        '""',
    )
    assert sniff_eurostat(text.encode("utf-8"), "x.csv") == "databrowser_csv"
    cells = read_browser_cells(text, "x.csv")
    no_errors(cells)
    assert cells.dims == ["geo", "sex", "wstatus"]
    f = cell_at(cells, geo="Netherlands", sex="Females", time="2021")
    assert (f["cell"], f["flag_cell"], f["row"], f["wstatus"]) == ("3.8", "b", 7, "Population")
    assert cell_at(cells, sex="Males", time="2022")["cell"] == "6.8"


# --- dimensions in columns, TIME in rows ------------------------------------------------------


def test_dimension_in_columns_carried_over_empty_cells() -> None:
    text = download(
        '"Dataset:","Early leavers from education and training by sex and labour status [edat_lfse_14]"',
        '"Activity and employment status","Population"',
        '""',
        '"SEX","Total","","","","Females","","",""',
        '"TIME","2021","","2022","","2021","","2022",""',
        '"GEO (Labels)","","","","","","","",""',
        '"Netherlands","5.1","b","5.6","","3.8","b","4.3",""',
        '"Belgium","6.7","b","6.4","","4.5","b","4.8",""',
    )
    cells = read_browser_cells(text, "x.csv")
    no_errors(cells)
    assert cells.dims == ["geo", "sex", "wstatus"]
    assert len(cells.frame) == 8
    f = cell_at(cells, geo="Netherlands", sex="Females", time="2022")
    assert (f["cell"], f["flag_cell"], f["row"]) == ("4.3", "", 7)
    t = cell_at(cells, geo="Belgium", sex="Total", time="2021")
    assert (t["cell"], t["flag_cell"], t["row"]) == ("6.7", "b", 8)


def test_time_in_rows_geo_in_columns() -> None:
    text = download(
        '"Dataset:","Early leavers from education and training by sex and labour status [edat_lfse_14]"',
        '"Sex","Total"',
        '""',
        '"GEO (Labels)","Belgium","","Bulgaria",""',
        '"TIME","","","",""',
        '"2021","6.7","b","12.0","b"',
        '"2022","6.4","","10.3",""',
        '""',
        '"Special value",""',
    )
    rows = [[c.strip('"') for c in ln.split(",")] for ln in text.lstrip(BOM).splitlines()]
    assert find_header(rows) == 4
    cells = read_browser_cells(text, "x.csv")
    no_errors(cells)
    assert (cells.geo_mode, cells.geo_column) == ("labels", "GEO (Labels)")
    assert len(cells.frame) == 4
    bg = cell_at(cells, geo="Bulgaria", time="2021")
    assert (bg["cell"], bg["flag_cell"], bg["row"], bg["column"]) == ("12.0", "b", 6, "Bulgaria")
    assert cell_at(cells, geo="Belgium", time="2022")["cell"] == "6.4"


# --- several tables, legends, older layout ------------------------------------------------------


def test_several_tables_each_with_its_fixed_dimensions() -> None:
    text = download(
        '"Early leavers from education and training by sex and labour status [edat_lfse_14__custom_42]"',
        '""',
        '"Dataset:","Early leavers from education and training by sex and labour status [edat_lfse_14]"',
        '""',
        '"Time frequency","Annual"',
        '"Activity and employment status","Population"',
        '"Sex","Total"',
        '""',
        '"TIME","2021","","2022",""',
        '"GEO (Labels)","","","",""',
        '"Netherlands","5.1","b","5.6",""',
        '""',
        '"Special value",""',
        '":","not available"',
        '""',
        '"Sex","Females"',
        '""',
        '"TIME","2021","","2022",""',
        '"GEO (Labels)","","","",""',
        '"Netherlands","3.8","b","4.3",""',
        '""',
        '"Available flags:",""',
        '"b","break in time series"',
    )
    cells = read_browser_cells(text, "x.csv")
    no_errors(cells)
    assert cells.dims == ["geo", "freq", "wstatus", "sex"]
    assert len(cells.frame) == 4
    t = cell_at(cells, sex="Total", time="2021")
    f = cell_at(cells, sex="Females", time="2021")
    assert (t["cell"], t["row"], t["freq"]) == ("5.1", 11, "Annual")
    assert (f["cell"], f["row"], f["freq"], f["wstatus"]) == ("3.8", 20, "Annual", "Population")


def test_older_layout_years_on_the_geo_line() -> None:
    text = download(
        "Dataset:,Early leavers from education and training by sex and labour status [edat_lfse_14]",
        "Last updated:,24/04/2025 23:00",
        ",",
        "Sex,Total",
        ",",
        "GEO (Labels),2020,,2021,",
        'Netherlands,"7,0",,"5,1",b',
        "Belgium,8.1,,6.7,b",
        ",",
        "Special value,",
        ":,not available",
    )
    cells = read_browser_cells(text, "x.csv")
    no_errors(cells)
    assert cells.dims == ["geo", "sex"]
    nl = cell_at(cells, geo="Netherlands", time="2021")
    assert (nl["cell"], nl["flag_cell"], nl["row"], nl["column"]) == ("5,1", "b", 7, "2021")
    assert cell_at(cells, geo="Belgium", time="2020")["cell"] == "8.1"


def test_find_header_variants() -> None:
    assert find_header([["Sex", "Total"], ["TIME", "2021", "", "2022", ""]]) == 1
    assert find_header([["TIME", "", "2021", ""], ["GEO (Labels)", "SEX (Labels)", "", ""]]) == 0
    assert find_header([["GEO (Labels)", "2020", "", "2021", ""]]) == 0
    assert find_header([["Sex", "Total"], ["Netherlands", "5.1"]]) is None
    text = download("TIME;2021;;2022;", "GEO (Labels);;;;", "Netherlands;5,1;b;5,6;")
    assert sniff_separator(text) == ";"


def test_no_header_is_a_bad_header_problem() -> None:
    text = download('"Dataset:","Something [edat_lfse_14]"', '"Sex","Total"', '"Netherlands","5.1"')
    cells = read_browser_cells(text, "x.csv")
    assert cells.frame.empty
    assert [p.code for p in cells.problems] == ["bad_header"]
    assert "TIME" in cells.problems[0].message and cells.declared_dataset == "edat_lfse_14"


def test_rows_reader_is_shared() -> None:
    rows = [
        ["Sex", "Total"],
        [],
        ["TIME", "2021", ""],
        ["GEO (Labels)", "", ""],
        ["Netherlands", "5.1", "b"],
    ]
    cells = read_browser_rows(rows, "edat_lfse_14.xlsx", "databrowser_xlsx", sheet="Sheet 1")
    rec = cell_at(cells, geo="Netherlands")
    assert (rec["row"], rec["sheet"], rec["column"], rec["cell"]) == (
        5,
        "Sheet 1",
        "B (2021)",
        "5.1",
    )


# --- section 2: the xlsx download ---------------------------------------------------------------


def browser_workbook(*, declared_in_sheets: bool = True, two_sheets: bool = False) -> bytes:
    """A workbook shaped like the data browser's: Summary, Structure, Sheet 1 (and Sheet 2)."""
    wb = openpyxl.Workbook()
    summary = wb.active
    summary.title = "Summary"
    for row in (
        ["Early leavers from education and training by citizenship [sdg_04_10a__custom_19283746]"],
        ["Open product page"],
        ["Open in Data Browser"],
        [],
        ["Description:", "Early leavers from education and training by citizenship"],
        ["Last update", "22/04/2026 23:00"],
        ["Source of data", "Eurostat"],
        [],
        ["Contents"],
        ["Sheet 1", "Early leavers from education and training by citizenship"],
    ):
        summary.append(row)
    structure = wb.create_sheet("Structure")
    structure.append(["Dimension", "Position", "Label"])
    structure.append(["Country of citizenship", "Reporting country"])

    def table(ws: openpyxl.worksheet.worksheet.Worksheet, sex: str, values: list[object]) -> None:
        if declared_in_sheets:
            ws.append(
                [
                    "Early leavers from education and training by citizenship "
                    "[sdg_04_10a__custom_19283746]"
                ]
            )
            ws.append([])
            ws.append(["Data extracted on 03/12/2026 10:15:22 from [ESTAT]"])
            ws.append(
                [
                    "Dataset:",
                    "Early leavers from education and training by citizenship [sdg_04_10a]",
                ]
            )
        else:  # a sheet stating no dataset: the Summary's title says it
            ws.append([])
            ws.append([])
            ws.append(["Data extracted on 03/12/2026 10:15:22 from [ESTAT]"])
            ws.append([])
        ws.append(["Last updated:", "22/04/2026 23:00"])
        ws.append([])
        ws.append(["Time frequency", "Annual"])
        ws.append(["Age class", "From 18 to 24 years"])
        ws.append(["Unit of measure", "Percentage"])
        ws.append(["Sex", sex])
        ws.append(["Country of citizenship", "Reporting country"])
        ws.append([])
        ws.append(["TIME", "2021", None, "2022", None])
        ws.append(["GEO (Labels)"])
        ws.append(["Netherlands", values[0], "b", values[1], None])
        ws.append(["Liechtenstein", ":", None, ":", None])
        ws.append([])
        ws.append(["Special value"])
        ws.append([":", "not available"])

    table(wb.create_sheet("Sheet 1"), "Total", [5.7, 8.300000000000001])
    if two_sheets:
        table(wb.create_sheet("Sheet 2"), "Females", [0.1 + 0.2, 12])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_xlsx_reads_table_sheet_with_sheet_column() -> None:
    data = browser_workbook()
    assert is_browser_workbook(data)
    assert sniff_eurostat(data, "sdg_04_10a__custom_19283746_spreadsheet.xlsx") == (
        "databrowser_xlsx"
    )
    assert "databrowser_xlsx" in FORMATS
    cells = read_browser_xlsx_cells(data, "sdg_04_10a__custom_19283746_spreadsheet.xlsx")
    no_errors(cells)
    assert cells.fmt == "databrowser_xlsx" and cells.declared_dataset == "sdg_04_10a"
    assert cells.dims == ["geo", "freq", "age", "unit", "sex", "citizen"]
    assert set(cells.frame["citizen"]) == {"Reporting country"}
    assert set(cells.frame["sheet"]) == {"Sheet 1"}
    nl = cell_at(cells, geo="Netherlands", time="2021")
    assert (nl["cell"], nl["flag_cell"], nl["row"], nl["column"]) == ("5.7", "b", 15, "B (2021)")
    assert cell_at(cells, geo="Netherlands", time="2022")["cell"] == "8.3"
    assert cell_at(cells, geo="Liechtenstein", time="2022")["cell"] == ":"


def test_xlsx_several_sheets_and_dataset_from_summary() -> None:
    data = browser_workbook(declared_in_sheets=False, two_sheets=True)
    assert is_browser_workbook(data)
    cells = read_browser_xlsx_cells(data, "download.xlsx")
    no_errors(cells)
    assert cells.declared_dataset == "sdg_04_10a"  # from the Summary's title
    assert set(cells.frame["sheet"]) == {"Sheet 1", "Sheet 2"}
    f = cell_at(cells, sheet="Sheet 2", geo="Netherlands", time="2021")
    assert (f["sex"], f["cell"], f["row"]) == ("Females", "0.3", 15)
    assert cell_at(cells, sheet="Sheet 2", geo="Netherlands", time="2022")["cell"] == "12"


def test_xlsx_detected_as_eurostat() -> None:
    data = browser_workbook()
    det = detect(data, "sdg_04_10a__custom_19283746_spreadsheet.xlsx", MAX_BYTES)
    assert (det.kind, det.container, det.problems) == (KIND_EUROSTAT, "xlsx", ())


def test_other_workbook_is_not_a_browser_workbook() -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet 1"
    ws.append(["Indicator", "Country", "Year", "Value"])
    ws.append(["ELET", "NL", 2021, 5.1])
    buf = io.BytesIO()
    wb.save(buf)
    data = buf.getvalue()
    assert not is_browser_workbook(data)
    assert sniff_eurostat(data, "mine.xlsx") is None
    assert detect(data, "mine.xlsx", MAX_BYTES).kind == KIND_INDICATORS
    assert not is_browser_workbook(b"PK\x03\x04\x14\x00\x06\x00binary")


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (8.3, "8.3"),
        (8.300000000000001, "8.3"),
        (2021.0, "2021"),
        (12, "12"),
        (None, ""),
        (":", ":"),
    ],
)
def test_cell_text(value: object, text: str) -> None:
    assert cell_text(value) == text
