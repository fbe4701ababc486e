"""The Eurostat data browser's xlsx download: a ``Summary`` sheet, maybe ``Structure``, and one
sheet per table (``Sheet 1``, ``Sheet 2``...) holding exactly the rows of the CSV download.

Each table sheet is turned into rows of text and read by the CSV reader's row logic
(:func:`importers.eurostat_browser.read_browser_rows`), so both downloads give the same cells.
Numbers become text with full precision and ``.`` decimals (8.3 -> ``"8.3"``), so the value
parser sees what the data browser shows.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Sequence

import pandas as pd
from python_calamine import CalamineWorkbook, SheetTypeEnum

from pathways_monitor.core.translation import N_
from pathways_monitor.importers.eurostat_browser import (
    Metadata,
    Rows,
    empty_cells,
    find_header,
    is_title,
    normalise_key,
    parse_metadata,
    read_browser_rows,
)
from pathways_monitor.importers.eurostat_common import LongCells
from pathways_monitor.importers.problems import Problem, problem

XLSX_FORMAT = "databrowser_xlsx"
ZIP_MAGIC = b"PK\x03\x04"
SKIPPED_SHEETS = frozenset({"summary", "structure"})
PROBE_ROWS = 40
_TABLE_SHEET = re.compile(r"^sheet\s+\d+$", re.I)  # "Sheet 1", not Excel's own "Sheet1"
_SHEET_NAME = re.compile(r'<(?:\w+:)?sheet\b[^>]*\bname="([^"]*)"')


def cell_text(value: object) -> str:
    """A cell as the text a person sees: ``8.3`` not ``8.300000000000001``, ``2021`` not ``2021.0``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value:  # NaN
            return ""
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return format(value, ".15g")
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    return str(value)


def sheet_text_rows(raw: Sequence[Sequence[object]]) -> Rows:
    """Rows of cell texts; ``rows[i]`` is Excel row ``i + 1`` (read without skipping the top)."""
    return [[cell_text(v) for v in row] for row in raw]


def _sheet_names(data: bytes) -> list[str] | None:
    """Sheet names straight from ``xl/workbook.xml``: cheap, no workbook parsing."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            xml = zf.read("xl/workbook.xml").decode("utf-8", errors="replace")
    except (zipfile.BadZipFile, KeyError, OSError, EOFError, ValueError):
        return None
    return _SHEET_NAME.findall(xml)


def _open(data: bytes) -> CalamineWorkbook | Problem:
    try:
        return CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception:
        return problem(
            "corrupt_workbook",
            N_(
                "The workbook is damaged and cannot be read. Download the table from the "
                "Eurostat data browser again (Download > Spreadsheet > XLSX)."
            ),
        )


def _states_dataset(rows: Rows) -> bool:
    """A title line with ``[code...]`` or a ``Dataset:`` line among ``rows``."""
    for row in rows:
        cells = [c.strip() for c in row if c.strip()]
        if cells and (is_title(cells[0]) or normalise_key(cells[0]) == "dataset"):
            return True
    return False


def is_browser_workbook(data: bytes) -> bool:
    """True for a data-browser xlsx: a ``Sheet 1`` / ``Summary`` sheet; the first rows of a sheet
    state the dataset (``[code...]`` title or ``Dataset:``) and those of a table sheet hold a
    TIME/GEO header row. Reads only the first rows of each sheet."""
    if not data.startswith(ZIP_MAGIC):
        return False
    names = _sheet_names(data)
    probed = [
        n for n in (names or []) if _TABLE_SHEET.match(n.strip()) or n.strip().lower() == "summary"
    ]
    if not probed:
        return False
    book = _open(data)
    if isinstance(book, Problem):
        return False
    states = has_table = False
    for name in probed:
        try:
            raw = book.get_sheet_by_name(name).to_python(skip_empty_area=False, nrows=PROBE_ROWS)
        except Exception:
            continue
        rows = sheet_text_rows(raw)
        states = states or _states_dataset(rows)
        if name.strip().lower() not in SKIPPED_SHEETS:
            has_table = has_table or find_header(rows) is not None
        if states and has_table:
            return True
    return False


def _summary_dataset(book: CalamineWorkbook, names: list[str]) -> str | None:
    """The dataset the ``Summary`` sheet states (title ``... [code]`` or ``Dataset:``)."""
    for name in names:
        if name.strip().lower() != "summary":
            continue
        try:
            raw = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        except Exception:
            return None
        meta: Metadata = parse_metadata(sheet_text_rows(raw))
        return meta.declared
    return None


def merge_cells(parts: list[LongCells], fmt: str, declared: str | None) -> LongCells:
    """One LongCells from the tables of several sheets (dims united, first sheet's geo mode)."""
    with_cells = [p for p in parts if not p.frame.empty]
    problems = [q for p in parts for q in p.problems]
    if not with_cells:
        return empty_cells(fmt, problems, declared)
    dims: dict[str, None] = {}
    for p in with_cells:
        dims.update(dict.fromkeys(p.dims))
    frame = pd.concat([p.frame for p in with_cells], ignore_index=True)
    for dim in dims:
        frame[dim] = frame[dim].fillna("").astype(object)
    frame["row"] = frame["row"].astype("int64")
    first = with_cells[0]
    return LongCells(
        frame,
        list(dims),
        fmt,
        declared,
        geo_mode=first.geo_mode,
        labelled_dims=True,
        geo_column=first.geo_column,
        problems=problems,
    )


def read_browser_xlsx_cells(data: bytes, filename: str) -> LongCells:
    """The long cell table of every table sheet of a data-browser workbook."""
    book = _open(data)
    if isinstance(book, Problem):
        return empty_cells(XLSX_FORMAT, [book])
    names = [m.name for m in book.sheets_metadata if m.typ == SheetTypeEnum.WorkSheet]
    summary = _summary_dataset(book, names)
    parts: list[LongCells] = []
    for name in names:
        if name.strip().lower() in SKIPPED_SHEETS:
            continue
        try:
            raw = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        except Exception:
            parts.append(
                empty_cells(
                    XLSX_FORMAT,
                    [
                        problem(
                            "corrupt_workbook",
                            N_("The sheet {sheet} is damaged and cannot be read"),
                            {"sheet": repr(name)},
                            sheet=name,
                        )
                    ],
                )
            )
            continue
        rows = sheet_text_rows(raw)
        if not any(c.strip() for row in rows for c in row):
            continue  # an empty sheet someone added: nothing to read, nothing wrong
        parts.append(
            read_browser_rows(rows, filename, XLSX_FORMAT, sheet=name, fallback_dataset=summary)
        )
    declared = next((p.declared_dataset for p in parts if p.declared_dataset), None)
    if not parts:
        no_table = problem(
            "bad_header",
            N_(
                "The workbook has no table sheet ('Sheet 1', 'Sheet 2', ...) with a TIME/GEO "
                "header row: it is not a Eurostat data-browser download"
            ),
            row=1,
        )
        return empty_cells(XLSX_FORMAT, [no_table], declared or summary)
    return merge_cells(parts, XLSX_FORMAT, declared or summary)
