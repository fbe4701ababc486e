"""Pure builders for the EU targets overview: assessment table, sparklines, chart and map.

No database and no Dash here: frames in, frames and plotly figures out, so the numbers the page
shows are unit-tested against the real demo data without a browser.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from pathways_monitor.analysis.progress import (
    ACHIEVED,
    INSUFFICIENT_DATA,
    WINDOW_YEARS,
    assess_frame,
    explained,
    strip_negative_zero,
)
from pathways_monitor.core.formatting import chart_separators
from pathways_monitor.domain.indicators import EU_AGGREGATE, INDICATOR_BY_CODE, TARGET_YEAR
from pathways_monitor.domain.names import translated
from pathways_monitor.domain.places import COUNTRY_BY_CODE
from pathways_monitor.presentation.theme import (
    OKABE_ITO,
    PROGRESS_CLASSES,
    TARGET_LINE_COLOUR,
    progress_label,
)
from pathways_monitor.web.dashboard.common.i18n import fmt_number
from pathways_monitor.web.dashboard.common.maps import choropleth
from pathways_monitor.web.dashboard.overview import texts as txt

SPARK_CHARS = "▁▂▃▄▅▆▇█"
SPARK_YEARS = WINDOW_YEARS["long"]
# Marker shape per progress class, echoing the icon in theme.PROGRESS_CLASSES.
CLASS_SYMBOLS: dict[str, str] = {
    "achieved": "star",
    "on_track": "triangle-up",
    "moderate": "triangle-right",
    "insufficient": "triangle-down",
    "away": "x",
    "insufficient_data": "circle-open",
}
TABLE_COLUMNS: tuple[str, ...] = (
    "geo",
    "name",
    "is_aggregate",
    "latest_year",
    "latest_value",
    "latest_flag",
    "distance",
    "progress_class",
    "status",
    "ratio",
    "base_year",
    "window_text",
    "sparkline",
    "trend_text",
    "stale",
    "year_text",
    "value_text",
    "distance_text",
    "ratio_text",
    "hover",
    "explanation",
)


def sparkline(values: Sequence[float | None]) -> str:
    """Unicode block sparkline scaled to the series' own range; a gap for a missing value."""
    present = [v for v in values if v is not None and not math.isnan(v)]
    if not present:
        return ""
    low, high = min(present), max(present)
    top = len(SPARK_CHARS) - 1
    out = []
    for v in values:
        if v is None or math.isnan(v):
            out.append(" ")
        elif high == low:
            out.append(SPARK_CHARS[top // 2])
        else:
            out.append(SPARK_CHARS[round((v - low) / (high - low) * top)])
    return "".join(out)


def assess_overview(
    observations: pd.DataFrame,
    indicator: str,
    target_value: float,
    *,
    window: str = "short",
    target_year: int = TARGET_YEAR,
    operator: str | None = None,
) -> pd.DataFrame:
    """``analysis.progress.assess_frame`` for one indicator, with the indicator's direction."""
    definition = INDICATOR_BY_CODE.get(indicator)
    direction = definition.direction if definition else "lower_is_better"
    return assess_frame(
        observations,
        {indicator: target_value},
        {indicator: direction},
        window,
        target_year=target_year,
        operators={indicator: operator} if operator else None,
    )


def place_name(geo: str, lang: str | None) -> str:
    if geo == EU_AGGREGATE:
        return txt.t("eu_aggregate", lang)
    country = COUNTRY_BY_CODE.get(geo)
    if country is None:
        return geo
    return translated(country.name_en, lang)


def _signed(value: float | None, lang: str | None) -> str:
    if value is None:
        return "–"
    text = strip_negative_zero(fmt_number(value, lang))  # -0.001 is "0.0", not "-0.0"
    nonzero = any(c in "123456789" for c in text)
    return ("+" if value > 0 and nonzero else "") + text


def _opt(value: Any) -> float | None:
    if value is None or value is pd.NA:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def _flag(value: Any) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value).strip()


def overview_table(
    observations: pd.DataFrame,
    assessed: pd.DataFrame,
    geos: Sequence[str],
    lang: str | None,
) -> pd.DataFrame:
    """One row per place in ``geos`` (places without data kept), EU aggregate first.

    Numbers stay numeric for sorting; ``*_text`` columns hold the language's formatting.
    ``stale`` marks a place whose latest year is older than the newest year of any place.
    """
    by_geo = assessed.set_index("geo") if not assessed.empty else pd.DataFrame()
    data = observations[observations["value"].notna()].sort_values(["geo", "year"])
    series = {geo: group for geo, group in data.groupby("geo", sort=False)}
    newest = int(by_geo["latest_year"].max()) if not by_geo.empty else None
    rows: list[dict[str, Any]] = []
    for geo in geos:
        name = place_name(geo, lang)
        has = not by_geo.empty and geo in by_geo.index
        row = by_geo.loc[geo] if has else None
        year = int(row["latest_year"]) if row is not None else None
        value = _opt(row["latest_value"]) if row is not None else None
        flag = _flag(row["latest_flag"]) if row is not None else ""
        distance = _opt(row["distance_to_target"]) if row is not None else None
        cls = str(row["progress_class"]) if row is not None else INSUFFICIENT_DATA
        ratio = _opt(row["ratio"]) if row is not None else None
        base_year = _opt(row["base_year"]) if row is not None else None
        points = series.get(geo)
        if points is not None and year is not None:
            recent = points[points["year"] >= year - SPARK_YEARS]
            spark = sparkline(recent["value"].tolist())
            first = recent.iloc[0]
            trend_text = (
                f"{int(first['year'])}: {fmt_number(first['value'], lang)} → "
                f"{year}: {fmt_number(value, lang)}"
            )
        else:
            spark, trend_text = "", ""
        stale = year is not None and newest is not None and year < newest
        status = (
            progress_label(cls, lang, row) if row is not None else "? " + txt.t("no_value", lang)
        )
        value_text = fmt_number(value, lang)
        explanation = explained(row, lang) if row is not None else txt.t("no_value", lang)
        rows.append(
            {
                "geo": geo,
                "name": name,
                "is_aggregate": geo == EU_AGGREGATE,
                "latest_year": year,
                "latest_value": value,
                "latest_flag": flag,
                "distance": distance,
                "progress_class": cls,
                "status": status,
                "ratio": ratio,
                "base_year": int(base_year) if base_year is not None else None,
                "window_text": f"{int(base_year)}–{year}" if base_year is not None else "–",
                "sparkline": spark,
                "trend_text": trend_text,
                "stale": stale,
                "year_text": (
                    "–"
                    if year is None
                    else f"{year} ({txt.t('older', lang)})"
                    if stale
                    else str(year)
                ),
                "value_text": value_text,
                "distance_text": _signed(distance, lang),
                # The ratio says nothing once the target is met (the explanation omits it too).
                "ratio_text": "–"
                if cls == ACHIEVED
                else strip_negative_zero(fmt_number(ratio, lang, 2)),
                "hover": (
                    f"{name}: {value_text} %"
                    + (f" ({year}{' ' + flag if flag else ''})" if year else "")
                    + f"<br>{status}"
                ),
                "explanation": explanation,
            }
        )
    return pd.DataFrame(rows, columns=list(TABLE_COLUMNS))


def ranking_figure(
    table: pd.DataFrame,
    target_value: float,
    lang: str | None,
    *,
    axis_title: str = "%",
) -> go.Figure:
    """Latest values as dots sorted best to worst, the EU aggregate highlighted, target line.

    One trace per progress class, with the class's icon shape and a text legend entry, so the
    status is never carried by colour alone.
    """
    rows = table[table["latest_value"].notna()].sort_values(
        ["latest_value", "name"], ascending=[False, True]
    )
    fig = go.Figure()
    countries = rows[~rows["is_aggregate"]]
    for cls, (_icon, colour, _label) in PROGRESS_CLASSES.items():
        part = countries[countries["progress_class"] == cls]
        if part.empty:
            continue
        fig.add_trace(
            go.Scatter(
                x=part["latest_value"],
                y=part["name"],
                mode="markers",
                name=progress_label(cls, lang),
                marker={
                    "symbol": CLASS_SYMBOLS[cls],
                    "size": 12,
                    "color": colour,
                    "line": {"color": OKABE_ITO["black"], "width": 1},
                },
                hovertext=part["hover"],
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
    eu = rows[rows["is_aggregate"]]
    if not eu.empty:
        fig.add_trace(
            go.Scatter(
                x=eu["latest_value"],
                y=eu["name"],
                mode="markers+text",
                name=txt.t("eu_aggregate", lang),
                marker={"symbol": "diamond", "size": 15, "color": OKABE_ITO["black"]},
                text=eu["value_text"],
                textposition="middle right",
                hovertext=eu["hover"],
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
    top = max([target_value, *rows["latest_value"].tolist()]) if not rows.empty else target_value
    fig.add_vline(
        x=target_value,
        line={"color": TARGET_LINE_COLOUR, "dash": "dash", "width": 2},
        annotation_text=txt.t("target_line", lang).format(value=fmt_number(target_value, lang, 0)),
        annotation_position="top",
        annotation_font_color=OKABE_ITO["black"],
    )
    order = rows["name"].tolist()
    fig.update_layout(
        height=max(320, 22 * len(rows) + 120),
        margin={"l": 10, "r": 20, "t": 40, "b": 40},
        separators=chart_separators(lang),
        xaxis={"title": {"text": axis_title}, "range": [0, top * 1.12], "zeroline": False},
        yaxis={
            "categoryorder": "array",
            "categoryarray": order,
            "automargin": True,
            "tickfont": {"size": 12},
        },
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.04, "x": 0},
        hoverlabel={"align": "left"},
    )
    return fig


def map_figure(
    table: pd.DataFrame,
    geojson: Mapping[str, Any] | str,
    mode: str,
    lang: str | None,
    *,
    colorbar_title: str = "%",
) -> go.Figure:
    """Countries coloured by latest value (``mode="value"``) or by progress class."""
    countries = table[~table["is_aggregate"]]
    if mode == "class":
        categories = {
            cls: (progress_label(cls, lang), colour)
            for cls, (_i, colour, _label) in PROGRESS_CLASSES.items()
        }
        frame = countries.assign(
            map_class=countries["progress_class"].where(countries["latest_value"].notna())
        )
        return choropleth(
            frame,
            "map_class",
            geojson,
            hover_col="hover",
            categories=categories,
            missing_label="? " + txt.t("no_value", lang),
        )
    fig = choropleth(
        countries,
        "latest_value",
        geojson,
        hover_col="hover",
        colorbar_title=colorbar_title,
        missing_label="? " + txt.t("no_value", lang),
    )
    fig.update_layout(separators=chart_separators(lang))
    return fig


def why_items(table: pd.DataFrame) -> list[tuple[str, str]]:
    """(title, explanation) per place with data, for the "why this status" section."""
    return [
        (f"{r.name} — {r.status}", r.explanation)
        for r in table.itertuples(index=False)
        if r.latest_value is not None and not pd.isna(r.latest_value)
    ]
