"""CSV/xlsx export: numbers stay numbers, and text a spreadsheet would run as a formula is
neutralised (a leading ' ), read back with pandas and openpyxl as a user's spreadsheet would."""

from __future__ import annotations

import io

import openpyxl
import pandas as pd
import pytest

from pathways_monitor.reports.table_export import (
    frame_to_csv_bytes,
    frame_to_xlsx_bytes,
    neutralise,
    sheet_name,
)

EVIL = '=HYPERLINK("x")'


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (EVIL, "'" + EVIL),
        ("+31 20 123", "'+31 20 123"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Noord-Holland", "Noord-Holland"),
        ("", ""),
        (-5.5, -5.5),
        (3, 3),
        (None, None),
    ],
)
def test_neutralise(raw: object, expected: object) -> None:
    assert neutralise(raw) == expected


def _frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "geo": ["NL", "BE", "NL32"],
            "year": [2023, 2024, 2023],
            "value": [6.2, None, -1.5],
            "flag": ["b", "u", ""],
            "source": [EVIL, "-bad", "edat_lfse_16"],
            "=cmd": ["x", "y", "z"],
        }
    )


def test_csv_round_trip_keeps_numbers_and_neutralises_text() -> None:
    data = frame_to_csv_bytes(_frame())
    assert data.startswith(b"\xef\xbb\xbf")  # BOM so Excel reads UTF-8 names
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", keep_default_na=False)
    assert list(back.columns) == ["geo", "year", "value", "flag", "source", "'=cmd"]
    assert back["source"].tolist() == ["'" + EVIL, "'-bad", "edat_lfse_16"]
    assert back["year"].tolist() == [2023, 2024, 2023]
    numbers = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")["value"]
    assert numbers.dtype == "float64"
    assert numbers.iloc[0] == 6.2 and pd.isna(numbers.iloc[1]) and numbers.iloc[2] == -1.5
    # no cell in the raw text starts with a formula character
    for line in data.decode("utf-8-sig").splitlines()[1:]:
        for cell in line.split(","):
            assert not cell.strip('"').startswith("=")


def test_xlsx_round_trip_keeps_numbers_and_neutralises_text() -> None:
    data = frame_to_xlsx_bytes(
        _frame(),
        "Data: ELET/2023?",
        {"value": "0.0"},
        about=[("Attribution", "Source: Eurostat (edat_lfse_16)"), ("Note", "=1+1")],
    )
    wb = openpyxl.load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["Data  ELET 2023", "About"]
    ws = wb.worksheets[0]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == ("geo", "year", "value", "flag", "source", "'=cmd")
    assert rows[1] == ("NL", 2023, 6.2, "b", "'" + EVIL, "x")
    assert rows[2][2] is None and rows[2][4] == "'-bad"
    assert rows[3][2] == -1.5
    cell = ws["E2"]
    assert cell.data_type == "s" and cell.value.startswith("'=")
    assert isinstance(ws["B2"].value, int) and ws["C2"].number_format == "0.0"
    about = list(wb["About"].iter_rows(values_only=True))
    assert about == [("Attribution", "Source: Eurostat (edat_lfse_16)"), ("Note", "'=1+1")]
    # pandas (calamine) reads the same table back
    back = pd.read_excel(io.BytesIO(data), sheet_name=0, engine="calamine")
    assert back["value"].iloc[0] == 6.2 and back["source"].iloc[0] == "'" + EVIL


def test_sheet_name_is_valid() -> None:
    assert sheet_name("a" * 40) == "a" * 31
    assert sheet_name("[x]") == "x"
    assert sheet_name("///") == "Data"
