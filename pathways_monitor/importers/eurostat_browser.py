"""The Eurostat data browser's spreadsheet download (CSV, and the rows of its xlsx sheets).

A download is metadata lines (title ``... [sdg_04_10a__custom_1]``, ``Dataset:``, the fixed
dimensions ``Sex,Total`` / ``Sex:,Total`` / ``Sex: Total``), then one or more tables, each::

    SEX,Total,,Females,          <- a line per dimension in columns (0 or more), carried right
    TIME,2021,,2022,             <- the innermost column dimension (or GEO when TIME is in rows)
    GEO (Labels),,,,             <- the row-dimension header (one name per leading column)
    Netherlands,5.1,b,5.6,       <- one line per row: row dimensions, then value, flag, ...

or the older ``GEO (Labels),2020,,2021,`` with the years on the row header. Legends below a
table (``Special value``, ``Available flags:``, notes) end it. Every fixed dimension becomes a
constant column: a nationals-only download must never look like the headline total.

The functions below work on rows of text cells, so the xlsx reader
(:mod:`importers.eurostat_browser_xlsx`) shares them.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from itertools import pairwise

import pandas as pd

from pathways_monitor.core.translation import N_
from pathways_monitor.domain.eurostat_datasets import DIMENSION_IDS
from pathways_monitor.importers.eurostat_common import LongCells
from pathways_monitor.importers.eurostat_datasets import dataset_in_filename, declared_dataset_in
from pathways_monitor.importers.problems import Problem, problem
from pathways_monitor.importers.values import parse_year

CSV_FORMAT = "databrowser_csv"
SEPARATORS: tuple[str, ...] = (",", ";", "\t")
SNIFF_LINES = 400
Rows = list[list[str]]

_MODE_SUFFIX = re.compile(r"\s*\((labels|codes)\)\s*$", re.I)
_SPACES = re.compile(r"\s+")
_BARE_CODE = re.compile(r"^[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+$")
_HAS_LETTER = re.compile(r"[^\W\d_]")
# Metadata keys that describe the download, not a dimension (compared after normalise_key).
_NOT_DIMENSION = frozenset(
    {
        "dataset",
        "dataset code",
        "online data code",
        "code",
        "table",
        "title",
        "last updated",
        "last update",
        "source of data",
        "source",
        "description",
        "contents",
        "structure",
        "note",
        "notes",
        "footnote",
        "footnotes",
        "hyperlink",
        "url",
        "link",
        "special value",
        "special values",
        "available flags",
        "observation flags",
        "flags",
        "http",
        "https",
    }
)
_NOT_DIMENSION_PREFIXES = ("data extracted", "open ", "last update", "note", "footnote")
_DATASET_KEYS = frozenset({"dataset", "dataset code", "online data code", "table", "code"})
# A line starting with one of these opens a legend (ends a table; its entries are no metadata).
_LEGEND_MARKERS = (
    "special value",
    "available flags",
    "observation flags",
    "flags",
    "footnote",
    "note",
)


def normalise_key(key: str) -> str:
    """``"SEX (Labels)"`` -> ``"sex"``, ``"Country of citizenship:"`` -> ``"country of citizenship"``."""
    text = _SPACES.sub(" ", key.replace("\ufeff", "")).strip()
    text = _MODE_SUFFIX.sub("", text).strip()
    return text.rstrip(":").strip().lower()


def dimension_id(key: str) -> str:
    """The Eurostat dimension id a header or metadata key names; unknown names stay themselves."""
    norm = normalise_key(key)
    if norm.startswith("geopolitical entity"):
        return "geo"
    return DIMENSION_IDS.get(norm, norm)


def header_mode(header: str) -> str:
    """``codes`` / ``labels`` as the header says (``GEO (Codes)``), else ``auto``."""
    m = _MODE_SUFFIX.search(header)
    return m.group(1).lower() if m else "auto"


def is_not_dimension(norm_key: str) -> bool:
    """Keys about the download itself (``Dataset``, ``Last updated``...), never a dimension."""
    return norm_key in _NOT_DIMENSION or norm_key.startswith(_NOT_DIMENSION_PREFIXES)


def _is_legend_start(first_cell: str) -> bool:
    return normalise_key(first_cell).startswith(_LEGEND_MARKERS)


def _is_year(cell: str) -> bool:
    text = cell.strip()
    return bool(text) and text[0].isdigit() and parse_year(text) is not None


def _is_time_head(cell: str) -> bool:
    return dimension_id(cell) == "time" and bool(cell.strip())


def _is_geo_head(cell: str) -> bool:
    return bool(cell.strip()) and dimension_id(cell) == "geo"


def _blank(row: list[str]) -> bool:
    return not any(c.strip() for c in row)


def _cell(row: list[str], j: int) -> str:
    return row[j] if j < len(row) else ""


# --- text to rows ----------------------------------------------------------------------------


def split_rows(text: str, separator: str) -> tuple[Rows, list[int]]:
    """The rows of a CSV text and the line number (1-based) each starts on."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=separator)
    rows: Rows = []
    lines: list[int] = []
    line = 1
    for row in reader:
        rows.append(row)
        lines.append(line)
        line = reader.line_num + 1
    return rows, lines


def sniff_separator(text: str) -> str:
    """The separator that gives the TIME/GEO header row the most cells.

    The first line may be a quoted title without any separator, so the header lines decide.
    """
    head = "\n".join(text.lstrip("\ufeff").splitlines()[:SNIFF_LINES])
    best, best_cells = ",", 0
    for sep in SEPARATORS:
        try:
            rows, _ = split_rows(head, sep)
        except csv.Error:
            continue
        at = find_header(rows)
        if at is not None and len(rows[at]) > best_cells:
            best, best_cells = sep, len(rows[at])
    return best


def browser_rows(text: str) -> tuple[Rows, list[int]]:
    """The rows of a data-browser CSV, split with its sniffed separator."""
    return split_rows(text, sniff_separator(text))


# --- header detection ------------------------------------------------------------------------


def find_header(rows: Rows, start: int = 0) -> int | None:
    """Index of the next table's anchor line, if any.

    The anchor is the ``TIME`` line (``TIME,2021,,2022,``, ``"TIME","","2021"`` with two row
    dimensions, or ``TIME,,,`` followed by year lines when TIME is in rows), or the older
    ``GEO (Labels),2020,,2021,`` line.
    """
    for i in range(start, len(rows)):
        row = rows[i]
        if not row:
            continue
        first = row[0]
        if _is_time_head(first):
            if any(_is_year(c) for c in row[1:]):
                return i
            if _time_in_rows_at(rows, i):
                return i
        elif _is_geo_head(first) and any(_is_year(c) for c in row[1:]):
            return i
    return None


def _time_in_rows_at(rows: Rows, i: int) -> bool:
    """``TIME,,,`` under a column-dimension line (GEO) and above a line starting with a year."""
    if i == 0 or i + 1 >= len(rows):
        return False
    above, below = rows[i - 1], rows[i + 1]
    return (
        bool(above)
        and bool(above[0].strip())
        and any(c.strip() for c in above[1:])
        and bool(below)
        and _is_year(below[0])
    )


@dataclass(frozen=True)
class Axis:
    """One dimension of a table: its id, the header as written and codes/labels mode."""

    dim: str
    header: str
    mode: str


@dataclass(frozen=True)
class ColumnAxis(Axis):
    values: tuple[str, ...] = ()  # value per column index, carried over empty cells


@dataclass(frozen=True)
class TableLayout:
    """Where one table's parts stand in the rows (indices into the rows list)."""

    top: int  # first header line (a column-dimension line or the anchor)
    header_line: int  # the innermost column-dimension line (its cells head the value columns)
    data_start: int
    n_row_dims: int
    row_axes: tuple[Axis | None, ...]  # per leading column; None: duplicate (labels of codes)
    column_axes: tuple[ColumnAxis, ...]
    value_columns: tuple[tuple[int, int | None], ...]  # (value index, flag index or None)
    problems: tuple[Problem, ...] = ()


def _axis(header: str) -> Axis:
    return Axis(dimension_id(header), header.strip(), header_mode(header))


def _column_axis(row: list[str], n: int) -> ColumnAxis:
    values: list[str] = []
    current = ""
    for j, raw in enumerate(row):
        if j >= n and raw.strip():
            current = raw.strip()
        values.append(current if j >= n else "")
    base = _axis(row[0])
    return ColumnAxis(base.dim, base.header, base.mode, tuple(values))


def _is_column_dim_line(row: list[str], n: int) -> bool:
    """``SEX,Total,,Females,`` above the TIME line: a name, then values from column n on."""
    if not row or not row[0].strip():
        return False
    if any(c.strip() for c in row[1:n]) or not any(c.strip() for c in row[n:]):
        return False
    key = normalise_key(row[0])
    return not is_not_dimension(key) and not _is_legend_start(row[0]) and not is_title(row[0])


def _first_filled(row: list[str], start: int) -> int | None:
    return next((j for j in range(start, len(row)) if row[j].strip()), None)


def locate_table(rows: Rows, anchor: int, floor: int = 0, sheet: str | None = None) -> TableLayout:
    """The layout of the table whose anchor line (from :func:`find_header`) is ``anchor``.

    Column-dimension lines are looked for above it, but not above ``floor`` (the end of the
    previous table).
    """
    line = rows[anchor]
    problems: list[Problem] = []
    if _is_time_head(line[0]) and not any(_is_year(c) for c in line[1:]):
        # TIME in rows: the TIME line is the row header, the line above holds the places.
        n = next((j for j, c in enumerate(line) if not c.strip()), len(line))
        row_headers = line[:n]
        header_line = anchor - 1
        data_start = anchor + 1
    elif _is_time_head(line[0]):
        n = _first_filled(line, 1) or 1
        header_line = anchor
        data_start = anchor + 1
        below = rows[anchor + 1] if anchor + 1 < len(rows) else []
        if below and below[0].strip() and not any(c.strip() for c in below[n:]):
            row_headers = below[:n]
            data_start = anchor + 2
        else:
            row_headers = ["GEO", *[""] * (n - 1)]
            if n > 1:
                problems.append(
                    problem(
                        "bad_header",
                        N_(
                            "The TIME line leaves room for several row dimensions, but no line "
                            "below it names them (expected e.g. 'GEO (Labels)','SEX (Labels)')"
                        ),
                        row=anchor + 1,
                        sheet=sheet,
                    )
                )
    else:  # older layout: GEO (Labels),2020,,2021,
        n = next(j for j, c in enumerate(line) if j > 0 and _is_year(c))
        row_headers = line[:n]
        header_line = anchor
        data_start = anchor + 1
    top = header_line
    while top - 1 >= floor and _is_column_dim_line(rows[top - 1], n):
        top -= 1
    column_axes = [_column_axis(rows[i], n) for i in range(top, header_line + 1)]
    if header_line == anchor and not _is_time_head(line[0]):
        # the older layout: the years stand on the row header line itself
        years = column_axes[-1].values
        column_axes[-1] = ColumnAxis("time", "TIME", "auto", years)
    row_axes = _dedupe_axes([_axis(h) if h.strip() else None for h in row_headers])
    header = rows[header_line]
    filled = [j for j in range(n, len(header)) if header[j].strip()]
    gaps = [b - a for a, b in pairwise(filled)]
    has_flags = all(g >= 2 for g in gaps)
    value_columns: list[tuple[int, int | None]] = []
    time_axis_is_column = column_axes[-1].dim == "time"
    for j in filled:
        if time_axis_is_column and not _is_year(header[j]):
            problems.append(
                problem(
                    "bad_header",
                    N_("{value} heads a value column but is not a year"),
                    {"value": repr(header[j].strip())},
                    row=anchor + 1,
                    column=header[j].strip(),
                    value=header[j].strip(),
                    sheet=sheet,
                )
            )
            continue
        value_columns.append((j, j + 1 if has_flags else None))
    return TableLayout(
        top,
        header_line,
        data_start,
        n,
        tuple(row_axes),
        tuple(column_axes),
        tuple(value_columns),
        tuple(problems),
    )


def _dedupe_axes(axes: list[Axis | None]) -> list[Axis | None]:
    """``GEO (Codes)`` and ``GEO (Labels)`` both present: keep the codes column only."""
    chosen: dict[str, Axis] = {}
    for a in axes:
        if a is None:
            continue
        prev = chosen.get(a.dim)
        if prev is None or (a.mode == "codes" and prev.mode != "codes"):
            chosen[a.dim] = a
    return [a if a is not None and chosen[a.dim] is a else None for a in axes]


def _dedupe_column_axes(axes: tuple[ColumnAxis, ...]) -> list[ColumnAxis]:
    keep: dict[str, ColumnAxis] = {}
    for a in axes:
        prev = keep.get(a.dim)
        if prev is None or (a.mode == "codes" and prev.mode != "codes"):
            keep[a.dim] = a
    return [a for a in axes if keep[a.dim] is a]


# --- metadata ------------------------------------------------------------------------------


@dataclass
class Metadata:
    """What the lines above a table state: fixed dimensions and the dataset."""

    fixed: dict[str, str] = field(default_factory=dict)  # dimension id -> value as written
    dataset: str | None = None  # from a ``Dataset:`` / ``Online data code:`` line
    title_dataset: str | None = None  # from a title line ``... [code__custom_1]``

    @property
    def declared(self) -> str | None:
        return self.dataset or self.title_dataset


def is_title(text: str) -> bool:
    """A title line ``Early leavers ... [sdg_04_10a__custom_1]``, not ``Data extracted ... [ESTAT]``."""
    t = text.strip()
    return (
        "[" in t
        and declared_dataset_in(t) is not None
        and not normalise_key(t).startswith("data extracted")
    )


def _dataset_code(value: str) -> str | None:
    found = declared_dataset_in(value)
    if found:
        return found
    v = value.strip()
    return v.lower() if _BARE_CODE.match(v) else None


def _key_value(cells: list[str]) -> tuple[str, str] | None:
    """The ``key, value`` a metadata line states, in any of its three shapes."""
    if len(cells) >= 2:
        return cells[0], cells[1]
    text = cells[0]
    if normalise_key(text).startswith("data extracted") or ":" not in text:
        return None
    key, value = (part.strip() for part in text.split(":", 1))
    norm = normalise_key(key)
    known = norm in DIMENSION_IDS or norm in _NOT_DIMENSION or norm.startswith("geopolitical")
    if is_title(text) and not known:
        return None
    return key, value


def parse_metadata(rows: Rows, meta: Metadata | None = None) -> Metadata:
    """Fold the metadata lines ``rows`` into ``meta`` (later lines override earlier ones).

    Legend paragraphs (``Special value`` then ``:,not available``...) are skipped.
    """
    meta = meta if meta is not None else Metadata()
    in_legend = False
    for row in rows:
        cells = [c.strip() for c in row if c.strip()]
        if not cells:
            in_legend = False
            continue
        if _is_legend_start(cells[0]):
            in_legend = True
            continue
        if in_legend:
            key = cells[0]
            if key == ":" or (len(key) <= 3 and key.islower()) or len(cells) == 1:
                continue
            in_legend = False
        if len(cells) == 1 and is_title(cells[0]) and _key_value(cells) is None:
            meta.title_dataset = meta.title_dataset or declared_dataset_in(cells[0])
            continue
        kv = _key_value(cells)
        if kv is None:
            continue
        key, value = kv
        norm = normalise_key(key)
        if norm in _DATASET_KEYS:
            meta.dataset = meta.dataset or _dataset_code(value)
            continue
        if not value or not _HAS_LETTER.search(norm) or is_not_dimension(norm):
            continue
        meta.fixed[dimension_id(key)] = value
    return meta


# --- table cells ---------------------------------------------------------------------------


def _excel_column(j: int) -> str:
    letters = ""
    j += 1
    while j:
        j, rem = divmod(j - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _ends_table(row: list[str]) -> bool:
    if _blank(row):
        return True
    first = row[0].strip()
    if not first:
        return False
    norm = normalise_key(first)
    return _is_legend_start(first) or norm in _DATASET_KEYS or norm.startswith("data extracted")


def table_cells(
    rows: Rows,
    layout: TableLayout,
    line_numbers: list[int],
    sheet: str | None = None,
) -> tuple[dict[str, list[object]], int]:
    """One record per value cell of a table, as columns; and the index of the row after it."""
    row_axes = [(k, a) for k, a in enumerate(layout.row_axes) if a is not None]
    col_axes = _dedupe_column_axes(layout.column_axes)
    col_axes = [a for a in col_axes if a.dim not in {ax.dim for _, ax in row_axes}]
    header = rows[layout.header_line]
    dims = [a.dim for _, a in row_axes] + [a.dim for a in col_axes]
    out: dict[str, list[object]] = {d: [] for d in dict.fromkeys(dims)}
    for name in ("cell", "flag_cell", "row", "column"):
        out[name] = []
    no_time = "time" not in out
    if no_time:
        out["time"] = []
    column_labels = [
        f"{_excel_column(j)} ({header[j].strip()})" if sheet is not None else header[j].strip()
        for j, _ in layout.value_columns
    ]
    carried = [""] * layout.n_row_dims
    end = layout.data_start
    while end < len(rows):
        row = rows[end]
        if _ends_table(row) or (end > layout.data_start and find_header([row]) == 0):
            break
        keys: list[str] = []
        for k in range(layout.n_row_dims):
            text = _cell(row, k).strip()
            if not text and k < layout.n_row_dims - 1:
                text = carried[k]
            carried[k] = text
            keys.append(text)
        line = line_numbers[end]
        for (j, fj), label in zip(layout.value_columns, column_labels, strict=True):
            for k, axis in row_axes:
                out[axis.dim].append(keys[k])
            for axis in col_axes:
                out[axis.dim].append(axis.values[j] if j < len(axis.values) else "")
            if no_time:
                out["time"].append("")
            out["cell"].append(_cell(row, j).strip())
            # None, not "": a download without flag columns says nothing about flags.
            out["flag_cell"].append(_cell(row, fj).strip() if fj is not None else None)
            out["row"].append(line)
            out["column"].append(label)
        end += 1
    return out, end


# --- rows to LongCells -----------------------------------------------------------------------


def _layout_problem(sheet: str | None, row: int) -> Problem:
    return problem(
        "bad_header",
        N_(
            "No data-browser table found: expected a line 'TIME' followed by the years "
            "(2021, 2022, ...) above a line 'GEO (Labels)' (or 'GEO (Codes)'), or a line "
            "'GEO (Labels)' followed by the years"
        ),
        sheet=sheet,
        row=row,
    )


def empty_cells(fmt: str, problems: list[Problem], declared: str | None = None) -> LongCells:
    """A LongCells without any cell, carrying the problems that explain why."""
    columns = ("geo", "time", "cell", "flag_cell", "row", "column")
    frame = pd.DataFrame({c: pd.Series(dtype="object") for c in columns})
    return LongCells(frame, ["geo"], fmt, declared, geo_mode="auto", problems=problems)


def read_browser_rows(
    rows: Rows,
    filename: str,
    fmt: str = CSV_FORMAT,
    sheet: str | None = None,
    line_numbers: list[int] | None = None,
    fallback_dataset: str | None = None,
) -> LongCells:
    """The long cell table of data-browser rows (a CSV's lines or an xlsx sheet's rows).

    ``line_numbers[i]`` is the line or row number of ``rows[i]`` as a person sees it (default
    ``i + 1``). The declared dataset is the one the rows state, else ``fallback_dataset`` (the
    xlsx Summary sheet), else the file name's.
    """
    lines = line_numbers if line_numbers is not None else list(range(1, len(rows) + 1))
    problems: list[Problem] = []
    meta = Metadata()
    parts: list[pd.DataFrame] = []
    dims: dict[str, None] = {"geo": None}
    geo_axis: Axis | None = None
    pos = 0
    while (anchor := find_header(rows, pos)) is not None:
        layout = locate_table(rows, anchor, pos, sheet)
        problems += layout.problems
        meta = parse_metadata(rows[pos : layout.top], meta)
        columns, pos = table_cells(rows, layout, lines, sheet)
        table_dims = [d for d in columns if d not in {"cell", "flag_cell", "row", "column"}]
        if geo_axis is None:
            geo_axis = next(
                (a for a in (*layout.row_axes, *layout.column_axes) if a and a.dim == "geo"),
                None,
            )
        frame = pd.DataFrame(columns, dtype=object)
        for dim, value in meta.fixed.items():
            if dim not in table_dims:
                frame[dim] = value
        for dim in (*table_dims, *meta.fixed):
            if dim != "time":
                dims.setdefault(dim)
        parts.append(frame)
        pos = max(pos, anchor + 1)
    meta = parse_metadata(rows[pos:], meta) if not parts else meta
    declared = meta.declared or fallback_dataset or dataset_in_filename(filename)
    if not parts:
        problems.append(_layout_problem(sheet, 1))
        return empty_cells(fmt, problems, declared)
    frame = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
    if "geo" not in frame.columns:
        problems.append(
            problem(
                "bad_header",
                N_("The table has no GEO (place) column or row, and no fixed place above it"),
                row=lines[0] if lines else 1,
                sheet=sheet,
            )
        )
        return empty_cells(fmt, problems, declared)
    for dim in dims:
        frame[dim] = frame[dim].fillna("").astype(object)
    frame["row"] = frame["row"].astype("int64")
    if sheet is not None:
        frame["sheet"] = sheet
    ordered = [*dims, "time", "cell", "flag_cell", "row", "column"]
    frame = frame[ordered + (["sheet"] if sheet is not None else [])]
    geo_header = geo_axis.header if geo_axis else "geo"
    geo_mode = geo_axis.mode if geo_axis else "auto"
    return LongCells(
        frame,
        list(dims),
        fmt,
        declared,
        geo_mode=geo_mode,
        labelled_dims=True,
        geo_column=geo_header,
        problems=problems,
    )


def read_browser_cells(text: str, filename: str) -> LongCells:
    """The long cell table of a data-browser CSV (any separator, quoting, BOM, line ends)."""
    rows, lines = browser_rows(text)
    return read_browser_rows(rows, filename, CSV_FORMAT, line_numbers=lines)
