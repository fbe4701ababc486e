"""Numbers, percentages, money and dates per language, through Babel's locale data.

One place for every format the app prints, so a figure reads the same on a page, in the
Semester report and in an import problem: ``1,234.5`` (en), ``1.234,5`` (nl, de),
``1 234,5`` (fr). Rounding is done once, here, the way Python rounds the stored float
(``f"{x:.1f}"``), and Babel only places the separators, so no language rounds differently.
Percentages keep the space before the sign that Eurostat prints ("9.5 %"); a rounded negative
zero never shows its sign.
"""

from __future__ import annotations

import datetime as dt
import decimal
import math

from babel import Locale
from babel.dates import format_date as _babel_date
from babel.dates import format_datetime as _babel_datetime
from babel.numbers import format_currency, format_decimal, get_decimal_symbol, get_group_symbol

from pathways_monitor.core.translation import normalise_lang

MISSING = "–"
DATE_PATTERNS = {"en": "yyyy-MM-dd", "nl": "dd-MM-yyyy", "fr": "dd/MM/yyyy", "de": "dd.MM.yyyy"}
# English CLDR writes "€1,234.50"; the app's house style keeps the space of the other languages.
MONEY_PATTERNS = {"en": "¤ #,##0.00"}
Number = float | int | decimal.Decimal


def is_missing(value: object) -> bool:
    if value is None:
        return True
    return isinstance(value, float) and math.isnan(value)


def _rounded(value: Number, decimals: int) -> decimal.Decimal:
    """``value`` rounded to ``decimals`` as Python prints it, without a negative zero."""
    if isinstance(value, decimal.Decimal):
        exp = decimal.Decimal(1).scaleb(-decimals)
        number = value.quantize(exp, rounding=decimal.ROUND_HALF_UP)
    else:
        number = decimal.Decimal(f"{float(value):.{decimals}f}")
    return number.copy_abs() if number == 0 else number


def format_number(value: Number | None, lang: str | None, decimals: int = 1) -> str:
    """Grouped thousands and exactly ``decimals`` decimals; "–" when missing."""
    if is_missing(value):
        return MISSING
    assert value is not None
    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    return format_decimal(
        _rounded(value, decimals), format=pattern, locale=normalise_lang(lang)
    ).replace("\u202f", "\u00a0")


def format_compact(value: Number, lang: str | None, decimals: int = 2) -> str:
    """Up to ``decimals`` decimals without trailing zeros and without grouping: '0.5', '12'."""
    number = _rounded(value, decimals).normalize()
    number = number.quantize(decimal.Decimal(1)) if number == number.to_integral() else number
    places = max(0, -number.as_tuple().exponent)  # type: ignore[operator]
    pattern = "0" + ("." + "0" * places if places else "")
    return format_decimal(number, format=pattern, locale=normalise_lang(lang))


def format_percent(value: Number | None, lang: str | None, decimals: int = 1) -> str:
    """A value already in percent: '9.5 %', '9,5 %'."""
    if is_missing(value):
        return MISSING
    return f"{format_number(value, lang, decimals)} %"


def format_money(
    value: Number | None, lang: str | None, *, cents: bool | None = True, currency: str = "EUR"
) -> str:
    """An amount in euro: '€ 1,234.50' (en), '€ 1.234,50' (nl), '1 234,50 €' (fr).

    ``cents=None`` shows cents only when the amount has any (tables of whole-euro budgets).
    Amounts are exact: a Decimal is never turned into a float.
    """
    if is_missing(value):
        return MISSING
    assert value is not None
    amount = value if isinstance(value, decimal.Decimal) else decimal.Decimal(str(value))
    amount = _rounded(amount, 2)
    code = normalise_lang(lang)
    with_cents = cents if cents is not None else amount != amount.to_integral()
    pattern = MONEY_PATTERNS.get(code) or Locale.parse(code).currency_formats["standard"].pattern
    if not with_cents:
        amount = amount.quantize(decimal.Decimal(1))
        pattern = pattern.replace(".00", "")
    text = format_currency(amount, currency, format=pattern, locale=code, currency_digits=False)
    return text.replace("\u202f", "\u00a0")


def format_date(value: dt.date | None, lang: str | None) -> str:
    """'2026-12-04' (en), '04-12-2026' (nl), '04/12/2026' (fr), '04.12.2026' (de)."""
    if value is None:
        return MISSING
    code = normalise_lang(lang)
    return _babel_date(value, format=DATE_PATTERNS.get(code, "short"), locale=code)


def format_datetime(value: dt.datetime | None, lang: str | None) -> str:
    """A date as ``format_date`` with hours and minutes: '04-12-2026 09:30'."""
    if value is None:
        return MISSING
    code = normalise_lang(lang)
    pattern = DATE_PATTERNS.get(code)
    return _babel_datetime(value, format=f"{pattern} HH:mm" if pattern else "short", locale=code)


def decimal_sign(lang: str | None) -> str:
    """The language's decimal sign: "." (en), "," (nl, fr, de)."""
    return str(get_decimal_symbol(normalise_lang(lang)))


def with_decimal_sign(text: str, lang: str | None) -> str:
    """A number already printed the Python way ("9.5") with the language's decimal sign."""
    return text.replace(".", decimal_sign(lang))


def chart_separators(lang: str | None) -> str:
    """Plotly's ``separators`` (decimal sign, then thousands sign) for the language."""
    group = str(get_group_symbol(normalise_lang(lang))).replace("\u202f", "\u00a0")
    return decimal_sign(lang) + group
