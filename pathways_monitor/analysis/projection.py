"""A 2030 projection of an indicator with an uncertainty band and a chance of reaching a target.

Model (docs/progress-method.md, "Projection and its calibration"):

- **Scale.** A share (unit "%") is modelled on the logit scale, z = ln(p / (100 - p)), so the
  central value and both ends of every band stay strictly between 0 and 100 %. Any other unit
  is modelled on the log scale (it stays above zero).
- **Window.** The values from the latest break in series (a flag containing ``b``; the break
  year itself starts the new segment) up to the latest year, and never more than the last
  ``LONG_WINDOW_YEARS`` (15, the long-term window of the progress status).
- **Trend and errors.** z = a + b * year + u, fitted by generalised least squares with AR(1)
  errors, corr(u_i, u_j) = rho ** |year_i - year_j| (Prais-Winsten for yearly data; the power of
  the real gap for PISA's irregular years). rho is not estimated per series (4-5 values cannot
  do that): it is ``AR1_RHO``, pooled over every break-free ELET segment and corrected for its
  small-sample bias (``analysis.backtest.estimate_rho``).
- **Prediction.** The best linear unbiased predictor of the value in a future year (it starts
  from the latest value and bends towards the trend) and its variance

      s^2 * (1 - r0' R^-1 r0 + d' (X' R^-1 X)^-1 d),   d = x0 - X' R^-1 r0,

  with s^2 = u' R^-1 u / (n - 2). Bands are Student t with n - 2 degrees of freedom, widened by
  ``BAND_SCALE`` (fitted by maximum likelihood on the backtest of the real ELET and PISA
  series, ``analysis.backtest``), and back-transformed.
- **Refusal.** With fewer than ``MIN_POINTS`` values in the window (or a value the scale cannot
  take) there is no band, no central line and no chance: only the observed trend, the trend
  needed to reach the target, and the reason.

The chance is reported in calibrated words (IPCC likelihood scale, ``LIKELIHOOD_SCALE``), the
number only inside the explanation. It describes the uncertainty of a continued trend only: it
is not a forecast of policy effects. numpy and the standard library only (no scipy).
"""

from __future__ import annotations

import itertools
import math
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import numpy as np

from pathways_monitor.analysis.progress import (
    WINDOW_YEARS,
    SeriesLike,
    format_number,
    has_break,
    to_points,
)
from pathways_monitor.core.problems import compose, decimal_part, joined, part
from pathways_monitor.core.translation import N_, SOURCE_LANG, N_plural, gettext
from pathways_monitor.domain.indicators import DIRECTIONS, LOWER_IS_BETTER, PISA_CODES, TARGET_YEAR

LONG_WINDOW_YEARS = WINDOW_YEARS["long"]  # 15: the fit never reaches further back
# A band and a chance need at least 4 values in the window: the residual scatter then has 2
# degrees of freedom (with 3 it has 1, Student t(1) is a Cauchy distribution with no mean and a
# 95 % factor of 12.7, which gave the 64,319 % bands of the old model).
MIN_POINTS = 4
LEVELS: tuple[float, float] = (0.80, 0.95)
# First-order autocorrelation of the deviations from the trend, per year (logit scale). The
# pooled lag-1 autocorrelation of OLS residuals in the 61 break-free ELET segments of 6+
# consecutive years is -0.13; a trend fitted to 6-12 values biases it far down, and simulation
# puts the true value at 0.27, used rounded to one decimal (analysis.backtest.estimate_rho;
# tests/test_backtest.py recomputes it).
AR1_RHO = 0.3
CADENCE_ANNUAL = "annual"  # one value a year (ELET)
CADENCE_SURVEY = "survey"  # a value every 2+ years (PISA: 3-4)
# Widening of the t bands so that they hold the later value as often as they claim: maximum
# likelihood scale of the standardised backtest errors (ELET 5 years ahead; PISA the next round,
# 3-5 years on). Recomputed by tests/test_backtest.py, written in docs/progress-method.md.
BAND_SCALE: dict[str, float] = {CADENCE_ANNUAL: 2.33, CADENCE_SURVEY: 1.73}

TRANSFORM_LOGIT = "logit"
TRANSFORM_LOG = "log"
# The model's name per scale, a message id (``model_name`` shows it in a language).
MODEL_NAMES: dict[str, str] = {
    TRANSFORM_LOGIT: N_("logit-linear trend with AR(1) errors (GLS)"),
    TRANSFORM_LOG: N_("log-linear trend with AR(1) errors (GLS)"),
}

# Why there is no projection (``Projection.reason``).
REASON_NO_DATA = "no_data"
REASON_TOO_FEW = "too_few_points"
REASON_OUT_OF_RANGE = "out_of_range"  # 0 % or 100 % (logit), zero or less (log)

# Why the window starts where it does (``Projection.window_rule``).
WINDOW_BREAK = "break"  # at the latest break in series
WINDOW_LONG = "long_window"  # LONG_WINDOW_YEARS before the latest year
WINDOW_ALL = "all"  # the series starts later than both

# IPCC AR5/AR6 calibrated likelihood language. Each term holds from its lower bound
# (inclusive) up to the next term's: 0.99 is "virtually certain", 0.9899 "very likely".
# The English term is the message id shown (``likelihood_label``, in any language through the
# catalogs); the Dutch column is the nl catalog's wording, kept for readers of this table.
LIKELIHOOD_SCALE: tuple[tuple[float, str, str, str, str], ...] = (
    # lower bound, key, English (message id), Dutch, range shown in the explanation
    (0.99, "virtually_certain", N_("virtually certain"), "vrijwel zeker", "99-100 %"),
    (0.90, "very_likely", N_("very likely"), "zeer waarschijnlijk", "90-99 %"),
    (0.66, "likely", N_("likely"), "waarschijnlijk", "66-90 %"),
    (
        0.33,
        "about_as_likely_as_not",
        N_("about as likely as not"),
        "ongeveer even waarschijnlijk als niet",
        "33-66 %",
    ),
    (0.10, "unlikely", N_("unlikely"), "onwaarschijnlijk", "10-33 %"),
    (0.01, "very_unlikely", N_("very unlikely"), "zeer onwaarschijnlijk", "1-10 %"),
    (
        0.0,
        "exceptionally_unlikely",
        N_("exceptionally unlikely"),
        "uitzonderlijk onwaarschijnlijk",
        "0-1 %",
    ),
)


def _likelihood_row(probability: float) -> tuple[float, str, str, str, str]:
    for row in LIKELIHOOD_SCALE:
        if probability >= row[0]:
            return row
    return LIKELIHOOD_SCALE[-1]


def likelihood(probability: float) -> str:
    """The calibrated term's key: ``likelihood(0.97) == "very_likely"``."""
    return _likelihood_row(probability)[1]


def likelihood_label(probability: float, lang: str | None = "en") -> str:
    """The calibrated term in words, in ``lang``: "very likely" / "zeer waarschijnlijk"."""
    return gettext(_likelihood_row(probability)[2], lang)


def likelihood_range(probability: float) -> str:
    """The range the calibrated term stands for: ``likelihood_range(0.7) == "66-90 %"``."""
    return _likelihood_row(probability)[4]


# --------------------------------------------------------------------------- Student t


def _t_cdf_exact(t: float, df: int) -> float:
    """Student t CDF for integer df (Abramowitz & Stegun 26.7.3-4), no scipy needed."""
    if math.isinf(t):
        return 1.0 if t > 0 else 0.0
    theta = math.atan(abs(t) / math.sqrt(df))
    s, c = math.sin(theta), math.cos(theta)
    if df % 2 == 1:
        total, term = 0.0, c
        if df > 1:
            total = term
            for k in range(3, df - 1, 2):
                term *= c * c * (k - 1) / k
                total += term
        a = 2 / math.pi * (theta + s * total)
    else:
        total, term = 1.0, 1.0
        for k in range(2, df - 1, 2):
            term *= c * c * (k - 1) / k
            total += term
        a = s * total
    return 0.5 + math.copysign(a, t) / 2


def _t_ppf_exact(q: float, df: int) -> float:
    """Inverse of ``_t_cdf_exact`` by bisection (monotone, so this always converges)."""
    if q == 0.5:
        return 0.0
    lo, hi = -1.0, 1.0
    while _t_cdf_exact(lo, df) > q:
        lo *= 2
    while _t_cdf_exact(hi, df) < q:
        hi *= 2
    for _ in range(200):
        mid = (lo + hi) / 2
        if _t_cdf_exact(mid, df) < q:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def t_logpdf(x: float, df: int) -> float:
    """Log density of Student t (used by the backtest's likelihood)."""
    return (
        math.lgamma((df + 1) / 2)
        - math.lgamma(df / 2)
        - 0.5 * math.log(df * math.pi)
        - (df + 1) / 2 * math.log1p(x * x / df)
    )


# The exact forms everywhere, so that every machine gives the same figures.
t_cdf = _t_cdf_exact
_PPF_CACHE: dict[tuple[float, int], float] = {}


def t_ppf(q: float, df: int) -> float:
    key = (q, df)
    if key not in _PPF_CACHE:
        _PPF_CACHE[key] = _t_ppf_exact(q, df)
    return _PPF_CACHE[key]


# --------------------------------------------------------------------------- scales


def to_scale(value: float, transform: str) -> float:
    """Logit (shares in %) or log; the value must be inside the scale's range."""
    if transform == TRANSFORM_LOGIT:
        return math.log(value / (100.0 - value))
    return math.log(value)


def from_scale(z: float, transform: str) -> float:
    """Back-transform; never overflows, a share stays within [0, 100]."""
    if transform == TRANSFORM_LOGIT:
        if z >= 0:
            return 100.0 / (1.0 + math.exp(-z))
        e = math.exp(z)
        return 100.0 * e / (1.0 + e)
    return math.exp(min(z, 700.0))


def _in_range(value: float, transform: str) -> bool:
    return 0.0 < value < 100.0 if transform == TRANSFORM_LOGIT else value > 0.0


# --------------------------------------------------------------------------- the fit


@dataclass(frozen=True)
class TrendFit:
    """GLS fit of z = a + b * (year - mean year) + AR(1) errors, on the transformed scale."""

    years: tuple[float, ...]
    z: tuple[float, ...]
    rho: float
    mean_year: float
    intercept: float  # at the mean year
    slope: float  # per year, transformed scale
    s2: float  # u' R^-1 u / (n - 2)
    df: int
    _r_inv: np.ndarray = field(repr=False, compare=False)
    _cov: np.ndarray = field(repr=False, compare=False)  # (X' R^-1 X)^-1
    _r_inv_resid: np.ndarray = field(repr=False, compare=False)

    @property
    def residual_se(self) -> float:
        return math.sqrt(self.s2)

    def predict(self, year: float) -> tuple[float, float]:
        """(best linear unbiased prediction, its standard error) for ``year``."""
        x = np.asarray(self.years)
        r0 = np.power(self.rho, np.abs(year - x)) if self.rho > 0 else (x == year).astype(float)
        x0 = np.array([1.0, year - self.mean_year])
        design = np.column_stack([np.ones_like(x), x - self.mean_year])
        w = self._r_inv @ r0
        z_hat = float(x0 @ np.array([self.intercept, self.slope]) + r0 @ self._r_inv_resid)
        d = x0 - design.T @ w
        var = self.s2 * (1.0 - float(r0 @ w) + float(d @ self._cov @ d))
        return z_hat, math.sqrt(max(var, 0.0))


def fit_trend(years: Sequence[float], z: Sequence[float], rho: float = AR1_RHO) -> TrendFit:
    """Generalised least squares with corr(u_i, u_j) = rho ** |year_i - year_j| (n >= 3)."""
    x = np.asarray(years, dtype=float)
    y = np.asarray(z, dtype=float)
    n = len(x)
    if n < 3:
        raise ValueError("a trend with a residual scatter needs at least 3 values")
    mean_year = float(x.mean())
    design = np.column_stack([np.ones(n), x - mean_year])
    corr = np.power(rho, np.abs(x[:, None] - x[None, :])) if rho > 0 else np.eye(n)
    r_inv = np.linalg.inv(corr)
    cov = np.linalg.inv(design.T @ r_inv @ design)
    beta = cov @ design.T @ r_inv @ y
    resid = y - design @ beta
    s2 = float(resid @ r_inv @ resid) / (n - 2)
    return TrendFit(
        years=tuple(float(v) for v in x),
        z=tuple(float(v) for v in y),
        rho=rho,
        mean_year=mean_year,
        intercept=float(beta[0]),
        slope=float(beta[1]),
        s2=max(s2, 0.0),
        df=n - 2,
        _r_inv=r_inv,
        _cov=cov,
        _r_inv_resid=r_inv @ resid,
    )


# --------------------------------------------------------------------------- window


Point = tuple[int, float, str | None]


def cadence_of(points: Sequence[Point]) -> str:
    """'survey' when the median gap between values is 2 years or more (PISA), else 'annual'."""
    gaps = [b[0] - a[0] for a, b in itertools.pairwise(points)]
    return CADENCE_SURVEY if gaps and statistics.median(gaps) >= 2 else CADENCE_ANNUAL


def select_window(
    points: Sequence[Point], max_window_years: int = LONG_WINDOW_YEARS
) -> tuple[list[Point], str, int | None, tuple[int, ...]]:
    """(points used, window rule, break year the window starts at, breaks in the long window).

    The window runs from the latest break in series (its year included) or else from
    latest - ``max_window_years``, whichever is later, to the latest year.
    """
    if not points:
        return [], WINDOW_ALL, None, ()
    latest = points[-1][0]
    recent = [p for p in points if p[0] >= latest - max_window_years]
    breaks = tuple(p[0] for p in recent if has_break(p[2]))
    if breaks:
        return [p for p in recent if p[0] >= breaks[-1]], WINDOW_BREAK, breaks[-1], breaks
    rule = WINDOW_LONG if points[0][0] < latest - max_window_years else WINDOW_ALL
    return recent, rule, None, ()


# --------------------------------------------------------------------------- result


@dataclass(frozen=True)
class ProjectionPoint:
    """Central value and prediction intervals for one year (observed years: the value itself)."""

    year: int
    central: float
    low80: float
    high80: float
    low95: float
    high95: float
    is_projection: bool  # True after the latest observed year


@dataclass(frozen=True)
class Projection:
    """A trend projection to the target year, or a refusal (``insufficient_data``) with a reason.

    A refusal has no points (no band, no central line) and no probability; it still carries the
    window, the observed trend and the trend needed to reach the target.
    """

    insufficient_data: bool  # True: refused, see ``reason``
    direction: str
    target_value: float | None
    target_year: int
    fit_start: int | None  # first year of the window
    fit_end: int | None  # last year of the window (the latest value)
    n_points: int  # values in the window
    model: str  # MODEL_NAMES key: "logit" (shares) or "log"
    cadence: str
    window_rule: str
    break_year: int | None  # the break in series the window starts at
    break_years: tuple[int, ...]  # breaks in the last LONG_WINDOW_YEARS (the latest starts it)
    rho: float
    band_scale: float
    df: int | None
    slope: float | None  # trend per year on the model's scale
    residual_se: float | None  # on the model's scale
    observed_trend: float | None  # units a year, first to last value of the window
    required_trend: float | None  # units a year, latest value to the target in the target year
    points: tuple[ProjectionPoint, ...]
    probability_meets_target: float | None
    likelihood: str | None  # LIKELIHOOD_SCALE key of the probability
    reason: str | None  # REASON_* code of a refusal, None when projected
    # What fills the reason's message (``reason_message``): the window, its count of values,
    # the cadence and scale, the indicator. Plain data, no words.
    reason_params: Mapping[str, Any] = field(hash=False)
    # The method description as message ids with their parts and numbers (no prose):
    # ``method_text`` (or ``render``) fills it in any language.
    method: Mapping[str, Any] = field(hash=False)
    fit: TrendFit | None = field(default=None, repr=False, compare=False)

    @property
    def refused(self) -> bool:
        return self.insufficient_data

    def reason_in(self, lang: str | None) -> str | None:
        """Why there is no projection, in ``lang`` (``reason_text``); None when projected."""
        return reason_text(self, lang)

    def method_in(self, lang: str | None) -> str:
        """The method description in ``lang`` (``method_text``)."""
        return method_text(self, lang)

    # The texts in English and Dutch, rendered from the message ids through the catalogs (for
    # callers written before the messages; any language: ``reason_in``/``method_in``).
    @property
    def reason_en(self) -> str | None:
        return reason_text(self, "en")

    @property
    def reason_nl(self) -> str | None:
        return reason_text(self, "nl")

    @property
    def method_en(self) -> str:
        return method_text(self, "en")

    @property
    def method_nl(self) -> str:
        return method_text(self, "nl")

    @property
    def model_name_en(self) -> str:
        return model_name(self.model, "en")

    @property
    def model_name_nl(self) -> str:
        return model_name(self.model, "nl")

    @property
    def at_target_year(self) -> ProjectionPoint | None:
        return self.points[-1] if self.points else None

    def chance_label(self, lang: str | None = "en") -> str | None:
        """The calibrated words for the probability ("very unlikely"), None when refused."""
        if self.probability_meets_target is None:
            return None
        return likelihood_label(self.probability_meets_target, lang)

    def predictive(self, year: int) -> tuple[float, float, int] | None:
        """(centre, standard error before widening, df) on the model's scale; None if refused."""
        if self.fit is None:
            return None
        z, se = self.fit.predict(year)
        return z, se, self.fit.df


# --------------------------------------------------------------------------- wording
# Every sentence is a message id with its numbers and codes as parameters (issue 12): the
# projection keeps the message, ``render`` fills it in the reader's language with its decimal
# sign. Numbers are written once, in English, and marked as decimals (``decimal_part``).

_MORE_THAN_99 = N_("more than 99 %")
_LESS_THAN_1 = N_("less than 1 %")
_PER_YEAR_POINTS = N_("{number} percentage points a year")
_PER_YEAR_UNIT = N_("{number} {unit} a year")
_PER_YEAR = N_("{number} a year")
_THIS_INDICATOR = N_("this indicator")
_NO_VALUES = N_("there are no values")
_OUT_OF_RANGE: dict[str, str] = {
    TRANSFORM_LOGIT: N_(
        "a value of 0 % or 100 % in {start}-{end} cannot be put on the logit scale"
    ),
    TRANSFORM_LOG: N_(
        "a value of zero or less in {start}-{end} cannot be put on the logarithmic scale"
    ),
}
# Too few values, by (cadence, window starts at a break); the plural form follows {n}.
_TOO_FEW: dict[tuple[str, bool], tuple[str, str]] = {
    (CADENCE_SURVEY, True): N_plural(
        "{name} is measured every {gap} years; {n} result since the {break_year} break in "
        "series is too few for a projection (at least {minimum} are needed)",
        "{name} is measured every {gap} years; {n} results since the {break_year} break in "
        "series are too few for a projection (at least {minimum} are needed)",
    ),
    (CADENCE_SURVEY, False): N_plural(
        "{name} is measured every {gap} years; {n} result in the last {years} years is too "
        "few for a projection (at least {minimum} are needed)",
        "{name} is measured every {gap} years; {n} results in the last {years} years are too "
        "few for a projection (at least {minimum} are needed)",
    ),
    (CADENCE_ANNUAL, True): N_plural(
        "{n} value since the latest break in series ({break_year}, flag b) is too few for a "
        "projection (at least {minimum} are needed)",
        "{n} values since the latest break in series ({break_year}, flag b) are too few for a "
        "projection (at least {minimum} are needed)",
    ),
    (CADENCE_ANNUAL, False): N_plural(
        "{n} value in the last {years} years is too few for a projection (at least {minimum} "
        "are needed)",
        "{n} values in the last {years} years are too few for a projection (at least "
        "{minimum} are needed)",
    ),
}
_REFUSED = N_("No projection, no band and no chance: {reason}.")
_OBSERVED = N_("Observed trend: {trend} over {start}-{end}.")
_ALREADY: dict[bool, str] = {  # lower is better -> message
    True: N_("The latest value is already below {target}."),
    False: N_("The latest value is already above {target}."),
}
_NEEDED: dict[bool, str] = {
    True: N_("Needed to be below {target} in {target_year}: {trend} from {end}."),
    False: N_("Needed to be above {target} in {target_year}: {trend} from {end}."),
}
_SCALES: dict[str, str] = {
    TRANSFORM_LOGIT: N_("the logit scale, which keeps a share between 0 and 100 %"),
    TRANSFORM_LOG: N_(
        "the logarithmic scale (a constant yearly rate of change), which keeps it above zero"
    ),
}
_PROJECTION = N_("Projection: {model}, to {target_year}.")
# The window sentence by ``window_rule``; the window always holds MIN_POINTS or more values.
_FITTED: dict[str, str] = {
    WINDOW_BREAK: N_(
        "A straight-line trend on {scale}, fitted to the {n} values of {start}-{end}, the "
        "years since the latest break in series ({break_year}, flag b): earlier values are not "
        "comparable and are left out."
    ),
    WINDOW_LONG: N_(
        "A straight-line trend on {scale}, fitted to the {n} values of {start}-{end}, the last "
        "{years} years (as the long-term progress status)."
    ),
    WINDOW_ALL: N_(
        "A straight-line trend on {scale}, fitted to the {n} values of {start}-{end}, all "
        "values there are."
    ),
}
_OWN_WINDOW = N_(
    "This window is the projection's own (the progress status compares 5 and 15 years back)."
)
_CARRY_OVER = N_(
    "A deviation from the trend may carry over to the next years (first-order autocorrelation "
    "{rho} a year, estimated on the ELET series of all countries), so the projection starts "
    "from the latest value and bends towards the trend."
)
_BANDS = N_(
    "The 80 % and 95 % bands come from the scatter around the trend (Student t, {dof}), "
    "widened {factor} times so that, tested on past data ({ahead}), they held the later value "
    "about as often as they claim."
)
_DEGREES = N_plural("{n} degree of freedom", "{n} degrees of freedom")
_AHEAD: dict[str, str] = {
    CADENCE_SURVEY: N_("the next result, 3-5 years on"),
    CADENCE_ANNUAL: N_("5 years ahead"),
}
_ASSUMES = N_(
    "The projection assumes the trend of these years simply continues: new policies, shocks "
    "and future breaks in the series are not in it."
)
_CHANCE: dict[bool, str] = {
    True: N_(
        "Chance that the {target_year} value is below {target}: {label} (the model gives "
        "{chance}; on the IPCC likelihood scale '{label}' stands for {range})."
    ),
    False: N_(
        "Chance that the {target_year} value is above {target}: {label} (the model gives "
        "{chance}; on the IPCC likelihood scale '{label}' stands for {range})."
    ),
}


def render(message: Mapping[str, Any] | None, lang: str | None) -> str | None:
    """A projection message (``Projection.method``, ``reason_message(...)``) in ``lang``;
    English when a translation lost a placeholder. Pure: the message is plain data."""
    if message is None:
        return None
    if "join" in message:  # sentences shown one after the other
        items = [render(m, lang) if isinstance(m, Mapping) else str(m) for m in message["items"]]
        return str(message["join"]).join(str(item) for item in items)
    try:
        return compose(message, lang)
    except (KeyError, IndexError, ValueError):
        return compose(message, SOURCE_LANG)


def reason_text(projection: Projection, lang: str | None) -> str | None:
    """Why there is no projection, in ``lang`` (None when there is one)."""
    if projection.reason is None:
        return None
    return render(reason_message(projection.reason, projection.reason_params), lang)


def method_text(projection: Projection, lang: str | None) -> str:
    """The method description (or the refusal with the observed and needed trend) in ``lang``."""
    return render(projection.method, lang) or ""


def model_name(model: str, lang: str | None) -> str:
    """The model's name in ``lang``: "logit-linear trend with AR(1) errors (GLS)"."""
    return gettext(MODEL_NAMES[model], lang)


def _pct(p: float) -> Any:
    if p > 0.99:
        return part(_MORE_THAN_99)
    if p < 0.01:
        return part(_LESS_THAN_1)
    return f"{round(p * 100)} %"


def _per_year(value: float, unit: str) -> dict[str, Any]:
    # Half up, after removing float noise: (34.6 - 24.1) / 4 is 2.63, not 2.62.
    rounded = Decimal(repr(round(abs(value), 9))).quantize(Decimal("0.01"), ROUND_HALF_UP)
    text = format_number(float(rounded), "en", 2)
    sign = "" if not any(c in "123456789" for c in text) else ("+" if value > 0 else "-")
    number = decimal_part(sign + text)
    if unit == "%":
        return part(_PER_YEAR_POINTS, {"number": number})
    if unit:
        return part(_PER_YEAR_UNIT, {"number": number, "unit": unit})
    return part(_PER_YEAR, {"number": number})


def _amount(value: float, unit: str) -> dict[str, Any]:
    """A value with its unit ("9 %"), the number in the reader's decimal sign."""
    return joined([decimal_part(format_number(value, "en")), f" {unit}" if unit else ""], "")


def _gap_words(points: Sequence[Point]) -> str:
    gaps = sorted({b[0] - a[0] for a, b in itertools.pairwise(points)})
    if not gaps:
        return "?"
    return str(gaps[0]) if gaps[0] == gaps[-1] else f"{gaps[0]}-{gaps[-1]}"


@dataclass(frozen=True)
class _Context:
    """Everything the sentences need."""

    n: int
    fit_start: int | None
    fit_end: int | None
    window_rule: str
    break_year: int | None
    cadence: str
    transform: str
    indicator: str | None
    gap_words: str
    target_value: float | None
    target_year: int
    direction: str
    unit: str
    observed_trend: float | None
    required_trend: float | None
    latest_value: float | None


def _reason_params(c: _Context) -> dict[str, Any]:
    """The data a reason's message is filled with (``Projection.reason_params``)."""
    return {
        "n": c.n,
        "fit_start": c.fit_start,
        "fit_end": c.fit_end,
        "break_year": c.break_year,
        "cadence": c.cadence,
        "transform": c.transform,
        "indicator": c.indicator,
        "gap": c.gap_words,
        "minimum": MIN_POINTS,
        "years": LONG_WINDOW_YEARS,
    }


def reason_message(reason: str, params: Mapping[str, Any]) -> dict[str, Any]:
    """Why there is no projection, as a message id with its numbers: ``reason`` is a REASON_*
    code, ``params`` a ``Projection.reason_params``."""
    if reason == REASON_NO_DATA:
        return part(_NO_VALUES)
    window = {"start": params["fit_start"], "end": params["fit_end"]}
    if reason == REASON_OUT_OF_RANGE:
        return part(_OUT_OF_RANGE[str(params["transform"])], window)
    break_year = params.get("break_year")
    forms = _TOO_FEW[(str(params["cadence"]), break_year is not None)]
    name: Any = "PISA" if params.get("indicator") in PISA_CODES else part(_THIS_INDICATOR)
    return part(
        forms[0],
        {
            "name": name,
            "gap": params["gap"],
            "n": params["n"],
            "break_year": break_year,
            "years": params["years"],
            "minimum": params["minimum"],
        },
        plural=forms[1],
    )


def _trend_parts(c: _Context) -> list[dict[str, Any]]:
    """The observed and the required trend, for a refusal."""
    out: list[dict[str, Any]] = []
    if c.observed_trend is not None:
        out.append(
            part(
                _OBSERVED,
                {
                    "trend": _per_year(c.observed_trend, c.unit),
                    "start": c.fit_start,
                    "end": c.fit_end,
                },
            )
        )
    if c.target_value is not None and c.fit_end is not None and c.target_year > c.fit_end:
        lower = c.direction == LOWER_IS_BETTER
        target = _amount(c.target_value, c.unit)
        latest = c.latest_value
        met = latest is not None and (latest < c.target_value if lower else latest > c.target_value)
        if met:
            out.append(part(_ALREADY[lower], {"target": target}))
        elif c.required_trend is not None:
            out.append(
                part(
                    _NEEDED[lower],
                    {
                        "target": target,
                        "target_year": c.target_year,
                        "trend": _per_year(c.required_trend, c.unit),
                        "end": c.fit_end,
                    },
                )
            )
    return out


def _method_message(
    c: _Context,
    *,
    reason: str | None,
    df: int | None,
    rho: float,
    band_scale: float,
    probability: float | None,
) -> dict[str, Any]:
    """The method description, as sentences (message ids) shown one after the other."""
    if reason is not None:
        refused = part(_REFUSED, {"reason": reason_message(reason, _reason_params(c))})
        return joined([refused, *_trend_parts(c)], " ")
    assert df is not None
    window = {"n": c.n, "start": c.fit_start, "end": c.fit_end}
    sentences: list[dict[str, Any]] = [
        part(_PROJECTION, {"model": part(MODEL_NAMES[c.transform]), "target_year": c.target_year}),
        part(
            _FITTED[c.window_rule],
            {
                **window,
                "scale": part(_SCALES[c.transform]),
                "break_year": c.break_year,
                "years": LONG_WINDOW_YEARS,
            },
        ),
        part(_OWN_WINDOW),
        part(_CARRY_OVER, {"rho": decimal_part(format_number(rho, "en"))}),
        part(
            _BANDS,
            {
                "dof": part(_DEGREES[0], {"n": df}, plural=_DEGREES[1]),
                "factor": decimal_part(format_number(band_scale, "en")),
                "ahead": part(_AHEAD[c.cadence]),
            },
        ),
        part(_ASSUMES),
    ]
    if c.target_value is not None and probability is not None:
        lower = c.direction == LOWER_IS_BETTER
        row = _likelihood_row(probability)
        sentences.append(
            part(
                _CHANCE[lower],
                {
                    "target_year": c.target_year,
                    "target": _amount(c.target_value, c.unit),
                    "label": part(row[2]),
                    "chance": _pct(probability),
                    "range": row[4],
                },
            )
        )
    return joined(sentences, " ")


# --------------------------------------------------------------------------- projection


def _indicator_of(series: SeriesLike) -> str | None:
    try:
        codes = series["indicator"].dropna().unique()  # type: ignore[index]
    except (KeyError, TypeError, AttributeError, IndexError):
        return None
    return str(codes[0]) if len(codes) == 1 else None


def project(
    series: SeriesLike,
    target: float | None = None,
    target_year: int = TARGET_YEAR,
    direction: str = LOWER_IS_BETTER,
    *,
    unit: str = "%",
    indicator: str | None = None,
    band_scale: float | None = None,
    rho: float = AR1_RHO,
    max_window_years: int = LONG_WINDOW_YEARS,
) -> Projection:
    """Project the series to ``target_year`` (see the module docstring for the model).

    ``unit`` "%" selects the logit scale, anything else the log scale. ``indicator`` (or an
    ``indicator`` column of a frame) only changes the wording ("PISA is measured..."); the
    cadence is read from the years. ``band_scale`` overrides ``BAND_SCALE`` (the backtest uses
    1 for the unwidened bands). Points run from the first year of the window to the target year:
    the observed years carry the observed value (zero width), later years the projection.
    """
    if direction not in DIRECTIONS:
        raise ValueError(f"direction must be one of {DIRECTIONS}, not {direction!r}")
    indicator = indicator or _indicator_of(series)
    all_points = to_points(series)
    cadence = cadence_of(all_points)
    transform = TRANSFORM_LOGIT if unit == "%" else TRANSFORM_LOG
    scale = BAND_SCALE[cadence] if band_scale is None else band_scale
    window, rule, break_year, break_years = select_window(all_points, max_window_years)
    n = len(window)
    first = window[0][0] if window else None
    last = window[-1][0] if window else None
    observed_trend = (
        (window[-1][1] - window[0][1]) / (window[-1][0] - window[0][0]) if n >= 2 else None
    )
    required_trend = (
        (target - window[-1][1]) / (target_year - window[-1][0])
        if target is not None and window and target_year > window[-1][0]
        else None
    )
    ctx = _Context(
        n=n,
        fit_start=first,
        fit_end=last,
        window_rule=rule,
        break_year=break_year,
        cadence=cadence,
        transform=transform,
        indicator=indicator,
        gap_words=_gap_words(all_points),
        target_value=target,
        target_year=target_year,
        direction=direction,
        unit=unit,
        observed_trend=observed_trend,
        required_trend=required_trend,
        latest_value=window[-1][1] if window else None,
    )

    reason: str | None = None
    if n == 0:
        reason = REASON_NO_DATA
    elif not all(_in_range(p[1], transform) for p in window):
        reason = REASON_OUT_OF_RANGE
    elif n < MIN_POINTS:
        reason = REASON_TOO_FEW

    def result(**kw: object) -> Projection:
        base: dict[str, object] = {
            "insufficient_data": True,
            "direction": direction,
            "target_value": target,
            "target_year": target_year,
            "fit_start": first,
            "fit_end": last,
            "n_points": n,
            "model": transform,
            "cadence": cadence,
            "window_rule": rule,
            "break_year": break_year,
            "break_years": break_years,
            "rho": rho,
            "band_scale": scale,
            "df": None,
            "slope": None,
            "residual_se": None,
            "observed_trend": observed_trend,
            "required_trend": required_trend,
            "points": (),
            "probability_meets_target": None,
            "likelihood": None,
            "reason": None,
            "reason_params": _reason_params(ctx),
        }
        base.update(kw)
        return Projection(**base)  # type: ignore[arg-type]

    if reason is not None:
        method = _method_message(
            ctx, reason=reason, df=None, rho=rho, band_scale=scale, probability=None
        )
        return result(reason=reason, method=method)

    assert first is not None and last is not None
    fit = fit_trend([p[0] for p in window], [to_scale(p[1], transform) for p in window], rho)
    quantiles = {level: scale * t_ppf(0.5 + level / 2, fit.df) for level in LEVELS}
    out: list[ProjectionPoint] = []
    for year in range(first, max(target_year, last) + 1):
        z, se = fit.predict(year)
        q80, q95 = quantiles[0.80] * se, quantiles[0.95] * se
        out.append(
            ProjectionPoint(
                year=year,
                central=from_scale(z, transform),
                low80=from_scale(z - q80, transform),
                high80=from_scale(z + q80, transform),
                low95=from_scale(z - q95, transform),
                high95=from_scale(z + q95, transform),
                is_projection=year > last,
            )
        )

    probability: float | None = None
    if target is not None:
        if _in_range(target, transform):
            z_t, se_t = fit.predict(target_year)
            gap = to_scale(target, transform) - z_t  # > 0: the projection ends below the target
            below = t_cdf(gap / (scale * se_t), fit.df) if se_t > 0 else float(gap > 0)
        else:  # a share target of 0 % / 100 %, or a target of zero or less on the log scale
            below = 0.0 if target <= 0 else 1.0
        probability = below if direction == LOWER_IS_BETTER else 1.0 - below

    method = _method_message(
        ctx, reason=None, df=fit.df, rho=rho, band_scale=scale, probability=probability
    )
    return result(
        insufficient_data=False,
        df=fit.df,
        slope=fit.slope,
        residual_se=fit.residual_se,
        points=tuple(out),
        probability_meets_target=probability,
        likelihood=likelihood(probability) if probability is not None else None,
        method=method,
        fit=fit,
    )
