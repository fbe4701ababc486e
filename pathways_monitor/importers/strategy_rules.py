"""The strategy's row rules, shared by the workbook upload and the country page's in-place edits.

One rule, one message: a milestone's status, its completion date against the status and the
strategy period, euro amounts, years and funding sources are checked by the same functions
whether they come from a spreadsheet cell or from a form field. Each check returns a
``Violation`` (field, stable code, plain-language message, the values the message was built
from) or None; the callers add where it happened (sheet and row, or the form field).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import decimal
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pathways_monitor.core.translation import N_
from pathways_monitor.domain.taxonomy import MILESTONE_STATUS_LABELS, MILESTONE_STATUSES
from pathways_monitor.importers.problems import suggest
from pathways_monitor.importers.values import parse_year

YEAR_MIN, YEAR_MAX = 2000, 2100
CENT = decimal.Decimal("0.01")


@dataclass(frozen=True)
class Violation:
    """One broken rule: which field, a stable code, the message, and its message parameters."""

    field: str
    code: str
    message: str
    value: str | None = None
    params: Mapping[str, Any] = dataclasses.field(default_factory=dict)
    # The message id and the plain-data parameters that fill it (an upload's problem list).
    template: str | None = None
    template_params: Mapping[str, Any] = dataclasses.field(default_factory=dict)


def _violation(
    field_key: str,
    code: str,
    template: str,
    template_params: Mapping[str, Any] | None = None,
    value: str | None = None,
    params: Mapping[str, Any] | None = None,
) -> Violation:
    """A violation whose English message is ``template`` filled with ``template_params``."""
    filled = dict(template_params or {})
    return Violation(
        field_key,
        code,
        template.format(**filled) if filled else template,
        value,
        dict(params or {}),
        template,
        filled,
    )


# --------------------------------------------------------------------------- parsing


def code_key(text: str) -> str:
    """Compare codes ignoring case, spaces and hyphens: 'In progress' -> 'in_progress'."""
    return re.sub(r"[\s\-]+", "_", text.strip().lower())


def status_code(
    text: str, allowed: Sequence[str], labels: Mapping[str, Sequence[str]]
) -> str | None:
    """A status code from a code or any of its English/Dutch labels; None when unknown."""
    key = code_key(text)
    if key in allowed:
        return key
    for code, names in labels.items():
        if any(code_key(n) == key for n in names):
            return code
    return None


def lookup_code(text: str, allowed: Iterable[str], labels: Mapping[str, str]) -> str | None:
    """An upper-case reference code ('ESF+' -> 'ESF_PLUS') or the code of a known name."""
    upper = code_key(text).upper()
    allowed = tuple(allowed)
    if upper in allowed:
        return upper
    plus = upper.replace("+", "_PLUS")
    if plus in allowed:
        return plus
    return labels.get(text.strip().lower())


_DATE_PATTERNS = (
    (re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$"), ("y", "m", "d")),
    (re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$"), ("d", "m", "y")),
    (re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$"), ("y", "m", "d")),
)


def parse_date(raw: object) -> tuple[dt.date | None, bool]:
    """A date from an Excel date, an Excel serial, ISO text or Dutch dd-mm-yyyy text."""
    if raw is None:
        return None, True
    if isinstance(raw, dt.datetime):
        return raw.date(), True
    if isinstance(raw, dt.date):
        return raw, True
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        if 20000 <= raw <= 80000:  # an Excel serial day number (1954-2119)
            return dt.date(1899, 12, 30) + dt.timedelta(days=int(raw)), True
        return None, False
    text = str(raw).strip()
    if not text:
        return None, True
    for pattern, order in _DATE_PATTERNS:
        m = pattern.match(text)
        if m:
            parts = dict(zip(order, (int(g) for g in m.groups()), strict=True))
            try:
                return dt.date(parts["y"], parts["m"], parts["d"]), True
            except ValueError:
                return None, False
    return None, False


_AMOUNT_STRIP = re.compile(r"(€|eur(?:o)?|\s|\u00a0|\u202f|')", re.I)


def parse_amount(raw: object) -> tuple[decimal.Decimal | None, bool]:
    """Euro amount as an exact Decimal: '€ 1.234.567,89', '1,234,567.89', 1234567.89.

    A single separator followed by exactly three digits is read as a thousands separator
    ('1.500' = 1500): euro amounts do not have three decimals.
    """
    if raw is None:
        return None, True
    if isinstance(raw, bool):
        return None, False
    if isinstance(raw, int):
        return decimal.Decimal(raw), True
    if isinstance(raw, float):
        if raw != raw or raw in (float("inf"), float("-inf")):
            return None, False
        return decimal.Decimal(repr(raw)).quantize(CENT), True
    if isinstance(raw, decimal.Decimal):
        return (raw.quantize(CENT), True) if raw.is_finite() else (None, False)
    text = _AMOUNT_STRIP.sub("", str(raw))
    if text in ("", "-", "–"):
        return None, True
    sign = ""
    if text[0] in "+-":
        sign, text = text[0].replace("+", ""), text[1:]
    if not re.fullmatch(r"[\d.,]*\d[\d.,]*", text):
        return None, False
    if "," in text and "." in text:
        dec = "," if text.rfind(",") > text.rfind(".") else "."
        thousands = "." if dec == "," else ","
        text = text.replace(thousands, "").replace(dec, ".")
    else:
        sep = "," if "," in text else "." if "." in text else None
        if sep:
            parts = text.split(sep)
            if len(parts) > 2 or len(parts[-1]) == 3:
                if not all(len(p) == 3 for p in parts[1:]):
                    return None, False
                text = text.replace(sep, "")
            else:
                text = text.replace(sep, ".")
    try:
        return decimal.Decimal(sign + text).quantize(CENT), True
    except decimal.InvalidOperation:
        return None, False


def shown(raw: object) -> str | None:
    """How a raw value is quoted back in a problem (dates as ISO text)."""
    if raw is None:
        return None
    if isinstance(raw, dt.datetime):
        return raw.date().isoformat() if raw.time() == dt.time() else raw.isoformat()
    if isinstance(raw, dt.date):
        return raw.isoformat()
    return str(raw)


# --------------------------------------------------------------------------- single values


def missing(field_key: str, label: str) -> Violation:
    return _violation(
        field_key,
        "missing_value",
        N_("{label} is required."),
        {"label": label},
        None,
        {"label": label},
    )


def bad_date(field_key: str, raw: object) -> Violation:
    return _violation(
        field_key,
        "bad_date",
        N_("Not a date: write yyyy-mm-dd or dd-mm-yyyy, e.g. 2026-03-31."),
        value=shown(raw),
    )


def check_year(field_key: str, raw: object) -> tuple[int | None, Violation | None]:
    """A year between 2000 and 2100 (empty gives ``(None, None)``: the caller decides)."""
    if raw is None or not str(raw).strip():
        return None, None
    year = parse_year(raw)
    if year is None or not YEAR_MIN <= year <= YEAR_MAX:
        return None, _violation(
            field_key,
            "bad_year",
            N_("Not a year between {min} and {max}."),
            {"min": YEAR_MIN, "max": YEAR_MAX},
            shown(raw),
            {"min": YEAR_MIN, "max": YEAR_MAX},
        )
    return year, None


def check_amount(field_key: str, raw: object) -> tuple[decimal.Decimal | None, Violation | None]:
    """A non-negative euro amount, exact to the cent; empty is None."""
    value, ok = parse_amount(raw)
    if not ok:
        return None, _violation(
            field_key,
            "bad_number",
            N_("Not an amount in euro, e.g. 1250000 or 1.250.000,00."),
            value=shown(raw),
        )
    if value is not None and value < 0:
        return None, _violation(
            field_key, "negative_amount", N_("Amounts cannot be negative."), value=shown(raw)
        )
    return value, None


def check_milestone_status(raw: str) -> tuple[str | None, Violation | None]:
    """A milestone status code from a code or an English/Dutch label."""
    status = status_code(raw, MILESTONE_STATUSES, MILESTONE_STATUS_LABELS)
    if status is not None:
        return status, None
    hint = suggest(code_key(raw), MILESTONE_STATUSES)
    allowed = ", ".join(MILESTONE_STATUSES)
    if hint:
        template = N_(
            "Unknown milestone status '{value}'. Allowed: {allowed}. Did you mean '{hint}'?"
        )
    else:
        template = N_("Unknown milestone status '{value}'. Allowed: {allowed}.")
    return None, _violation(
        "status",
        "bad_status",
        template,
        {"value": raw, "allowed": allowed, "hint": hint}
        if hint
        else {"value": raw, "allowed": allowed},
        raw,
        {"value": raw, "allowed": allowed},
    )


def check_funding_source(
    raw: str, allowed: Sequence[str], labels: Mapping[str, str]
) -> tuple[str | None, Violation | None]:
    code = lookup_code(raw, allowed, labels)
    if code is not None:
        return code, None
    hint = suggest(code_key(raw).upper(), tuple(allowed))
    if hint:
        template = N_("Unknown funding source '{value}'. Did you mean '{hint}'?")
        filled = {"value": raw, "hint": hint}
    else:
        template = N_("Unknown funding source '{value}'. Allowed: {allowed}.")
        filled = {"value": raw, "allowed": ", ".join(allowed)}
    return None, _violation(
        "funding_source", "unknown_funding_source", template, filled, raw, {"value": raw}
    )


# --------------------------------------------------------------------------- milestone rows


def completion_matches_status(
    status: str | None, completed_on: dt.date | None, *, date_unreadable: bool = False
) -> Violation | None:
    """Completed needs a date; a date needs the status completed (an unreadable date is
    reported by itself, not again as missing)."""
    if status == "completed" and completed_on is None and not date_unreadable:
        return _violation(
            "completed_on",
            "completed_without_date",
            N_("The milestone is completed: fill in the completion date."),
        )
    if status is not None and status != "completed" and completed_on is not None:
        return _violation(
            "status",
            "bad_status",
            N_(
                "A completion date is filled in but the status is '{status}': set the status to "
                "completed or clear the date."
            ),
            {"status": status},
            params={"status": status},
        )
    return None


def due_before_start(due: dt.date | None, period_start: int | None) -> Violation | None:
    if period_start is None or due is None or due >= dt.date(period_start, 1, 1):
        return None
    return _violation(
        "due_date",
        "milestone_before_strategy_start",
        N_("The due date {date} is before the strategy period starts ({start})."),
        {"date": due.isoformat(), "start": period_start},
        due.isoformat(),
        {"date": due, "start": period_start},
    )


def completion_before_start(
    completed: dt.date | None, period_start: int | None
) -> Violation | None:
    if period_start is None or completed is None or completed >= dt.date(period_start, 1, 1):
        return None
    return _violation(
        "completed_on",
        "completion_before_start",
        N_("The completion date {date} is before the strategy period starts ({start})."),
        {"date": completed.isoformat(), "start": period_start},
        completed.isoformat(),
        {"date": completed, "start": period_start},
    )


def completion_in_future(completed: dt.date | None, today: dt.date) -> Violation | None:
    """A milestone cannot have been completed after today (checked for in-place edits)."""
    if completed is None or completed <= today:
        return None
    return _violation(
        "completed_on",
        "completion_in_future",
        N_("The completion date {date} is in the future (today is {today})."),
        {"date": completed.isoformat(), "today": today.isoformat()},
        completed.isoformat(),
        {"date": completed, "today": today},
    )


def duplicate_milestone(objective: str, code: str, where: str | None = None) -> Violation:
    """``where``: the Excel row of the first one; None when it is already stored."""
    if where is not None:
        template = N_("Milestone '{code}' of objective '{objective}' is already on row {row}.")
        filled = {"code": code, "objective": objective, "row": where}
    else:
        template = N_("Milestone '{code}' of objective '{objective}' already exists.")
        filled = {"code": code, "objective": objective}
    return _violation(
        "code", "duplicate_milestone", template, filled, code, {"objective": objective}
    )


def too_long(field_key: str, label: str, text: str, limit: int) -> Violation | None:
    """Stored text columns have a maximum length (PostgreSQL refuses longer values)."""
    if len(text) <= limit:
        return None
    return _violation(
        field_key,
        "too_long",
        N_("{label} is too long: at most {limit} characters."),
        {"label": label, "limit": limit},
        text[:40],
        {"label": label, "limit": limit},
    )
