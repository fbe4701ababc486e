"""Regions page: ranking with suppressed and low-reliability values, mixed NUTS versions, the
map, the spread and the comparison; queries on SQLite and PostgreSQL; the callback on a DB
loaded with the real regional Eurostat file."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pandas as pd
import pytest
from dash.development.base_component import Component
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from pathways_monitor.analysis.regional import dispersion_by_year
from pathways_monitor.db import queries_regions
from pathways_monitor.demo.load import DATA_DIR
from pathways_monitor.importers.engine import import_file
from pathways_monitor.web.dashboard.regions import figures as figs

REGIONAL_FILE = DATA_DIR / "edat_lfse_16_total.tsv"
NAMES = {"NL": "Netherlands", "NL32": "Noord-Holland", "NL34": "Zeeland", "NL35": "Utrecht"}


def _rows() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "geo": ["NL", "NL32", "NL33", "NL34", "NL35", "NL36", "NL3", "NLZZ"],
            "nuts_level": [0, 2, 2, 2, 2, 2, 1, 2],
            "nuts_version": ["2021", "2021", "2021", "2021", "2024", "2024", "2021", "2021"],
            "year": [2023] * 8,
            "value": [6.2, 9.4, None, 6.7, 3.4, None, 6.5, 1.0],
            "flag": [None, None, "u", "u", None, None, None, None],
            "source": ["edat_lfse_16"] * 8,
        }
    )


def _table(lang: str = "en") -> pd.DataFrame:
    rows = figs.level_rows(_rows(), "NL", 2)
    return figs.ranking_table(
        rows,
        2023,
        names=NAMES,
        national=6.2,
        target=9.0,
        on_map={"NL32", "NL33", "NL34"},
        lang=lang,
    )


# --------------------------------------------------------------------------- pure functions


def test_ranking_table_ranks_flags_and_suppressed_rows() -> None:
    table = _table()
    # NLZZ (extra-regio) and NL36 (no value, no flag) are left out; NL33 is suppressed ('u').
    assert table["geo"].tolist() == ["NL35", "NL34", "NL32", "NL33"]
    assert table["rank"].tolist()[:3] == [1, 2, 3] and pd.isna(table["rank"].iloc[3])
    by = table.set_index("geo")
    assert by.at["NL34", "note"] == "u – low reliability"
    assert by.at["NL33", "note"] == "suppressed (u)" and pd.isna(by.at["NL33", "value"])
    assert by.at["NL32", "status"] == "✗ Misses the EU target"
    assert by.at["NL32", "distance_to_target"] == pytest.approx(0.4)
    assert by.at["NL32", "diff_to_national"] == pytest.approx(3.2)
    assert by.at["NL35", "status"] == "✓ Meets the EU target"
    assert by.at["NL35", "nuts_version"] == "2024" and not by.at["NL35", "on_map"]
    assert by.at["NL33", "status"] == "" and by.at["NL33", "meets_target"] is None
    dutch = _table("nl").set_index("geo")
    assert dutch.at["NL33", "note"] == "onderdrukt (u)"


def test_holding_back_sentence_names_regions_missing_the_target() -> None:
    text = figs.holding_back_sentence(_table(), 2023, 9.0, "en")
    assert text == "1 of 3 regions miss the EU target of 9 % in 2023: Noord-Holland (+0.4 pp)."
    assert "+0,4" in figs.holding_back_sentence(_table("nl"), 2023, 9.0, "nl")
    assert figs.holding_back_sentence(_table(), 2023, None, "en") == ""


def test_levels_and_labels() -> None:
    assert figs.levels_with_data(_rows(), "NL") == [1, 2]
    assert figs.region_label("NL35", NAMES, "2024") == "Utrecht (NL35, NUTS 2024)"
    assert figs.region_label("NL32", NAMES, "2021") == "Noord-Holland (NL32)"
    assert figs.national_value(_rows(), "NL", 2023) == 6.2
    assert figs.national_value(_rows(), "NL", 2010) is None


def test_ranking_figure_marks_reliability_suppression_and_reference_lines() -> None:
    fig = figs.ranking_figure(_table(), names=NAMES, national=6.2, target=9.0, year=2023, lang="en")
    bar = fig.data[0]
    texts = dict(zip(bar.y, bar.text, strict=True))
    assert texts["Zeeland (NL34)"] == "✓ 6.7  u – low reliability"
    assert texts["NL33 (NL33)"] == "suppressed (u)"
    assert texts["Noord-Holland (NL32)"].startswith("✗ 9.4")
    assert list(bar.x)[-1] == 0.0  # the suppressed region has no bar
    assert list(bar.marker.pattern.shape) == ["", "/", "", ""]
    xs = sorted(s.x0 for s in fig.layout.shapes)
    assert xs == [6.2, 9.0]
    labels = " ".join(a.text for a in fig.layout.annotations)
    assert "National figure 6.2 %" in labels and "EU target 9 %" in labels


def test_map_draws_2021_codes_and_outlines_misses() -> None:
    boundaries = figs.load_boundaries(2)
    assert boundaries is not None, "assets/geo boundaries are shipped"
    table = figs.ranking_table(
        figs.level_rows(_rows(), "NL", 2),
        2023,
        names=NAMES,
        national=6.2,
        target=9.0,
        on_map=figs.on_map(["NL32", "NL33", "NL34", "NL35"], 2, boundaries),
    )
    assert table.set_index("geo")["on_map"].to_dict() == {
        "NL35": False,
        "NL34": True,
        "NL32": True,
        "NL33": True,
    }
    fig = figs.map_figure(
        table, boundaries, country="NL", level=2, year=2023, names=NAMES, lang="en"
    )
    assert fig is not None
    drawn = {loc for trace in fig.data for loc in trace.locations}
    assert drawn == {"NL32", "NL33", "NL34"}
    outline = [tr for tr in fig.data if tr.name == "✗ Misses the EU target"]
    assert len(outline) == 1 and list(outline[0].locations) == ["NL32"]
    assert all(len(tr.geojson["features"]) == 12 for tr in fig.data)  # only NL's polygons
    # NUTS 1 values are painted on their NUTS 2 areas; NUTS 3 has no boundaries
    assert figs.on_map(["NL3", "NL9"], 1, boundaries) == {"NL3"}
    assert figs.load_boundaries(3) is None


def test_spread_and_comparison_figures() -> None:
    obs = pd.DataFrame(
        {
            "geo": ["NL", "NL32", "NL34", "NL32", "NL34"],
            "nuts_version": ["2021"] * 5,
            "year": [2022, 2022, 2022, 2023, 2023],
            "value": [5.6, 5.9, 8.5, 7.4, 6.7],
            "flag": [None, None, "u", None, "u"],
        }
    )
    rows = figs.level_rows(obs, "NL", 2)
    disp = figs.dispersion_table(dispersion_by_year(rows, include_low_reliability=True))
    assert disp["year"].tolist() == [2023, 2022]
    assert disp.set_index("year").at[2022, "gap"] == pytest.approx(2.6)
    # NL34 is "u" in both years: left out by default, one region remains, no gap.
    default = dispersion_by_year(rows).set_index("year")
    assert default.at[2022, "left_out"] == 1 and default.at[2022, "gap"] == 0
    fig = figs.dispersion_figure(disp, "en")
    assert [tr.name for tr in fig.data] == ["Coefficient of variation", "Max-min gap (pp)"]
    comp = figs.comparison_figure(
        obs, ["NL32", "NL34"], country="NL", names=NAMES, target=9.0, lang="en"
    )
    assert [tr.name for tr in comp.data] == [
        "National (NL)",
        "Noord-Holland (NL32)",
        "Zeeland (NL34)",
    ]
    assert list(comp.data[2].marker.symbol) == ["square-open", "square-open"]
    table = figs.comparison_table(obs, ["NL34"], "NL", NAMES)
    assert list(table.columns) == ["year", "NL", "NL flag", "NL34", "NL34 flag"]


# --------------------------------------------------------------------------- queries


def _load(session: Session) -> None:
    report = import_file(session, REGIONAL_FILE.read_bytes(), REGIONAL_FILE.name, user="t")
    assert report.status == "accepted", report.problems[:3]


def test_queries_on_the_real_regional_file(session: Session) -> None:
    _load(session)
    assert "NL" in queries_regions.countries_with_regional_data(session)
    assert queries_regions.regional_indicators(session, "NL") == ["ELET"]
    assert queries_regions.regional_indicators(session, "XX") == []
    assert queries_regions.is_country(session, "NL") and not queries_regions.is_country(
        session, "NL32"
    )
    series = queries_regions.regional_series(session, "ELET", "NL")
    assert set(series["nuts_level"]) == {0, 1, 2}
    versions = series.drop_duplicates("geo").set_index("geo")["nuts_version"]
    assert versions["NL35"] == "2024" and versions["NL33"] == "2021"
    nl34 = series.loc[(series["geo"] == "NL34") & (series["year"] == 2023)].iloc[0]
    assert (nl34["value"], nl34["flag"]) == (6.7, "u")
    at = queries_regions.regional_series(session, "ELET", "AT")
    suppressed = at.loc[(at["geo"] == "AT11") & (at["year"] == 2023)].iloc[0]
    assert pd.isna(suppressed["value"]) and suppressed["flag"] == "u"
    regions = queries_regions.country_regions(session, "NL")
    assert {"NL3", "NL32", "NL35"} <= set(regions["code"])
    assert regions.set_index("code").at["NL32", "parent"] == "NL3"
    assert figs.levels_with_data(series, "NL") == [1, 2]


# --------------------------------------------------------------------------- the callback


@pytest.fixture
def app_db(sqlite_engine: Engine) -> Iterator[Any]:
    """A Dash app on a SQLite store holding the real regional file."""
    from pathways_monitor.core.settings import Settings
    from pathways_monitor.web.app import create_app

    with Session(sqlite_engine) as session:
        _load(session)
    app = create_app(Settings(database_url=sqlite_engine.url.render_as_string(False)))
    with app.server.app_context():
        yield app


def _find(component: Any, predicate: Any) -> list[Any]:
    found = []
    stack = [component]
    while stack:
        node = stack.pop()
        if isinstance(node, list | tuple):
            stack.extend(node)
            continue
        if not isinstance(node, Component):
            continue
        if predicate(node):
            found.append(node)
        for attr in ("children", "figure"):
            child = getattr(node, attr, None)
            if isinstance(child, list | tuple | Component):
                stack.append(child)
    return found


def test_update_callback_builds_the_page_and_the_address(app_db: Any) -> None:
    from pathways_monitor.web.dashboard.regions import page as regions

    out = regions.update("NL", "ELET", 2, 2023, ["NL32", "NL33", "XX1"], False, "en", {})
    indicator_opts, level_opts, level, _year_opts, year, compare_opts, compare, body, search = out
    assert [o["value"] for o in indicator_opts] == ["ELET"]
    assert [o["value"] for o in level_opts] == [1, 2]  # only the levels with data
    assert (level, year, compare) == (2, 2023, ["NL32", "NL33"])
    assert search == "?geo=NL&indicator=ELET&level=2&year=2023&compare=NL32,NL33"
    assert "Utrecht (NL35, NUTS 2024)" in [o["label"] for o in compare_opts]
    grid = _find(body, lambda c: getattr(c, "id", None) == regions.RANK_GRID)[0]
    rows = {r["geo"]: r for r in grid.rowData}
    assert rows["NL35"]["nuts_version"] == "2024" and rows["NL34"]["flag"] == "u"
    assert rows["NL34"]["note"] == "u – low reliability"
    text = str(body)
    assert "Not on the NUTS 2021 map" in text and "NL35" in text
    assert "© EuroGeographics" in text and "Source: Eurostat" in text
    spread_note = str(_find(body, lambda c: getattr(c, "id", None) == "regions-spread-note"))
    assert "The spread is unweighted" in spread_note
    assert "1 low-reliability value(s) (u) of 2023" in spread_note  # NL34 (u)
    counted = regions.update("NL", "ELET", 2, 2023, [], True, "en", {})
    assert counted[8] == "?geo=NL&indicator=ELET&level=2&year=2023&lowrel=1"
    assert "are counted in the spread" in str(counted[7])
    # an invalid level/year falls back to what exists; the language switch keeps the selection
    out_nl = regions.update("NL", "ELET", 3, 1800, [], False, "nl", {"lang": "nl"})
    assert (out_nl[2], out_nl[4]) == (2, 2025)
    assert out_nl[8].endswith("&lang=nl")
    assert "Regio's" in str(out_nl[7]) or "regio's" in str(out_nl[7])


def test_a_nuts_2021_region_without_a_polygon_is_not_called_another_version(
    app_db: Any,
) -> None:
    """ES70 (Canarias) is NUTS 2021 but has no polygon in the 1:60 million boundaries."""
    from pathways_monitor.web.dashboard.regions import page as regions

    text = str(regions.update("ES", "ELET", 2, 2024, [], False, "en", {})[7])
    assert "No boundary at this map scale (1:60 million) for Canarias (ES70)" in text
    assert not re.search(r"Not on the NUTS 2021 map: [^.]*ES70", text)


def test_unknown_country_gives_a_not_found_block(app_db: Any) -> None:
    from pathways_monitor.web.dashboard.regions import page as regions

    body = regions.update("XX", "ELET", None, None, [], False, "en", {})[7]
    text = str(body)
    assert "XX" in text and "/regions?geo=NL" in text
    unknown_indicator = str(regions.update("NL", "NOPE", None, None, [], False, "en", {})[7])
    assert "NOPE" in unknown_indicator and "/regions?geo=NL&indicator=ELET" in unknown_indicator


def test_country_without_regional_indicator_data_says_so(app_db: Any) -> None:
    from pathways_monitor.web.dashboard.regions import page as regions

    body = str(regions.update("NL", "LOWACH_SCI", None, None, [], False, "en", {})[7])
    assert "no regional figures" in body


def test_parse_and_build_search_round_trip() -> None:
    from pathways_monitor.web.dashboard.regions import page as regions

    search = regions.build_search("NL", "ELET", 2, 2023, ["NL32", "NL33"], None)
    assert regions.parse_search(search) == {
        "geo": "NL",
        "indicator": "ELET",
        "level": "2",
        "year": "2023",
        "compare": "NL32,NL33",
    }
