"""CSV and xlsx downloads of a table, safe to open in a spreadsheet.

A text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read as a
formula by Excel and LibreOffice (CSV/formula injection, OWASP). Every text cell that does is
prefixed with a single quote so it stays text; numbers stay numbers.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Mapping, Sequence

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import TYPE_STRING
from openpyxl.styles import Font

FORMULA_PREFIXES: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def neutralise(value: object) -> object:
    """The value, with a leading ``'`` added when it is text a spreadsheet would run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _is_missing(value: object) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def _plain(value: object) -> object:
    """A cell value openpyxl and csv understand: numpy scalars unwrapped, missing as None."""
    if _is_missing(value):
        return None
    if hasattr(value, "item") and not isinstance(value, str | bytes):
        value = value.item()  # numpy scalar -> Python scalar
    return neutralise(value)


def safe_frame(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``df`` whose text cells (and column names) are neutralised; numbers untouched."""
    out = df.copy()
    out.columns = [neutralise(str(c)) for c in out.columns]
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = (
                out[col].map(lambda v: None if _is_missing(v) else neutralise(v)).astype(object)
            )
    return out


def frame_to_csv_bytes(df: pd.DataFrame) -> bytes:
    """UTF-8 CSV with a byte-order mark (so Excel reads accented names), ``.`` decimals."""
    return safe_frame(df).to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def sheet_name(title: str) -> str:
    """A valid worksheet name: at most 31 characters, none of ``[]:*?/\\``."""
    cleaned = _BAD_SHEET_CHARS.sub(" ", title).strip().strip("'") or "Data"
    return cleaned[:31]


def frame_to_xlsx_bytes(
    df: pd.DataFrame,
    sheet_title: str,
    number_formats: Mapping[str, str] | None = None,
    *,
    about: Sequence[tuple[str, str]] | None = None,
    about_title: str = "About",
) -> bytes:
    """One worksheet holding ``df`` (bold header row, numbers as numbers) and optionally a second
    sheet of (label, text) rows, e.g. the data source and attribution.

    ``number_formats`` maps a column name to an Excel number format such as ``"0.0"``.
    """
    formats = dict(number_formats or {})
    wb = Workbook()
    ws = wb.active
    ws.title = sheet_name(sheet_title)
    header = [str(c) for c in df.columns]
    ws.append([neutralise(h) for h in header])
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.data_type = TYPE_STRING
    for row in df.itertuples(index=False, name=None):
        ws.append([_plain(v) for v in row])
    for idx, name in enumerate(header, start=1):
        fmt = formats.get(name)
        column = ws.iter_rows(min_row=2, min_col=idx, max_col=idx)
        for (cell,) in column:
            if isinstance(cell.value, str):
                cell.data_type = TYPE_STRING  # never a formula, whatever the text
            elif fmt and isinstance(cell.value, int | float):
                cell.number_format = fmt
        width = max([len(name), *(len(str(v)) for v in df.iloc[:200, idx - 1].tolist())])
        ws.column_dimensions[ws.cell(row=1, column=idx).column_letter].width = min(
            60, max(8, width + 2)
        )
    ws.freeze_panes = "A2"
    if about:
        info = wb.create_sheet(sheet_name(about_title))
        for label, text in about:
            info.append([neutralise(label), neutralise(text)])
        for row in info.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    cell.data_type = TYPE_STRING
        info.column_dimensions["A"].width = 24
        info.column_dimensions["B"].width = 100
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
