"""Choropleth maps drawn from the shipped NUTS boundaries: no tile server, no network.

Used by the EU targets overview (countries, NUTS 0) and the regions page (NUTS 2). Plotly's
``geo`` subplot with its base map switched off draws only our polygons, so the maps work
offline. Boundaries: Eurostat GISCO, © EuroGeographics (see assets/geo/README.md).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from pathways_monitor.presentation.theme import OKABE_ITO

# The NUTS version the shipped boundaries draw (Eurostat GISCO, 1:60 million).
MAP_NUTS_VERSION = "2021"
GEO_DIR = Path(__file__).resolve().parents[2] / "assets" / "geo"
GEO_FILES: dict[int, str] = {
    0: "nuts2021_60M_4326_level0.geojson",
    2: "nuts2021_60M_4326_level2.geojson",
}
FEATURE_ID_KEY = "properties.id"
# Colour-blind-safe sequential scale (light = low, dark = high).
VALUE_COLORSCALE = "Cividis"
MISSING_COLOUR = "#DDDDDD"
BORDER_COLOUR = "#FFFFFF"


# Plotly's geo subplot fetches a base-map topology even with its base map switched off. We
# point it at an empty one shipped in assets/geo (world_110m.json) instead of plotly's CDN.
BASEMAP_DIR = "geo/"


def graph_config(asset_url: str | None = None) -> dict[str, Any]:
    """``dcc.Graph(config=...)`` for a map: local (empty) base-map topology, no scroll zoom.

    ``asset_url`` is the assets URL of ``assets/geo/``; by default ``dash.get_asset_url``
    (which honours a deployment under a path prefix).
    """
    if asset_url is None:
        import dash

        asset_url = dash.get_asset_url(BASEMAP_DIR)
    return {"topojsonURL": asset_url, "displaylogo": False, "scrollZoom": False}


@lru_cache(maxsize=len(GEO_FILES))
def _read(level: int) -> dict[str, Any]:
    if level not in GEO_FILES:
        raise ValueError(f"no boundaries for NUTS level {level}; available: {sorted(GEO_FILES)}")
    with open(GEO_DIR / GEO_FILES[level], encoding="utf-8") as handle:
        return json.load(handle)


def load_geojson(level: int) -> dict[str, Any]:
    """The NUTS ``level`` boundaries as a GeoJSON FeatureCollection (read once, then cached).

    Treat the result as read-only: it is shared by every caller.
    """
    return _read(level)


def feature_ids(geojson: Mapping[str, Any]) -> frozenset[str]:
    """The codes (``properties.id``) that have a polygon."""
    return frozenset(str(f["properties"]["id"]) for f in geojson.get("features", []))


def not_on_map(codes: Iterable[str], geojson: Mapping[str, Any]) -> list[str]:
    """Codes without a polygon at this scale (e.g. the outermost regions ES70, FRY1-5), sorted."""
    have = feature_ids(geojson)
    return sorted({str(c) for c in codes} - have)


def _is_missing(value: object) -> bool:
    if value is None:
        return True
    try:
        return math.isnan(float(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False


def _single_colour_trace(
    rows: pd.DataFrame,
    geojson: Mapping[str, Any] | str,
    location_col: str,
    colour: str,
    name: str,
    hover: list[str],
) -> go.Choropleth:
    return go.Choropleth(
        geojson=geojson,
        featureidkey=FEATURE_ID_KEY,
        locations=rows[location_col].tolist(),
        z=[1] * len(rows),
        zmin=0,
        zmax=1,
        colorscale=[[0, colour], [1, colour]],
        showscale=False,
        showlegend=True,
        name=name,
        hovertext=hover,
        hovertemplate="%{hovertext}<extra></extra>",
        marker={"line": {"color": BORDER_COLOUR, "width": 0.6}},
    )


def choropleth(
    frame: pd.DataFrame,
    value_col: str,
    geojson: Mapping[str, Any] | str,
    *,
    location_col: str = "geo",
    hover_col: str | None = None,
    categories: Mapping[str, tuple[str, str]] | None = None,
    colorbar_title: str = "",
    missing_label: str | None = None,
    colorscale: str | list[list[Any]] = VALUE_COLORSCALE,
    height: int = 460,
    title: str | None = None,
) -> go.Figure:
    """A map of ``frame`` coloured by ``value_col``; one row per place code in ``location_col``.

    Continuous values use a colour-blind-safe scale with a colour bar. With ``categories``
    (value -> (legend label, colour)) each category present becomes its own trace, so the
    legend names every colour in words. Rows without a value are drawn grey under
    ``missing_label`` (left out when it is None). ``hover_col`` holds ready-made hover text.
    """
    fig = go.Figure()
    data = frame.copy()
    hover_source = hover_col or location_col
    missing = data[value_col].map(_is_missing)
    present = data[~missing]
    if categories is not None:
        for key, (label, colour) in categories.items():
            rows = present[present[value_col] == key]
            if rows.empty:
                continue
            fig.add_trace(
                _single_colour_trace(
                    rows,
                    geojson,
                    location_col,
                    colour,
                    label,
                    rows[hover_source].astype(str).tolist(),
                )
            )
    elif not present.empty:
        fig.add_trace(
            go.Choropleth(
                geojson=geojson,
                featureidkey=FEATURE_ID_KEY,
                locations=present[location_col].tolist(),
                z=present[value_col].astype(float).tolist(),
                colorscale=colorscale,
                colorbar={"title": {"text": colorbar_title}, "thickness": 14, "len": 0.7},
                hovertext=present[hover_source].astype(str).tolist(),
                hovertemplate="%{hovertext}<extra></extra>",
                marker={"line": {"color": BORDER_COLOUR, "width": 0.6}},
                showlegend=False,
            )
        )
    gaps = data[missing]
    if missing_label is not None and not gaps.empty:
        fig.add_trace(
            _single_colour_trace(
                gaps,
                geojson,
                location_col,
                MISSING_COLOUR,
                missing_label,
                gaps[hover_source].astype(str).tolist(),
            )
        )
    fig.update_geos(
        fitbounds="locations",
        visible=False,
        projection_type="mercator",
        bgcolor="rgba(0,0,0,0)",
    )
    fig.update_layout(
        height=height,
        margin={"l": 0, "r": 0, "t": 40 if title else 8, "b": 0},
        title={"text": title} if title else None,
        legend={
            "orientation": "h",
            "yanchor": "top",
            "y": -0.02,
            "x": 0,
            "font": {"color": OKABE_ITO["black"]},
        },
        paper_bgcolor="rgba(0,0,0,0)",
    )
    return fig
