"""Regional dispersion and ranking with small hand-computed numbers and the real Belgian file."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from pathways_monitor.analysis.regional import dispersion_by_year, rank_regions, select_regions

FIX = Path(__file__).parent / "fixtures" / "progress"


def _obs() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "geo": ["A1", "A2", "A3", "A3", "A2", "A1"],
            "year": [2020, 2020, 2020, 2021, 2021, 2021],
            "value": [10.0, 20.0, 30.0, 12.0, float("nan"), 12.0],
        },
        index=[0, 0, 1, 1, 2, 2],  # a non-unique index must not confuse min/max lookups
    )


def test_dispersion_by_year_hand_computed() -> None:
    out = dispersion_by_year(_obs()).set_index("year")
    y20 = out.loc[2020]
    # 10, 20, 30: mean 20, population sd sqrt((100 + 0 + 100) / 3) = 8.164966, cv 0.408248
    assert (y20["count"], y20["mean"], y20["min"], y20["max"], y20["gap"]) == (3, 20, 10, 30, 20)
    assert y20["sd"] == pytest.approx(math.sqrt(200 / 3))
    assert y20["cv"] == pytest.approx(math.sqrt(200 / 3) / 20)
    assert (y20["min_geo"], y20["max_geo"]) == ("A1", "A3")
    y21 = out.loc[2021]
    # A2 has no value; 12 and 12: sd 0, cv 0, tie -> first code
    assert (y21["count"], y21["sd"], y21["cv"], y21["min_geo"], y21["max_geo"]) == (
        2,
        0,
        0,
        "A1",
        "A1",
    )
    assert dispersion_by_year(_obs().iloc[0:0]).empty


def test_select_regions_by_level() -> None:
    obs = pd.DataFrame({"geo": ["NL", "NL3", "NL32", "NL329", "NLZZ", "NLZ", "NL33", "BE21"]})
    assert list(select_regions(obs, "NL", 2)["geo"]) == ["NL32", "NL33"]
    assert list(select_regions(obs, "NL", 1)["geo"]) == ["NL3"]
    assert list(select_regions(obs, "NL", 3)["geo"]) == ["NL329"]
    with pytest.raises(ValueError):
        select_regions(obs, "NL", 0)


def test_rank_regions_lower_is_better() -> None:
    obs = pd.DataFrame(
        {
            "geo": ["A1", "A2", "A3", "A4", "A5"],
            "year": [2024] * 4 + [2023],
            "value": [10.0, 8.0, 8.0, 12.0, 1.0],
            "flag": [None, "u", None, "b", None],
        }
    )
    out = rank_regions(obs, 2024, national_value=9.5, target=9.0)
    # lower is better: 8, 8 share rank 1, then 10 (rank 3), 12 (rank 4); A5 is another year
    assert list(out["geo"]) == ["A2", "A3", "A1", "A4"]
    assert list(out["rank"]) == [1, 1, 3, 4]
    assert list(out["diff_to_national"]) == pytest.approx([-1.5, -1.5, 0.5, 2.5])
    assert list(out["distance_to_target"]) == pytest.approx([-1.0, -1.0, 1.0, 3.0])
    assert list(out["meets_target"]) == [True, True, False, False]
    assert out.loc[0, "flag"] == "u"
    up = rank_regions(obs, 2024, target=10.0, direction="higher_is_better")
    assert list(up["geo"]) == ["A4", "A1", "A2", "A3"] and list(up["rank"]) == [1, 2, 3, 3]
    assert list(up["meets_target"]) == [True, False, False, False]  # "above 10": 10 is not
    no_target = rank_regions(obs.drop(columns="flag"), 2024)
    assert no_target["meets_target"].isna().all() and no_target["flag"].isna().all()


def test_real_belgian_nuts2() -> None:
    obs = pd.read_csv(FIX / "elet_be_regions.csv", keep_default_na=False, na_values=[""])
    regions = select_regions(obs, "BE", 2)
    assert len(set(regions["geo"])) == 11
    disp = dispersion_by_year(regions, include_low_reliability=True).set_index("year")
    # 2024: BE24 (3.6, bu) lowest, BE10 (Brussels, 9.8) highest, all 11 reported.
    assert (disp.loc[2024, "min_geo"], disp.loc[2024, "max_geo"]) == ("BE24", "BE10")
    assert disp.loc[2024, "gap"] == pytest.approx(6.2)
    assert disp.loc[2022, "count"] == 9  # two suppressed regions
    assert disp.loc[2024, "left_out"] == 0
    # By default the five "bu" values of 2024 (BE22, BE24, BE31, BE34, BE35) are left out:
    # BE10 9.8, BE21 7.9, BE23 4.7, BE25 7.1, BE32 8.6, BE33 7.3 remain (read off the file).
    reliable = dispersion_by_year(regions).set_index("year")
    assert reliable.loc[2024, "count"] == 6 and reliable.loc[2024, "left_out"] == 5
    assert (reliable.loc[2024, "min_geo"], reliable.loc[2024, "max_geo"]) == ("BE23", "BE10")
    assert reliable.loc[2024, "gap"] == pytest.approx(5.1)
    assert reliable.loc[2024, "mean"] == pytest.approx(45.4 / 6)
    assert not reliable["weighted"].any()
    ranked = rank_regions(regions, 2024, national_value=5.9, target=9.0)
    assert list(ranked.loc[~ranked["meets_target"], "geo"]) == ["BE34", "BE10"]


def test_population_weighted_spread_by_hand() -> None:
    obs = pd.DataFrame(
        {
            "geo": ["XX1", "XX2", "XX1", "XX2"],
            "year": [2023, 2023, 2024, 2024],
            "value": [10.0, 20.0, 10.0, 20.0],
            "flag": [None, None, None, None],
        }
    )
    # 2023: populations 1 and 3; 2024: XX2's population unknown, so unweighted.
    weights = pd.DataFrame(
        {"geo": ["XX1", "XX2", "XX1"], "year": [2023, 2023, 2024], "weight": [1.0, 3.0, 5.0]}
    )
    out = dispersion_by_year(obs, weights=weights).set_index("year")
    # Weighted mean (10 + 3 x 20) / 4 = 17.5; sd sqrt((7.5^2 + 3 x 2.5^2) / 4) = sqrt(18.75).
    assert bool(out.loc[2023, "weighted"])
    assert out.loc[2023, "mean"] == pytest.approx(17.5)
    assert out.loc[2023, "sd"] == pytest.approx(18.75**0.5)
    assert out.loc[2023, "cv"] == pytest.approx(18.75**0.5 / 17.5)
    assert not bool(out.loc[2024, "weighted"])
    assert out.loc[2024, "mean"] == pytest.approx(15.0)
    assert out.loc[2024, "sd"] == pytest.approx(5.0)
