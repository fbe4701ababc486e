"""The Eurostat data browser's spreadsheet-style CSV: metadata lines, then a table.

Layout: ``Dataset:,<title> [edat_lfse_14]``, ``Sex,Total`` ... above; a header row
``TIME,2015,,2016,,...`` (then ``GEO (Labels),,,...``) or ``GEO (Labels),2015,,2016,,...`` with a
flag column after each year; one place per line; "Special value" and notes below the table.
"""

from __future__ import annotations

import csv
import io
import re

import pandas as pd

from domain.eurostat_labels import dimension_code, dimension_key
from importers.eurostat_common import LongCells
from importers.eurostat_datasets import declared_dataset_in, known_dataset_in
from importers.eurostat_flat import sniff_delimiter
from importers.problems import Problem
from importers.values import parse_year

_GEO_HEAD = re.compile(r"^geo\b|^geopolitical entity", re.I)
_END_MARKERS = ("special value", "available flags", "observation flags", "footnote", "note")
_DATASET_KEYS = ("dataset", "online data code", "table", "dataset code")


def find_header(rows: list[list[str]], start: int = 0) -> int | None:
    """Index of the next row ``TIME,2015,...`` or ``GEO (Labels),2015,...``, if any."""
    for i in range(start, min(len(rows), start + 400)):
        row = rows[i]
        if not row:
            continue
        first = row[0].strip()
        is_head = first.upper() == "TIME" or _GEO_HEAD.match(first)
        if is_head and any(parse_year(c.strip()) for c in row[1:]):
            return i
    return None


def read_browser_cells(text: str, filename: str) -> LongCells:
    """The long cell table of a data-browser CSV; metadata lines give the fixed dimensions.

    A file may hold several tables one after the other (one per sex, say), each with its own
    metadata lines above it.
    """
    first = next((ln for ln in text.splitlines() if ln.strip()), "")
    rows = list(csv.reader(io.StringIO(text), delimiter=sniff_delimiter(first)))
    problems: list[Problem] = []
    fixed: dict[str, str] = {}
    declared: str | None = None
    frames: list[pd.DataFrame] = []
    geo_heads: list[str] = []
    pos = 0
    while (header_at := find_header(rows, pos)) is not None:
        block_fixed, block_declared = _metadata(rows[pos:header_at])
        fixed |= block_fixed
        declared = declared or block_declared
        frame, pos, geo_head = _table(rows, header_at, problems)
        for dim, code in fixed.items():
            frame[dim] = code
        frames.append(frame)
        geo_heads.append(geo_head)
    if not frames:
        problems.append(
            Problem(code="bad_header", message="No TIME or GEO header row with years found", row=1)
        )
        return _empty(problems)
    frame = pd.concat(frames, ignore_index=True)
    dims = ["geo", *fixed]
    for dim in dims:
        frame[dim] = frame[dim].fillna("")
    geo_head = geo_heads[0]
    lowered = geo_head.lower()
    geo_mode = (
        "codes"
        if "code" in lowered and "label" not in lowered
        else ("labels" if "label" in lowered else "auto")
    )
    return LongCells(
        frame,
        dims,
        "databrowser_csv",
        declared or known_dataset_in(filename),
        geo_mode=geo_mode,
        labelled_dims=True,
        geo_column=geo_head,
        problems=problems,
    )


def _table(
    rows: list[list[str]], header_at: int, problems: list[Problem]
) -> tuple[pd.DataFrame, int, str]:
    """The cells of one table: (frame, index of the first row after it, geo header)."""
    header = rows[header_at]
    start = header_at + 1
    geo_head = header[0].strip()
    if geo_head.upper() == "TIME":
        nxt = rows[start] if start < len(rows) else []
        if nxt and _GEO_HEAD.match(nxt[0].strip()):
            geo_head = nxt[0].strip()
            start += 1
    year_cols: list[tuple[int, str, int | None]] = []  # (value index, header, flag index)
    for i, cell in enumerate(header[1:], start=1):
        name = cell.strip()
        if not name:
            continue
        if parse_year(name) is None:
            problems.append(
                Problem(
                    code="bad_header",
                    message=f"{name!r} is not a year",
                    row=header_at + 1,
                    column=name,
                    value=name,
                )
            )
            continue
        has_flag = i + 1 < len(header) and header[i + 1].strip() == ""
        year_cols.append((i, name, i + 1 if has_flag else None))
    records: list[tuple[int, str, str, str, str | None]] = []
    end = start
    while end < len(rows):
        row = rows[end]
        if not any(c.strip() for c in row) or row[0].strip().lower().startswith(_END_MARKERS):
            break
        for vi, name, fi in year_cols:
            value = row[vi] if vi < len(row) else ""
            flag = row[fi] if fi is not None and fi < len(row) else None
            records.append((end + 1, row[0].strip(), name, value, flag))
        end += 1
    frame = pd.DataFrame(records, columns=["row", "geo", "time", "cell", "flag_cell"], dtype=object)
    frame["column"] = frame["time"]
    if not any(fi is not None for _, _, fi in year_cols):
        frame["flag_cell"] = ""
    return frame, end, geo_head


def _metadata(rows: list[list[str]]) -> tuple[dict[str, str], str | None]:
    """Fixed dimensions (``Sex,Total`` -> sex=T) and the dataset the lines above the table name."""
    fixed: dict[str, str] = {}
    declared: str | None = None
    for row in rows:
        cells = [c.strip() for c in row if c.strip()]
        if not cells:
            continue
        key = cells[0].rstrip(":").strip()
        value = cells[1] if len(cells) > 1 else ""
        if declared is None:
            if key.lower() in _DATASET_KEYS and value:
                declared = declared_dataset_in(value)
            else:
                declared = known_dataset_in(*cells)
        dim = dimension_key(key)
        if dim and value:
            fixed[dim] = dimension_code(dim, value)
    return fixed, declared


def _empty(problems: list[Problem]) -> LongCells:
    frame = pd.DataFrame(
        {c: pd.Series(dtype="object") for c in ("cell", "time", "column", "row", "geo")}
    )
    return LongCells(frame, ["geo"], "databrowser_csv", None, problems=problems)
