"""EU targets overview: query, assessment table, figures and map against the real demo data."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy.orm import Session

from pathways_monitor.analysis.progress import assess
from pathways_monitor.db.queries_overview import OVERVIEW_GEOS, overview_data
from pathways_monitor.domain.indicators import EU_AGGREGATE
from pathways_monitor.domain.places import EU27_CODES
from pathways_monitor.importers.engine import import_file
from pathways_monitor.web.dashboard.common.maps import (
    choropleth,
    feature_ids,
    load_geojson,
    not_on_map,
)
from pathways_monitor.web.dashboard.overview import figures as figs

DEMO = Path(__file__).resolve().parent.parent / "pathways_monitor" / "demo" / "data"
ELET_FILE = DEMO / "edat_lfse_14.tsv"
PISA_FILE = DEMO / "pisa_low_achievers_sdg_04_40.csv"


def _elet_from_tsv(path: Path) -> dict[str, list[tuple[int, float, str | None]]]:
    """Total ELET series (all labour statuses) per geo, read straight from the Eurostat TSV."""
    lines = path.read_text(encoding="utf-8").splitlines()
    years = [int(c.strip()) for c in lines[0].split("\t")[1:]]
    out: dict[str, list[tuple[int, float, str | None]]] = {}
    for line in lines[1:]:
        cells = line.split("\t")
        _freq, sex, wstatus, _age, _unit, geo = cells[0].split(",")
        if (sex, wstatus) != ("T", "POP"):
            continue
        points = []
        for year, raw in zip(years, cells[1:], strict=True):
            number, _, flag = raw.strip().partition(" ")
            if number in ("", ":"):
                continue
            points.append((year, float(number), flag.strip() or None))
        out[geo] = points
    return out


def _pisa_from_csv(path: Path, field: str) -> dict[str, list[tuple[int, float]]]:
    frame = pd.read_csv(path)
    frame = frame[(frame["field"] == field) & (frame["sex"] == "T") & frame["value"].notna()]
    return {
        geo: sorted(zip(g["year"].astype(int), g["value"].astype(float), strict=True))
        for geo, g in frame.groupby("geo")
    }


@pytest.fixture
def demo_session(session: Session) -> Session:
    for path in (ELET_FILE, PISA_FILE):
        report = import_file(session, path.read_bytes(), path.name, user="t")
        assert report.accepted, report.problems[:3]
    return session


# --------------------------------------------------------------------------- pure helpers


def test_sparkline_scales_to_the_series_own_range() -> None:
    assert figs.sparkline([1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0]) == "▁▂▃▄▅▆▇█"
    assert figs.sparkline([10.0, 5.0]) == "█▁"
    assert figs.sparkline([4.0, None, 4.0]) == "▄ ▄"
    assert figs.sparkline([float("nan")]) == ""
    assert figs.sparkline([]) == ""


def test_load_geojson_has_countries_and_outermost_regions_are_not_on_the_map() -> None:
    level0 = load_geojson(0)
    assert set(EU27_CODES) <= feature_ids(level0)
    assert load_geojson(0) is level0  # cached, read once
    level2 = load_geojson(2)
    assert len(level2["features"]) == 328
    assert not_on_map(["ES70", "FRY1", "FRY5", "NL32", "ES30"], level2) == ["ES70", "FRY1", "FRY5"]
    with pytest.raises(ValueError, match="NUTS level 3"):
        load_geojson(3)


def test_choropleth_uses_shipped_boundaries_without_a_basemap() -> None:
    frame = pd.DataFrame({"geo": ["NL32", "BE10", "ES70"], "value": [7.0, float("nan"), 9.0]})
    fig = choropleth(frame, "value", load_geojson(2), missing_label="No data")
    values, gaps = fig.data
    assert values.featureidkey == "properties.id"
    assert list(values.locations) == ["NL32", "ES70"]
    assert list(values.z) == [7.0, 9.0]
    assert gaps.name == "No data" and list(gaps.locations) == ["BE10"]
    assert fig.layout.geo.visible is False
    assert fig.layout.geo.fitbounds == "locations"
    assert "mapbox" not in fig.to_plotly_json()["layout"]


# --------------------------------------------------------------------------- against the demo


def test_overview_shows_the_true_latest_elet_and_the_method_class(demo_session: Session) -> None:
    truth = _elet_from_tsv(ELET_FILE)
    data = overview_data(demo_session, "ELET")
    assert data.target_value == 9.0 and data.target_year == 2030 and data.operator == "lt"
    assert set(data.observations["geo"]) == set(OVERVIEW_GEOS)
    assessed = figs.assess_overview(data.observations, "ELET", 9.0, window="short")
    table = figs.overview_table(data.observations, assessed, OVERVIEW_GEOS, "en").set_index("geo")

    assert list(table.index) == list(OVERVIEW_GEOS)
    for geo in OVERVIEW_GEOS:
        year, value, flag = truth[geo][-1]
        row = table.loc[geo]
        assert (row["latest_year"], row["latest_value"]) == (year, value), geo
        assert row["latest_flag"] == (flag or "")
        assert math.isclose(row["distance"], value - 9.0)
        expected = assess(truth[geo], 9.0, 2030, "lower_is_better", "short")
        assert row["progress_class"] == expected.progress_class, geo
        assert row["explanation"] == expected.explanation_en

    eu_year, eu_value, _ = truth[EU_AGGREGATE][-1]
    eu = table.loc[EU_AGGREGATE]
    assert eu["is_aggregate"] and eu["name"] == "EU-27 (aggregate)"
    assert eu["latest_year"] == eu_year
    assert eu["value_text"] == f"{eu_value:.1f}"
    newest = max(points[-1][0] for geo, points in truth.items() if geo in OVERVIEW_GEOS)
    older = {geo for geo in OVERVIEW_GEOS if truth[geo][-1][0] < newest}
    assert older == set(table.index[table["stale"]])  # e.g. LU: 2025 not available (": u")

    dutch = figs.overview_table(data.observations, assessed, OVERVIEW_GEOS, "nl")
    assert dutch.iloc[0]["value_text"] == f"{eu_value:.1f}".replace(".", ",")
    assert dutch.iloc[0]["name"] == "EU-27 (geheel)"


def test_long_window_starts_fifteen_years_back(demo_session: Session) -> None:
    data = overview_data(demo_session, "ELET")
    assessed = figs.assess_overview(data.observations, "ELET", 9.0, window="long")
    table = figs.overview_table(data.observations, assessed, OVERVIEW_GEOS, "en").set_index("geo")
    latest = int(table.loc[EU_AGGREGATE, "latest_year"])
    assert table.loc[EU_AGGREGATE, "window_text"] == f"{latest - 15}–{latest}"


def test_pisa_reading_flags_older_data_and_science_has_none(demo_session: Session) -> None:
    truth = _pisa_from_csv(PISA_FILE, "READING")
    data = overview_data(demo_session, "LOWACH_READ")
    assessed = figs.assess_overview(data.observations, "LOWACH_READ", 15.0)
    table = figs.overview_table(data.observations, assessed, OVERVIEW_GEOS, "en").set_index("geo")
    for geo in OVERVIEW_GEOS:
        assert (table.loc[geo, "latest_year"], table.loc[geo, "latest_value"]) == truth[geo][-1]
    # Luxembourg did not take part in PISA 2022: its latest figure is older, and says so.
    assert table.loc["LU", "latest_year"] < 2022
    assert table.loc["LU", "stale"] and table.loc["LU", "year_text"].endswith("(older)")
    assert not table.loc["NL", "stale"]
    # PISA is triennial: the sparkline has one character per PISA round.
    rounds = [y for y, _ in truth["NL"] if y >= 2022 - figs.SPARK_YEARS]
    assert len(table.loc["NL", "sparkline"]) == len(rounds)

    science = overview_data(demo_session, "LOWACH_SCI")
    assert science.observations.empty
    assert science.target_value == 15.0


# --------------------------------------------------------------------------- figures


def _small_table(lang: str = "en") -> pd.DataFrame:
    obs = pd.DataFrame(
        {
            "indicator": "ELET",
            "geo": ["EU27_2020"] * 2 + ["NL"] * 2 + ["MT"] * 2 + ["DE"] * 2,
            "year": [2020, 2025] * 4,
            "value": [10.0, 9.1, 8.2, 8.0, 16.7, 10.1, 10.1, 13.1],
            "flag": [None] * 8,
        }
    )
    assessed = figs.assess_overview(obs, "ELET", 9.0)
    return figs.overview_table(obs, assessed, ["EU27_2020", "NL", "MT", "DE", "SE"], lang)


def test_table_keeps_places_without_data_and_explains_every_status() -> None:
    table = _small_table().set_index("geo")
    assert table.loc["NL", "progress_class"] == "achieved"
    assert table.loc["NL", "ratio_text"] == "–"  # a ratio means nothing once the target is met
    assert table.loc["MT", "ratio_text"] == f"{table.loc['MT', 'ratio']:.2f}"
    assert table.loc["DE", "progress_class"] == "away"
    assert table.loc["DE", "status"] == "✖ Moving away"
    assert table.loc["DE", "distance_text"] == "+4.1"
    assert pd.isna(table.loc["SE", "latest_value"]) and table.loc["SE", "status"] == "? No data"
    titles = [title for title, _ in figs.why_items(table.reset_index())]
    assert titles[0] == "EU-27 (aggregate) — ▲ On track"
    assert all("Sweden" not in t for t in titles)


def test_ranking_figure_marks_target_and_highlights_the_eu() -> None:
    fig = figs.ranking_figure(_small_table(), 9.0, "en")
    names = [trace.name for trace in fig.data]
    assert "EU-27 (aggregate)" in names
    assert "★ Target met" in names and "✖ Moving away" in names
    eu = next(tr for tr in fig.data if tr.name == "EU-27 (aggregate)")
    assert list(eu.x) == [9.1] and eu.marker.symbol == "diamond"
    target = fig.layout.shapes[0]
    assert (target.x0, target.x1) == (9.0, 9.0)
    assert "below 9 %" in fig.layout.annotations[0].text
    # Worst first, so the bottom of the chart is where the target is met.
    assert list(fig.layout.yaxis.categoryarray) == [
        "Germany",
        "Malta",
        "EU-27 (aggregate)",
        "Netherlands",
    ]
    dutch = figs.ranking_figure(_small_table("nl"), 9.0, "nl")
    assert dutch.layout.separators == ",."


def test_map_figure_by_value_and_by_class() -> None:
    table = _small_table()
    by_value = figs.map_figure(table, load_geojson(0), "value", "en")
    assert list(by_value.data[0].locations) == ["NL", "MT", "DE"]
    assert list(by_value.data[0].z) == [8.0, 10.1, 13.1]
    assert by_value.data[-1].name == "? No data" and list(by_value.data[-1].locations) == ["SE"]
    by_class = figs.map_figure(table, load_geojson(0), "class", "en")
    legend = {trace.name: list(trace.locations) for trace in by_class.data}
    assert legend["★ Target met"] == ["NL"]
    assert legend["? No data"] == ["SE"]
    assert all(EU_AGGREGATE not in locs for locs in legend.values())
