"""Eurostat progress assessment: hand-worked examples, window rule, edge cases, batch = single."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

import pathways_monitor.analysis.progress as progress
from pathways_monitor.analysis.progress import (
    MAX_AGE_YEARS,
    MIN_SPAN_YEARS,
    PROGRESS_CLASSES,
    ProgressAssessment,
    assess,
    assess_both,
    assess_frame,
    format_number,
    strip_negative_zero,
    to_points,
)
from pathways_monitor.presentation.theme import progress_label
from pathways_monitor.reports import semester_text as st

FIX = Path(__file__).parent / "fixtures" / "progress"
LOWER = "lower_is_better"
HIGHER = "higher_is_better"


def _read(name: str) -> pd.DataFrame:
    return pd.read_csv(FIX / name, keep_default_na=False, na_values=[""])


@pytest.fixture(autouse=True)
def _assessed_in_2026(monkeypatch: pytest.MonkeyPatch) -> None:
    """The staleness rule depends on the year of the assessment: pin it, so the hand-worked
    examples below (latest years 2022-2025) give the same answer in any year."""
    monkeypatch.setattr(progress, "current_year", lambda: 2026)


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


def test_achieved_needs_a_trend_beside_it() -> None:
    # Changed with issue 11: this test used to say "achieved needs only the latest value". A
    # met target is now shown only with the observed trend beside it, so one value is too
    # short a series for any class.
    single = assess([(2024, 7.5)], 9.0)
    assert single.progress_class == "insufficient_data"
    assert single.insufficient_reason == "too_short"
    assert single.base_year is None and single.cagr_observed is None
    assert single.label() == "not enough data – calculation not possible (series too short)"
    # 8.0 (2019) -> 7.5 (2024): met, and falling: no qualifier.
    met = assess([(2019, 8.0), (2024, 7.5)], 9.0)
    assert met.progress_class == "achieved" and met.moving_away is False
    assert met.trend == pytest.approx((7.5 / 8.0) ** (1 / 5) - 1)
    assert met.label() == "target achieved" and met.label("nl") == "doel bereikt"


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
    # Stuck exactly at a strict threshold: no movement, not met -> insufficient. (Its sentence
    # used to say "in 2019 the value already met the target"; 9.0 is not below 9 %.)
    stuck = assess([(2019, 9.0), (2024, 9.0)], 9.0)
    assert stuck.progress_class == "insufficient"
    assert stuck.explanation_en == (
        "From 2019 (9 %) to 2024 (9 %) the value did not change; it stays exactly at the "
        "threshold (9 %), not below 9 %, so the 2030 target is not met: insufficient progress."
    )
    assert "already" not in stuck.explanation_en


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
    nl = cls("NL", "short")  # 7.0 (2020) -> 7.4 (2025): met, but rising
    assert nl.progress_class == "achieved" and nl.moving_away is True
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
            assert row.moving_away == one.moving_away
            assert row.insufficient_reason == one.insufficient_reason


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


# --------------------------------------------------------------------------- issue 11: status
# Real values, copied from /work/shared/data (Eurostat edat_lfse_14 T/POP, edat_lfse_16,
# sdg_04_40); written out here so the test does not depend on that folder.

LV_ELET = [
    (2010, 12.9, None),
    (2011, 11.6, None),
    (2012, 10.6, None),
    (2013, 9.8, None),
    (2014, 8.5, "b"),
    (2015, 9.9, None),
    (2016, 10.0, None),
    (2017, 8.6, None),
    (2018, 8.3, None),
    (2019, 8.7, None),
    (2020, 7.2, None),
    (2021, 7.3, "b"),
    (2022, 6.7, None),
    (2023, 7.7, None),
    (2024, 7.9, None),
    (2025, 8.8, None),
]
NL_ELET = [
    (2010, 10.1, None),
    (2011, 9.2, None),
    (2012, 8.9, None),
    (2013, 9.3, "b"),
    (2014, 8.7, "b"),
    (2015, 8.2, None),
    (2016, 8.0, None),
    (2017, 7.1, None),
    (2018, 7.3, None),
    (2019, 7.5, "b"),
    (2020, 7.0, None),
    (2021, 5.1, "b"),
    (2022, 5.6, None),
    (2023, 6.2, None),
    (2024, 7.0, None),
    (2025, 7.4, None),
]
BA_ELET = [
    (2021, 4.7, "b"),
    (2022, 3.6, None),
    (2023, 4.2, None),
    (2024, 3.8, None),
    (2025, 3.0, None),
]
# IE01 (NUTS 2013 "Border, Midland and Western", discontinued): edat_lfse_16 ends in 2011.
IE01_ELET = [
    (2002, 17.4, None),
    (2003, 14.6, None),
    (2004, 14.3, "b"),
    (2005, 14.3, None),
    (2006, 14.7, "b"),
    (2007, 13.8, "b"),
    (2008, 13.5, None),
    (2009, 12.8, None),
    (2010, 13.0, None),
    (2011, 12.9, None),
]
FI_MATH = [
    (2003, 6.8),
    (2006, 6.0),
    (2009, 7.9),
    (2012, 12.3),
    (2015, 13.6),
    (2018, 15.0),
    (2022, 24.9),
]
MT_READ = [(2009, 36.3, "b"), (2015, 35.6, None), (2018, 35.9, "b"), (2022, 36.3, None)]


def test_lv_met_but_moving_away_keeps_achieved_with_the_trend_beside_it() -> None:
    # 7.2 (2020) -> 8.8 (2025): still below 9 %, 0.2 points from it, but rising.
    # CAGR_o = exp(ln(8.8 / 7.2) / 5) - 1 = exp(0.200671 / 5) - 1 = exp(0.040134) - 1 = 0.040950
    a = assess(LV_ELET, 9.0, 2030, LOWER, "short", indicator="ELET")
    assert a.progress_class == "achieved"  # the API class stays "achieved"
    assert (a.base_year, a.latest_year) == (2020, 2025)
    assert a.distance_to_target == pytest.approx(-0.2)
    assert a.trend == a.cagr_observed == pytest.approx(0.040950, abs=1e-6)
    assert a.moving_away is True and a.insufficient_reason is None
    assert a.label("en") == "target achieved, but moving away: +4.1 %/yr"
    assert a.label("nl") == "doel bereikt, maar beweegt ervan weg: +4,1 %/jaar"
    assert a.explanation_en.startswith(
        "From 2020 (7.2 %) to 2025 (8.8 %) the value rose by 4.1 % a year. The latest value "
        "(8.8 %, 2025) already meets the 2030 target (below 9 %): target achieved, but moving "
        "away: +4.1 %/yr."
    )
    assert "doel bereikt, maar beweegt ervan weg: +4,1 %/jaar." in a.explanation_nl
    # The same wording through the label functions of the pages and of the Semester report.
    assert progress_label("achieved", "en", a) == "★ Target met, but moving away: +4.1 %/yr"
    assert (
        progress_label("achieved", "nl", a) == "★ Doel gehaald, maar beweegt ervan weg: +4,1 %/jaar"
    )
    assert progress_label("achieved", "en") == "★ Target met"  # legend: the class alone
    assert st.progress_label(a, "en") == "target achieved, but moving away: +4.1 %/yr"
    assert st.progress_label("achieved", "en") == "target achieved"
    # Long term: 12.9 (2010) -> 8.8 (2025) fell (-2.5 % a year): met, no qualifier.
    long = assess(LV_ELET, 9.0, 2030, LOWER, "long", indicator="ELET")
    assert long.progress_class == "achieved" and long.moving_away is False
    assert long.trend == pytest.approx((8.8 / 12.9) ** (1 / 15) - 1)
    assert long.label() == "target achieved"


def test_nl_national_target_met_but_rising() -> None:
    # National target 7.5 %: 7.4 (2025) is below it, but up from 7.0 (2020).
    # CAGR_o = exp(ln(7.4 / 7.0) / 5) - 1 = exp(0.055570 / 5) - 1 = 0.011176 (+1.1 % a year)
    a = assess(NL_ELET, 7.5, 2030, LOWER, "short", indicator="ELET")
    assert a.progress_class == "achieved" and a.moving_away is True
    assert a.trend == pytest.approx(0.011176, abs=1e-6)
    assert a.label() == "target achieved, but moving away: +1.1 %/yr"
    assert "(below 7.5 %): target achieved, but moving away: +1.1 %/yr." in a.explanation_en
    # Long term 10.1 (2010) -> 7.4: falling, met, plain label.
    long = assess(NL_ELET, 7.5, 2030, LOWER, "long", indicator="ELET")
    assert (long.base_year, long.progress_class, long.moving_away) == (2010, "achieved", False)


def test_ba_long_term_from_a_four_year_span_is_not_possible() -> None:
    both = assess_both(BA_ELET, 9.0, 2030, LOWER, indicator="ELET")
    # Short term: 2021 -> 2025 is 4 years >= 3: assessed (met, falling).
    assert both["short"].progress_class == "achieved" and both["short"].moving_away is False
    long = both["long"]
    # Long term: the same 4 years, but at least 10 are needed.
    assert (long.base_year, long.latest_year) == (2021, 2025)
    assert long.progress_class == "insufficient_data"
    assert long.insufficient_reason == "too_short" and long.min_span_years == 10
    assert long.ratio is None and long.moving_away is None
    assert long.explanation_en == (
        "The values from 2021 (4.7 %) to 2025 (3 %) span 4 years; the long-term (15-year) "
        "assessment needs at least 10 years: not enough data – calculation not possible "
        "(series too short)."
    )
    assert long.explanation_nl == (
        "De waarden van 2021 (4,7 %) tot 2025 (3 %) beslaan 4 jaar; de beoordeling op lange "
        "termijn (15 jaar) vraagt er minstens 10: onvoldoende gegevens – berekening niet "
        "mogelijk (reeks te kort)."
    )
    assert (
        progress_label(long.progress_class, "en", long)
        == "? Too little data – calculation not possible (series too short)"
    )
    assert st.progress_label(long, "nl") == (
        "onvoldoende gegevens – berekening niet mogelijk (reeks te kort)"
    )


def test_minimum_spans() -> None:
    assert MIN_SPAN_YEARS == {"short": 3, "long": 10}
    # Short term: 2 years is too short, 3 is enough.
    assert assess([(2023, 10.0), (2025, 9.5)], 9.0).insufficient_reason == "too_short"
    assert assess([(2022, 10.0), (2025, 9.5)], 9.0).progress_class == "on_track"
    # PISA long term from 2015, 2018, 2022: 7 years, below 10.
    pisa = assess([(2015, 20.0), (2018, 19.0), (2022, 18.0)], 15.0, window="long")
    assert (pisa.base_year, pisa.insufficient_reason) == (2015, "too_short")
    # "1 year" in the singular.
    one = assess([(2024, 10.0), (2025, 9.5)], 9.0)
    assert "span 1 year;" in one.explanation_en


def test_ie01_ending_2011_is_too_old() -> None:
    a = assess(IE01_ELET, 9.0, 2030, LOWER, "short", indicator="ELET", as_of=2026)
    assert a.progress_class == "insufficient_data" and a.insufficient_reason == "too_old"
    assert (a.latest_year, a.max_age_years, a.as_of_year) == (2011, 4, 2026)
    assert a.ratio is None
    assert a.explanation_en == (
        "The latest value (12.9 %) is from 2011, more than 4 years before 2026: not enough "
        "data – calculation not possible (series too old)."
    )
    assert a.explanation_nl == (
        "De laatste waarde (12,9 %) is van 2011, meer dan 4 jaar vóór 2026: onvoldoende "
        "gegevens – berekening niet mogelijk (reeks te oud)."
    )
    assert a.label() == "not enough data – calculation not possible (series too old)"
    # Made in 2015 the same series was 4 years old: assessed (14.7 in 2006 -> 12.9 in 2011).
    then = assess(IE01_ELET, 9.0, 2030, LOWER, "short", indicator="ELET", as_of=2015)
    assert then.progress_class not in ("insufficient_data", "achieved")
    # The year of the assessment defaults to this year (pinned to 2026 in these tests).
    assert assess(IE01_ELET, 9.0).insufficient_reason == "too_old"


def test_staleness_limits_per_indicator() -> None:
    assert MAX_AGE_YEARS == {"ELET": 4, "LOWACH_READ": 6, "LOWACH_MATH": 6, "LOWACH_SCI": 6}
    elet = [(2017, 12.0), (2022, 10.0)]
    assert assess(elet, 9.0, indicator="ELET", as_of=2026).progress_class == "on_track"
    assert assess(elet, 9.0, indicator="ELET", as_of=2027).insufficient_reason == "too_old"
    pisa = [(2018, 24.0), (2022, 20.0)]
    assert assess(pisa, 15.0, indicator="LOWACH_READ", as_of=2028).progress_class != (
        "insufficient_data"
    )
    assert assess(pisa, 15.0, indicator="LOWACH_READ", as_of=2029).insufficient_reason == (
        "too_old"
    )
    # Without an indicator a series is treated as yearly data (the ELET limit)...
    assert assess(pisa, 15.0, as_of=2027).insufficient_reason == "too_old"
    # ...unless a frame says which indicator it is.
    frame = pd.DataFrame({"indicator": "LOWACH_READ", "year": [2018, 2022], "value": [24.0, 20.0]})
    assert assess(frame, 15.0, as_of=2027).max_age_years == 6
    # A met target from a stale series is not "achieved" either.
    assert assess([(2005, 8.0), (2010, 7.0)], 9.0).insufficient_reason == "too_old"


def test_fi_maths_base_exactly_15_is_not_below_15() -> None:
    short = assess(FI_MATH, 15.0, 2030, LOWER, "short", indicator="LOWACH_MATH")
    # 2022 - 5 = 2017 -> base 2018 (15.0), 4 years. "Below 15 %" is strict: 15.0 is not met,
    # CAGR_r = 0 (no change needed to reach 15), so no ratio; the value rose: moving away.
    # CAGR_o = exp(ln(24.9 / 15) / 4) - 1 = exp(0.506818 / 4) - 1 = 0.135081
    assert (short.base_year, short.base_value) == (2018, 15.0)
    assert short.cagr_observed == pytest.approx(0.135081, abs=1e-6)
    assert short.cagr_required == 0.0 and short.ratio is None
    assert short.progress_class == "away"
    assert short.explanation_en == (
        "From 2018 (15 %) to 2022 (24.9 %) the value rose by 13.5 % a year; in 2018 the value "
        "(15 %) was exactly at the threshold, not below 15 %, and it has moved away from the "
        "2030 target since: moving away from the target."
    )
    assert "already" not in short.explanation_en and " al " not in short.explanation_nl
    # With "at most 15 %" the 2018 value did meet the target: then it was lost.
    at_most = assess(FI_MATH, 15.0, 2030, LOWER, "short", operator="le")
    assert at_most.progress_class == "away"
    assert "in 2018 the value already met the 2030 target (at most 15 %)" in at_most.explanation_en


def test_mt_reading_and_no_negative_zero_ratio() -> None:
    short = assess(MT_READ, 15.0, 2030, LOWER, "short", indicator="LOWACH_READ")
    # base 2018 (35.9) -> 2022 (36.3): CAGR_o = exp(ln(36.3/35.9) / 4) - 1 = 0.002774
    # CAGR_r = exp(ln(15/35.9) / 12) - 1 = exp(-0.872694 / 12) - 1 = -0.070143; R = -0.0395
    assert short.ratio == pytest.approx(-0.0395, abs=1e-4)
    assert short.progress_class == "away"
    assert "ratio -0.04, moving away from the target." in short.explanation_en
    long = assess(MT_READ, 15.0, 2030, LOWER, "long", indicator="LOWACH_READ")
    # base 2009 (36.3) -> 2022 (36.3): no change, CAGR_o = 0; CAGR_r = (15/36.3)^(1/21) - 1
    # = exp(-0.883768 / 21) - 1 = -0.041211. R = 0 / -0.041211 is a negative zero in floats:
    # it used to print "ratio -0.00".
    assert long.base_year == 2009 and long.cagr_observed == 0.0
    assert long.cagr_required == pytest.approx(-0.041211, abs=1e-6)
    assert long.ratio == 0.0 and math.copysign(1.0, long.ratio) == 1.0
    assert long.progress_class == "insufficient"
    assert long.explanation_en == (
        "From 2009 (36.3 %) to 2022 (36.3 %) the value did not change; to meet the 2030 target "
        "(below 15 %) it needed to fall by 4.1 % a year: ratio 0.00, insufficient progress. "
        "Note: break in series in 2018 (flag b); values before and after it are not fully "
        "comparable."
    )
    assert "verhouding 0,00, onvoldoende vooruitgang." in long.explanation_nl
    assert "-0" not in long.explanation_en + long.explanation_nl


def test_negative_zero_formatting() -> None:
    assert format_number(-0.0) == "0"
    assert format_number(-0.001) == "0" and format_number(-0.004, "nl") == "0"
    assert format_number(-0.0049, decimals=3) == "-0.005"
    assert format_number(-0.001, decimals=0) == "0"
    assert strip_negative_zero("-0.00") == "0.00" and strip_negative_zero("-0.01") == "-0.01"
    assert st.fmt_number(-0.001, "en") == "0.0" and st.fmt_number(-0.04, "nl", 1) == "0,0"
    assert st.fmt_signed(-0.01, "en") == "±0.0 pp" and st.fmt_signed(-0.2, "nl") == "−0,2 pp"


def test_issue_11_cases_frame_equals_single_series() -> None:
    rows = []
    for indicator, geo, points in (
        ("ELET", "LV", LV_ELET),
        ("ELET", "BA", BA_ELET),
        ("ELET", "IE01", IE01_ELET),
        ("LOWACH_MATH", "FI", [(y, v, None) for y, v in FI_MATH]),
        ("LOWACH_READ", "MT", MT_READ),
        ("LOWACH_READ", "LU", [(2012, 22.2, None), (2015, 25.6, None), (2018, 29.3, "b")]),
    ):
        rows += [
            {"indicator": indicator, "geo": geo, "year": y, "value": v, "flag": f}
            for y, v, f in points
        ]
    obs = pd.DataFrame(rows)
    targets = {"ELET": 9.0, "LOWACH_READ": 15.0, "LOWACH_MATH": 15.0}
    directions = dict.fromkeys(targets, LOWER)
    for window in ("short", "long"):
        out = assess_frame(obs, targets, directions, window).set_index("geo")
        for geo, row in out.iterrows():
            sub = obs[obs["geo"] == geo]
            one = assess(sub, targets[row["indicator"]], 2030, LOWER, window)
            assert row["progress_class"] == one.progress_class, (geo, window)
            assert row["insufficient_reason"] == one.insufficient_reason, (geo, window)
            assert row["moving_away"] == one.moving_away, (geo, window)
            assert row["max_age_years"] == one.max_age_years
            assert row["explanation_en"] == one.explanation_en
            assert row["explanation_nl"] == one.explanation_nl
            # A frame row works with the label function too.
            assert progress_label(row["progress_class"], "en", row) == progress_label(
                one.progress_class, "en", one
            )
        assert out.loc["IE01", "insufficient_reason"] == "too_old"
        assert out.loc["LU", "insufficient_reason"] == "too_old"  # 2018: 8 years before 2026
        assert out.loc["LV", "moving_away"] is (window == "short")  # 2020-2025 up, 2010-2025 down
    long = assess_frame(obs, targets, directions, "long").set_index("geo")
    assert long.loc["BA", "insufficient_reason"] == "too_short"


def test_api_progress_object_adds_the_trend_fields() -> None:
    from pathways_monitor.web.api.serializers import progress_dict

    a = assess(LV_ELET, 9.0, 2030, LOWER, "short", indicator="ELET")
    body = progress_dict(
        a, indicator="ELET", geo="LV", sex="T", target_scope="eu", target_operator="lt"
    )
    assert body["class"] == "achieved"  # the class values are unchanged
    assert body["trend"] == a.cagr_observed and body["moving_away"] is True
    assert body["class_label"] == "target achieved, but moving away: +4.1 %/yr"
    assert body["insufficient_reason"] is None
    assert (body["min_span_years"], body["max_age_years"], body["as_of_year"]) == (3, 4, 2026)
    ba = assess_both(BA_ELET, 9.0, indicator="ELET")["long"]
    body = progress_dict(
        ba, indicator="ELET", geo="BA", sex="T", target_scope="eu", target_operator="lt"
    )
    assert (body["class"], body["insufficient_reason"], body["ratio"]) == (
        "insufficient_data",
        "too_short",
        None,
    )
    assert set(a.as_dict()) >= {"trend", "moving_away", "insufficient_reason", "label_en"}


@pytest.mark.parametrize(("lang", "words"), [("fr", ("2,9 %", "1,27")), ("de", ("2,9 %", "1,27"))])
def test_explanations_in_french_and_german(lang: str, words: tuple[str, ...]) -> None:
    """The assessment keeps its explanation as a message id with numbers, so the pages and the
    Semester report give it in French and German too (decimal commas), not in English."""
    from pathways_monitor.analysis.progress import explained

    a = assess([(2019, 12.4, "b"), (2021, 11.0, "bu"), (2023, None, "b"), (2024, 10.3)], 9.0)
    assert explained(a, "en") == a.explanation_en and explained(a, "nl") == a.explanation_nl
    text = explained(a, lang)
    assert all(w in text for w in (*words, "2019", "2024", "2030")), text
    assert not any(w in text for w in ("a year", "to meet", "on track", "Note:")), text


def test_class_labels_and_qualifiers_come_from_the_catalogs() -> None:
    """Page labels, report labels and their qualifiers in French and German (not English)."""
    from pathways_monitor.analysis.progress import class_label, label_qualifier

    assert progress_label("on_track", "fr") == "▲ En bonne voie"
    assert progress_label("on_track", "nl") == "▲ Op koers"
    assert class_label("achieved", "de") == "Ziel erreicht"
    too_short = label_qualifier("insufficient_data", "de", reason="too_short")
    assert too_short and "series too short" not in too_short
    away = label_qualifier("achieved", "fr", moving_away=True, trend=0.041)
    assert "+4,1" in away and "moving away" not in away
