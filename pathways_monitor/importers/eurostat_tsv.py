"""Eurostat bulk TSV: ``freq,sex,...,geo\\TIME_PERIOD<TAB>1992 <TAB>...``, one series a line.

Also the older layout (``unit,sex,age,geo\\time``, years descending). Lines are split in Python
(cheap: one split per line); the million cells are then handled as numpy/pandas columns.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pathways_monitor.core.translation import N_, N_plural
from pathways_monitor.importers.eurostat_common import LongCells
from pathways_monitor.importers.problems import Problem, plural_problem, problem
from pathways_monitor.importers.values import parse_year

# Counts that English has always written as "1 parts" / "1 cells": both English forms stay the
# same, the catalogs give each language its own singular.
KEY_PARTS = N_plural(
    "The series key has {n} parts, the header {header}",
    "The series key has {n} parts, the header {header}",
)
LINE_CELLS = N_plural(
    "The line has {n} cells, the header {header}",
    "The line has {n} cells, the header {header}",
)


def is_bulk_tsv(first_line: str) -> bool:
    """A tab-separated header whose first cell holds ``dims\\time``."""
    head = first_line.split("\t", 1)
    return len(head) == 2 and "\\" in head[0]


def read_tsv_cells(text: str, declared_dataset: str | None) -> LongCells:
    """The long cell table of a bulk TSV; header and line problems collected, not raised."""
    lines = text.splitlines()
    problems: list[Problem] = []
    if not lines:
        problems.append(problem("bad_header", N_("The file is empty"), row=1))
        return _empty(problems, declared_dataset)
    header = lines[0].split("\t")
    key_head = header[0]
    if "\\" not in key_head:
        problems.append(
            problem(
                "bad_header",
                N_("The first header cell should read like 'freq,unit,sex,age,geo\\TIME_PERIOD'"),
                row=1,
                column=key_head,
                value=key_head,
            )
        )
        return _empty(problems, declared_dataset)
    dims = [d.strip().lower() for d in key_head.split("\\", 1)[0].split(",")]
    if "geo" not in dims:
        problems.append(
            problem(
                "bad_header",
                N_("The header names no 'geo' dimension"),
                row=1,
                column=key_head,
                value=key_head,
            )
        )
        return _empty(problems, declared_dataset)
    time_idx: list[int] = []
    time_names: list[str] = []
    for i, cell in enumerate(header[1:], start=1):
        name = cell.strip()
        if parse_year(name) is None:
            problems.append(
                problem(
                    "bad_header",
                    N_("{value} is not a year"),
                    {"value": repr(name)},
                    row=1,
                    column=name,
                    value=name,
                )
            )
            continue
        time_idx.append(i)
        time_names.append(name)
    if not time_idx:
        problems.append(
            problem(
                "bad_header",
                N_("The header has no year columns"),
                row=1,
                column=key_head,
                value=lines[0][:80],
            )
        )
        return _empty(problems, declared_dataset)

    keys: list[list[str]] = []
    matrix: list[list[str]] = []
    line_numbers: list[int] = []
    width = len(header)
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        cells = line.split("\t")
        key = [k.strip() for k in cells[0].split(",")]
        if len(key) != len(dims):
            problems.append(
                plural_problem(
                    "bad_row",
                    KEY_PARTS,
                    {"n": len(key), "header": len(dims)},
                    row=number,
                    column=key_head,
                    value=cells[0],
                )
            )
            continue
        if len(cells) != width:
            problems.append(
                plural_problem(
                    "bad_row",
                    LINE_CELLS,
                    {"n": len(cells), "header": width},
                    row=number,
                    column=key_head,
                    value=cells[0],
                )
            )
            cells = (cells + [""] * width)[:width]
        keys.append(key)
        matrix.append([cells[i] for i in time_idx])
        line_numbers.append(number)

    n_rows, n_times = len(matrix), len(time_idx)
    frame = pd.DataFrame(
        {
            "cell": np.asarray(matrix, dtype=object).reshape(n_rows * n_times)
            if n_rows
            else np.array([], dtype=object),
            "time": np.tile(np.asarray(time_names, dtype=object), n_rows),
            "column": np.tile(np.asarray(time_names, dtype=object), n_rows),
            "row": np.repeat(np.asarray(line_numbers, dtype="int64"), n_times),
        }
    )
    key_arr = np.asarray(keys, dtype=object).reshape(n_rows, len(dims))
    for j, dim in enumerate(dims):
        frame[dim] = np.repeat(key_arr[:, j], n_times)
    return LongCells(frame, dims, "eurostat_tsv", declared_dataset, problems=problems)


def _empty(problems: list[Problem], declared: str | None) -> LongCells:
    frame = pd.DataFrame(
        {c: pd.Series(dtype="object") for c in ("cell", "time", "column", "row", "geo")}
    )
    return LongCells(frame, ["geo"], "eurostat_tsv", declared, problems=problems)
