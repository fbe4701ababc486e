"""Progress towards a quantified target, by Eurostat's method for the EU SDG monitoring report.

The observed compound annual growth rate over a window is compared with the rate that would have
been needed, from the window's base year, to reach the target in the target year:

    CAGR_o = (y_t / y_0) ** (1 / (t - t0)) - 1
    CAGR_r = (target / y_0) ** (1 / (T - t0)) - 1
    R = CAGR_o / CAGR_r

Window rule: t is the latest year with a value; the nominal base year is t - 5 (short term) or
t - 15 (long term); the base year t0 is the earliest year with a value that is >= the nominal
base year and < t. PISA is triennial, so t - t0 is the real gap (2018 -> 2022 is 4 years).

No class is given ("insufficient_data", calculation not possible) when the series is too short
(t - t0 below ``MIN_SPAN_YEARS``: 3 years short term, 10 long term) or too old (t more than
``MAX_AGE_YEARS`` years before the year of the assessment). "Target achieved" is not one of
Eurostat's ratio classes: it is given when the latest value meets the target, and always comes
with the observed trend (``moving_away`` when that trend runs away from the target).

The same numeric core serves one series (``assess``) and a long frame of many places
(``assess_frame``), so the overview and the detail page can never disagree. See
docs/progress-method.md for the plain-language version shown to users.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any, TypeAlias

import numpy as np
import pandas as pd

from pathways_monitor.core.formatting import with_decimal_sign
from pathways_monitor.core.problems import compose, decimal_part, part
from pathways_monitor.core.translation import N_, N_plural
from pathways_monitor.domain.indicators import (
    DIRECTIONS,
    HIGHER_IS_BETTER,
    LOWER_IS_BETTER,
    PISA_CODES,
    TARGET_YEAR,
)

WINDOW_YEARS: dict[str, int] = {"short": 5, "long": 15}
# Eurostat, EU SDG monitoring report, methodological annex: the short-term assessment needs a
# span of at least 3 years between base and latest year, the long-term one at least 10.
MIN_SPAN_YEARS: dict[str, int] = {"short": 3, "long": 10}
# The staleness limits, one table: a latest value more than this many years before the year of
# the assessment gives no class. ELET is yearly (published about 4 months after the year);
# PISA is run every 3 years and published about a year later (2022 was postponed from 2021).
MAX_AGE_YEARS: dict[str, int] = {"ELET": 4, **dict.fromkeys(PISA_CODES, 6)}
DEFAULT_MAX_AGE_YEARS = 4  # any other indicator is treated as yearly data, like ELET
ON_TRACK_MIN = 0.95
MODERATE_MIN = 0.60

ACHIEVED = "achieved"
ON_TRACK = "on_track"
MODERATE = "moderate"
INSUFFICIENT = "insufficient"
AWAY = "away"
INSUFFICIENT_DATA = "insufficient_data"
PROGRESS_CLASSES: tuple[str, ...] = (
    ACHIEVED,
    ON_TRACK,
    MODERATE,
    INSUFFICIENT,
    AWAY,
    INSUFFICIENT_DATA,
)

# Why a series got "insufficient_data" (``ProgressAssessment.insufficient_reason``).
REASON_NO_DATA = "no_data"
REASON_TOO_SHORT = "too_short"  # one value in the window, or a span below MIN_SPAN_YEARS
REASON_TOO_OLD = "too_old"  # latest value older than MAX_AGE_YEARS
REASON_NOT_COMPUTABLE = "not_computable"  # a value or target of zero or less, or T <= t0
INSUFFICIENT_REASONS: tuple[str, ...] = (
    REASON_NO_DATA,
    REASON_TOO_SHORT,
    REASON_TOO_OLD,
    REASON_NOT_COMPUTABLE,
)
# The words put right after a class label, wherever a label is shown (pages, report, API): the
# one place for them. "{rate}" is the signed observed yearly rate, e.g. "+4.1".
OPERATORS: dict[str, tuple[str, bool]] = {
    # operator -> (direction it belongs to, strict comparison)
    "lt": (LOWER_IS_BETTER, True),
    "le": (LOWER_IS_BETTER, False),
    "gt": (HIGHER_IS_BETTER, True),
    "ge": (HIGHER_IS_BETTER, False),
}
_RATIO_DECIMALS = 9  # rounding before comparing with the thresholds, against float noise

Point = tuple[int, float, str | None]
SeriesLike: TypeAlias = pd.Series | pd.DataFrame | Iterable[Sequence[Any]]


def current_year() -> int:
    """The year assessments are made in when no ``as_of`` is given (today's calendar year)."""
    return dt.date.today().year


def max_age_years(indicator: str | None) -> int:
    """The staleness limit of an indicator (``MAX_AGE_YEARS``, else the yearly default)."""
    return MAX_AGE_YEARS.get(indicator or "", DEFAULT_MAX_AGE_YEARS)


@dataclass(frozen=True)
class ProgressAssessment:
    """One indicator series assessed over one window; None where a figure is undefined."""

    indicator_direction: str
    window: str
    base_year: int | None
    base_value: float | None
    latest_year: int | None
    latest_value: float | None
    latest_flag: str | None
    target_value: float
    target_year: int
    distance_to_target: float | None
    cagr_observed: float | None
    cagr_required: float | None
    ratio: float | None
    progress_class: str
    break_in_window: bool
    explanation_en: str
    explanation_nl: str
    break_years: tuple[int, ...] = ()
    # True when the observed trend runs away from the target (shown next to "target achieved");
    # None when there is no trend to judge.
    moving_away: bool | None = None
    insufficient_reason: str | None = None  # one of INSUFFICIENT_REASONS, for insufficient_data
    min_span_years: int | None = None
    max_age_years: int | None = None
    as_of_year: int | None = None
    # The explanation as a message id with its numbers (``explanation_text`` fills it in any
    # language); explanation_en/_nl are it filled in English and Dutch.
    explanation: Mapping[str, Any] | None = None

    @property
    def trend(self) -> float | None:
        """The observed yearly growth rate (CAGR_o) of the window."""
        return self.cagr_observed

    def label(self, lang: str = "en") -> str:
        """The class label with its qualifier, e.g. 'target achieved, but moving away: +4.1 %/yr'."""
        return qualify_label(
            class_label(self.progress_class, lang), self.progress_class, lang, self
        )

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready mapping (the API's progress route)."""
        out = asdict(self)
        out["break_years"] = list(self.break_years)
        out["trend"] = self.trend
        out["label_en"] = self.label("en")
        out["label_nl"] = self.label("nl")
        return out


# --------------------------------------------------------------------------- inputs


def _clean_flag(flag: Any) -> str | None:
    if flag is None or (isinstance(flag, float) and math.isnan(flag)) or flag is pd.NA:
        return None
    text = str(flag).strip()
    return text or None


def _is_missing(value: Any) -> bool:
    if value is None or value is pd.NA:
        return True
    try:
        return math.isnan(float(value))
    except (TypeError, ValueError):
        return True


def to_points(series: SeriesLike) -> list[Point]:
    """Normalise a series to sorted (year, value, flag) points without missing values.

    Accepts a pandas Series indexed by year, a DataFrame with ``year``, ``value`` and optional
    ``flag`` columns, or an iterable of ``(year, value)`` / ``(year, value, flag)`` tuples. When a
    year occurs twice the last point wins.
    """
    if isinstance(series, pd.DataFrame):
        flags = series["flag"] if "flag" in series.columns else [None] * len(series)
        raw: Iterable[Sequence[Any]] = zip(series["year"], series["value"], flags, strict=True)
    elif isinstance(series, pd.Series):
        raw = ((year, value, None) for year, value in series.items())
    else:
        raw = series
    by_year: dict[int, Point] = {}
    for item in raw:
        year, value = item[0], item[1]
        flag = item[2] if len(item) > 2 else None
        if _is_missing(value) or _is_missing(year):
            continue
        by_year[int(year)] = (int(year), float(value), _clean_flag(flag))
    return [by_year[y] for y in sorted(by_year)]


def has_break(flag: str | None) -> bool:
    """Eurostat marks a break in series with 'b', also inside combinations such as 'bu'."""
    return flag is not None and "b" in flag


def _check(direction: str, window: str, operator: str | None) -> tuple[int, bool]:
    """Validate the options; return (sign of a desirable change, strict comparison)."""
    if direction not in DIRECTIONS:
        raise ValueError(f"direction must be one of {DIRECTIONS}, not {direction!r}")
    if window not in WINDOW_YEARS:
        raise ValueError(f"window must be one of {tuple(WINDOW_YEARS)}, not {window!r}")
    op = operator or ("lt" if direction == LOWER_IS_BETTER else "gt")
    if op not in OPERATORS:
        raise ValueError(f"operator must be one of {tuple(OPERATORS)}, not {op!r}")
    op_direction, strict = OPERATORS[op]
    if op_direction != direction:
        raise ValueError(f"operator {op!r} contradicts direction {direction!r}")
    return (-1 if direction == LOWER_IS_BETTER else 1), strict


# --------------------------------------------------------------------------- numeric core


def _evaluate(
    base_year: np.ndarray,
    base_value: np.ndarray,
    latest_year: np.ndarray,
    latest_value: np.ndarray,
    target: np.ndarray,
    target_year: np.ndarray,
    sign: np.ndarray,
    strict: np.ndarray,
    *,
    min_span: np.ndarray,
    max_age: np.ndarray,
    as_of: np.ndarray,
) -> dict[str, np.ndarray]:
    """Growth rates, ratio, class and reason for arrays of series (NaN where undefined).

    Checked in this order: no data; latest value too old; too short (no base year, or a span
    below ``min_span``); no observed growth rate; target met ("achieved", with the trend);
    no required growth rate; the required rate does not point towards the target (the base
    year met it, or sat exactly on a strict threshold); then Eurostat's ratio classes.
    """
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        has_latest = ~np.isnan(latest_value)
        better = sign * (latest_value - target)  # > 0: better than the target
        met = np.where(strict, better > 0, better >= 0) & has_latest
        span_o = latest_year - base_year
        span_r = target_year - base_year
        ok_o = (base_value > 0) & (latest_value > 0) & (span_o > 0)
        cagr_o = np.where(ok_o, (latest_value / base_value) ** (1.0 / span_o) - 1.0, np.nan)
        ok_r = (base_value > 0) & (target > 0) & (span_r > 0)
        cagr_r = np.where(ok_r, (target / base_value) ** (1.0 / span_r) - 1.0, np.nan)
        required_desirable = sign * cagr_r > 0
        # "+ 0.0" turns a negative zero (0 / negative rate) into 0.0.
        ratio = np.where(required_desirable, cagr_o / cagr_r, np.nan) + 0.0
        too_old = has_latest & (as_of - latest_year > max_age)
        too_short = has_latest & (np.isnan(base_year) | (span_o < min_span))
    observed_undesirable = sign * cagr_o < 0
    reason = np.select(
        [
            ~has_latest,
            too_old,
            too_short,
            np.isnan(cagr_o),
            ~met & np.isnan(cagr_r),
        ],
        [
            REASON_NO_DATA,
            REASON_TOO_OLD,
            REASON_TOO_SHORT,
            REASON_NOT_COMPUTABLE,
            REASON_NOT_COMPUTABLE,
        ],
        default="",
    )
    insufficient = reason != ""
    ratio = np.where(insufficient, np.nan, ratio)  # calculation not possible: no ratio
    r = np.round(ratio, _RATIO_DECIMALS)
    progress_class = np.select(
        [
            insufficient,
            met,
            # The base year met the target (or sat exactly on a strict threshold) and the value
            # has moved away since: no required rate points towards the target, no ratio.
            ~required_desirable & observed_undesirable,
            ~required_desirable,  # stuck exactly at the threshold of a strict target
            r >= ON_TRACK_MIN,
            r >= MODERATE_MIN,
            r >= 0,
        ],
        [INSUFFICIENT_DATA, ACHIEVED, AWAY, INSUFFICIENT, ON_TRACK, MODERATE, INSUFFICIENT],
        default=AWAY,
    )
    moving_away = np.where(insufficient | np.isnan(cagr_o), None, observed_undesirable)  # type: ignore[call-overload]
    return {
        "distance_to_target": latest_value - target,
        "cagr_observed": cagr_o,
        "cagr_required": cagr_r,
        "ratio": ratio,
        "progress_class": progress_class,
        "moving_away": moving_away,
        "insufficient_reason": np.where(insufficient, reason, None),  # type: ignore[call-overload]
    }


# --------------------------------------------------------------------------- wording


def strip_negative_zero(text: str) -> str:
    """'-0.00' -> '0.00', '-0' -> '0' (a rounded negative zero is no sign); others unchanged."""
    if text.startswith("-") and not any(c in "123456789" for c in text):
        return text[1:]
    return text


def format_number(value: float, lang: str = "en", decimals: int = 2) -> str:
    """Up to ``decimals`` decimals without trailing zeros; Dutch uses a decimal comma."""
    text = f"{value:.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    text = strip_negative_zero(text)
    return with_decimal_sign(text, lang)


def _fixed(value: float, decimals: int, lang: str) -> str:
    """Exactly ``decimals`` decimals, never '-0.00'; Dutch uses a decimal comma."""
    text = strip_negative_zero(f"{value:.{decimals}f}")
    return with_decimal_sign(text, lang)


def _rate(rate: float, lang: str) -> str:
    pct = abs(rate) * 100
    text = f"{pct:.1f}" if pct >= 0.1 or pct == 0 else f"{pct:.2f}"
    return with_decimal_sign(text, lang)


def _signed_rate(rate: float, lang: str) -> str:
    """'+4.1' / '-2.0' (the yearly rate in %), no sign when it rounds to zero."""
    text = _rate(rate, lang)
    if not any(c in "123456789" for c in text):
        return text
    return ("+" if rate > 0 else "-") + text


def _value(obj: Any, name: str) -> Any:
    """A field of an assessment, a frame row (Series or named tuple) or a mapping; None if NaN."""
    if obj is None:
        return None
    got = obj.get(name) if isinstance(obj, Mapping) else getattr(obj, name, None)
    if got is None or got is pd.NA:
        return None
    if isinstance(got, float) and math.isnan(got):
        return None
    return got


def label_qualifier(
    progress_class: str,
    lang: str | None,
    *,
    moving_away: bool | None = None,
    trend: float | None = None,
    reason: str | None = None,
) -> str:
    """The words that follow a class label: '', ', but moving away: +4.1 %/yr' (target achieved
    with a trend away from it) or ' – calculation not possible (series too short)'."""
    if progress_class == ACHIEVED and moving_away and trend is not None:
        rate = decimal_part(_signed_rate(trend, "en"))
        return compose(part(_QUALIFIER_MESSAGES["moving_away"], {"rate": rate}), lang)
    if progress_class == INSUFFICIENT_DATA and reason in _QUALIFIER_MESSAGES:
        return compose(part(_QUALIFIER_MESSAGES[str(reason)]), lang)
    return ""


def class_label(progress_class: str, lang: str | None) -> str:
    """The lower-case class label of the explanations ('on track', 'op koers', 'en bonne voie')."""
    return compose(part(_CLASS_MESSAGES[progress_class]), lang)


def qualify_label(label: str, progress_class: str, lang: str | None, detail: Any = None) -> str:
    """``label`` (any label table's text for the class) followed by its qualifier.

    ``detail`` is a ``ProgressAssessment``, a row of ``assess_frame`` or a mapping with
    ``moving_away``, ``cagr_observed`` and ``insufficient_reason``; without it the label is
    returned as it is.
    """
    if detail is None:
        return label
    return label + label_qualifier(
        progress_class,
        lang,
        moving_away=bool(_value(detail, "moving_away")),
        trend=_value(detail, "cagr_observed"),
        reason=_value(detail, "insufficient_reason"),
    )


def explanation_text(message: Mapping[str, Any], lang: str | None) -> str:
    """A status explanation (``ProgressAssessment.explanation``) in ``lang``."""
    return compose(message, lang)


def explained(assessment: Any, lang: str | None) -> str:
    """The explanation of an assessment or of a row of ``assess_frame`` in ``lang``."""
    message = _value(assessment, "explanation")
    if isinstance(message, Mapping):
        return explanation_text(message, lang)
    return str(_value(assessment, "explanation_nl" if lang == "nl" else "explanation_en") or "")


_TARGET_WORDS: dict[tuple[str, bool], str] = {
    (LOWER_IS_BETTER, True): N_("below {target}"),
    (LOWER_IS_BETTER, False): N_("at most {target}"),
    (HIGHER_IS_BETTER, True): N_("above {target}"),
    (HIGHER_IS_BETTER, False): N_("at least {target}"),
}
_CLASS_MESSAGES: dict[str, str] = {
    ACHIEVED: N_("target achieved"),
    ON_TRACK: N_("on track"),
    MODERATE: N_("moderate progress"),
    INSUFFICIENT: N_("insufficient progress"),
    AWAY: N_("moving away from the target"),
    INSUFFICIENT_DATA: N_("not enough data"),
}
_QUALIFIER_MESSAGES: dict[str, str] = {
    "moving_away": N_(", but moving away: {rate} %/yr"),
    REASON_NO_DATA: N_(" – calculation not possible (no data)"),
    REASON_TOO_SHORT: N_(" – calculation not possible (series too short)"),
    REASON_TOO_OLD: N_(" – calculation not possible (series too old)"),
    REASON_NOT_COMPUTABLE: N_(" – calculation not possible (growth rate undefined)"),
}
_YEARS = N_plural("{n} year", "{n} years")
_AT_LEAST = N_plural("at least {n} year", "at least {n} years")


def _years_part(n: int) -> dict[str, Any]:
    return part(_YEARS[0], {"n": n}, plural=_YEARS[1])


def _label_part(
    progress_class: str,
    moving_away: bool | None,
    trend: float | None,
    reason: str | None,
) -> dict[str, Any]:
    """The class label and its qualifier ('target achieved, but moving away: +4.1 %/yr')."""
    qualifier: Any = ""
    if progress_class == ACHIEVED and moving_away and trend is not None:
        qualifier = part(
            _QUALIFIER_MESSAGES["moving_away"],
            {"rate": decimal_part(_signed_rate(trend, "en"))},
        )
    elif progress_class == INSUFFICIENT_DATA and reason in _QUALIFIER_MESSAGES:
        qualifier = part(_QUALIFIER_MESSAGES[str(reason)])
    return part(
        N_("{label}{qualifier}"),
        {"label": part(_CLASS_MESSAGES[progress_class]), "qualifier": qualifier},
    )


def explanation_message(
    *,
    direction: str,
    strict: bool,
    window: str,
    base_year: int | None,
    base_value: float | None,
    latest_year: int | None,
    latest_value: float | None,
    target_value: float,
    target_year: int,
    cagr_observed: float | None,
    cagr_required: float | None,
    ratio: float | None,
    progress_class: str,
    moving_away: bool | None,
    insufficient_reason: str | None,
    min_span_years: int,
    max_age_years: int,
    as_of_year: int,
    break_years: tuple[int, ...],
    unit: str,
) -> dict[str, Any]:
    """Why a series has its status, as a message id with numbers and codes (no prose): the
    pages, the API and the reports fill it in their language (``explanation_text``)."""
    if latest_year is None or latest_value is None:
        return part(N_("No data: progress cannot be assessed."))
    u = f" {unit}" if unit else ""

    def val(x: float) -> dict[str, Any]:
        return decimal_part(format_number(x, "en") + u)

    sign = -1 if direction == LOWER_IS_BETTER else 1
    base_met = base_value is not None and (
        sign * (base_value - target_value) > 0
        if strict
        else sign * (base_value - target_value) >= 0
    )
    phrase = part(
        _TARGET_WORDS[(direction, strict)],
        {"target": decimal_part(format_number(target_value) + u)},
    )
    label = _label_part(progress_class, moving_away, cagr_observed, insufficient_reason)
    common = {
        "label": label,
        "phrase": phrase,
        "latest_year": latest_year,
        "latest": val(latest_value),
        "target_year": target_year,
        "base_year": base_year,
    }
    trend: Any = ""
    if base_year is not None and base_value is not None and cagr_observed is not None:
        rate = decimal_part(_rate(cagr_observed, "en"))
        if cagr_observed < 0:
            move = N_(
                "From {base_year} ({base}) to {latest_year} ({latest}) the value fell by {rate} % a year"
            )
        elif cagr_observed > 0:
            move = N_(
                "From {base_year} ({base}) to {latest_year} ({latest}) the value rose by {rate} % a year"
            )
        else:
            move = N_(
                "From {base_year} ({base}) to {latest_year} ({latest}) the value did not change"
            )
        trend = part(
            move,
            {
                "base_year": base_year,
                "base": val(base_value),
                "latest_year": latest_year,
                "latest": val(latest_value),
                "rate": rate,
            },
        )
    common["trend"] = trend
    if insufficient_reason == REASON_TOO_OLD:
        text = part(
            N_(
                "The latest value ({latest}) is from {latest_year}, more than {age} before "
                "{as_of_year}: {label}."
            ),
            {**common, "age": _years_part(max_age_years), "as_of_year": as_of_year},
        )
    elif base_year is None:
        years = WINDOW_YEARS[window]
        text = part(
            N_(
                "Only one value ({latest_year}) in the {years}-year window ({span}); at least "
                "two are needed to measure progress: {label}."
            ),
            {**common, "years": years, "span": f"{latest_year - years}-{latest_year}"},
        )
    elif insufficient_reason == REASON_TOO_SHORT:
        assert base_value is not None
        if window == "short":
            template = N_(
                "The values from {base_year} ({base}) to {latest_year} ({latest}) span {span}; "
                "the short-term ({years}-year) assessment needs {needed}: {label}."
            )
        else:
            template = N_(
                "The values from {base_year} ({base}) to {latest_year} ({latest}) span {span}; "
                "the long-term ({years}-year) assessment needs {needed}: {label}."
            )
        text = part(
            template,
            {
                **common,
                "base": val(base_value),
                "span": _years_part(latest_year - base_year),
                "years": WINDOW_YEARS[window],
                "needed": part(_AT_LEAST[0], {"n": min_span_years}, plural=_AT_LEAST[1]),
            },
        )
    elif cagr_observed is None:
        text = part(
            N_("A yearly growth rate cannot be computed from a value of zero or less: {label}."),
            common,
        )
    elif progress_class == ACHIEVED:
        text = part(
            N_(
                "{trend}. The latest value ({latest}, {latest_year}) already meets the "
                "{target_year} target ({phrase}): {label}."
            ),
            common,
        )
    elif cagr_required is None:
        text = part(
            N_(
                "{trend}; the growth needed to meet the {target_year} target ({phrase}) cannot "
                "be computed (a target of zero or less, or a target year not after "
                "{base_year}): {label}."
            ),
            common,
        )
    elif ratio is None and base_met:
        text = part(
            N_(
                "{trend}; in {base_year} the value already met the {target_year} target "
                "({phrase}) but now it does not: {label}."
            ),
            common,
        )
    elif ratio is None:
        # The base value sat exactly on a strict threshold: 15.0 is not "below 15 %".
        assert base_value is not None
        at = {"at": val(base_value)}
        if progress_class == AWAY:
            template = N_(
                "{trend}; in {base_year} the value ({at}) was exactly at the threshold, not "
                "{phrase}, and it has moved away from the {target_year} target since: {label}."
            )
        else:
            template = N_(
                "{trend}; it stays exactly at the threshold ({at}), not {phrase}, so the "
                "{target_year} target is not met: {label}."
            )
        text = part(template, {**common, **at})
    else:
        if cagr_required < 0:
            template = N_(
                "{trend}; to meet the {target_year} target ({phrase}) it needed to fall by "
                "{need} % a year: ratio {ratio}, {label}."
            )
        else:
            template = N_(
                "{trend}; to meet the {target_year} target ({phrase}) it needed to rise by "
                "{need} % a year: ratio {ratio}, {label}."
            )
        text = part(
            template,
            {
                **common,
                "need": decimal_part(_rate(cagr_required, "en")),
                "ratio": decimal_part(_fixed(ratio, 2, "en")),
            },
        )
    if break_years and progress_class != INSUFFICIENT_DATA:
        note = part(
            N_(
                "Note: break in series in {years} (flag b); values before and after it are "
                "not fully comparable."
            ),
            {"years": ", ".join(str(y) for y in break_years)},
        )
        return part(N_("{text} {note}"), {"text": text, "note": note})
    return text


def _opt(x: Any) -> float | None:
    return None if x is None or (isinstance(x, float) and math.isnan(x)) else float(x)


def _opt_bool(x: Any) -> bool | None:
    return None if x is None or x is pd.NA else bool(x)


# --------------------------------------------------------------------------- one series


def _indicator_of(series: SeriesLike) -> str | None:
    """The indicator code of a frame with one ``indicator`` value, else None."""
    if isinstance(series, pd.DataFrame) and "indicator" in series.columns:
        codes = series["indicator"].dropna().unique()
        if len(codes) == 1:
            return str(codes[0])
    return None


def assess(
    series: SeriesLike,
    target: float,
    target_year: int = TARGET_YEAR,
    direction: str = LOWER_IS_BETTER,
    window: str = "short",
    *,
    operator: str | None = None,
    unit: str = "%",
    indicator: str | None = None,
    as_of: int | None = None,
    max_age: int | None = None,
) -> ProgressAssessment:
    """Assess one series against its target over the short (5-year) or long (15-year) window.

    ``operator`` says when the target is met: "lt" (strictly below, the default for
    lower-is-better, as in "below 9 %"), "le", "gt" (default for higher-is-better) or "ge".
    ``as_of`` is the year of the assessment (default: this year); the latest value may be at
    most ``max_age`` years older (default: ``MAX_AGE_YEARS`` of ``indicator``, which is read
    from a frame's ``indicator`` column when not given).
    """
    sign, strict = _check(direction, window, operator)
    year_now = current_year() if as_of is None else int(as_of)
    age_limit = (
        max_age if max_age is not None else max_age_years(indicator or _indicator_of(series))
    )
    points = to_points(series)
    base: Point | None = None
    latest: Point | None = points[-1] if points else None
    break_years: tuple[int, ...] = ()
    if latest is not None:
        nominal = latest[0] - WINDOW_YEARS[window]
        in_window = [p for p in points if nominal <= p[0] < latest[0]]
        base = in_window[0] if in_window else None
        if base is not None:
            break_years = tuple(p[0] for p in points if p[0] > base[0] and has_break(p[2]))
    nan = np.nan
    core = _evaluate(
        np.array([base[0] if base else nan], dtype=float),
        np.array([base[1] if base else nan], dtype=float),
        np.array([latest[0] if latest else nan], dtype=float),
        np.array([latest[1] if latest else nan], dtype=float),
        np.array([target], dtype=float),
        np.array([target_year], dtype=float),
        np.array([sign]),
        np.array([strict]),
        min_span=np.array([MIN_SPAN_YEARS[window]], dtype=float),
        max_age=np.array([age_limit], dtype=float),
        as_of=np.array([year_now], dtype=float),
    )
    reason = core["insufficient_reason"][0]
    fields: dict[str, Any] = {
        "base_year": base[0] if base else None,
        "base_value": base[1] if base else None,
        "latest_year": latest[0] if latest else None,
        "latest_value": latest[1] if latest else None,
        "target_value": float(target),
        "target_year": int(target_year),
        "cagr_observed": _opt(float(core["cagr_observed"][0])),
        "cagr_required": _opt(float(core["cagr_required"][0])),
        "ratio": _opt(float(core["ratio"][0])),
        "progress_class": str(core["progress_class"][0]),
        "moving_away": _opt_bool(core["moving_away"][0]),
        "insufficient_reason": None if reason is None else str(reason),
        "min_span_years": MIN_SPAN_YEARS[window],
        "max_age_years": int(age_limit),
        "as_of_year": year_now,
    }
    message = explanation_message(
        direction=direction,
        strict=strict,
        window=window,
        break_years=break_years,
        unit=unit,
        **fields,
    )
    en, nl = compose(message, "en"), compose(message, "nl")
    return ProgressAssessment(
        indicator_direction=direction,
        window=window,
        latest_flag=latest[2] if latest else None,
        distance_to_target=_opt(float(core["distance_to_target"][0])),
        break_in_window=bool(break_years),
        explanation_en=en,
        explanation_nl=nl,
        break_years=break_years,
        explanation=message,
        **fields,
    )


def assess_both(
    series: SeriesLike,
    target: float,
    target_year: int = TARGET_YEAR,
    direction: str = LOWER_IS_BETTER,
    *,
    operator: str | None = None,
    unit: str = "%",
    indicator: str | None = None,
    as_of: int | None = None,
    max_age: int | None = None,
) -> dict[str, ProgressAssessment]:
    """Short- and long-term assessments of the same series, keyed "short" and "long"."""
    code = indicator or _indicator_of(series)
    points = to_points(series)
    return {
        w: assess(
            points,
            target,
            target_year,
            direction,
            w,
            operator=operator,
            unit=unit,
            indicator=code,
            as_of=as_of,
            max_age=max_age,
        )
        for w in WINDOW_YEARS
    }


# --------------------------------------------------------------------------- many series

FRAME_COLUMNS: tuple[str, ...] = (
    "indicator_direction",
    "window",
    "base_year",
    "base_value",
    "latest_year",
    "latest_value",
    "latest_flag",
    "target_value",
    "target_year",
    "distance_to_target",
    "cagr_observed",
    "cagr_required",
    "ratio",
    "progress_class",
    "break_in_window",
    "break_years",
    "explanation_en",
    "explanation_nl",
    "moving_away",
    "insufficient_reason",
    "min_span_years",
    "max_age_years",
    "as_of_year",
    "explanation",
)


def assess_frame(
    df: pd.DataFrame,
    targets: Mapping[str, float | None],
    direction_by_indicator: Mapping[str, str],
    window: str = "short",
    *,
    target_year: int = TARGET_YEAR,
    operators: Mapping[str, str] | None = None,
    units: Mapping[str, str] | None = None,
    keys: Sequence[str] = ("indicator", "geo"),
    as_of: int | None = None,
) -> pd.DataFrame:
    """One assessment row per (indicator, geo) of a long observation frame.

    ``df`` has the columns ``indicator``, ``geo``, ``year``, ``value`` and optionally ``flag``
    (pass extra ``keys``, e.g. a breakdown column, to keep groups apart). Indicators without a
    target (missing or None in ``targets``) are left out. The figures equal those of ``assess``
    on each group (staleness by each row's indicator, as of ``as_of``, default this year); only
    the window selection is done with pandas instead of a loop.
    """
    keys = list(keys)
    if "indicator" not in keys:
        raise ValueError("keys must include 'indicator'")
    if window not in WINDOW_YEARS:
        raise ValueError(f"window must be one of {tuple(WINDOW_YEARS)}, not {window!r}")
    years_back = WINDOW_YEARS[window]
    year_now = current_year() if as_of is None else int(as_of)
    with_target = {k for k, v in targets.items() if v is not None and not _is_missing(v)}
    cols = [*keys, "year", "value", *(["flag"] if "flag" in df.columns else [])]
    data = df.loc[df["value"].notna() & df["indicator"].isin(with_target), cols].copy()
    data["flag"] = data["flag"].map(_clean_flag) if "flag" in data.columns else None
    if data.empty:
        return pd.DataFrame(columns=[*keys, *FRAME_COLUMNS])
    data["year"] = data["year"].astype("int64")
    data["value"] = data["value"].astype("float64")
    data = data.sort_values([*keys, "year"], kind="stable")
    data = data.drop_duplicates([*keys, "year"], keep="last")

    latest_year = data.groupby(keys, sort=False)["year"].transform("max")
    is_latest = data["year"] == latest_year
    in_window = (data["year"] >= latest_year - years_back) & ~is_latest
    latest = data.loc[is_latest, [*keys, "year", "value", "flag"]].rename(
        columns={"year": "latest_year", "value": "latest_value", "flag": "latest_flag"}
    )
    base = (
        data.loc[in_window, [*keys, "year", "value"]]
        .drop_duplicates(keys, keep="first")
        .rename(columns={"year": "base_year", "value": "base_value"})
    )
    out = latest.merge(base, on=keys, how="left")

    break_flag = data["flag"].fillna("").astype(str).str.contains("b", regex=False)
    flagged = data.loc[(in_window | is_latest) & break_flag]
    flagged = flagged.merge(base[[*keys, "base_year"]], on=keys, how="inner")
    flagged = flagged[flagged["year"] > flagged["base_year"]]
    breaks = flagged.groupby(keys, sort=False)["year"].agg(lambda s: tuple(int(y) for y in s))
    out = out.merge(breaks.rename("break_years").reset_index(), on=keys, how="left")
    out["break_years"] = [b if isinstance(b, tuple) else () for b in out["break_years"]]

    missing = sorted(set(out["indicator"]) - set(direction_by_indicator))
    if missing:
        raise ValueError(f"no direction for indicator(s) {missing}")
    out["indicator_direction"] = out["indicator"].map(direction_by_indicator)
    checks = {
        ind: _check(direction_by_indicator[ind], window, (operators or {}).get(ind))
        for ind in out["indicator"].unique()
    }
    sign = out["indicator"].map(lambda i: checks[i][0]).to_numpy()
    strict = out["indicator"].map(lambda i: checks[i][1]).to_numpy(dtype=bool)
    out["target_value"] = out["indicator"].map(targets).astype("float64")
    out["target_year"] = int(target_year)
    out["window"] = window
    out["min_span_years"] = MIN_SPAN_YEARS[window]
    out["max_age_years"] = out["indicator"].map(max_age_years).astype("int64")
    out["as_of_year"] = year_now
    core = _evaluate(
        out["base_year"].to_numpy(dtype=float),
        out["base_value"].to_numpy(dtype=float),
        out["latest_year"].to_numpy(dtype=float),
        out["latest_value"].to_numpy(dtype=float),
        out["target_value"].to_numpy(dtype=float),
        np.full(len(out), float(target_year)),
        sign,
        strict,
        min_span=out["min_span_years"].to_numpy(dtype=float),
        max_age=out["max_age_years"].to_numpy(dtype=float),
        as_of=np.full(len(out), float(year_now)),
    )
    for name, values in core.items():
        # object dtype keeps None as None (pandas would make a string column with NaN)
        is_object = values.dtype == object
        out[name] = pd.Series(values, index=out.index, dtype=object) if is_object else values
    out["base_year"] = out["base_year"].astype("Int64")
    out["break_in_window"] = out["break_years"].map(bool)

    messages = [
        explanation_message(
            direction=row.indicator_direction,
            strict=checks[row.indicator][1],
            window=window,
            base_year=None if pd.isna(row.base_year) else int(row.base_year),
            base_value=_opt(row.base_value),
            latest_year=int(row.latest_year),
            latest_value=float(row.latest_value),
            target_value=float(row.target_value),
            target_year=int(target_year),
            cagr_observed=_opt(row.cagr_observed),
            cagr_required=_opt(row.cagr_required),
            ratio=_opt(row.ratio),
            progress_class=row.progress_class,
            moving_away=_opt_bool(row.moving_away),
            insufficient_reason=row.insufficient_reason,
            min_span_years=int(row.min_span_years),
            max_age_years=int(row.max_age_years),
            as_of_year=year_now,
            break_years=row.break_years,
            unit=(units or {}).get(row.indicator, "%"),
        )
        for row in out.itertuples(index=False)
    ]
    out["explanation_en"] = [compose(m, "en") for m in messages]
    out["explanation_nl"] = [compose(m, "nl") for m in messages]
    out["explanation"] = messages
    return out[[*keys, *FRAME_COLUMNS]].reset_index(drop=True)
