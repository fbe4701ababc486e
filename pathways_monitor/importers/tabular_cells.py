"""Vectorised cleaning of the cells of an indicator table: codes, years, breakdowns, values.

Every function takes a column of raw cells (strings from a CSV, mixed objects from a
workbook) and returns one result per cell plus an error code and message per cell, so the
reader can name every bad cell. A message is a message id (``N_``) and the values that fill it
(``CellMessage``), turned into a problem by the reader. Work is done once per distinct cell content
(``pd.factorize``), which keeps a million-row CSV fast because real columns repeat a lot.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from pathways_monitor.core.problems import decimal_part
from pathways_monitor.core.translation import N_
from pathways_monitor.domain.breakdowns import DIM_BY_COLUMN, FLAG_LETTERS, BreakdownDim
from pathways_monitor.domain.names import spellings, translated
from pathways_monitor.importers.tabular_headers import cell_text
from pathways_monitor.importers.values import (
    FLAG_CHARS,
    ParsedValue,
    parse_flag,
    parse_value,
    parse_year,
)


@dataclass(frozen=True, eq=False)
class CellMessage:
    """A bad cell's plain-language message: its message id (``N_``) and what fills it."""

    template: str
    params: Mapping[str, Any] = field(default_factory=dict)


@dataclass
class Cleaned:
    """One cleaned column: values per cell, and an error code/message per bad cell."""

    values: np.ndarray
    errors: np.ndarray  # object: None or a problem code
    messages: np.ndarray  # object: None or a CellMessage
    flags: np.ndarray | None = None  # glued flags, for value columns only

    @property
    def bad(self) -> np.ndarray:
        return pd.notna(self.errors)


def blank_mask(series: pd.Series, trimmed: bool = False) -> np.ndarray:
    """True where a cell is empty or only whitespace.

    ``trimmed`` says the cells are text with leading spaces already removed (the CSV reader
    does that), so an empty string is the only blank and the per-cell check can be skipped.
    """
    arr = series.to_numpy(dtype=object)
    if trimmed:
        return np.asarray(arr == "", dtype=bool)
    blank = pd.isna(arr) | (arr == "")
    rest = np.flatnonzero(~blank)
    if not len(rest):
        return blank
    # Whitespace-only text and other invisible content: decided once per distinct cell.
    codes, uniques = pd.factorize(arr[rest], use_na_sentinel=True)
    per_unique = np.array([cell_text(u) == "" for u in uniques] + [True], dtype=bool)
    blank[rest] = per_unique[codes]
    return blank


def _per_unique(
    series: pd.Series, fn: Callable[[Any], tuple[Any, ...]], width: int
) -> list[np.ndarray]:
    """Apply ``fn`` once per distinct cell; ``fn(None)`` serves missing cells."""
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    results = [fn(u) for u in uniques]
    results.append(fn(None))
    columns = []
    for i in range(width):
        column = np.empty(len(results), dtype=object)
        column[:] = [r[i] for r in results]
        columns.append(column[codes])
    return columns


# An empty identifying cell, per field (``clean_codes``).
_EMPTY_CODE: dict[str, str] = {
    "indicator": N_("The indicator code is empty: every value needs one."),
    "geo": N_("The place (geo) code is empty: every value needs one."),
}


def clean_codes(series: pd.Series, fld: str) -> Cleaned:
    """Indicator or place (``fld``: "indicator" or "geo") codes as trimmed text; an empty cell
    is an error."""
    empty = CellMessage(_EMPTY_CODE[fld])

    def one(raw: object) -> tuple[str | None, str | None, CellMessage | None]:
        text = cell_text(raw)
        if not text:
            return None, "empty_cell", empty
        return text, None, None

    values, errors, messages = _per_unique(series, one, 3)
    return Cleaned(values, errors, messages)


def clean_texts(series: pd.Series) -> np.ndarray:
    """Free text (source, custom breakdown) trimmed; empty cells become None."""
    (values,) = _per_unique(series, lambda raw: (cell_text(raw) or None,), 1)
    return values


def clean_years(series: pd.Series) -> Cleaned:
    """Years from 2021, "2021", 2021.0 or a date; anything else is a bad_year."""

    def one(raw: object) -> tuple[int, str | None, CellMessage | None]:
        text = cell_text(raw)
        if not text:
            return 0, "bad_year", CellMessage(N_("The year is empty: every value needs a year."))
        year = parse_year(raw if not isinstance(raw, str) else text)
        if year is None:
            return (
                0,
                "bad_year",
                CellMessage(
                    N_("{value} is not a year; write the year as four digits, e.g. 2023."),
                    {"value": repr(text)},
                ),
            )
        return year, None, None

    values, errors, messages = _per_unique(series, one, 3)
    return Cleaned(values.astype("int64"), errors, messages)


def _norm_label(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip().lower())


_SEX_EXTRA: dict[str, str] = {
    **dict.fromkeys(
        ("t", "total", "totaal", "all", "alle", "both sexes", "beide geslachten", "both", "beide"),
        "T",
    ),
    **dict.fromkeys(
        (
            "m",
            "male",
            "males",
            "man",
            "men",
            "mannen",
            "boys",
            "boy",
            "jongens",
            "jongen",
            "mannelijk",
        ),
        "M",
    ),
    **dict.fromkeys(
        (
            "f",
            "v",
            "female",
            "females",
            "woman",
            "women",
            "vrouw",
            "vrouwen",
            "girls",
            "girl",
            "meisjes",
            "meisje",
            "vrouwelijk",
        ),
        "F",
    ),
}


def breakdown_lookup(dim: BreakdownDim) -> dict[str, str]:
    """Every accepted spelling of a dimension's values (codes, their labels in every language)."""
    lookup: dict[str, str] = {
        "total": dim.total,
        "totaal": dim.total,
        "all": dim.total,
        "alle": dim.total,
    }
    for code, label in dim.values.items():
        lookup[code.lower()] = code
        for spelling in spellings(label):
            lookup[_norm_label(spelling)] = code
    if dim.column == "sex":
        lookup.update(_SEX_EXTRA)
    return lookup


def _valid_list(dim: BreakdownDim) -> str:
    return ", ".join(f"{code} ({en} / {translated(en, 'nl')})" for code, en in dim.values.items())


# An unknown value of a fixed breakdown, per dimension: the dimension's name and its values
# with their labels are words to translate, so each dimension has its own message
# (``_check_messages`` keeps them equal to ``domain.breakdowns`` and its Dutch catalog labels).
_UNKNOWN_BREAKDOWN: dict[str, str] = {
    "sex": N_(
        "{value} is not a known sex value; use one of: T (Total / Totaal), M (Males / Mannen), "
        "F (Females / Vrouwen)."
    ),
    "citizenship": N_(
        "{value} is not a known citizenship value; use one of: TOTAL (Total / Totaal), NAT "
        "(Nationals / Eigen nationaliteit), FOR (Foreign citizens / Buitenlandse "
        "nationaliteit), EU27_2020_FOR (Citizens of another EU country / Nationaliteit van "
        "ander EU-land), NEU27_2020_FOR (Non-EU citizens / Nationaliteit van buiten de EU), "
        "STLS (Stateless / Staatloos)."
    ),
    "country_of_birth": N_(
        "{value} is not a known country of birth value; use one of: TOTAL (Total / Totaal), "
        "NAT (Native-born / In het land geboren), FOR (Foreign-born / In het buitenland "
        "geboren), EU27_2020_FOR (Born in another EU country / Geboren in ander EU-land), "
        "NEU27_2020_FOR (Born outside the EU / Geboren buiten de EU)."
    ),
    "urbanisation": N_(
        "{value} is not a known degree of urbanisation value; use one of: TOTAL (Total / "
        "Totaal), DEG1 (Cities / Steden), DEG2 (Towns and suburbs / Kleinere steden en "
        "voorsteden), DEG3 (Rural areas / Plattelandsgebieden)."
    ),
    "ses_quartile": N_(
        "{value} is not a known socio-economic quartile (escs) value; use one of: TOTAL (Total "
        "/ Totaal), Q1 (Bottom quarter / Laagste kwart), Q2 (Second quarter / Tweede kwart), "
        "Q3 (Third quarter / Derde kwart), Q4 (Top quarter / Hoogste kwart)."
    ),
    "disability": N_(
        "{value} is not a known disability / special educational needs value; use one of: "
        "TOTAL (Total / Totaal), DIS (With disability or SEN / Met beperking of specifieke "
        "onderwijsbehoefte), NDIS (Without disability or SEN / Zonder beperking of specifieke "
        "onderwijsbehoefte)."
    ),
}
# A flag column's unknown flag: the letters' meanings are words to translate.
_BAD_FLAG = N_(
    "{value} is not a flag; flags are Eurostat letters: b (break in time series), c "
    "(confidential), d (definition differs), e (estimated), f (forecast), n (not significant), "
    "p (provisional), r (revised), s (Eurostat estimate), u (low reliability), z (not "
    "applicable)."
)


def _check_messages() -> None:
    """The messages that spell out domain lists must say what the domain says today."""
    for column, dim in DIM_BY_COLUMN.items():
        expected = (
            f"{{value}} is not a known {dim.label_en.lower()} value; use one of: "
            f"{_valid_list(dim)}."
        )
        if _UNKNOWN_BREAKDOWN.get(column) != expected:
            raise RuntimeError(f"tabular_cells._UNKNOWN_BREAKDOWN[{column!r}] is out of date")
    known = ", ".join(f"{k} ({v})" for k, v in FLAG_LETTERS.items())
    expected = f"{{value}} is not a flag; flags are Eurostat letters: {known}."
    if expected != _BAD_FLAG:
        raise RuntimeError("tabular_cells._BAD_FLAG is out of date with FLAG_LETTERS")


_check_messages()


def clean_breakdown(series: pd.Series, column: str) -> Cleaned:
    """A fixed breakdown dimension's codes; an empty cell means the total."""
    dim = DIM_BY_COLUMN[column]
    lookup = breakdown_lookup(dim)
    code = "unknown_sex" if column == "sex" else "unknown_breakdown"
    unknown = _UNKNOWN_BREAKDOWN[column]

    def one(raw: object) -> tuple[str | None, str | None, CellMessage | None]:
        text = cell_text(raw)
        if not text:
            return dim.total, None, None
        hit = lookup.get(_norm_label(text))
        if hit is None:
            return None, code, CellMessage(unknown, {"value": repr(text)})
        return hit, None, None

    values, errors, messages = _per_unique(series, one, 3)
    return Cleaned(values, errors, messages)


def clean_flags(series: pd.Series) -> Cleaned:
    """A flag column: Eurostat letters such as "b", "u", "bu"; empty means no flag."""

    def one(raw: object) -> tuple[str | None, str | None, CellMessage | None]:
        text = cell_text(raw)
        if text in {":", "-"}:
            return None, None, None
        flag, ok = parse_flag(text or None)
        if not ok:
            return None, "bad_flag", CellMessage(_BAD_FLAG, {"value": repr(text)})
        return flag, None, None

    values, errors, messages = _per_unique(series, one, 3)
    return Cleaned(values, errors, messages)


# --- numbers ------------------------------------------------------------------------------


@dataclass(frozen=True)
class PercentSlip:
    """A number above 1 (or below -1) in a cell Excel formats as a percentage: 9.5 under
    ``0.0%`` shows as 950 %. A share typed as ``9,5%`` is stored as 0.095, so this is almost
    always a share typed or pasted before the column was formatted; never stored."""

    stored: float

    def __str__(self) -> str:
        return _digits(self.stored)  # 7, not the 7.000000000000001 of =D3/E3*100


def _digits(number: float) -> str:
    """A number with at most 15 significant digits (Excel's precision), without exponent."""
    text = format(number, ".15g")
    if "e" in text:
        text = format(number, ".15f").rstrip("0").rstrip(".")
    return text


def percent_value(stored: float) -> float | PercentSlip:
    """What a percent-formatted number cell means in an indicator sheet: 0.095 (shown 9.5 %)
    is the share 9.5; a number outside -1..1 (shown above 100 %) is a :class:`PercentSlip`.
    The result keeps Excel's 15 significant digits, so 0.073 gives 7.3, not 7.300000000000001.
    """
    if not -1 <= stored <= 1:
        return PercentSlip(stored)
    return float(_digits(stored * 100))


def _percent_slip_message(cell: PercentSlip) -> CellMessage:
    value = cell.stored
    return CellMessage(
        N_(
            "The cell shows {shown}: it holds {value} but is formatted as a percentage, which "
            "multiplies by 100. A share is expected between 0 % and 100 %. If you meant {value} "
            "%, type {value}% into the cell (Excel then stores {fraction}), or format the column "
            "as Number."
        ),
        {
            "shown": decimal_part(f"{_digits(value * 100)} %"),
            "value": decimal_part(_digits(value)),
            "fraction": decimal_part(_digits(value / 100)),
        },
    )


_NUMBER_PART = re.compile(r"^\s*([-+]?[\d\s.,'\u00a0\u202f]*\d)\s*%?\s*[a-zA-Z]{0,4}\s*$")
_C3 = re.compile(r"[-+]?[1-9]\d{0,2},\d{3}")  # 1,234: decimal comma or thousands separator?
_D3 = re.compile(r"[-+]?[1-9]\d{0,2}\.\d{3}")  # 1.234: the same question for a dot
_DOT_DECIMAL = r"\.(\d{1,2}|\d{4,})$"
_DOT_EVIDENCE = re.compile(r".*" + _DOT_DECIMAL)


def _separator_kind(number: str) -> str:
    """What a number's separators tell: "c3"/"d3" ambiguous, "comma"/"dot" decimal, or "none"."""
    s = re.sub(r"[\s'\u00a0\u202f]", "", number)
    if _C3.fullmatch(s):
        return "c3"
    if _D3.fullmatch(s):
        return "d3"
    commas, dots = s.count(","), s.count(".")
    if commas and dots:
        return "comma" if s.rfind(",") > s.rfind(".") else "dot"
    if commas > 1:
        return "dot"  # 1,234,567: commas group thousands
    if dots > 1:
        return "comma"
    if commas:
        return "comma"
    if dots:
        return "dot"
    return "none"


def _ambiguous_message(text: str, number: str) -> CellMessage:
    digits = re.sub(r"[^\d.,+-]", "", number)
    as_decimal = digits.replace(",", ".")
    as_thousands = digits.replace(",", "").replace(".", "")
    return CellMessage(
        N_(
            "{value} could be {decimal} or {thousands}: nothing else in this column shows "
            "whether ',' or '.' is the decimal separator. Write it without a thousands separator "
            "(e.g. 1234 or 1234,5)."
        ),
        {"value": repr(text), "decimal": as_decimal, "thousands": as_thousands},
    )


_NOT_A_NUMBER = N_("{value} is not a number.")


def _not_a_number(text: str, parsed: ParsedValue) -> tuple[str, CellMessage]:
    if parsed.bad_flag is not None:
        letters = ", ".join(sorted(FLAG_LETTERS))
        return (
            "bad_flag",
            CellMessage(
                N_(
                    "{value} has unknown flag {flag}; flags after a value are Eurostat letters "
                    "({letters})."
                ),
                {"value": repr(text), "flag": repr(parsed.bad_flag), "letters": letters},
            ),
        )
    return "not_a_number", CellMessage(_NOT_A_NUMBER, {"value": repr(text)})


def clean_values(series: pd.Series, dot_default: str | None) -> Cleaned:
    """Numbers and glued flags from a value column (or a wide table's value block).

    The decimal separator is decided for the whole column: a cell such as ``9,5`` or
    ``1.234,5`` proves the comma is decimal; ``9.5`` or ``1,234,567`` proves the dot is. Cells
    such as ``1,234`` stay unread ("ambiguous_number") when nothing proves either way; a
    ``1.234`` is read as 1.234 when ``dot_default`` is "." (English files) and is ambiguous
    when it is None (semicolon CSV files, which Dutch Excel writes with decimal commas).
    """
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    n = len(uniques)
    values = np.full(n + 1, np.nan)
    flags = np.full(n + 1, None, dtype=object)
    errors = np.full(n + 1, None, dtype=object)
    messages = np.full(n + 1, None, dtype=object)

    is_str = np.fromiter((isinstance(u, str) for u in uniques), dtype=bool, count=n)
    if not is_str.all():
        for i in np.flatnonzero(~is_str):
            if isinstance(uniques[i], PercentSlip):
                errors[i], messages[i] = "percent_over_100", _percent_slip_message(uniques[i])
                continue
            parsed = parse_value(uniques[i])
            if parsed.ok:
                values[i] = np.nan if parsed.value is None else parsed.value
            else:
                errors[i], messages[i] = (
                    "not_a_number",
                    CellMessage(_NOT_A_NUMBER, {"value": repr(cell_text(uniques[i]))}),
                )
    str_idx = np.flatnonzero(is_str)
    texts = pd.Series(np.asarray(uniques, dtype=object)[str_idx], dtype=object).str.strip()
    numeric = pd.to_numeric(texts, errors="coerce").to_numpy(dtype="float64")
    fast = np.isfinite(numeric)
    values[str_idx[fast]] = numeric[fast]
    # Plain decimal commas ("9,5") are the bulk of Dutch files: read them without a loop.
    comma_done = np.zeros(len(texts), dtype=bool)
    comma_seen = False
    if (~fast).any():
        simple = texts.str.fullmatch(r"[-+]?\d+,\d+").fillna(False).to_numpy(dtype=bool) & ~fast
        if simple.any():
            c3 = texts[simple].str.fullmatch(_C3.pattern).to_numpy(dtype=bool)
            done_pos = np.flatnonzero(simple)[~c3]
            if len(done_pos):
                comma_seen = True
                comma_done[done_pos] = True
                as_dots = texts.iloc[done_pos].str.replace(",", ".", regex=False)
                values[str_idx[done_pos]] = pd.to_numeric(as_dots).to_numpy(dtype="float64")

    # Classify the separators of every other cell that is not a plain number.
    kinds: dict[int, tuple[str, str]] = {}  # unique index -> (kind, number part)
    slow = np.flatnonzero(~fast & ~comma_done)
    for pos in slow:
        m = _NUMBER_PART.match(texts.iat[pos])
        if m:
            kinds[int(str_idx[pos])] = (_separator_kind(m.group(1)), m.group(1))
    comma_seen = comma_seen or any(k == "comma" for k, _ in kinds.values())
    dot_seen = any(k == "dot" for k, _ in kinds.values())
    fast_texts = texts[fast]
    d3_fast = np.zeros(0, dtype=int)
    if comma_seen or dot_default is None:
        has_dot = fast_texts.str.contains(".", regex=False).to_numpy(dtype=bool)
        if has_dot.any():
            cand = fast_texts[has_dot]
            is_d3 = cand.str.fullmatch(_D3.pattern).to_numpy(dtype=bool)
            d3_fast = str_idx[np.flatnonzero(fast)[np.flatnonzero(has_dot)[is_d3]]]
            dot_seen = dot_seen or bool(cand[~is_d3].str.match(_DOT_EVIDENCE.pattern).any())
    has_c3 = any(k == "c3" for k, _ in kinds.values())
    if has_c3 and not dot_seen and not comma_seen:
        dot_seen = bool(fast_texts.str.match(_DOT_EVIDENCE.pattern).any())

    decimal: str | None
    if comma_seen and not dot_seen:
        decimal = ","
    elif dot_seen and not comma_seen:
        decimal = "."
    else:
        decimal = None  # no evidence, or conflicting evidence

    def resolve(kind: str, number: str) -> str | None:
        """The number part rewritten without ambiguity, or None when it stays ambiguous."""
        if kind == "c3":
            if decimal == ",":
                return number.replace(",", ".")
            if decimal == ".":
                return number.replace(",", "")
            return None
        if decimal == ",":
            return number.replace(".", "")
        if decimal == "." or (decimal is None and not comma_seen and dot_default == "."):
            return number
        return None

    for i in d3_fast:
        text = str(uniques[i]).strip()
        fixed = resolve("d3", text)
        if fixed is None:
            values[i] = np.nan
            errors[i], messages[i] = "ambiguous_number", _ambiguous_message(text, text)
        else:
            values[i] = float(fixed)
    hint = "." if decimal == "." else None
    for pos in slow:
        at = int(str_idx[pos])
        text = texts.iat[pos]
        kind, number = kinds.get(at, ("none", ""))
        if kind in {"c3", "d3"}:
            fixed = resolve(kind, number)
            if fixed is None:
                errors[at], messages[at] = "ambiguous_number", _ambiguous_message(text, number)
                continue
            text = text.replace(number, fixed, 1)
        parsed = parse_value(text, decimal_hint=hint)
        if not parsed.ok:
            errors[at], messages[at] = _not_a_number(text, parsed)
            continue
        values[at] = np.nan if parsed.value is None else parsed.value
        flags[at] = parsed.flag
    return Cleaned(values[codes], errors[codes], messages[codes], flags[codes])


def flag_key(flag: object) -> str | None:
    """Order-free form of a flag for comparing "bu" with "ub"."""
    if flag is None or (isinstance(flag, float) and np.isnan(flag)):
        return None
    return "".join(sorted(set(str(flag)) & FLAG_CHARS)) or None
