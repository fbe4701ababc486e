"""2030 projection: logit scale, window since the latest break, AR(1) errors, refusals, wording."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from pathways_monitor.analysis import projection
from pathways_monitor.analysis.backtest import (
    DEFAULT_ELET,
    DEFAULT_PISA,
    read_elet_totals,
    read_pisa_totals,
)
from pathways_monitor.analysis.projection import (
    AR1_RHO,
    BAND_SCALE,
    LIKELIHOOD_SCALE,
    MIN_POINTS,
    fit_trend,
    from_scale,
    likelihood,
    likelihood_label,
    project,
    to_scale,
)

FIX = Path(__file__).parent / "fixtures" / "progress"
DOCS = Path(__file__).resolve().parent.parent / "docs" / "progress-method.md"
NL_NATIONAL_ELET_TARGET = 7.5  # tests/fixtures/strategy/ministry_style_nl.xlsx, "Indicatordoelen"


def _logit(p: float) -> float:
    return math.log(p / (100 - p))


def _expit(z: float) -> float:
    return 100 / (1 + math.exp(-z))


@pytest.fixture(scope="module")
def elet() -> dict[str, list]:
    return read_elet_totals(DEFAULT_ELET.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def pisa() -> dict[str, list]:
    return read_pisa_totals(DEFAULT_PISA.read_text(encoding="utf-8"))


# --------------------------------------------------------------------------- real files


def test_every_real_series_stays_within_0_and_100(elet, pisa) -> None:  # type: ignore[no-untyped-def]
    """Every country x indicator of the real files: ELET totals of edat_lfse_14, PISA reading
    and mathematics. Central values and band ends strictly inside 0-100 %, bands nested."""
    assert len(elet) >= 35 and len(pisa) >= 80
    checked = refused = 0
    for key, points in [*elet.items(), *pisa.items()]:
        target = 9.0 if key in elet else 15.0
        indicator = None if key in elet else key.split()[1]
        p = project(points, target, 2030, indicator=indicator)
        if p.insufficient_data:
            refused += 1
            assert p.points == () and p.probability_meets_target is None, key
            assert p.reason and p.reason_en and p.reason_nl, key
            continue
        checked += 1
        assert 0 <= p.probability_meets_target <= 1, key  # type: ignore[operator]
        for pt in p.points:
            assert 0 < pt.low95 <= pt.low80 <= pt.central <= pt.high80 <= pt.high95 < 100, (key, pt)
        # The projection starts from the latest observed value.
        last = next(pt for pt in reversed(p.points) if not pt.is_projection)
        assert last.central == pytest.approx(points[-1][1])
    assert checked >= 60 and refused >= 40


def test_nl_elet_rising_since_the_break_is_not_likely_to_meet_either_target(elet) -> None:  # type: ignore[no-untyped-def]
    nl = elet["NL"]  # 5.1 b (2021), 5.6, 6.2, 7.0, 7.4 (2025)
    for target in (9.0, NL_NATIONAL_ELET_TARGET):
        p = project(nl, target, 2030)
        assert (p.fit_start, p.fit_end, p.n_points, p.break_year) == (2021, 2025, 5, 2021)
        assert p.probability_meets_target is not None
        assert p.probability_meets_target < 0.66
        assert p.likelihood not in {"likely", "very_likely", "virtually_certain"}
        assert p.likelihood == "very_unlikely"
    p = project(nl, 9.0, 2030)
    end = p.at_target_year
    assert end is not None and end.central > 9.0
    # The figures the method page quotes.
    text = DOCS.read_text(encoding="utf-8")
    quoted = (
        f"gets a central value of {end.central:.1f} % for 2030, 95 % band "
        f"{end.low95:.1f}-{end.high95:.1f} %"
    )
    assert quoted in " ".join(text.split())


def test_real_pisa_reading_after_the_2018_break_is_refused(pisa) -> None:  # type: ignore[no-untyped-def]
    p = project(pisa["NL LOWACH_READ"], 15.0, 2030, indicator="LOWACH_READ")
    assert p.insufficient_data and p.reason == projection.REASON_TOO_FEW
    assert (p.fit_start, p.fit_end, p.n_points, p.break_year) == (2018, 2022, 2, 2018)
    assert p.method_en.startswith(
        "No projection, no band and no chance: PISA is measured every 3-4 years; 2 results "
        "since the 2018 break in series are too few for a projection (at least 4 are needed)."
    )
    # The observed and the required trend instead: 24.1 -> 34.6 in 4 years; 15 by 2030.
    assert p.observed_trend == pytest.approx((34.6 - 24.1) / 4)
    assert p.required_trend == pytest.approx((15.0 - 34.6) / 8)
    assert "Observed trend: +2.63 percentage points a year over 2018-2022." in p.method_en
    assert "Needed to be below 15 % in 2030: -2.45 percentage points a year from 2022." in (
        p.method_en
    )
    assert "Waargenomen trend: +2,63 procentpunt per jaar over 2018-2022." in p.method_nl


# --------------------------------------------------------------------------- refusals


def test_pisa_with_three_points_gives_no_probability() -> None:
    pisa = pd.read_csv(FIX / "pisa_low_achievers.csv", keep_default_na=False, na_values=[""])
    nl = pisa[(pisa["geo"] == "NL") & (pisa["indicator"] == "LOWACH_MATH")]
    three = nl[nl["year"] >= 2015]  # 2015 (16.7), 2018 (15.8), 2022 (27.4)
    p = project(three, 15.0, 2030)  # the frame's indicator column says PISA
    assert p.insufficient_data and p.cadence == projection.CADENCE_SURVEY
    assert p.points == () and p.probability_meets_target is None and p.likelihood is None
    assert p.chance_label("en") is None
    assert p.reason_en == (
        "PISA is measured every 3-4 years; 3 results in the last 15 years are too few for a "
        "projection (at least 4 are needed)"
    )
    assert p.reason_nl == (
        "PISA wordt om de 3-4 jaar gemeten; 3 resultaten in de laatste 15 jaar zijn te weinig "
        "voor een projectie (er zijn er minstens 4 nodig)"
    )
    # The whole fixture series: 2009-2022 (the last 15 years), 5 results -> a projection.
    full = project(nl, 15.0, 2030)
    assert (full.fit_start, full.fit_end, full.n_points) == (2009, 2022, 5)
    assert full.window_rule == projection.WINDOW_LONG and not full.insufficient_data
    assert full.band_scale == BAND_SCALE[projection.CADENCE_SURVEY]


def test_too_few_yearly_values_and_other_refusals() -> None:
    p = project([(2022, 10.0), (2023, 9.5), (2024, 9.4)], 9.0)
    assert p.insufficient_data and p.n_points == 3 and MIN_POINTS == 4
    assert p.points == () and p.probability_meets_target is None
    assert "3 values in the last 15 years are too few" in p.method_en
    assert "er zijn er minstens 4 nodig" in p.method_nl
    assert p.observed_trend == pytest.approx(-0.3)
    assert p.required_trend == pytest.approx((9.0 - 9.4) / 6)
    empty = project([], 9.0)
    assert empty.insufficient_data and empty.reason == projection.REASON_NO_DATA
    zero = project([(2020, 1.0), (2021, 0.0), (2022, 1.0), (2023, 2.0)], 9.0)
    assert zero.reason == projection.REASON_OUT_OF_RANGE and "logit" in zero.method_en
    met = project([(2024, 7.0, "b"), (2025, 7.3)], 9.0)
    assert "The latest value is already below 9 %." in met.method_en
    assert "De laatste waarde ligt al onder 9 %." in met.method_nl
    assert "1 value since" in project([(2024, 7.0), (2025, 7.3, "b")], 9.0).method_en


# --------------------------------------------------------------------------- window


def test_a_break_starts_the_window() -> None:
    series = [(2012 + i, 12.0 - 0.3 * i, None) for i in range(14)]  # 2012-2025
    series[5] = (2017, series[5][1], "b")
    series[9] = (2021, series[9][1] + 1.5, "bu")  # a level shift: 'bu' is a break too
    p = project(series, 9.0)
    assert (p.fit_start, p.fit_end, p.n_points) == (2021, 2025, 5)
    assert p.window_rule == projection.WINDOW_BREAK and p.break_year == 2021
    assert p.break_years == (2017, 2021)
    assert [pt.year for pt in p.points] == list(range(2021, 2031))
    assert "fitted to the 5 values of 2021-2025, the years since the latest break in series " in (
        p.method_en
    )
    assert "(2021, vlag b)" in p.method_nl
    # The values before the break do not move the projection.
    shifted = [(y, v + (3.0 if y < 2021 else 0.0), f) for y, v, f in series]
    assert project(shifted, 9.0).at_target_year == p.at_target_year


def test_window_is_at_most_15_years_and_breaks_before_it_do_not_count() -> None:
    series = [(2000 + i, 20.0 - 0.5 * i, "b" if i == 3 else None) for i in range(26)]
    p = project(series, 9.0)
    assert (p.fit_start, p.fit_end, p.n_points) == (2010, 2025, 16)
    assert p.window_rule == projection.WINDOW_LONG and p.break_year is None
    assert "the last 15 years (as the long-term progress status)" in p.method_en
    eu = pd.read_csv(FIX / "elet_national.csv", keep_default_na=False, na_values=[""])
    p = project(eu[eu["geo"] == "EU27_2020"], 9.0)
    assert (p.fit_start, p.n_points, p.break_year) == (2021, 5, 2021)


# --------------------------------------------------------------------------- the model


def test_logit_back_transform_hand_computed() -> None:
    # logit values 0, 1, 1, 2 in 2020-2023 (50 %, 73.106 %, 73.106 %, 88.080 %); independent
    # errors and no widening, so this is ordinary least squares:
    # mean year 2021.5, Sxx = 5, Sxy = 3 -> slope 0.6, level 1 at 2021.5;
    # fitted 0.1, 0.7, 1.3, 1.9, residuals -0.1, 0.3, -0.3, 0.1, SSE 0.2, df 2, s^2 = 0.1.
    # 2030: z = 1 + 0.6 * 8.5 = 6.1, var = 0.1 * (1 + 1/4 + 8.5^2 / 5) = 1.57;
    # t(0.975, 2) = 4.302653, sqrt(1.57) = 1.252996 -> z 6.1 -/+ 5.391209 -> 0.708791 and
    # 11.491209; back: 100 / (1 + e^-6.1) = 99.7762 %, 95 % band 67.0134 % - 99.998978 %.
    pts = [(2020 + i, _expit(z)) for i, z in enumerate((0.0, 1.0, 1.0, 2.0))]
    p = project(pts, 99.0, rho=0.0, band_scale=1.0)
    assert p.slope == pytest.approx(0.6) and p.residual_se == pytest.approx(math.sqrt(0.1))
    assert p.df == 2 and p.model == projection.TRANSFORM_LOGIT
    end = p.at_target_year
    assert end is not None and end.year == 2030
    assert end.central == pytest.approx(100 / (1 + math.exp(-6.1)))
    assert end.central == pytest.approx(99.7762, abs=1e-4)
    half = 4.302653 * math.sqrt(1.57)
    assert half == pytest.approx(5.391209, abs=1e-5)
    assert end.low95 == pytest.approx(_expit(6.1 - half)) and end.low95 == pytest.approx(
        67.0129, abs=1e-3
    )
    assert end.high95 == pytest.approx(_expit(6.1 + half)) and end.high95 < 100
    assert end.high95 == pytest.approx(99.998978, abs=1e-5)
    # P(value < 99 %) = T2((logit(0.99) - 6.1) / sqrt(1.57)) = T2(-1.202) = 0.1763
    gap = (_logit(99.0) - 6.1) / math.sqrt(1.57)
    assert p.probability_meets_target == pytest.approx(projection.t_cdf(gap, 2))
    assert p.probability_meets_target == pytest.approx(0.1763, abs=1e-3)
    # The scale functions themselves.
    assert to_scale(9.0, "logit") == pytest.approx(math.log(9 / 91))
    assert from_scale(-2.0, "logit") == pytest.approx(11.920292)
    assert from_scale(-800.0, "logit") == 0.0 and from_scale(800.0, "logit") == 100.0


def test_widening_and_autocorrelation_defaults() -> None:
    pts = [(2021, 9.7, "b"), (2022, 9.6), (2023, 9.6), (2024, 9.4), (2025, 9.1)]
    plain = project(pts, 9.0, band_scale=1.0)
    wide = project(pts, 9.0)
    assert wide.band_scale == BAND_SCALE[projection.CADENCE_ANNUAL] and wide.rho == AR1_RHO
    z, se, df = wide.predictive(2030)  # type: ignore[misc]
    end = wide.at_target_year
    assert end is not None and df == 3
    q = projection.t_ppf(0.975, 3)
    assert end.high95 == pytest.approx(_expit(z + wide.band_scale * q * se))
    assert plain.at_target_year.high95 == pytest.approx(_expit(z + q * se))  # type: ignore[union-attr]
    assert end.central == plain.at_target_year.central  # type: ignore[union-attr]
    # With AR(1) errors the projection starts from the last value and bends to the trend.
    fit = wide.fit
    assert fit is not None
    trend_2026 = fit.intercept + fit.slope * (2026 - fit.mean_year)
    last_resid = _logit(9.1) - (fit.intercept + fit.slope * (2025 - fit.mean_year))
    assert fit.predict(2026)[0] == pytest.approx(trend_2026 + AR1_RHO * last_resid)


def test_gls_equals_prais_winsten_and_ols_when_rho_is_zero() -> None:
    rng = np.random.default_rng(7)
    years = np.arange(2010, 2022, dtype=float)
    z = -2 + 0.05 * (years - 2010) + rng.normal(0, 0.1, len(years))
    rho = 0.4
    fit = fit_trend(years, z, rho)
    # Prais-Winsten: first row * sqrt(1 - rho^2), the others minus rho times the previous one.
    x = np.column_stack([np.ones_like(years), years - years.mean()])
    tx = np.vstack([x[0] * math.sqrt(1 - rho**2), x[1:] - rho * x[:-1]])
    tz = np.concatenate([[z[0] * math.sqrt(1 - rho**2)], z[1:] - rho * z[:-1]])
    beta = np.linalg.lstsq(tx, tz, rcond=None)[0]
    assert (fit.intercept, fit.slope) == pytest.approx(tuple(beta))
    # rho = 0: the textbook OLS prediction interval 1 + 1/n + (x0 - mean)^2 / Sxx.
    ols = fit_trend(years, z, 0.0)
    sxx = float(((years - years.mean()) ** 2).sum())
    _, se = ols.predict(2030)
    expected = ols.residual_se * math.sqrt(1 + 1 / len(years) + (2030 - years.mean()) ** 2 / sxx)
    assert se == pytest.approx(expected)
    assert ols.predict(2015) == pytest.approx((z[5], 0.0))  # an observed year: the value


def test_perfect_logit_trend_has_no_band() -> None:
    pts = [(2015 + i, _expit(-1.0 - 0.1 * i)) for i in range(10)]  # 26.9 % falling
    p = project(pts, 9.0)
    end = p.at_target_year
    assert end is not None and end.central == pytest.approx(_expit(-2.5))  # 7.59 %
    assert end.high95 - end.low95 < 1e-6
    assert p.probability_meets_target == 1.0 and p.likelihood == "virtually_certain"
    assert project(pts, 7.0).probability_meets_target == 0.0
    hib = project(pts, 9.0, direction="higher_is_better")
    assert hib.probability_meets_target == 0.0 and hib.likelihood == "exceptionally_unlikely"


def test_noise_widens_the_band() -> None:
    def series(noise: float) -> list[tuple[int, float]]:
        return [(2015 + i, 20.0 * 0.95**i * (1 + noise * (-1) ** i)) for i in range(10)]

    def width(noise: float) -> float:
        end = project(series(noise), 9.0).at_target_year
        assert end is not None
        return end.high95 - end.low95

    assert 1e-6 < width(0.02) < width(0.08)
    for pt in project(series(0.08), 9.0).points:
        if pt.is_projection:
            assert pt.low95 < pt.low80 < pt.central < pt.high80 < pt.high95


def test_other_units_use_the_log_scale() -> None:
    pts = [(2018 + i, 1500.0 * 0.9**i) for i in range(6)]
    p = project(pts, 700.0, unit="")
    assert p.model == projection.TRANSFORM_LOG and "log-linear" in p.method_en
    assert p.at_target_year.central == pytest.approx(1500 * 0.9**12)  # type: ignore[union-attr]
    assert p.at_target_year.high95 > 100  # type: ignore[union-attr]
    assert project([(2020, 3.0), (2021, -1.0), (2022, 2.0), (2023, 2.0)], 1, unit="").reason == (
        projection.REASON_OUT_OF_RANGE
    )


# --------------------------------------------------------------------------- wording


@pytest.mark.parametrize(
    ("p", "key"),
    [
        (1.0, "virtually_certain"),
        (0.99, "virtually_certain"),
        (0.98999, "very_likely"),
        (0.90, "very_likely"),
        (0.89999, "likely"),
        (0.66, "likely"),
        (0.65999, "about_as_likely_as_not"),
        (0.5, "about_as_likely_as_not"),
        (0.33, "about_as_likely_as_not"),
        (0.32999, "unlikely"),
        (0.10, "unlikely"),
        (0.09999, "very_unlikely"),
        (0.01, "very_unlikely"),
        (0.00999, "exceptionally_unlikely"),
        (0.0, "exceptionally_unlikely"),
    ],
)
def test_calibrated_wording_boundaries(p: float, key: str) -> None:
    assert likelihood(p) == key
    row = next(r for r in LIKELIHOOD_SCALE if r[1] == key)
    assert likelihood_label(p, "en") == row[2] and likelihood_label(p, "nl") == row[3]


def test_method_text_gives_window_model_points_and_words_not_a_bare_number(elet) -> None:  # type: ignore[no-untyped-def]
    p = project(elet["NL"], 9.0, 2030)
    en, nl = p.method_en, p.method_nl
    for part in (
        "Projection: logit-linear trend with AR(1) errors (GLS), to 2030. A straight-line trend",
        "fitted to the 5 values of 2021-2025",
        "(2021, flag b)",
        "the progress status compares 5 and 15 years back",
        "first-order autocorrelation 0.3 a year",
        "Student t, 3 degrees of freedom",
        "widened 2.33 times",
        "new policies, shocks and future breaks in the series are not in it",
        "Chance that the 2030 value is below 9 %: very unlikely (the model gives 5 %; on the IPCC "
        "likelihood scale 'very unlikely' stands for 1-10 %).",
    ):
        assert part in en, part
    for part in (
        "Projectie: logit-lineaire trend met AR(1)-fouten (GLS), tot 2030. Een rechte trend",
        "de 5 waarden van 2021-2025",
        "autocorrelatie van de eerste orde 0,3 per jaar",
        "Student-t, 3 vrijheidsgraden",
        "2,33 keer verbreed",
        "Kans dat de waarde in 2030 onder 9 % ligt: zeer onwaarschijnlijk (het model geeft 5 %;",
    ):
        assert part in nl, part
    assert (
        p.chance_label("en") == "very unlikely" and p.chance_label("nl") == "zeer onwaarschijnlijk"
    )
    # No target: no chance sentence at all.
    assert "Chance" not in project(elet["NL"], None).method_en


def test_texts_are_message_ids_rendered_in_any_language(elet) -> None:  # type: ignore[no-untyped-def]
    """The projection keeps codes, numbers and message ids (plain data, JSON-ready), never
    prose: the same message renders in English, Dutch, French and German."""
    cases = [
        project(elet["NL"], 9.0, 2030),
        project([(2024, 7.0), (2025, 7.3, "b")], 9.0),
        project([(2015, 16.7), (2018, 15.8), (2022, 27.4)], 15.0, indicator="LOWACH_MATH"),
    ]
    for p in cases:
        stored = json.loads(json.dumps({"method": p.method, "params": dict(p.reason_params)}))
        assert projection.render(stored["method"], "en") == p.method_en == p.method_in("en")
        assert p.method_in("xx") == p.method_en  # an unknown language: English
        assert p.reason_in("en") == p.reason_en
        if p.reason is not None:
            again = projection.reason_message(p.reason, stored["params"])
            assert projection.render(again, "en") == p.reason_en
        for lang in ("nl", "fr", "de"):
            text = p.method_in(lang)
            assert text and "{" not in text and "}" not in text, (lang, text)
    assert cases[0].reason_in("fr") is None
    assert projection.model_name("logit", "en") == cases[0].model_name_en


# --------------------------------------------------------------------------- Student t


@pytest.mark.parametrize("df", [1, 2, 3, 4, 7, 8, 13])
def test_exact_student_t_matches_tables(df: int) -> None:
    known_975 = {1: 12.7062, 2: 4.3027, 3: 3.1824, 4: 2.7764, 7: 2.3646, 8: 2.3060, 13: 2.1604}
    assert projection._t_ppf_exact(0.975, df) == pytest.approx(known_975[df], abs=1e-4)
    assert projection.t_ppf(0.975, df) == projection._t_ppf_exact(0.975, df)
    for x in (-2.5, -0.3, 0.0, 1.1, 4.0):
        assert projection._t_cdf_exact(x, df) + projection._t_cdf_exact(-x, df) == pytest.approx(1)


def test_student_t_against_scipy_when_installed() -> None:
    stats = pytest.importorskip("scipy.stats")
    for df in (1, 2, 3, 5, 9):
        for x in (-3.0, -0.7, 0.0, 0.4, 2.2):
            assert projection.t_cdf(x, df) == pytest.approx(float(stats.t.cdf(x, df)), abs=1e-10)
            assert projection.t_logpdf(x, df) == pytest.approx(float(stats.t.logpdf(x, df)))


# --------------------------------------------------------------------------- the chart


def test_country_chart_draws_no_band_when_refused_and_keeps_the_axis_within_100(
    elet,
    pisa,  # type: ignore[no-untyped-def]
) -> None:
    from pathways_monitor.web.dashboard.country.figures import indicator_figure

    band_names = {"Trend to 2030", "80 % band", "95 % band"}
    drawn = 0
    for key, points in [*elet.items(), *pisa.items()]:
        frame = pd.DataFrame(
            [{"group": "T", "year": y, "value": v, "flag": f} for y, v, f in points]
        )
        proj = project(points, None, indicator=None if key in elet else key.split()[1])
        fig = indicator_figure(
            frame,
            ["T"],
            {"T": "Total"},
            None,
            eu_target=None,
            national_target=None,
            projection=proj,
            lang="en",
        )
        names = {t.name for t in fig.data}
        if proj.insufficient_data:
            assert not band_names & names, key
        else:
            drawn += 1
            assert band_names <= names, key
            high = max(p.high95 for p in proj.points if p.is_projection)
            assert fig.layout.yaxis.range[1] >= min(high, 100) - 1e-9, key
        low, top = fig.layout.yaxis.range
        assert low == 0 and max(v for _, v, _ in points) < top <= 100, key
    assert drawn >= 60
