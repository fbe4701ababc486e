"""A 2030 projection of an indicator with an uncertainty band and a probability of success.

Method: a log-linear trend, ln(value) = a + b * year, fitted by ordinary least squares to the
observations of the last ``span_years`` years (irregular PISA years are fine: the real years
are the x values). The scatter of the observations around the line gives the residual standard
error s with n - 2 degrees of freedom; the prediction interval for a new value in year x0 is

    exp( fit(x0) +/- t(q, n-2) * s * sqrt(1 + 1/n + (x0 - mean_x)^2 / Sxx) )

and the probability that the target-year value meets the target is the Student t probability
of the predictive distribution on the target's side. It describes the uncertainty of a
continued trend only: it is not a forecast of policy effects. Student t comes from scipy when
installed, otherwise from the exact closed form for integer degrees of freedom below.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from analysis.progress import SeriesLike, format_number, has_break, to_points
from domain.indicators import DIRECTIONS, LOWER_IS_BETTER, TARGET_YEAR

DEFAULT_SPAN_YEARS = 10
MIN_POINTS = 3
LEVELS: tuple[float, float] = (0.80, 0.95)


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


try:  # scipy is optional: same figures, just faster and tested for us
    from scipy.stats import t as _scipy_t

    def t_cdf(t: float, df: int) -> float:
        return float(_scipy_t.cdf(t, df))

    def t_ppf(q: float, df: int) -> float:
        return float(_scipy_t.ppf(q, df))

except ImportError:  # pragma: no cover - exercised only where scipy is missing
    t_cdf = _t_cdf_exact
    t_ppf = _t_ppf_exact


# --------------------------------------------------------------------------- result


@dataclass(frozen=True)
class ProjectionPoint:
    """Central trend value and prediction intervals for one year."""

    year: int
    central: float
    low80: float
    high80: float
    low95: float
    high95: float
    is_projection: bool  # True after the latest observed year


@dataclass(frozen=True)
class Projection:
    """A trend projection to the target year; ``insufficient_data`` with fewer than 3 points."""

    insufficient_data: bool
    direction: str
    target_value: float | None
    target_year: int
    fit_start: int | None
    fit_end: int | None
    n_points: int
    annual_change: float | None  # exp(b) - 1: the trend's constant yearly rate of change
    residual_se: float | None  # in log units
    points: tuple[ProjectionPoint, ...]
    probability_meets_target: float | None
    break_years: tuple[int, ...]
    method_en: str
    method_nl: str

    @property
    def at_target_year(self) -> ProjectionPoint | None:
        return self.points[-1] if self.points else None


# --------------------------------------------------------------------------- wording


def _pct(p: float, lang: str) -> str:
    if p > 0.99:
        return "more than 99 %" if lang == "en" else "meer dan 99 %"
    if p < 0.01:
        return "less than 1 %" if lang == "en" else "minder dan 1 %"
    return f"{round(p * 100)} %"


def _method_text(
    *,
    insufficient: bool,
    n: int,
    span_years: int,
    fit_start: int | None,
    fit_end: int | None,
    annual_change: float | None,
    df: int,
    target_value: float | None,
    target_year: int,
    direction: str,
    probability: float | None,
    break_years: tuple[int, ...],
    unit: str,
) -> tuple[str, str]:
    u = f" {unit}" if unit else ""
    if insufficient:
        return (
            f"No projection: at least {MIN_POINTS} observations of more than zero in the last "
            f"{span_years} years are needed to fit a trend, and there are {n}.",
            f"Geen projectie: er zijn minstens {MIN_POINTS} waarnemingen groter dan nul in de "
            f"laatste {span_years} jaar nodig om een trend te bepalen, en er zijn er {n}.",
        )
    assert annual_change is not None
    rate_en = format_number(annual_change * 100, "en", 1)
    rate_nl = format_number(annual_change * 100, "nl", 1)
    dof_en = f"{df} degree{'s' if df != 1 else ''} of freedom"
    dof_nl = f"{df} vrijheidsgra{'den' if df != 1 else 'ad'}"
    en = (
        f"Projection: a trend with a constant yearly rate of change ({rate_en} % a year), "
        f"fitted by least squares to the logarithm of the {n} values of {fit_start}-{fit_end} "
        f"and extended to {target_year}. The bands are 80 % and 95 % prediction intervals "
        f"from the scatter of the values around the trend (Student t, {dof_en}). They "
        "assume the past trend simply continues: new policies, breaks in the series and "
        "shocks are not in them, and with few values the bands are wide."
    )
    nl = (
        f"Projectie: een trend met een constante jaarlijkse verandering ({rate_nl} % per jaar), "
        f"met de kleinste-kwadratenmethode bepaald op de logaritme van de {n} waarden van "
        f"{fit_start}-{fit_end} en doorgetrokken tot {target_year}. De banden zijn "
        "voorspellingsintervallen van 80 % en 95 %, afgeleid uit de spreiding van de waarden "
        f"rond de trend (Student-t, {dof_nl}). Ze gaan ervan uit dat de trend van "
        "het verleden gewoon doorgaat: nieuw beleid, breuken in de reeks en schokken zitten er "
        "niet in, en met weinig waarden zijn de banden breed."
    )
    if target_value is not None and probability is not None:
        lower = direction == LOWER_IS_BETTER
        t_en = format_number(target_value, "en") + u
        t_nl = format_number(target_value, "nl") + u
        en += (
            f" Probability that the {target_year} value is {'below' if lower else 'above'} "
            f"{t_en}: {_pct(probability, 'en')}."
        )
        nl += (
            f" Kans dat de waarde in {target_year} {'onder' if lower else 'boven'} {t_nl} "
            f"ligt: {_pct(probability, 'nl')}."
        )
    if break_years:
        years = ", ".join(str(y) for y in break_years)
        en += f" Break in series in {years} (flag b) inside the fitted period."
        nl += f" Breuk in de tijdreeks in {years} (vlag b) binnen de gebruikte periode."
    return en, nl


# --------------------------------------------------------------------------- projection


def project(
    series: SeriesLike,
    target: float | None = None,
    target_year: int = TARGET_YEAR,
    direction: str = LOWER_IS_BETTER,
    *,
    span_years: int = DEFAULT_SPAN_YEARS,
    unit: str = "%",
) -> Projection:
    """Fit a log-linear trend to the last ``span_years`` years and project it to ``target_year``.

    The fit uses the observations with latest_year - span_years < year <= latest_year and a
    value above zero (a logarithm needs one). Points are returned for every year from the first
    fitted year to the target year.
    """
    if direction not in DIRECTIONS:
        raise ValueError(f"direction must be one of {DIRECTIONS}, not {direction!r}")
    points = to_points(series)
    if points:
        latest = points[-1][0]
        points = [p for p in points if p[0] > latest - span_years and p[1] > 0]
    n = len(points)
    break_years = tuple(p[0] for p in points[1:] if has_break(p[2]))

    def empty() -> Projection:
        en, nl = _method_text(
            insufficient=True,
            n=n,
            span_years=span_years,
            fit_start=None,
            fit_end=None,
            annual_change=None,
            df=0,
            target_value=target,
            target_year=target_year,
            direction=direction,
            probability=None,
            break_years=(),
            unit=unit,
        )
        return Projection(
            insufficient_data=True,
            direction=direction,
            target_value=target,
            target_year=target_year,
            fit_start=points[0][0] if points else None,
            fit_end=points[-1][0] if points else None,
            n_points=n,
            annual_change=None,
            residual_se=None,
            points=(),
            probability_meets_target=None,
            break_years=break_years,
            method_en=en,
            method_nl=nl,
        )

    if n < MIN_POINTS:
        return empty()
    xs = [float(p[0]) for p in points]
    ys = [math.log(p[1]) for p in points]
    mean_x = sum(xs) / n
    mean_y = sum(ys) / n
    sxx = sum((x - mean_x) ** 2 for x in xs)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / sxx
    intercept = mean_y - slope * mean_x
    df = n - 2
    sse = sum((y - (intercept + slope * x)) ** 2 for x, y in zip(xs, ys, strict=True))
    s = math.sqrt(sse / df)
    quantiles = {level: t_ppf(0.5 + level / 2, df) for level in LEVELS}

    def spread(x0: float) -> float:
        return s * math.sqrt(1 + 1 / n + (x0 - mean_x) ** 2 / sxx)

    first, last = points[0][0], points[-1][0]
    out: list[ProjectionPoint] = []
    for year in range(first, max(target_year, last) + 1):
        fit = intercept + slope * year
        se = spread(year)
        q80, q95 = quantiles[0.80], quantiles[0.95]
        out.append(
            ProjectionPoint(
                year=year,
                central=math.exp(fit),
                low80=math.exp(fit - q80 * se),
                high80=math.exp(fit + q80 * se),
                low95=math.exp(fit - q95 * se),
                high95=math.exp(fit + q95 * se),
                is_projection=year > last,
            )
        )

    probability: float | None = None
    if target is not None and target > 0:
        fit_t = intercept + slope * target_year
        se_t = spread(target_year)
        gap = math.log(target) - fit_t  # > 0: the trend ends below the target
        # A perfect fit (se_t == 0) gives certainty either way.
        below = t_cdf(gap / se_t, df) if se_t > 0 else float(gap > 0)
        probability = below if direction == LOWER_IS_BETTER else 1.0 - below
    elif target is not None:
        # A target of zero or less cannot be reached on a log scale (lower is better) or is
        # always exceeded (higher is better).
        probability = 0.0 if direction == LOWER_IS_BETTER else 1.0

    annual_change = math.exp(slope) - 1
    en, nl = _method_text(
        insufficient=False,
        n=n,
        span_years=span_years,
        fit_start=first,
        fit_end=last,
        annual_change=annual_change,
        df=df,
        target_value=target,
        target_year=target_year,
        direction=direction,
        probability=probability,
        break_years=break_years,
        unit=unit,
    )
    return Projection(
        insufficient_data=False,
        direction=direction,
        target_value=target,
        target_year=target_year,
        fit_start=first,
        fit_end=last,
        n_points=n,
        annual_change=annual_change,
        residual_se=s,
        points=tuple(out),
        probability_meets_target=probability,
        break_years=break_years,
        method_en=en,
        method_nl=nl,
    )
