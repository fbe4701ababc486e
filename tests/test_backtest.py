"""Backtest of the projection on the real series; the figures in docs/progress-method.md."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from pathways_monitor.analysis import backtest as bt
from pathways_monitor.analysis.projection import (
    AR1_RHO,
    BAND_SCALE,
    CADENCE_ANNUAL,
    CADENCE_SURVEY,
)

DOCS = Path(__file__).resolve().parent.parent / "docs" / "progress-method.md"


@pytest.fixture(scope="module")
def report() -> bt.Report:
    return bt.run()


def test_docs_show_the_figures_the_code_computes(report: bt.Report) -> None:
    """The whole block (vintage, both tables, notes) must appear verbatim in the method page:
    a new data vintage, a changed model or an edited page without a re-run fails here."""
    docs = DOCS.read_text(encoding="utf-8")
    assert "## 6. Projection and its calibration" in docs
    block = bt.docs_block(report)
    missing = [line for line in block.splitlines() if line and line not in docs]
    assert not missing, (
        "docs/progress-method.md is out of date (python -m pathways_monitor.analysis.backtest):\n"
        + ("\n".join(missing))
    )
    assert block in docs


def test_constants_in_use_are_the_ones_the_backtest_fits(report: bt.Report) -> None:
    assert report.scale_elet == pytest.approx(BAND_SCALE[CADENCE_ANNUAL], abs=0.005)
    assert report.scale_pisa == pytest.approx(BAND_SCALE[CADENCE_SURVEY], abs=0.005)
    # The constant is the estimate rounded to one decimal.
    assert round(report.rho.rho, 1) == AR1_RHO
    assert report.rho.raw < 0 < report.rho.rho  # the small-sample bias is large


def test_coverage_from_the_bands_and_from_the_errors_agree(report: bt.Report) -> None:
    """Inside/outside read off the production bands equals |error| <= k t(df)."""
    for cases, cadence in ((report.elet, CADENCE_ANNUAL), (report.pisa, CADENCE_SURVEY)):
        assert {c.cadence for c in cases} == {cadence}
        assert bt.coverage_at(cases, BAND_SCALE[cadence]) == bt.coverage(cases)
        assert bt.coverage_at(cases, 1.0) == bt.coverage(cases, widened=False)


def test_coverage_is_near_nominal_after_widening(report: bt.Report) -> None:
    for cases in (report.elet, report.pisa):
        before, after = bt.coverage(cases, widened=False), bt.coverage(cases)
        assert before.inside80 < 0.65 and before.inside95 < 0.85  # far below nominal
        assert 0.75 <= after.inside80 <= 0.85 and 0.90 <= after.inside95 <= 0.98
        loco = bt.leave_one_country_out(cases)
        assert abs(loco.inside80 - after.inside80) < 0.03
    assert report.legacy_elet.inside80 < 0.5
    assert len(report.elet) > 300 and len(report.pisa) > 90


def test_cases_of_a_hand_made_series() -> None:
    # 2010-2025 with a break in 2014. Origin 2013 has 2010-2013 (4 values, the break is still
    # ahead); 2014-2016 have 1-3 values since the break (refused); 2017-2020 have 4-7.
    series = [(2010 + i, 15.0 - 0.4 * i, "b" if i == 4 else None) for i in range(16)]
    cases = bt.backtest_series("XX", series, bt.elet_target)
    assert [c.origin for c in cases] == [2013, 2017, 2018, 2019, 2020]
    assert all(c.target_year == c.origin + 5 for c in cases)
    assert [c.n_points for c in cases] == [4, 4, 5, 6, 7]
    assert [c.crosses_break for c in cases] == [True, False, False, False, False]
    first = cases[1]
    assert first.df == 2 and first.cadence == CADENCE_ANNUAL and first.country == "XX"
    assert first.observed == pytest.approx(15.0 - 0.4 * 12)
    assert all(math.isfinite(c.error) for c in cases)


def test_horizons() -> None:
    assert bt.elet_target(2015, range(2000, 2026)) == 2020
    assert bt.elet_target(2021, range(2000, 2026)) is None
    pisa_years = [2003, 2006, 2009, 2012, 2015, 2018, 2022]
    assert bt.pisa_target(2015, pisa_years) == 2018
    assert bt.pisa_target(2018, pisa_years) == 2022
    assert bt.pisa_target(2022, pisa_years) is None


def test_readers_keep_flags_and_skip_missing() -> None:
    tsv = (
        "freq,sex,wstatus,age,unit,geo\\TIME_PERIOD\t2020 \t2021 \t2022 \n"
        "A,T,POP,Y18-24,PC,NL\t7.0 \t5.1 b\t: \n"
        "A,F,POP,Y18-24,PC,NL\t6.0 \t4.1 b\t4.5 \n"
        "A,T,EMP,Y18-24,PC,NL\t3.0 \t2.1 b\t2.5 \n"
        "A,T,POP,Y18-24,PC,LU\t8.2 \t: u\t6.8 u\n"
    )
    assert bt.read_elet_totals(tsv) == {
        "NL": [(2020, 7.0, None), (2021, 5.1, "b")],
        "LU": [(2020, 8.2, None), (2022, 6.8, "u")],
    }
    csv_text = (
        "geo,geo_name,geo_level,is_eu27_member,indicator,field,sex,unit,year,value,flag,source\n"
        "NL,Netherlands,country,1,x,READING,T,PC,2018,24.1,b,s\n"
        "NL,Netherlands,country,1,x,READING,F,PC,2018,20.0,b,s\n"
        "NL,Netherlands,country,1,x,MATHEMATICS,T,PC,2022,27.4,,s\n"
        "NL,Netherlands,country,1,x,READING,T,PC,2015,18.1,,s\n"
    )
    assert bt.read_pisa_totals(csv_text) == {
        "NL LOWACH_READ": [(2015, 18.1, None), (2018, 24.1, "b")],
        "NL LOWACH_MATH": [(2022, 27.4, None)],
    }


def test_main_prints_the_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert bt.main([]) == 0
    out = capsys.readouterr().out
    assert "| ELET (5 years ahead) | new model, bands not widened |" in out
    assert "sha256" in out and "AR1_RHO 0.3" in out
