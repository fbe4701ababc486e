"""2030 projection: log-linear least squares, prediction bands, probability of meeting a target."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from analysis import projection
from analysis.projection import project

FIX = Path(__file__).parent / "fixtures" / "progress"


def _decline(rate: float, noise: float = 0.0) -> list[tuple[int, float]]:
    """20 % in 2015 changing by ``rate`` a year; ``noise`` alternates x(1+noise), x(1-noise)."""
    return [(2015 + i, 20.0 * (1 + rate) ** i * (1 + noise * (-1) ** i)) for i in range(10)]


def test_perfect_exponential_decline_has_no_band() -> None:
    # 20 * 0.93 ** 15 = 20 * 0.336701 = 6.734 in 2030: far below 9 -> probability 1.
    p = project(_decline(-0.07), 9.0, 2030)
    assert not p.insufficient_data
    assert p.annual_change == pytest.approx(-0.07)
    end = p.at_target_year
    assert end is not None and end.year == 2030 and end.is_projection
    assert end.central == pytest.approx(20 * 0.93**15)
    assert end.high95 / end.low95 - 1 < 1e-6
    assert p.probability_meets_target == pytest.approx(1.0)
    assert p.points[0].year == 2015 and not p.points[9].is_projection and p.points[10].is_projection
    # 20 * 0.95 ** 15 = 20 * 0.463291 = 9.266 in 2030: just above 9 -> probability 0.
    assert project(_decline(-0.05), 9.0).probability_meets_target == pytest.approx(0.0, abs=1e-9)
    # The same series read as higher-is-better: the complement.
    hib = project(_decline(-0.05), 9.0, direction="higher_is_better")
    assert hib.probability_meets_target == pytest.approx(1.0)


def test_noise_widens_the_band() -> None:
    def width(noise: float) -> float:
        end = project(_decline(-0.05, noise), 9.0).at_target_year
        assert end is not None
        return end.high95 / end.low95

    assert 1.0 + 1e-6 < width(0.02) < width(0.08)
    noisy = project(_decline(-0.05, 0.08), 9.0)
    assert 0.05 < noisy.probability_meets_target < 0.95  # type: ignore[operator]
    for pt in noisy.points:  # 95 % band contains the 80 % band contains the trend
        assert pt.low95 < pt.low80 < pt.central < pt.high80 < pt.high95


def test_hand_worked_three_points() -> None:
    # ln values 1, 2, 2 in 2020-2022: mean x 2021, mean y 5/3, Sxx = 2, Sxy = 2/3 + 1/3 = 1
    # slope b = 1/2; fitted 7/6, 5/3, 13/6; residuals -1/6, 1/3, -1/6; SSE = 1/6; df = 1
    # s = sqrt(1/6) = 0.408248; at 2030: fit = 5/3 + 9/2 = 37/6,
    # se = s * sqrt(1 + 1/3 + 81/2) = 0.408248 * 6.467869 = 2.640524
    pts = [(2020, math.e), (2021, math.e**2), (2022, math.e**2)]
    p = project(pts, math.exp(37 / 6))
    assert p.n_points == 3 and p.fit_start == 2020 and p.fit_end == 2022
    assert p.annual_change == pytest.approx(math.exp(0.5) - 1)
    assert p.residual_se == pytest.approx(math.sqrt(1 / 6))
    end = p.at_target_year
    assert end is not None
    assert math.log(end.central) == pytest.approx(37 / 6)
    # t(0.975, 1) = 12.7062: log half-width 12.7062 * 2.640524 = 33.5510
    assert math.log(end.high95) - math.log(end.central) == pytest.approx(33.5510, abs=1e-3)
    # The target equals the central value: an even chance.
    assert p.probability_meets_target == pytest.approx(0.5)
    assert "1 degree of freedom" in p.method_en and "1 vrijheidsgraad" in p.method_nl


def test_too_few_points() -> None:
    p = project([(2022, 10.0), (2023, 9.5), (2012, 12.0)], 9.0)  # 2012 is outside 2014-2023
    assert p.insufficient_data and p.n_points == 2
    assert p.points == () and p.probability_meets_target is None
    assert "at least 3" in p.method_en and "minstens 3" in p.method_nl
    assert project([], 9.0).insufficient_data


def test_pisa_years_and_method_text() -> None:
    pisa = pd.read_csv(FIX / "pisa_low_achievers.csv", keep_default_na=False, na_values=[""])
    nl = pisa[(pisa["geo"] == "NL") & (pisa["indicator"] == "LOWACH_MATH")]
    # Last 10 years from 2022: 2013-2022 -> 2015 (16.7), 2018 (15.8), 2022 (27.4).
    p = project(nl, 15.0, 2030)
    assert (p.n_points, p.fit_start, p.fit_end) == (3, 2015, 2022)
    assert [pt.year for pt in p.points] == list(range(2015, 2031))
    assert p.probability_meets_target is not None and p.probability_meets_target < 0.5
    assert "2015-2022" in p.method_en and "below 15 %" in p.method_en
    assert "onder 15 %" in p.method_nl and "," in p.method_nl.split("(")[1].split("%")[0]
    assert p.break_years == ()


def test_break_years_reported() -> None:
    elet = pd.read_csv(FIX / "elet_national.csv", keep_default_na=False, na_values=[""])
    p = project(elet[elet["geo"] == "EU27_2020"], 9.0)
    assert p.break_years == (2021,) and "2021 (flag b)" in p.method_en
    assert p.fit_start == 2016 and p.n_points == 10


@pytest.mark.parametrize("df", [1, 2, 3, 4, 7, 8, 13])
def test_exact_student_t_matches_tables(df: int) -> None:
    known_975 = {1: 12.7062, 2: 4.3027, 3: 3.1824, 4: 2.7764, 7: 2.3646, 8: 2.3060, 13: 2.1604}
    assert projection._t_ppf_exact(0.975, df) == pytest.approx(known_975[df], abs=1e-4)
    for x in (-2.5, -0.3, 0.0, 1.1, 4.0):
        assert projection._t_cdf_exact(x, df) == pytest.approx(projection.t_cdf(x, df), abs=1e-10)
        assert projection._t_cdf_exact(x, df) + projection._t_cdf_exact(-x, df) == pytest.approx(1)
