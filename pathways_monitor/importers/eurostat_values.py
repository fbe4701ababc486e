"""Bytes to text, and cells to (value, flag), vectorised for million-value Eurostat files.

Plain numbers take a pandas fast path; only the unusual cells (decimal commas, thousands
separators, glued flags, garbage) go through ``importers.values.parse_value`` one by one.
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from pathways_monitor.importers.values import FLAG_CHARS, parse_value

_FLAG_RE = "[" + "".join(sorted(FLAG_CHARS)) + "]*"
_DOT_DECIMAL = re.compile(r"^[-+]?\d+\.\d+$")
_COMMA_DECIMAL = re.compile(r"^[-+]?\d+,(\d{1,2}|\d{4,})$")


def decode_bytes(data: bytes) -> str:
    """Text of an upload: gunzipped if needed, UTF-8 (with or without BOM), else cp1252."""
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def decimal_hint(cells: pd.Series) -> str | None:
    """ "." when the file writes decimal points, so "1,234" reads as a thousands separator."""
    sample = cells.dropna().astype(str).str.strip()
    sample = sample[sample != ""].head(5000)
    dots = sample.str.match(_DOT_DECIMAL).any()
    commas = sample.str.match(_COMMA_DECIMAL).any()
    return "." if dots and not commas else None


@dataclass
class ParsedCells:
    value: pd.Series  # float, NaN when missing or bad
    flag: pd.Series  # str or None
    bad_number: pd.Series  # bool: the cell is not a number
    bad_flag: pd.Series  # bool: the flag holds unknown letters
    reason: pd.Series  # str or None: why the cell was refused


def by_unique(series: pd.Series, func: Callable[[pd.Series], pd.Series]) -> pd.Series:
    """Apply a string transformation once per distinct value, then broadcast.

    Eurostat files repeat the same few thousand cell texts a million times; without pyarrow,
    pandas string methods run per element in Python, so this is what keeps big files fast.
    """
    codes, uniques = pd.factorize(series, use_na_sentinel=False)
    small = func(pd.Series(np.asarray(uniques, dtype=object), dtype=object))
    return pd.Series(small.to_numpy()[codes], index=series.index, dtype=small.dtype)


def parse_cells(
    number: pd.Series, flag: pd.Series | None = None, hint: str | None = None
) -> ParsedCells:
    """Parse value cells (with the flag glued on, or in ``flag``) into numbers and flags."""
    num_codes, num_uniques = pd.factorize(number, use_na_sentinel=False)
    if flag is None:
        flag_codes = np.zeros(len(number), dtype="int64")
        flag_uniques = None
    else:
        flag_codes, flag_uniques = pd.factorize(flag, use_na_sentinel=False)
    width = 1 if flag_uniques is None else len(flag_uniques)
    pair_codes, pairs = pd.factorize(num_codes.astype("int64") * width + flag_codes)
    small_num = pd.Series(np.asarray(num_uniques, dtype=object)[pairs // width], dtype=object)
    small_flag = (
        None
        if flag_uniques is None
        else pd.Series(np.asarray(flag_uniques, dtype=object)[pairs % width], dtype=object)
    )
    small = _parse_distinct(small_num, small_flag, hint)

    def spread(values: pd.Series, dtype: str) -> pd.Series:
        return pd.Series(values.to_numpy()[pair_codes], index=number.index, dtype=dtype)

    return ParsedCells(
        spread(small.value, "float64"),
        spread(small.flag, "object"),
        spread(small.bad_number, "bool"),
        spread(small.bad_flag, "bool"),
        spread(small.reason, "object"),
    )


def _parse_distinct(number: pd.Series, flag: pd.Series | None, hint: str | None) -> ParsedCells:
    """``parse_cells`` for distinct cells: plain numbers vectorised, the rest one by one."""
    num = number.fillna("").astype(str).str.strip()
    if flag is None:
        parts = num.str.partition(" ")
        num = parts[0]
        flg = parts[2].str.strip()
    else:
        flg = flag.fillna("").astype(str).str.strip()
    flg = flg.str.lower().str.replace(r"[\s,]", "", regex=True)
    missing = num.isin([":", ""])
    value = pd.to_numeric(num.where(~missing, None), errors="coerce").astype("float64")
    bad_number = ~missing & (value.isna() | np.isinf(value))
    reason = pd.Series(None, index=num.index, dtype="object")
    if bad_number.any():
        fixed = _slow_path(num[bad_number], hint)
        value.loc[fixed.index] = fixed["value"]
        glued = fixed["flag"].notna() & (flg.loc[fixed.index] == "")
        flg.loc[glued[glued].index] = fixed.loc[glued, "flag"]
        still_bad = ~fixed["ok"]
        bad_number = pd.Series(False, index=num.index)
        bad_number.loc[still_bad[still_bad].index] = True
        reason.loc[fixed.index] = fixed["reason"]
    bad_flag = ~flg.str.fullmatch(_FLAG_RE)
    if bad_flag.any():
        flagged_reason = bad_number & reason.fillna("").str.startswith("unknown flag")
        bad_flag = (bad_flag & ~bad_number) | flagged_reason
        bad_number = bad_number & ~flagged_reason
    flags = flg.astype(object).where((flg != "") & ~bad_flag, None)
    value = value.where(~bad_number & ~bad_flag)
    return ParsedCells(value, flags, bad_number, bad_flag, reason)


def _slow_path(cells: pd.Series, hint: str | None) -> pd.DataFrame:
    """Cells the fast path refused: ``parse_value`` knows commas, separators, glued flags."""
    parsed = [parse_value(c, decimal_hint=hint) for c in cells.tolist()]
    return pd.DataFrame(
        {
            "value": [p.value if p.ok and p.value is not None else np.nan for p in parsed],
            "flag": [p.flag if p.ok else None for p in parsed],
            "ok": [p.ok for p in parsed],
            "reason": [p.reason for p in parsed],
        },
        index=cells.index,
    )
