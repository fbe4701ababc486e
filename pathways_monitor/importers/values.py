"""Turn what real spreadsheets contain into numbers and Eurostat flags.

Accepts Dutch decimal commas (``9,5``), percent signs, flags glued to values (``9.5 b``,
``9.5b``), ``:`` for missing (optionally with a flag: ``: u``), thousands separators
(``1,234.5``, ``1.234,5``, ``1 234``), and non-breaking spaces. Pure functions, no I/O.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

# The only ways the accepted formats write "no value": an empty cell, or Eurostat's ":" (with
# or without a flag). Anything else ("n/a", "-", "x") is refused as not a number, so that a
# value is never dropped without the uploader knowing.
MISSING_MARKERS = {":", ""}
FLAG_CHARS = set("bcdefnprsuz")
_VALUE_FLAG = re.compile(
    r"^(?P<num>[-+]?[\d\s.,'\u00a0\u202f]*\d[\d\s.,'\u00a0\u202f]*)\s*(?P<pct>%?)\s*(?P<flag>[a-z]{0,4})$",
    re.I,
)
_MISSING_FLAG = re.compile(r"^:\s*(?P<flag>[a-z]{0,4})$", re.I)

# Why a cell is not a number (``ParsedValue.reason``), so that readers can choose their
# message for each; an unknown flag is ``f"{UNKNOWN_FLAG} {flag!r}"`` with the flag in
# ``ParsedValue.bad_flag``.
REASON_BOOLEAN = "a true/false value is not a number"
REASON_INFINITE = "infinite value"
REASON_NOT_A_NUMBER = "not a number"
REASON_MALFORMED = "ambiguous or malformed number"
UNKNOWN_FLAG = "unknown flag"


@dataclass(frozen=True)
class ParsedValue:
    value: float | None
    flag: str | None
    ok: bool
    reason: str | None = None
    bad_flag: str | None = None  # the unknown flag letters when the reason is an unknown flag


def _unknown_flag(flag: str) -> ParsedValue:
    return ParsedValue(None, None, False, f"{UNKNOWN_FLAG} {flag!r}", flag)


def _normalise_number(text: str, decimal_hint: str | None = None) -> float:
    """Parse a number written with any of the usual European/English separators."""
    s = text.replace("\u00a0", "").replace("\u202f", "").replace(" ", "").replace("'", "")
    if "," in s and "." in s:
        # The separator that comes last is the decimal one: 1.234,5 or 1,234.5
        if s.rfind(",") > s.rfind("."):
            s = s.replace(".", "").replace(",", ".")
        else:
            s = s.replace(",", "")
    elif "," in s:
        parts = s.split(",")
        if decimal_hint == "." and len(parts) > 1 and all(len(p) == 3 for p in parts[1:]):
            s = s.replace(",", "")
        elif len(parts) > 2:
            # 1,234,567: only thousands separators
            if all(len(p) == 3 for p in parts[1:]):
                s = s.replace(",", "")
            else:
                raise ValueError(text)
        else:
            s = s.replace(",", ".")
    elif s.count(".") > 1:
        parts = s.split(".")
        if all(len(p) == 3 for p in parts[1:]):
            s = s.replace(".", "")
        else:
            raise ValueError(text)
    return float(s)


def parse_value(raw: object, decimal_hint: str | None = None) -> ParsedValue:
    """Split a cell into (value, flag). ``ok`` is False when the cell is not a number at all."""
    if raw is None:
        return ParsedValue(None, None, True)
    if isinstance(raw, bool):
        return ParsedValue(None, None, False, REASON_BOOLEAN)
    if isinstance(raw, int | float):
        f = float(raw)
        if math.isnan(f):
            return ParsedValue(None, None, True)
        if math.isinf(f):
            return ParsedValue(None, None, False, REASON_INFINITE)
        return ParsedValue(f, None, True)
    text = str(raw).strip()
    if text.lower() in MISSING_MARKERS:
        return ParsedValue(None, None, True)
    m = _MISSING_FLAG.match(text)
    if m:
        flag = m.group("flag").lower() or None
        if flag and not set(flag) <= FLAG_CHARS:
            return _unknown_flag(flag)
        return ParsedValue(None, flag, True)
    m = _VALUE_FLAG.match(text)
    if not m:
        return ParsedValue(None, None, False, REASON_NOT_A_NUMBER)
    flag = m.group("flag").lower() or None
    if flag and not set(flag) <= FLAG_CHARS:
        return _unknown_flag(flag)
    try:
        number = _normalise_number(m.group("num"), decimal_hint)
    except ValueError:
        return ParsedValue(None, None, False, REASON_MALFORMED)
    return ParsedValue(number, flag, True)


def parse_flag(raw: object) -> tuple[str | None, bool]:
    """Normalise a flag cell ("b", "bu", "" or None); False when it holds unknown letters."""
    if raw is None:
        return None, True
    text = str(raw).strip().lower()
    if text in {"", "nan", "none"}:
        return None, True
    text = text.replace(" ", "").replace(",", "")
    if set(text) <= FLAG_CHARS:
        return "".join(sorted(set(text), key=text.index)), True
    return None, False


def parse_year(raw: object) -> int | None:
    """A year from 2021, "2021", "2021 ", 2021.0 or an Excel date; None if it is not one."""
    import datetime as dt

    if raw is None:
        return None
    if isinstance(raw, dt.datetime | dt.date):
        return raw.year
    if isinstance(raw, float):
        if math.isnan(raw) or not raw.is_integer():
            return None
        raw = int(raw)
    if isinstance(raw, int):
        return raw if 1900 <= raw <= 2200 else None
    text = str(raw).strip()
    m = re.fullmatch(r"(\d{4})(?:\.0+)?(?:-\d{2}-\d{2}.*|-?A\d?|A)?", text)
    if m:
        return int(m.group(1))
    return None
