"""Temporary staging tables: columns of a data frame bulk-loaded into the database, so that
comparing and writing can be done with set operations inside the database (issue 13).

``create`` makes a temporary table in the caller's transaction (PostgreSQL drops it at commit;
``drop`` removes it earlier), ``load`` fills it, ``drop`` removes it. Loading never builds a
Python object per row for the whole table:

- PostgreSQL: one binary ``COPY``. Rows are grouped by which of their fields are NULL and which
  text each text column holds (text columns are categorical: a handful of flags and sources),
  so every group has one fixed row layout and is written as one numpy structured array.
- SQLite: ``executemany`` into the temporary table, in chunks of ``CHUNK`` rows, so Python
  tuples exist for one chunk at a time.

An *ordinal* column numbers the rows 1, 2, ... in load order (on SQLite it is the rowid, which
costs nothing to fill).
"""

from __future__ import annotations

import struct
import uuid
from collections.abc import Mapping, Sequence
from typing import Any, TypeAlias

import numpy as np
import pandas as pd
from sqlalchemy import Connection

INT = "int"
FLOAT = "float"
TEXT = "text"
_SQL_TYPES = {
    "postgresql": {INT: "INTEGER", FLOAT: "DOUBLE PRECISION", TEXT: "TEXT"},
    "sqlite": {INT: "INTEGER", FLOAT: "REAL", TEXT: "TEXT"},
}
CHUNK = 50_000  # SQLite rows bound per executemany call
COPY_CHUNK = 100_000  # PostgreSQL rows per structured array written to COPY
MAX_LAYOUTS = 4_096  # more distinct row layouts than this: row-by-row COPY instead
_COPY_HEADER = b"PGCOPY\n\xff\r\n\x00" + struct.pack(">ii", 0, 0)
_COPY_TRAILER = struct.pack(">h", -1)

# A column's data: integers (never NULL), floats (NaN is NULL) or a categorical (text; a
# missing value is NULL).
ColumnData: TypeAlias = np.ndarray | pd.Categorical


def temp_name(prefix: str) -> str:
    """A fresh table name, so that several staging tables can live on one connection."""
    return f"{prefix}_{uuid.uuid4().hex[:12]}"


def create(
    conn: Connection, name: str, columns: Sequence[tuple[str, str]], *, ordinal: str | None = None
) -> None:
    """A temporary table with ``columns`` ((name, INT | FLOAT | TEXT), ...) and, first, the
    ``ordinal`` column numbering rows in load order."""
    dialect = conn.dialect.name
    types = _SQL_TYPES[dialect]
    parts = [f"{col} {types[kind]}" for col, kind in columns]
    if ordinal:
        parts.insert(
            0, f"{ordinal} INTEGER PRIMARY KEY" if dialect == "sqlite" else f"{ordinal} INTEGER"
        )
    suffix = " ON COMMIT DROP" if dialect == "postgresql" else ""
    conn.exec_driver_sql(f"CREATE TEMPORARY TABLE {name} ({', '.join(parts)}){suffix}")


def drop(conn: Connection, name: str) -> None:
    conn.exec_driver_sql(f"DROP TABLE IF EXISTS {name}")


def load(
    conn: Connection,
    name: str,
    columns: Sequence[tuple[str, str]],
    data: Mapping[str, ColumnData],
    *,
    ordinal: str | None = None,
) -> int:
    """Append the rows of ``data`` (one array per column of ``columns``, all of one length) to
    the empty table ``name``; returns the number of rows."""
    arrays = [_column(data[col], kind) for col, kind in columns]
    n = len(arrays[0]) if arrays else 0
    if any(len(a) != n for a in arrays):
        raise ValueError("staging columns differ in length")
    if n == 0:
        return 0
    if conn.dialect.name == "postgresql":
        _copy_binary(conn, name, columns, arrays, ordinal, n)
    else:
        _executemany(conn, name, columns, arrays)
    return n


def _column(values: Any, kind: str) -> ColumnData:
    """Text as a categorical, numbers as numpy arrays; integers must fit 32 bits."""
    if kind == TEXT:
        return values if isinstance(values, pd.Categorical) else pd.Categorical(values)
    if kind == INT:
        ints = np.asarray(values)
        if ints.dtype.kind not in "iu":
            ints = ints.astype(np.int64)
        if len(ints) and (int(ints.min()) < -(2**31) or int(ints.max()) >= 2**31):
            raise ValueError("a staging INT column holds a number beyond 32 bits")
        return ints
    return np.asarray(values, dtype=np.float64)


def _executemany(
    conn: Connection, name: str, columns: Sequence[tuple[str, str]], arrays: list[ColumnData]
) -> None:
    names = ", ".join(col for col, _kind in columns)
    sql = f"INSERT INTO {name} ({names}) VALUES ({', '.join('?' for _ in columns)})"
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        for start in range(0, len(arrays[0]), CHUNK):
            stop = start + CHUNK
            lists = [
                _as_list(a[start:stop], kind) for a, (_c, kind) in zip(arrays, columns, strict=True)
            ]
            cursor.executemany(sql, zip(*lists, strict=True))
    finally:
        cursor.close()


def _as_list(part: ColumnData, kind: str) -> list[Any]:
    """A chunk of a column as Python values; NaN stays NaN (SQLite binds it as NULL)."""
    if isinstance(part, pd.Categorical):
        codes = part.codes
        if not len(part.categories):
            return [None] * len(codes)
        out = np.asarray(part.categories, dtype=object)[np.maximum(codes, 0)]
        out[codes < 0] = None
        return out.tolist()
    if kind == INT:
        return np.asarray(part, dtype=np.int64).tolist()
    return np.asarray(part, dtype=np.float64).tolist()


def _copy_binary(
    conn: Connection,
    name: str,
    columns: Sequence[tuple[str, str]],
    arrays: list[ColumnData],
    ordinal: str | None,
    n: int,
) -> None:
    kinds = [kind for _col, kind in columns]
    names = [col for col, _kind in columns]
    if ordinal:
        arrays = [np.arange(1, n + 1, dtype=np.int64), *arrays]
        kinds = [INT, *kinds]
        names = [ordinal, *names]
    layout_key, layouts = _layouts(arrays, kinds)
    raw = conn.connection.driver_connection
    assert raw is not None  # a live connection always has its driver connection
    columns_sql = ", ".join(names)
    with raw.cursor() as cur:
        if layouts is None:  # too many distinct texts for fixed layouts: rows through psycopg
            with cur.copy(f"COPY {name} ({columns_sql}) FROM STDIN") as copy:
                for start in range(0, n, COPY_CHUNK):
                    stop = start + COPY_CHUNK
                    lists = [_as_list(a[start:stop], k) for a, k in zip(arrays, kinds, strict=True)]
                    for rec in zip(*lists, strict=True):
                        copy.write_row(tuple(None if _nan(v) else v for v in rec))
            return
        with cur.copy(f"COPY {name} ({columns_sql}) FROM STDIN (FORMAT BINARY)") as copy:
            copy.write(_COPY_HEADER)
            order = np.argsort(layout_key, kind="stable")
            bounds = np.flatnonzero(np.diff(layout_key[order])) + 1
            for rows in np.split(order, bounds):
                layout = layouts[int(layout_key[rows[0]])]
                for start in range(0, len(rows), COPY_CHUNK):
                    part = rows[start : start + COPY_CHUNK]
                    copy.write(_binary_rows(part, arrays, kinds, layout))
            copy.write(_COPY_TRAILER)


def _nan(value: Any) -> bool:
    return isinstance(value, float) and value != value


def _layouts(
    arrays: list[ColumnData], kinds: list[str]
) -> tuple[np.ndarray, dict[int, tuple[Any, ...]] | None]:
    """Each row's layout number and, per layout, each column's cell: ``None`` (NULL),
    ``True`` (a number, present) or the bytes of the text. None when there are too many."""
    n = len(arrays[0])
    key = np.zeros(n, dtype=np.int32)  # fewer than MAX_LAYOUTS layouts: small numbers
    radix = 1
    decoders: list[tuple[int, int, list[Any]]] = []  # (column, radix, cells by digit)
    for i, (a, kind) in enumerate(zip(arrays, kinds, strict=True)):
        if isinstance(a, pd.Categorical):
            cells: list[Any] = [None, *(str(t).encode() for t in a.categories)]
            digit = a.codes.astype(np.int32) + 1
        elif kind == FLOAT:
            cells = [True, None]
            digit = np.isnan(np.asarray(a, dtype=np.float64)).astype(np.int32)
        else:
            continue
        if radix * len(cells) > MAX_LAYOUTS:
            return key, None
        key += digit * np.int32(radix)
        decoders.append((i, radix, cells))
        radix *= len(cells)
    layouts: dict[int, tuple[Any, ...]] = {}
    for k in np.unique(key).tolist():
        cells_of_row: list[Any] = [True] * len(arrays)
        for i, r, cells in decoders:
            cells_of_row[i] = cells[(k // r) % len(cells)]
        layouts[k] = tuple(cells_of_row)
    return key, layouts


def _binary_rows(
    rows: np.ndarray, arrays: list[ColumnData], kinds: list[str], layout: tuple[Any, ...]
) -> bytes:
    """The COPY BINARY tuples of ``rows``, which share one layout, as one byte string."""
    fields: list[tuple[str, str]] = [("count", ">i2")]
    for i, (kind, cell) in enumerate(zip(kinds, layout, strict=True)):
        fields.append((f"len{i}", ">i4"))
        if cell is None:
            continue
        if kind == INT:
            fields.append((f"v{i}", ">i4"))
        elif kind == FLOAT:
            fields.append((f"v{i}", ">f8"))
        elif len(cell):
            fields.append((f"v{i}", f"S{len(cell)}"))
    out = np.empty(len(rows), dtype=np.dtype(fields))
    out["count"] = len(kinds)
    for i, (a, kind, cell) in enumerate(zip(arrays, kinds, layout, strict=True)):
        if cell is None:
            out[f"len{i}"] = -1
        elif kind == INT:
            out[f"len{i}"] = 4
            out[f"v{i}"] = np.asarray(a)[rows]
        elif kind == FLOAT:
            out[f"len{i}"] = 8
            out[f"v{i}"] = np.asarray(a, dtype=np.float64)[rows]
        else:
            out[f"len{i}"] = len(cell)
            if len(cell):
                out[f"v{i}"] = cell
    return out.tobytes()
