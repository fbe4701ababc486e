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
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

import numpy as np

from pathways_monitor.analysis.progress import (
    WINDOW_YEARS,
    SeriesLike,
    format_number,
    has_break,
    to_points,
)
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
MODEL_NAMES: dict[str, tuple[str, str]] = {
    TRANSFORM_LOGIT: (
        "logit-linear trend with AR(1) errors (GLS)",
        "logit-lineaire trend met AR(1)-fouten (GLS)",
    ),
    TRANSFORM_LOG: (
        "log-linear trend with AR(1) errors (GLS)",
        "log-lineaire trend met AR(1)-fouten (GLS)",
    ),
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
LIKELIHOOD_SCALE: tuple[tuple[float, str, str, str, str], ...] = (
    # lower bound, key, English, Dutch, range shown in the explanation
    (0.99, "virtually_certain", "virtually certain", "vrijwel zeker", "99-100 %"),
    (0.90, "very_likely", "very likely", "zeer waarschijnlijk", "90-99 %"),
    (0.66, "likely", "likely", "waarschijnlijk", "66-90 %"),
    (
        0.33,
        "about_as_likely_as_not",
        "about as likely as not",
        "ongeveer even waarschijnlijk als niet",
        "33-66 %",
    ),
    (0.10, "unlikely", "unlikely", "onwaarschijnlijk", "10-33 %"),
    (0.01, "very_unlikely", "very unlikely", "zeer onwaarschijnlijk", "1-10 %"),
    (
        0.0,
        "exceptionally_unlikely",
        "exceptionally unlikely",
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
    """The calibrated term in words: "very likely" / "zeer waarschijnlijk"."""
    row = _likelihood_row(probability)
    return row[3] if lang == "nl" else row[2]


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
    reason: str | None
    reason_en: str | None
    reason_nl: str | None
    method_en: str
    method_nl: str
    fit: TrendFit | None = field(default=None, repr=False, compare=False)

    @property
    def refused(self) -> bool:
        return self.insufficient_data

    @property
    def model_name_en(self) -> str:
        return MODEL_NAMES[self.model][0]

    @property
    def model_name_nl(self) -> str:
        return MODEL_NAMES[self.model][1]

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


def _pct(p: float, lang: str) -> str:
    if p > 0.99:
        return "more than 99 %" if lang == "en" else "meer dan 99 %"
    if p < 0.01:
        return "less than 1 %" if lang == "en" else "minder dan 1 %"
    return f"{round(p * 100)} %"


def _per_year(value: float, unit: str, lang: str) -> str:
    # Half up, after removing float noise: (34.6 - 24.1) / 4 is 2.63, not 2.62.
    rounded = Decimal(repr(round(abs(value), 9))).quantize(Decimal("0.01"), ROUND_HALF_UP)
    text = format_number(float(rounded), lang, 2)
    sign = "" if not any(c in "123456789" for c in text) else ("+" if value > 0 else "-")
    if unit == "%":
        words = "percentage points a year" if lang == "en" else "procentpunt per jaar"
    else:
        words = (f"{unit} " if unit else "") + ("a year" if lang == "en" else "per jaar")
    return f"{sign}{text} {words}"


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


def _reason_text(reason: str, c: _Context) -> tuple[str, str]:
    if reason == REASON_NO_DATA:
        return "there are no values", "er zijn geen waarden"
    if reason == REASON_OUT_OF_RANGE:
        if c.transform == TRANSFORM_LOGIT:
            return (
                f"a value of 0 % or 100 % in {c.fit_start}-{c.fit_end} cannot be put on the logit "
                "scale",
                f"een waarde van 0 % of 100 % in {c.fit_start}-{c.fit_end} kan niet op de "
                "logitschaal",
            )
        return (
            f"a value of zero or less in {c.fit_start}-{c.fit_end} cannot be put on the "
            "logarithmic scale",
            f"een waarde van nul of minder in {c.fit_start}-{c.fit_end} kan niet op de "
            "logaritmische schaal",
        )
    need_en = f"too few for a projection (at least {MIN_POINTS} are needed)"
    need_nl = f"te weinig voor een projectie (er zijn er minstens {MIN_POINTS} nodig)"
    one = c.n == 1
    are_en, are_nl = ("is", "is") if one else ("are", "zijn")
    if c.cadence == CADENCE_SURVEY:
        pisa = c.indicator in PISA_CODES
        name_en = "PISA" if pisa else "this indicator"
        name_nl = "PISA" if pisa else "deze indicator"
        res_en = "result" if one else "results"
        res_nl = "resultaat" if one else "resultaten"
        since_en = (
            f"since the {c.break_year} break in series"
            if c.break_year is not None
            else f"in the last {LONG_WINDOW_YEARS} years"
        )
        since_nl = (
            f"sinds de breuk in de reeks in {c.break_year}"
            if c.break_year is not None
            else f"in de laatste {LONG_WINDOW_YEARS} jaar"
        )
        return (
            f"{name_en} is measured every {c.gap_words} years; {c.n} {res_en} {since_en} "
            f"{are_en} {need_en}",
            f"{name_nl} wordt om de {c.gap_words} jaar gemeten; {c.n} {res_nl} {since_nl} "
            f"{are_nl} {need_nl}",
        )
    val_en = "value" if one else "values"
    val_nl = "waarde" if one else "waarden"
    since_en = (
        f"since the latest break in series ({c.break_year}, flag b)"
        if c.break_year is not None
        else f"in the last {LONG_WINDOW_YEARS} years"
    )
    since_nl = (
        f"sinds de laatste breuk in de reeks ({c.break_year}, vlag b)"
        if c.break_year is not None
        else f"in de laatste {LONG_WINDOW_YEARS} jaar"
    )
    return (
        f"{c.n} {val_en} {since_en} {are_en} {need_en}",
        f"{c.n} {val_nl} {since_nl} {are_nl} {need_nl}",
    )


def _trend_sentences(c: _Context) -> tuple[str, str]:
    """The observed and the required trend, for a refusal."""
    en = nl = ""
    if c.observed_trend is not None:
        en += (
            f" Observed trend: {_per_year(c.observed_trend, c.unit, 'en')} over "
            f"{c.fit_start}-{c.fit_end}."
        )
        nl += (
            f" Waargenomen trend: {_per_year(c.observed_trend, c.unit, 'nl')} over "
            f"{c.fit_start}-{c.fit_end}."
        )
    if c.target_value is not None and c.fit_end is not None and c.target_year > c.fit_end:
        u = f" {c.unit}" if c.unit else ""
        lower = c.direction == LOWER_IS_BETTER
        t_en = format_number(c.target_value, "en") + u
        t_nl = format_number(c.target_value, "nl") + u
        latest = c.latest_value
        met = latest is not None and (latest < c.target_value if lower else latest > c.target_value)
        if met:
            en += f" The latest value is already {'below' if lower else 'above'} {t_en}."
            nl += f" De laatste waarde ligt al {'onder' if lower else 'boven'} {t_nl}."
        elif c.required_trend is not None:
            en += (
                f" Needed to be {'below' if lower else 'above'} {t_en} in {c.target_year}: "
                f"{_per_year(c.required_trend, c.unit, 'en')} from {c.fit_end}."
            )
            nl += (
                f" Nodig om in {c.target_year} {'onder' if lower else 'boven'} {t_nl} te "
                f"komen: {_per_year(c.required_trend, c.unit, 'nl')} vanaf {c.fit_end}."
            )
    return en, nl


def _method_text(
    c: _Context,
    *,
    reason: str | None,
    df: int | None,
    rho: float,
    band_scale: float,
    probability: float | None,
) -> tuple[str, str]:
    if reason is not None:
        r_en, r_nl = _reason_text(reason, c)
        t_en, t_nl = _trend_sentences(c)
        return (
            f"No projection, no band and no chance: {r_en}.{t_en}",
            f"Geen projectie, band of kans: {r_nl}.{t_nl}",
        )
    assert df is not None
    model_en, model_nl = MODEL_NAMES[c.transform]
    if c.transform == TRANSFORM_LOGIT:
        scale_en = "the logit scale, which keeps a share between 0 and 100 %"
        scale_nl = "de logitschaal, die een aandeel tussen 0 en 100 % houdt"
    else:
        scale_en = (
            "the logarithmic scale (a constant yearly rate of change), which keeps it above zero"
        )
        scale_nl = (
            "de logaritmische schaal (een constante jaarlijkse verandering), die de waarde boven "
            "nul houdt"
        )
    if c.window_rule == WINDOW_BREAK:
        why_en = (
            f", the years since the latest break in series ({c.break_year}, flag b): earlier "
            "values are not comparable and are left out"
        )
        why_nl = (
            f", de jaren sinds de laatste breuk in de reeks ({c.break_year}, vlag b): eerdere "
            "waarden zijn niet vergelijkbaar en tellen niet mee"
        )
    elif c.window_rule == WINDOW_LONG:
        why_en = f", the last {LONG_WINDOW_YEARS} years (as the long-term progress status)"
        why_nl = (
            f", de laatste {LONG_WINDOW_YEARS} jaar (zoals de voortgangsstatus op lange termijn)"
        )
    else:
        why_en = ", all values there are"
        why_nl = ", alle waarden die er zijn"
    dof_en = f"{df} degree{'s' if df != 1 else ''} of freedom"
    dof_nl = f"{df} vrijheidsgra{'den' if df != 1 else 'ad'}"
    rho_en, rho_nl = format_number(rho, "en"), format_number(rho, "nl")
    k_en, k_nl = format_number(band_scale, "en"), format_number(band_scale, "nl")
    if c.cadence == CADENCE_SURVEY:
        ahead_en, ahead_nl = (
            "the next result, 3-5 years on",
            "het volgende resultaat, 3-5 jaar later",
        )
    else:
        ahead_en, ahead_nl = "5 years ahead", "5 jaar vooruit"
    en = (
        f"Projection: {model_en}, to {c.target_year}. A straight-line trend on {scale_en}, "
        f"fitted to the {c.n} values of {c.fit_start}-{c.fit_end}{why_en}. This window is the "
        "projection's own (the progress status compares 5 and 15 years back). A deviation from "
        "the trend may carry over to the next years (first-order autocorrelation "
        f"{rho_en} a year, estimated on the ELET series of all countries), so the projection "
        "starts from the latest value and bends towards the trend. The 80 % and 95 % bands come "
        f"from the scatter around the trend (Student t, {dof_en}), widened {k_en} times so "
        f"that, tested on past data ({ahead_en}), they held the later value about as often as "
        "they claim. The projection assumes the trend of these years simply continues: new "
        "policies, shocks and future breaks in the series are not in it."
    )
    nl = (
        f"Projectie: {model_nl}, tot {c.target_year}. Een rechte trend op {scale_nl}, bepaald op "
        f"de {c.n} waarden van {c.fit_start}-{c.fit_end}{why_nl}. Deze periode is die van de "
        "projectie (de voortgangsstatus kijkt 5 en 15 jaar terug). Een afwijking van de trend "
        "kan in de volgende jaren doorwerken (autocorrelatie van de eerste orde "
        f"{rho_nl} per jaar, geschat op de ELET-reeksen van alle landen); de projectie begint "
        "daarom bij de laatste waarde en buigt naar de trend. De banden van 80 % en 95 % komen "
        f"uit de spreiding rond de trend (Student-t, {dof_nl}), {k_nl} keer verbreed zodat ze "
        f"bij een toets op eerdere gegevens ({ahead_nl}) de latere waarde ongeveer zo vaak "
        "bevatten als ze beloven. De projectie gaat ervan uit dat de trend van deze jaren gewoon "
        "doorgaat: nieuw beleid, schokken en toekomstige breuken in de reeks zitten er niet in."
    )
    if c.target_value is not None and probability is not None:
        u = f" {c.unit}" if c.unit else ""
        lower = c.direction == LOWER_IS_BETTER
        t_en = format_number(c.target_value, "en") + u
        t_nl = format_number(c.target_value, "nl") + u
        row = _likelihood_row(probability)
        en += (
            f" Chance that the {c.target_year} value is {'below' if lower else 'above'} {t_en}: "
            f"{row[2]} (the model gives {_pct(probability, 'en')}; on the IPCC likelihood "
            f"scale '{row[2]}' stands for {row[4]})."
        )
        nl += (
            f" Kans dat de waarde in {c.target_year} {'onder' if lower else 'boven'} {t_nl} "
            f"ligt: {row[3]} (het model geeft {_pct(probability, 'nl')}; op de "
            f"IPCC-waarschijnlijkheidsschaal staat '{row[3]}' voor {row[4]})."
        )
    return en, nl


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
            "reason_en": None,
            "reason_nl": None,
        }
        base.update(kw)
        return Projection(**base)  # type: ignore[arg-type]

    if reason is not None:
        r_en, r_nl = _reason_text(reason, ctx)
        en, nl = _method_text(
            ctx, reason=reason, df=None, rho=rho, band_scale=scale, probability=None
        )
        return result(reason=reason, reason_en=r_en, reason_nl=r_nl, method_en=en, method_nl=nl)

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

    en, nl = _method_text(
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
        method_en=en,
        method_nl=nl,
        fit=fit,
    )
