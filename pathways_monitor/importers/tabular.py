"""Read a ministry's own indicator spreadsheet (CSV or xlsx, long or wide) into the canonical frame.

Ministries upload what they already keep: a long table (one row per value) or a wide one
(years across), with titles above the header, notes below it, Dutch or English headers,
decimal commas and glued flags. This module finds the table in each sheet, maps it to
``OBS_COLUMNS`` and reports every problem with the shape or the cell contents. Codes are
checked against the database later, by the shared validator; nothing here touches it.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import PurePath

import numpy as np
import pandas as pd

from pathways_monitor.core.translation import N_, N_plural
from pathways_monitor.domain.breakdowns import DIM_BY_COLUMN, TOTAL
from pathways_monitor.importers.csv_sniff import (
    decode_text,
    head_text,
    iter_records,
    sniff_delimiter,
)
from pathways_monitor.importers.frame import ParsedObservations, empty_frame, finish_frame
from pathways_monitor.importers.problems import Problem, plural_problem, problem
from pathways_monitor.importers.tabular_cells import (
    CellMessage,
    Cleaned,
    blank_mask,
    clean_breakdown,
    clean_codes,
    clean_flags,
    clean_texts,
    clean_values,
    clean_years,
    flag_key,
    percent_value,
)
from pathways_monitor.importers.tabular_headers import (
    FIELD_SYNONYMS,
    HEADER_SCAN_ROWS,
    HeaderMap,
    cell_text,
    find_header,
    fixed_values,
    indicator_from_sheet_name,
    is_note_text,
)
from pathways_monitor.importers.tabular_xlsx import ZIP_MAGIC, PercentCells, read_sheets

MAX_PROBLEMS = 1000
CSV_EXTENSIONS = {".csv", ".txt", ".tsv", ".tab"}
XLSX_EXTENSIONS = {".xlsx", ".xlsm"}
_DIM_COLUMNS = tuple(DIM_BY_COLUMN)


class ProblemSink:
    """Collects problems up to a cap, then counts the rest for one summary problem."""

    def __init__(self, limit: int = MAX_PROBLEMS) -> None:
        self.limit = limit
        self.problems: list[Problem] = []
        self.dropped = 0

    def add(self, problem: Problem) -> None:
        if len(self.problems) < self.limit:
            self.problems.append(problem)
        else:
            self.dropped += 1

    def extend(self, problems: Iterable[Problem], total: int) -> None:
        """Add lazily generated problems; only the first ones up to the cap are built."""
        room = self.limit - len(self.problems)
        taken = 0
        if room > 0:
            for problem in problems:
                self.problems.append(problem)
                taken += 1
                if taken >= room:
                    break
        self.dropped += max(total - taken, 0)

    def finish(self) -> list[Problem]:
        if not self.dropped:
            return list(self.problems)
        # The English text has always said "problems", even for one: both forms are plural.
        summary = plural_problem(
            "too_many_problems",
            N_plural(
                "{n} more problems were found but not listed; fix the ones above (often one "
                "cause) and upload again.",
                "{n} more problems were found but not listed; fix the ones above (often one "
                "cause) and upload again.",
            ),
            {"n": self.dropped},
        )
        return [*self.problems, summary]


@dataclass
class Table:
    """One candidate table: its header, the rows above it and its body with row numbers."""

    sheet: str | None
    header_row: int  # person-visible row of the header
    header: HeaderMap
    above: list[Sequence[object]]
    above_rows: list[int]
    body: pd.DataFrame  # columns 0..width-1, raw cells
    rows: np.ndarray  # person-visible row number of each body row
    trimmed: bool = False  # body cells are text without leading blanks (fast CSV path)


@dataclass
class TableResult:
    frame: pd.DataFrame | None
    form: str | None  # "long" | "wide"


# --- public entry point -------------------------------------------------------------------


def read_indicator_table(data: bytes, filename: str) -> ParsedObservations:
    """Parse an indicator CSV/TSV/TXT or xlsx/xlsm file into the canonical observation frame."""
    ext = PurePath(filename).suffix.lower()
    source = PurePath(filename).name
    sink = ProblemSink()
    if ext in XLSX_EXTENSIONS or (ext in CSV_EXTENSIONS and data[:4] == ZIP_MAGIC):
        frames, form = _read_workbook(data, source, sink)
        container = "xlsx"
    elif ext in CSV_EXTENSIONS or not ext:
        frames, form = _read_csv(data, source, sink)
        container = "csv"
    else:
        raise ValueError(f"not a CSV or xlsx file name: {filename!r}")
    frame = finish_frame(pd.concat(frames, ignore_index=True)) if frames else empty_frame()
    fmt = f"{form}_{container}" if form else "unknown"
    return ParsedObservations(frame=frame, problems=sink.finish(), format=fmt)


# --- containers ---------------------------------------------------------------------------


def _read_csv(data: bytes, source: str, sink: ProblemSink) -> tuple[list[pd.DataFrame], str | None]:
    text, _encoding = decode_text(data)
    if not text.strip():
        sink.add(problem("empty_file", N_("{file} is empty."), {"file": source}))
        return [], None
    delimiter = sniff_delimiter(text)
    head: list[tuple[int, int, list[str]]] = []
    for record in iter_records(head_text(text), delimiter):
        head.append(record)
        if len(head) >= HEADER_SCAN_ROWS:
            break
    choice = find_header([cells for _, _, cells in head])
    if choice is None:
        _no_header(sink, None)
        return [], None
    first, last, header_cells = head[choice.index]
    width = _width(header_cells)
    body, rows, trimmed = _csv_body(text, delimiter, last, width)
    table = Table(
        sheet=None,
        header_row=first,
        header=choice.header,
        above=[cells for _, _, cells in head[: choice.index]],
        above_rows=[start for start, _, _ in head[: choice.index]],
        body=body,
        rows=rows,
        trimmed=trimmed,
    )
    result = _read_table(table, source, None if delimiter == ";" else ".", sink)
    if result.frame is None:
        return [], result.form
    if result.frame.empty:
        if not sink.problems:
            sink.add(
                problem(
                    "empty_file",
                    N_("The file has a header row but no data rows below it."),
                    row=first,
                )
            )
        return [], result.form
    return [result.frame], result.form


def _width(cells: Sequence[object]) -> int:
    filled = [i for i, c in enumerate(cells) if cell_text(c)]
    return filled[-1] + 1 if filled else 0


def _csv_body(
    text: str, delimiter: str, header_end: int, width: int
) -> tuple[pd.DataFrame, np.ndarray, bool]:
    """The rows below the header, with the line number of each.

    pandas does the heavy lifting; when the file has records spanning several lines or rows
    longer than the header, the csv module is used instead so line numbers stay right.
    """
    lines = text.count("\n") + (0 if text.endswith("\n") else 1)
    expected = lines - header_end
    if expected <= 0:
        empty = pd.DataFrame({i: pd.Series(dtype=object) for i in range(width)})
        return empty, np.zeros(0, dtype=np.int64), True
    try:
        body = pd.read_csv(
            io.StringIO(text),
            sep=delimiter,
            header=None,
            names=list(range(width)),
            usecols=list(range(width)),  # cells right of the header are not part of the table
            index_col=False,
            skiprows=header_end,
            dtype=object,
            keep_default_na=False,
            na_filter=False,
            skip_blank_lines=False,
            skipinitialspace=True,
            engine="c",
        )
        if len(body) == expected:
            return body, np.arange(header_end + 1, header_end + 1 + expected), True
    except (pd.errors.ParserError, ValueError):
        pass
    records: list[list[str]] = []
    starts: list[int] = []
    for start, end, cells in iter_records(text, delimiter):
        if end <= header_end:
            continue
        records.append([c.strip() for c in (cells + [""] * width)[:width]])
        starts.append(start)
    frame = pd.DataFrame(records, columns=list(range(width)), dtype=object)
    return frame, np.asarray(starts, dtype=np.int64), True


def _read_workbook(
    data: bytes, source: str, sink: ProblemSink
) -> tuple[list[pd.DataFrame], str | None]:
    sheets, failure = read_sheets(data)
    if failure is not None:
        sink.add(failure)
        return [], None
    frames: list[pd.DataFrame] = []
    form: str | None = None
    first_unread: str | None = None
    tables = 0
    for sheet in sheets:
        choice = find_header(sheet.rows)
        if choice is None:
            if first_unread is None and any(cell_text(c) for row in sheet.rows for c in row):
                first_unread = sheet.name
            continue
        tables += 1
        width = _width(sheet.rows[choice.index])
        body_rows = [row[:width] for row in sheet.rows[choice.index + 1 :]]
        body = (
            pd.DataFrame(body_rows, columns=list(range(width)), dtype=object)
            if body_rows
            else (pd.DataFrame({i: pd.Series(dtype=object) for i in range(width)}))
        )
        if sheet.percent is not None:
            _read_percent_cells(body, sheet.percent, choice.header, choice.index + 2)
        table = Table(
            sheet=sheet.name,
            header_row=choice.index + 1,
            header=choice.header,
            above=list(sheet.rows[: choice.index]),
            above_rows=list(range(1, choice.index + 1)),
            body=body,
            rows=np.arange(choice.index + 2, choice.index + 2 + len(body_rows)),
        )
        result = _read_table(table, source, ".", sink)
        form = form or result.form
        if result.frame is not None and not result.frame.empty:
            frames.append(result.frame)
    if tables == 0:
        if first_unread is None:
            sink.add(
                problem("empty_file", N_("{file} has no data in any sheet."), {"file": source})
            )
        else:
            _no_header(sink, first_unread)
    elif not frames and not sink.problems:
        sink.add(
            problem("empty_file", N_("{file} has header rows but no data rows."), {"file": source})
        )
    return frames, form


def _read_percent_cells(
    body: pd.DataFrame, percent: PercentCells, header: HeaderMap, first_row: int
) -> None:
    """Give the number cells of the value columns that Excel formats as a percentage their
    meaning: 0.095 shown as 9.5 % is the value 9.5 (``percent_value``). ``first_row`` is the
    Excel row of the body's first row. Work is done once per distinct number."""
    columns = {i for i in (header.fields.get("value"), *header.years) if i is not None}
    for column, flags in percent.mask(sorted(columns), first_row, len(body)).items():
        at = np.flatnonzero(flags)
        cells = body[column].to_numpy(dtype=object, copy=True)
        codes, uniques = pd.factorize(cells[at], use_na_sentinel=True)
        meant = np.empty(len(uniques), dtype=object)
        for k, raw in enumerate(uniques):
            # Text ("9,5%" already reads as 9.5), dates and booleans keep their meaning.
            number = isinstance(raw, int | float) and not isinstance(raw, bool) and raw == raw
            meant[k] = percent_value(float(raw)) if number else raw
        known = codes >= 0
        cells[at[known]] = meant[codes[known]]
        body[column] = pd.Series(cells, index=body.index, dtype=object)


def _no_header(sink: ProblemSink, sheet: str | None) -> None:
    sink.add(
        problem(
            "missing_column",
            N_(
                "No header row found. A long table needs the columns indicator, place (geo), "
                "year and value; a wide table needs place (geo) and one column per year (2015, "
                "2016, ...)."
            ),
            sheet=sheet,
        )
    )


# --- one table ----------------------------------------------------------------------------


def _drop_blank_and_notes(table: Table) -> tuple[pd.DataFrame, np.ndarray]:
    body = table.body
    if body.shape[1] == 0 or body.empty:
        return body, table.rows
    blank = np.column_stack([blank_mask(body[c], table.trimmed) for c in body.columns])
    filled = (~blank).sum(axis=1)
    keep = filled > 0
    # A note has one filled cell, in the table's first column or left of it.
    lead = next((i for i, t in enumerate(table.header.texts) if t), 0)
    first_filled = np.argmax(~blank, axis=1)
    for i in np.flatnonzero((filled == 1) & (first_filled <= lead)):
        if is_note_text(cell_text(body.iat[int(i), int(first_filled[i])])):
            keep[i] = False
    if keep.all():
        return body.reset_index(drop=True), table.rows
    return body[keep].reset_index(drop=True), table.rows[keep]


def _structure_problems(
    table: Table, fixed: dict[str, tuple[str, int]], sink: ProblemSink
) -> str | None:
    """Report missing or clashing columns; the table's form when it can be read."""
    header = table.header
    texts = header.texts
    ok = True

    def add(
        code: str, column: str | None, template: str, params: dict[str, str] | None = None
    ) -> None:
        nonlocal ok
        ok = False
        sink.add(
            problem(code, template, params, sheet=table.sheet, row=table.header_row, column=column)
        )

    for fld, index in header.duplicates:
        if fld.isdigit():
            add(
                "ambiguous_column",
                texts[index],
                N_("The year {year} is a column header twice; keep one."),
                {"year": fld},
            )
        else:
            first = texts[header.fields[fld]]
            add(
                "ambiguous_column",
                texts[index],
                N_(
                    "Both {first} and {second} could be the {field} column; keep one or rename "
                    "the other."
                ),
                {"first": repr(first), "second": repr(texts[index]), "field": fld},
            )
    for index in header.year_value:
        add(
            "ambiguous_column",
            texts[index],
            N_("{header} could be the year or the value column; name it 'year' or 'value'."),
            {"header": repr(texts[index])},
        )
    if header.years and "value" in header.fields:
        first_year = texts[min(header.years)]
        add(
            "ambiguous_column",
            first_year,
            N_(
                "The header has a value column ({value_header}) and year columns "
                "({year_header}, ...): use either one row per value (long) or one column per "
                "year (wide), not both."
            ),
            {"value_header": repr(texts[header.fields["value"]]), "year_header": repr(first_year)},
        )
    if header.is_long:
        form = "long"
    elif header.is_wide:
        form = "wide"
    else:
        form = None
        if header.year_value:
            pass  # already reported as ambiguous
        elif "value" not in header.fields and not header.years:
            add(
                "missing_column",
                "value",
                N_(
                    "No value column (long table) and no year columns such as 2015, 2016 (wide "
                    "table). Accepted headers for the value column: {headers}."
                ),
                {"headers": _synonyms("value")},
            )
        elif "year" not in header.fields and not header.years:
            add(
                "missing_column",
                "year",
                N_(
                    "No year column (long table) and no year columns such as 2015, 2016 (wide "
                    "table). Accepted headers for the year column: {headers}."
                ),
                {"headers": _synonyms("year")},
            )
    if "geo" not in header.fields and "geo" not in fixed:
        add(
            "missing_column",
            "geo",
            N_(
                "The place (geo) column is missing; put the country or NUTS code in a column "
                "headed one of: {headers} (or a title line such as 'Geo: NL' above the header "
                "when the whole table is one place)."
            ),
            {"headers": _synonyms("geo")},
        )
    if "indicator" not in header.fields and "indicator" not in fixed:
        add(
            "missing_column",
            "indicator",
            N_(
                "The indicator column is missing, and neither the sheet name nor a title line "
                "such as 'Indicator: ELET' above the header names the indicator. Accepted "
                "headers: {headers}."
            ),
            {"headers": _synonyms("indicator")},
        )
    return form if ok else None


def _synonyms(fld: str) -> str:
    return ", ".join(FIELD_SYNONYMS[fld])


def _fixed_fields(table: Table) -> dict[str, tuple[str, int]]:
    """Values fixed for the whole table by title lines or, for the indicator, the sheet name.

    A title naming the indicator in words ("Indicator: Early leavers (%)") gives way to a
    sheet named with a code; a code in the title wins over the sheet name.
    """
    fixed = {f: (v, table.above_rows[i]) for f, (v, i) in fixed_values(table.above).items()}
    from_sheet = indicator_from_sheet_name(table.sheet)
    title = fixed.get("indicator")
    if from_sheet and (title is None or any(ch.isspace() for ch in title[0])):
        fixed["indicator"] = (from_sheet, table.header_row)
    return {f: v for f, v in fixed.items() if f not in table.header.fields}


def _read_table(
    table: Table, source: str, dot_default: str | None, sink: ProblemSink
) -> TableResult:
    """Read one table, listing its problems in row order (as a person works through them)."""
    start = len(sink.problems)
    try:
        return _read_table_unsorted(table, source, dot_default, sink)
    finally:
        sink.problems[start:] = sorted(sink.problems[start:], key=lambda p: p.row or 0)


def _read_table_unsorted(
    table: Table, source: str, dot_default: str | None, sink: ProblemSink
) -> TableResult:
    fixed = _fixed_fields(table)
    form = _structure_problems(table, fixed, sink)
    if form is None:
        return TableResult(None, None)
    body, rows = _drop_blank_and_notes(table)
    reader = _Columns(table, body, rows, fixed, sink)
    ids = reader.identifiers()
    if form == "long":
        frame = _long(table, reader, ids, dot_default, sink)
    else:
        frame = _wide(table, reader, ids, body, rows, dot_default, sink)
    if frame is not None:
        frame["source"] = frame["source"].fillna(source) if "source" in frame else source
    return TableResult(frame, form)


def _cell_problem(
    cleaned: Cleaned,
    i: int,
    *,
    sheet: str | None,
    row: int,
    column: str | None = None,
    value: str | None = None,
) -> Problem:
    """The problem of bad cell ``i`` of a cleaned column, from its code and message."""
    message: CellMessage = cleaned.messages[i]
    return problem(
        str(cleaned.errors[i]),
        message.template,
        message.params,
        sheet=sheet,
        row=row,
        column=column,
        value=value,
    )


class _Columns:
    """Cleans the identifying columns of a table body, reporting bad cells as it goes."""

    def __init__(
        self,
        table: Table,
        body: pd.DataFrame,
        rows: np.ndarray,
        fixed: dict[str, tuple[str, int]],
        sink: ProblemSink,
    ) -> None:
        self.table, self.body, self.rows, self.fixed, self.sink = table, body, rows, fixed, sink
        self.bad = np.zeros(len(body), dtype=bool)

    def raw(self, fld: str) -> pd.Series | None:
        index = self.table.header.fields.get(fld)
        return None if index is None else self.body[index]

    def header_text(self, fld: str) -> str:
        return self.table.header.texts[self.table.header.fields[fld]]

    def report(
        self, cleaned: Cleaned, raw: pd.Series, columns: str | Sequence[str], rows: np.ndarray
    ) -> None:
        bad = cleaned.bad
        idx = np.flatnonzero(bad)
        if not len(idx):
            return
        sheet = self.table.sheet
        problems = (
            _cell_problem(
                cleaned,
                int(i),
                sheet=sheet,
                row=int(rows[i]),
                column=columns if isinstance(columns, str) else columns[int(i)],
                value=cell_text(raw.iat[int(i)]),
            )
            for i in idx
        )
        self.sink.extend(problems, len(idx))

    def _clean(self, fld: str, cleaner: Callable[..., Cleaned], *args: object) -> np.ndarray:
        """Clean a column (or a fixed title value broadcast to every row)."""
        raw = self.raw(fld)
        n = len(self.body)
        if raw is None:
            value, title_row = self.fixed[fld]
            cleaned = cleaner(pd.Series([value], dtype=object), *args)
            if cleaned.bad[0]:
                self.sink.add(
                    _cell_problem(cleaned, 0, sheet=self.table.sheet, row=title_row, value=value)
                )
                self.bad[:] = True
            return np.full(n, cleaned.values[0], dtype=object)
        cleaned = cleaner(raw, *args)
        self.report(cleaned, raw, self.header_text(fld), self.rows)
        self.bad |= cleaned.bad
        return cleaned.values

    def identifiers(self) -> dict[str, np.ndarray]:
        """Indicator, geo, fixed breakdowns, custom breakdown and source, one entry per row."""
        out: dict[str, np.ndarray] = {}
        for fld in ("indicator", "geo"):
            out[fld] = self._clean(fld, clean_codes, fld)
        for fld in _DIM_COLUMNS:
            if self.raw(fld) is not None or fld in self.fixed:
                out[fld] = self._clean(fld, clean_breakdown, fld)
        self._custom(out)
        source = self.raw("source")
        if source is not None:
            out["source"] = clean_texts(source)
        elif "source" in self.fixed:
            out["source"] = np.full(len(self.body), self.fixed["source"][0], dtype=object)
        return out

    def _custom(self, out: dict[str, np.ndarray]) -> None:
        n = len(self.body)
        dim_raw, val_raw = self.raw("custom_dimension"), self.raw("custom_value")
        if dim_raw is None and val_raw is None:
            return
        if dim_raw is not None:
            dims = clean_texts(dim_raw)
        elif "custom_dimension" in self.fixed:
            dims = np.full(n, self.fixed["custom_dimension"][0], dtype=object)
        else:
            dims = np.full(n, None, dtype=object)
        vals = clean_texts(val_raw) if val_raw is not None else np.full(n, None, dtype=object)
        has_dim, has_val = pd.notna(dims), pd.notna(vals)
        errors = np.full(n, None, dtype=object)
        messages = np.full(n, None, dtype=object)
        no_val = has_dim & ~has_val
        no_dim = has_val & ~has_dim
        errors[no_val | no_dim] = "bad_breakdown"
        messages[no_val] = CellMessage(
            N_("The breakdown is named but its value (breakdown_value) is empty.")
        )
        messages[no_dim] = CellMessage(
            N_("A breakdown value is given but the breakdown column that names it is empty.")
        )
        column = self.header_text("custom_value" if val_raw is not None else "custom_dimension")
        raw = val_raw if val_raw is not None else dim_raw
        assert raw is not None
        self.report(Cleaned(vals, errors, messages), raw, column, self.rows)
        self.bad |= pd.notna(errors)
        out["custom_dimension"] = np.where(has_dim, dims, TOTAL)
        out["custom_value"] = np.where(has_val, vals, TOTAL)


def _long(
    table: Table,
    reader: _Columns,
    ids: dict[str, np.ndarray],
    dot_default: str | None,
    sink: ProblemSink,
) -> pd.DataFrame:
    value_raw = reader.raw("value")
    year_raw = reader.raw("year")
    assert value_raw is not None and year_raw is not None
    years = clean_years(year_raw)
    reader.report(years, year_raw, reader.header_text("year"), reader.rows)
    values = clean_values(value_raw, dot_default)
    value_column = reader.header_text("value")
    reader.report(values, value_raw, value_column, reader.rows)
    bad = reader.bad | years.bad | values.bad
    flags = values.flags
    assert flags is not None
    flag_raw = reader.raw("flag")
    if flag_raw is not None:
        column_flags = clean_flags(flag_raw)
        reader.report(column_flags, flag_raw, reader.header_text("flag"), reader.rows)
        bad |= column_flags.bad
        flags, conflict = _merge_flags(column_flags.values, flags)
        idx = np.flatnonzero(conflict & ~bad)
        sink.extend(
            (
                problem(
                    "conflicting_flag",
                    N_(
                        "The value carries flag {flag} but the flag column says {column_flag}; "
                        "keep one of them."
                    ),
                    {
                        "flag": repr(values.flags[i]),  # type: ignore[index]  # set when flagged
                        "column_flag": repr(column_flags.values[i]),
                    },
                    sheet=table.sheet,
                    row=int(reader.rows[i]),
                    column=value_column,
                    value=cell_text(value_raw.iat[int(i)]),
                )
                for i in idx
            ),
            len(idx),
        )
        bad |= conflict
    data = dict(ids)
    data.update(year=years.values, value=values.values, flag=flags)
    frame = pd.DataFrame(data)
    frame["sheet"] = table.sheet
    frame["row"] = reader.rows
    frame["column"] = value_column
    return frame.loc[~bad]


def _merge_flags(column: np.ndarray, glued: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The flag column wins; a glued flag fills gaps; both present and different conflict."""
    has_column, has_glued = pd.notna(column), pd.notna(glued)
    both = np.flatnonzero(has_column & has_glued)
    conflict = np.zeros(len(column), dtype=bool)
    for i in both:
        conflict[i] = flag_key(column[i]) != flag_key(glued[i])
    return np.where(has_column, column, glued), conflict


def _wide(
    table: Table,
    reader: _Columns,
    ids: dict[str, np.ndarray],
    body: pd.DataFrame,
    rows: np.ndarray,
    dot_default: str | None,
    sink: ProblemSink,
) -> pd.DataFrame:
    """One observation per filled year cell; empty cells are simply not there."""
    texts = table.header.texts
    parts: list[pd.Series] = []
    positions: list[np.ndarray] = []
    years: list[np.ndarray] = []
    columns: list[np.ndarray] = []
    for index, year in sorted(table.header.years.items()):
        raw = body[index]
        filled = np.flatnonzero(~blank_mask(raw, table.trimmed))
        if not len(filled):
            continue
        parts.append(raw.iloc[filled].astype(object))
        positions.append(filled)
        years.append(np.full(len(filled), year, dtype=np.int64))
        columns.append(np.full(len(filled), texts[index], dtype=object))
    if not parts:
        return empty_frame()
    raw_values = pd.concat(parts, ignore_index=True)
    pos = np.concatenate(positions)
    cell_columns = np.concatenate(columns)
    cell_rows = rows[pos]
    values = clean_values(raw_values, dot_default)
    reader.report(values, raw_values, cell_columns, cell_rows)  # type: ignore[arg-type]
    data = {name: arr[pos] for name, arr in ids.items()}
    data.update(year=np.concatenate(years), value=values.values, flag=values.flags)
    frame = pd.DataFrame(data)
    frame["sheet"] = table.sheet
    frame["row"] = cell_rows
    frame["column"] = cell_columns
    bad = reader.bad[pos] | values.bad
    return frame.loc[~bad].sort_values(["row", "year"], kind="stable")
