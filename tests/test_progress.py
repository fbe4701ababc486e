"""Eurostat progress assessment: hand-worked examples, window rule, edge cases, batch = single."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from analysis.progress import (
    PROGRESS_CLASSES,
    ProgressAssessment,
    assess,
    assess_both,
    assess_frame,
    format_number,
    to_points,
)

FIX = Path(__file__).parent / "fixtures" / "progress"
LOWER = "lower_is_better"
HIGHER = "higher_is_better"


def _read(name: str) -> pd.DataFrame:
    return pd.read_csv(FIX / name, keep_default_na=False, na_values=[""])


# Base used by the four classic cases: 12.0 % in 2019, target below 9 % in 2030.
# CAGR_r = (9 / 12) ** (1 / (2030 - 2019)) - 1 = exp(ln(0.75) / 11) - 1
#        = exp(-0.287682 / 11) - 1 = exp(-0.026153) - 1 = -0.025814
CAGR_R_12 = -0.025814


def test_falling_series_on_track() -> None:
    # CAGR_o = (10.0 / 12.0) ** (1/5) - 1 = exp(-0.182322 / 5) - 1 = exp(-0.036464) - 1 = -0.035807
    # R = -0.035807 / -0.025814 = 1.3871 >= 0.95 -> on track
    a = assess([(2019, 12.0), (2024, 10.0)], 9.0, 2030, LOWER, "short")
    assert a.base_year == 2019 and a.latest_year == 2024
    assert a.cagr_observed == pytest.approx(-0.035807, abs=1e-6)
    assert a.cagr_required == pytest.approx(CAGR_R_12, abs=1e-6)
    assert a.ratio == pytest.approx(1.3871, abs=1e-4)
    assert a.distance_to_target == pytest.approx(1.0)
    assert a.progress_class == "on_track"


def test_moderate_progress() -> None:
    # CAGR_o = (11 / 12) ** (1/5) - 1 = exp(-0.087011 / 5) - 1 = -0.017252
    # R = 0.017252 / 0.025814 = 0.6683, in [0.60, 0.95) -> moderate
    a = assess([(2019, 12.0), (2024, 11.0)], 9.0, 2030, LOWER)
    assert a.ratio == pytest.approx(0.6683, abs=1e-4)
    assert a.progress_class == "moderate"


def test_insufficient_progress() -> None:
    # CAGR_o = (11.7 / 12) ** (1/5) - 1 = exp(-0.025318 / 5) - 1 = -0.005051
    # R = 0.005051 / 0.025814 = 0.1957, in [0, 0.60) -> insufficient
    a = assess([(2019, 12.0), (2024, 11.7)], 9.0, 2030, LOWER)
    assert a.ratio == pytest.approx(0.1957, abs=1e-4)
    assert a.progress_class == "insufficient"


def test_moving_away() -> None:
    # CAGR_o = (12.6 / 12) ** (1/5) - 1 = exp(0.048790 / 5) - 1 = +0.009806
    # R = 0.009806 / -0.025814 = -0.3799 < 0 -> away
    a = assess([(2019, 12.0), (2024, 12.6)], 9.0, 2030, LOWER)
    assert a.ratio == pytest.approx(-0.3799, abs=1e-4)
    assert a.progress_class == "away"


def test_target_already_met_is_strictly_below() -> None:
    met = assess([(2019, 12.0), (2024, 8.9)], 9.0)
    assert met.progress_class == "achieved"
    assert met.distance_to_target == pytest.approx(-0.1)
    assert "already meets" in met.explanation_en and "doel bereikt" in met.explanation_nl
    # "below 9 %": 9.0 itself is not met ("lt"), but it is with the "le" operator.
    at = assess([(2019, 12.0), (2024, 9.0)], 9.0)
    # R = ((9/12) ** (1/5) - 1) / CAGR_r = (exp(-0.287682 / 5) - 1) / -0.025814
    #   = -0.055913 / -0.025814 = 2.166 -> on track, not achieved
    assert at.ratio == pytest.approx(2.166, abs=1e-3)
    assert at.progress_class == "on_track"
    assert assess([(2019, 12.0), (2024, 9.0)], 9.0, operator="le").progress_class == "achieved"


def test_achieved_needs_only_the_latest_value() -> None:
    a = assess([(2024, 7.5)], 9.0)
    assert a.progress_class == "achieved"
    assert a.base_year is None and a.cagr_observed is None


def test_too_few_points_in_window() -> None:
    # Short window from 2024 starts at 2019: the 2018 value is outside it.
    pts = [(2018, 12.0), (2024, 10.0)]
    short = assess(pts, 9.0, window="short")
    assert short.progress_class == "insufficient_data"
    assert short.base_year is None and short.ratio is None
    assert short.latest_value == 10.0 and short.distance_to_target == pytest.approx(1.0)
    assert "Only one value (2024)" in short.explanation_en
    assert "Slechts één waarde (2024)" in short.explanation_nl
    # The long window (from 2009) does contain 2018.
    assert assess(pts, 9.0, window="long").base_year == 2018
    empty = assess([], 9.0)
    assert empty.progress_class == "insufficient_data" and empty.latest_year is None


def test_zero_value_makes_cagr_undefined() -> None:
    a = assess([(2019, 0.0), (2024, 10.0)], 9.0)
    assert a.progress_class == "insufficient_data"
    assert a.cagr_observed is None
    assert "zero" in a.explanation_en


def test_base_already_met_then_lost_is_away() -> None:
    # 8.5 (2019) met "below 9"; 9.5 (2024) does not. CAGR_r would be positive (9/8.5 > 1), so
    # the plain ratio would be positive and misleading: the class is "away", ratio None.
    a = assess([(2019, 8.5), (2024, 9.5)], 9.0)
    assert a.progress_class == "away"
    assert a.ratio is None and a.cagr_required == pytest.approx((9 / 8.5) ** (1 / 11) - 1)
    assert "already met" in a.explanation_en
    # Stuck exactly at a strict threshold: no movement, not met -> insufficient.
    assert assess([(2019, 9.0), (2024, 9.0)], 9.0).progress_class == "insufficient"


def test_pisa_irregular_years_use_real_gaps() -> None:
    pisa = _read("pisa_low_achievers.csv")
    nl = pisa[(pisa["geo"] == "NL") & (pisa["indicator"] == "LOWACH_READ")]
    nl = nl[nl["year"] >= 2009]  # 2009 14.3 b, 2012 14.0, 2015 18.1, 2018 24.1 b, 2022 34.6
    short = assess(nl, 15.0, 2030, LOWER, "short")
    # 2022 - 5 = 2017; first year with data >= 2017 is 2018: gap 4 years, not 3 or 5.
    # CAGR_o = (34.6 / 24.1) ** (1/4) - 1 = exp(0.361639 / 4) - 1 = 0.094623
    # CAGR_r = (15 / 24.1) ** (1/12) - 1 = exp(-0.474168 / 12) - 1 = -0.038743; R = -2.442
    assert (short.base_year, short.base_value) == (2018, 24.1)
    assert short.cagr_observed == pytest.approx(0.094623, abs=1e-6)
    assert short.cagr_required == pytest.approx(-0.038743, abs=1e-6)
    assert short.ratio == pytest.approx(-2.442, abs=1e-3)
    assert short.progress_class == "away"
    assert not short.break_in_window  # the 'b' of 2018 is on the base year itself
    long = assess(nl, 15.0, 2030, LOWER, "long")
    # 2022 - 15 = 2007 -> 2009 (13 years). 14.3 already met "below 15" in 2009 -> away.
    assert long.base_year == 2009
    assert long.cagr_observed == pytest.approx((34.6 / 14.3) ** (1 / 13) - 1)
    assert long.progress_class == "away" and long.ratio is None
    assert long.break_years == (2018,) and long.break_in_window


def test_break_flag_in_window() -> None:
    pts = [
        (2018, 13.0, "b"),
        (2019, 12.4, "b"),
        (2021, 11.0, "bu"),
        (2023, None, "b"),
        (2024, 10.3),
    ]
    a = assess(pts, 9.0)
    # base 2019: its own 'b' and 2018's are not "after the base"; 2023 has no value.
    assert a.break_years == (2021,) and a.break_in_window
    # ln(10.3/12.4) / 5 = -0.037111 -> CAGR_o = -0.036431 (3.6 % a year)
    # ln(9/12.4) / 11 = -0.029134 -> CAGR_r = -0.028714 (2.9 % a year); R = 1.2688
    assert a.explanation_en == (
        "From 2019 (12.4 %) to 2024 (10.3 %) the value fell by 3.6 % a year; to meet the 2030 "
        "target (below 9 %) it needed to fall by 2.9 % a year: ratio 1.27, on track. Note: break "
        "in series in 2021 (flag b); values before and after it are not fully comparable."
    )
    assert a.explanation_nl.startswith(
        "Van 2019 (12,4 %) tot 2024 (10,3 %) daalde de waarde met 3,6 % per jaar; om het doel "
        "voor 2030 te halen (onder 9 %) was een daling van 2,9 % per jaar nodig: verhouding 1,27, "
        "op koers. Let op: breuk in de tijdreeks in 2021"
    )
    assert not assess([(2019, 12.4), (2024, 10.3)], 9.0).break_in_window


def test_higher_is_better() -> None:
    # CAGR_o = 1.1 ** (1/5) - 1 = 0.019245; CAGR_r = 1.2 ** (1/11) - 1 = 0.016713; R = 1.1515
    up = assess([(2019, 50.0), (2024, 55.0)], 60.0, 2030, HIGHER)
    assert up.ratio == pytest.approx(1.1515, abs=1e-4)
    assert up.progress_class == "on_track"
    assert "above 60 %" in up.explanation_en and "rise by 1.7 %" in up.explanation_en
    down = assess([(2019, 50.0), (2024, 48.0)], 60.0, 2030, HIGHER)
    assert down.progress_class == "away"
    assert assess([(2019, 50.0), (2024, 61.0)], 60.0, 2030, HIGHER).progress_class == "achieved"


def test_inputs_series_tuples_and_frame_agree() -> None:
    series = pd.Series({2019: 12.0, 2020: float("nan"), 2024: 10.0})
    tuples = [(2019, 12.0, None), (2020, None, "b"), (2024, 10.0, "")]
    frame = pd.DataFrame({"year": [2024, 2019], "value": [10.0, 12.0], "flag": [None, "e"]})
    results = [assess(x, 9.0) for x in (series, tuples, frame)]
    assert {r.ratio for r in results} == {results[0].ratio}
    assert to_points(tuples) == [(2019, 12.0, None), (2024, 10.0, None)]


def test_assess_both_and_validation() -> None:
    both = assess_both([(2005, 20.0), (2010, 16.0), (2020, 11.0), (2024, 10.0)], 9.0)
    assert set(both) == {"short", "long"}
    assert both["short"].base_year == 2020 and both["long"].base_year == 2010
    # long: 2024 - 15 = 2009 -> base 2010 (16.0), 14 years
    # CAGR_o = exp(ln(10/16) / 14) - 1 = exp(-0.033572) - 1 = -0.033015
    # CAGR_r = exp(ln(9/16) / 20) - 1 = exp(-0.028768) - 1 = -0.028358; R = 1.1642
    as_json = both["long"].as_dict()
    assert as_json["ratio"] == pytest.approx(1.1642, abs=1e-4)
    assert as_json["progress_class"] == "on_track" and as_json["break_years"] == []
    with pytest.raises(ValueError):
        assess([(2019, 1.0)], 9.0, direction="down")
    with pytest.raises(ValueError):
        assess([(2019, 1.0)], 9.0, window="medium")
    with pytest.raises(ValueError):
        assess([(2019, 1.0)], 9.0, direction=LOWER, operator="gt")


def test_real_elet_classes() -> None:
    elet = _read("elet_national.csv")

    def cls(geo: str, window: str) -> ProgressAssessment:
        return assess(elet[elet["geo"] == geo], 9.0, 2030, LOWER, window)

    eu = cls("EU27_2020", "short")  # 10.0 (2020) -> 9.1 (2025)
    assert (eu.base_year, eu.latest_year, eu.progress_class) == (2020, 2025, "on_track")
    assert eu.break_years == (2021,)
    assert cls("ES", "short").progress_class == "moderate"  # 16.0 -> 12.8, R = 0.78
    assert cls("RO", "short").progress_class == "insufficient"  # 15.6 -> 15.5
    assert cls("NL", "short").progress_class == "achieved"  # 7.4 in 2025
    assert cls("ES", "short").latest_flag == "d"


def test_frame_equals_single_series() -> None:
    elet = _read("elet_national.csv")
    pisa = _read("pisa_low_achievers.csv")
    obs = pd.concat(
        [
            elet,
            pisa,
            pd.DataFrame(
                [{"indicator": "NATX", "geo": "NL", "year": 2024, "value": 1.0, "flag": None}]
            ),
        ]
    )
    targets = {"ELET": 9.0, "LOWACH_READ": 15.0, "LOWACH_MATH": 15.0, "NATX": None}
    directions = dict.fromkeys(targets, LOWER)
    for window in ("short", "long"):
        out = assess_frame(obs, targets, directions, window)
        assert "NATX" not in set(out["indicator"])  # no target: left out
        assert len(out) == obs[obs["indicator"] != "NATX"].groupby(["indicator", "geo"]).ngroups
        assert set(out["progress_class"]) <= set(PROGRESS_CLASSES)
        for row in out.itertuples(index=False):
            sub = obs[(obs["indicator"] == row.indicator) & (obs["geo"] == row.geo)]
            one = assess(sub, targets[row.indicator], 2030, LOWER, window)
            assert row.progress_class == one.progress_class
            assert (None if pd.isna(row.base_year) else int(row.base_year)) == one.base_year
            assert row.latest_year == one.latest_year
            assert row.break_years == one.break_years
            for name in ("ratio", "cagr_observed", "cagr_required", "distance_to_target"):
                single = getattr(one, name)
                batch = getattr(row, name)
                assert (single is None and math.isnan(batch)) or batch == pytest.approx(single)
            assert row.explanation_en == one.explanation_en
            assert row.explanation_nl == one.explanation_nl


def test_frame_without_flags_and_missing_direction() -> None:
    obs = pd.DataFrame(
        {"indicator": ["ELET"] * 2, "geo": ["NL"] * 2, "year": [2019, 2024], "value": [12.0, 10.0]}
    )
    out = assess_frame(obs, {"ELET": 9.0}, {"ELET": LOWER})
    assert out.loc[0, "progress_class"] == "on_track" and not out.loc[0, "break_in_window"]
    with pytest.raises(ValueError):
        assess_frame(obs, {"ELET": 9.0}, {})
    assert assess_frame(obs.iloc[0:0], {"ELET": 9.0}, {"ELET": LOWER}).empty


def test_format_number() -> None:
    assert format_number(9.0) == "9"
    assert format_number(10.25, "nl") == "10,25"
    assert format_number(-0.001) == "0"
