"""Pure builders for the regions page: ranking table, map, ranking, spread and comparison charts.

No database and no Dash callbacks here: frames in, frames or plotly figures out, so every view
is unit-tested without a browser. Status is always text + icon, never colour alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from pathways_monitor.analysis.regional import rank_regions, select_regions
from pathways_monitor.domain.indicators import LOWER_IS_BETTER
from pathways_monitor.presentation.theme import OKABE_ITO, SERIES_COLOURS, TARGET_LINE_COLOUR
from pathways_monitor.web.dashboard.common import maps
from pathways_monitor.web.dashboard.common.i18n import fmt_number, fmt_pct
from pathways_monitor.web.dashboard.regions.texts import t

MAP_VERSION = "2021"
LEVELS: tuple[int, ...] = (1, 2, 3)
NATIONAL_COLOUR = OKABE_ITO["black"]
MEETS_COLOUR = OKABE_ITO["blue"]
MISSES_COLOUR = OKABE_ITO["vermillion"]
TABLE_COLUMNS: tuple[str, ...] = (
    "rank",
    "geo",
    "name",
    "nuts_version",
    "value",
    "flag",
    "note",
    "national_value",
    "diff_to_national",
    "target_value",
    "distance_to_target",
    "meets_target",
    "status",
    "on_map",
)


# ---------------------------------------------------------------- selecting and ranking


def levels_with_data(series: pd.DataFrame, country: str) -> list[int]:
    """The NUTS levels (1-3) at which the country has at least one regional value."""
    with_value = series.loc[series["value"].notna()]
    return [lvl for lvl in LEVELS if not select_regions(with_value, country, lvl).empty]


def level_rows(
    series: pd.DataFrame, country: str, level: int, versions: Iterable[str] | None = None
) -> pd.DataFrame:
    """The rows of one NUTS level (extra-regio codes excluded), optionally of some versions."""
    rows = select_regions(series, country, level)
    if versions is not None and "nuts_version" in rows.columns:
        rows = rows.loc[rows["nuts_version"].isin(list(versions))]
    return rows


def years_with_values(rows: pd.DataFrame) -> list[int]:
    return sorted({int(y) for y in rows.loc[rows["value"].notna(), "year"]})


def national_value(series: pd.DataFrame, country: str, year: int) -> float | None:
    row = series.loc[
        (series["geo"] == country) & (series["year"] == year) & series["value"].notna()
    ]
    return None if row.empty else float(row["value"].iloc[0])


def national_series(series: pd.DataFrame, country: str) -> pd.DataFrame:
    return series.loc[(series["geo"] == country) & series["value"].notna()].sort_values("year")


def has_flag(flag: object, letter: str) -> bool:
    return isinstance(flag, str) and letter in flag


def region_label(code: str, names: Mapping[str, str], version: object = None) -> str:
    """'Zeeland (NL34)', or 'Utrecht (NL35, NUTS 2024)' for a code not from the map's version."""
    name = names.get(code, code)
    if isinstance(version, str) and version and version != MAP_VERSION:
        return f"{name} ({code}, NUTS {version})"
    return f"{name} ({code})"


def ranking_table(
    rows: pd.DataFrame,
    year: int,
    *,
    names: Mapping[str, str],
    national: float | None,
    target: float | None,
    direction: str = LOWER_IS_BETTER,
    on_map: Iterable[str] = (),
    lang: str | None = "en",
) -> pd.DataFrame:
    """The regions in ``year``: ranked regions with a value first (best first), then regions
    whose value is suppressed (a flag and no value), each with its NUTS version, flag note,
    difference to the national figure, distance to the EU target and a text status."""
    ranked = rank_regions(rows, year, national_value=national, target=target, direction=direction)
    in_year = rows.loc[rows["year"].astype("int64") == int(year)]
    suppressed = in_year.loc[in_year["value"].isna() & in_year["flag"].notna(), ["geo", "flag"]]
    suppressed = suppressed.loc[~suppressed["geo"].isin(ranked["geo"])].sort_values("geo")
    table = pd.concat(
        [ranked, suppressed.assign(rank=pd.NA, value=float("nan"))], ignore_index=True
    )
    versions = dict(
        zip(rows["geo"], rows.get("nuts_version", pd.Series(dtype=object)), strict=False)
    )
    map_codes = set(on_map)
    table["name"] = [names.get(g, g) for g in table["geo"]]
    table["nuts_version"] = [versions.get(g) or "" for g in table["geo"]]
    table["national_value"] = float("nan") if national is None else float(national)
    table["target_value"] = float("nan") if target is None else float(target)
    table["diff_to_national"] = table["value"] - table["national_value"]
    table["distance_to_target"] = table["value"] - table["target_value"]
    table["note"] = [_note(v, f, lang) for v, f in zip(table["value"], table["flag"], strict=True)]
    meets = table["meets_target"].astype("object").where(table["value"].notna(), None)
    table["meets_target"] = [None if pd.isna(m) else bool(m) for m in meets]
    table["status"] = [
        _status(m, v, target, lang)
        for m, v in zip(table["meets_target"], table["value"], strict=True)
    ]
    table["on_map"] = [g in map_codes for g in table["geo"]]
    table["rank"] = table["rank"].astype("Int64")
    table["flag"] = table["flag"].fillna("")
    for col in (
        "value",
        "national_value",
        "target_value",
        "diff_to_national",
        "distance_to_target",
    ):
        table[col] = table[col].astype("float64").round(2)
    return table[list(TABLE_COLUMNS)]


def _note(value: float, flag: object, lang: str | None) -> str:
    if pd.isna(value):
        return t("suppressed", lang, flag=flag or ":")
    return t("low_reliability", lang) if has_flag(flag, "u") else ""


def _status(meets: bool | None, value: float, target: float | None, lang: str | None) -> str:
    if pd.isna(value):
        return ""
    if target is None or meets is None:
        return t("no_target", lang)
    return t("meets", lang) if meets else t("misses", lang)


def holding_back_sentence(
    table: pd.DataFrame, year: int, target: float | None, lang: str | None
) -> str:
    """Which regions miss the EU target, worst first, with their distance: the page's headline."""
    valued = table.loc[table["value"].notna()]
    if target is None or valued.empty:
        return ""
    misses = valued.loc[valued["meets_target"] == False].sort_values(  # noqa: E712
        "distance_to_target", ascending=False
    )
    target_text = fmt_pct(target, lang, 0 if float(target).is_integer() else 1)
    if misses.empty:
        return t("all_meet", lang, total=len(valued), target=target_text, year=year)
    names = ", ".join(
        f"{n} ({'+' if d > 0 else ''}{fmt_number(d, lang)} pp)"
        for n, d in zip(misses["name"], misses["distance_to_target"], strict=True)
    )
    return t(
        "holding_back",
        lang,
        n=len(misses),
        total=len(valued),
        target=target_text,
        year=year,
        names=names,
    )


# ---------------------------------------------------------------- figures


def _base(fig: go.Figure, title: str, height: int) -> go.Figure:
    fig.update_layout(
        title={"text": title, "x": 0, "font": {"size": 16}},
        height=height,
        margin={"l": 10, "r": 10, "t": 50, "b": 40},
        legend={"orientation": "h", "y": -0.15},
    )
    return fig


def ranking_figure(
    table: pd.DataFrame,
    *,
    names: Mapping[str, str],
    national: float | None,
    target: float | None,
    year: int,
    lang: str | None,
) -> go.Figure:
    """Horizontal bars, best at the top; misses in vermillion with '✗' text, meets in blue with
    '✓'; 'u' values say "low reliability"; suppressed regions get a text, not a bar; vertical
    lines mark the national figure and the EU target."""
    labels = [
        region_label(g, names, v) for g, v in zip(table["geo"], table["nuts_version"], strict=True)
    ]
    valued = table["value"].notna()
    texts = []
    for value, note, meets in zip(
        table["value"], table["note"], table["meets_target"], strict=True
    ):
        if pd.isna(value):
            texts.append(note)
            continue
        icon = "" if meets is None else ("✓ " if meets else "✗ ")
        texts.append(f"{icon}{fmt_number(value, lang)}" + (f"  {note}" if note else ""))
    colours = [
        OKABE_ITO["grey"] if m is None else (MEETS_COLOUR if m else MISSES_COLOUR)
        for m in table["meets_target"]
    ]
    fig = go.Figure(
        go.Bar(
            x=table["value"].where(valued, 0.0),
            y=labels,
            orientation="h",
            marker={
                "color": colours,
                "pattern": {
                    "shape": [
                        "/" if has_flag(f, "u") and ok else ""
                        for f, ok in zip(table["flag"], valued, strict=True)
                    ]
                },
            },
            text=texts,
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: %{text}<extra></extra>",
            name=t("value_plain", lang),
            showlegend=False,
        )
    )
    _reference_lines(fig, national, target, lang, vertical=True)
    fig.update_yaxes(autorange="reversed", automargin=True)
    top = max([*table["value"].dropna().tolist(), national or 0, target or 0, 1.0])
    fig.update_xaxes(title=t("value", lang), range=[0, top * 1.35], rangemode="tozero")
    return _base(fig, t("ranking_title", lang, year=year), max(260, 34 * len(table) + 120))


def _reference_lines(
    fig: go.Figure,
    national: float | None,
    target: float | None,
    lang: str | None,
    *,
    vertical: bool,
) -> None:
    add = fig.add_vline if vertical else fig.add_hline
    if national is not None:
        add(
            national,
            line={"color": NATIONAL_COLOUR, "dash": "dash", "width": 2},
            annotation_text=t("national_line", lang, value=fmt_pct(national, lang)),
            annotation_position="top left" if vertical else "top right",
        )
    if target is not None:
        add(
            target,
            line={"color": TARGET_LINE_COLOUR, "dash": "dot", "width": 2},
            annotation_text=t("target_line", lang, value=fmt_pct(target, lang, 0)),
            annotation_position="top right" if vertical else "bottom right",
        )


def load_boundaries(level: int) -> dict[str, Any] | None:
    """The NUTS 2021 boundaries used for ``level``: NUTS 2 polygons for NUTS 1 and 2 (NUTS 1 is
    painted on its NUTS 2 areas); None for NUTS 3 or when the file is not shipped."""
    if level not in (1, 2):
        return None
    try:
        return maps.load_geojson(2)
    except (OSError, ValueError):
        return None


def on_map(codes: Iterable[str], level: int, boundaries: Mapping[str, Any] | None) -> set[str]:
    """The codes that can be drawn: a NUTS 2 code on the map, or a NUTS 1 code with children."""
    if not boundaries:
        return set()
    drawable = maps.feature_ids(boundaries)
    if level == 2:
        return {c for c in codes if c in drawable}
    if level == 1:
        return {c for c in codes if any(d.startswith(c) for d in drawable)}
    return set()


def map_frame(
    table: pd.DataFrame,
    boundaries: Mapping[str, Any],
    *,
    country: str,
    level: int,
    names: Mapping[str, str],
    lang: str | None,
) -> tuple[pd.DataFrame, dict[str, Any]]:
    """One row per NUTS 2 polygon of the country (value of its region, or of its NUTS 1 parent),
    with hover text, and the country's polygons only (a small figure to send)."""
    features = [f for f in boundaries["features"] if str(f["properties"]["id"]).startswith(country)]
    by_code = table.loc[table["on_map"]].drop_duplicates("geo").set_index("geo")
    rows = []
    for feature in features:
        code = str(feature["properties"]["id"])
        owner = code if level == 2 else code[: len(country) + 1]
        if owner not in by_code.index:
            continue
        row = by_code.loc[owner]
        shown = fmt_pct(row["value"], lang) if pd.notna(row["value"]) else row["note"]
        extra = f" – {row['note']}" if row["note"] and pd.notna(row["value"]) else ""
        hover = f"{region_label(owner, names)}: {shown}{extra}<br>{row['status']}"
        rows.append(
            {
                "geo": code,
                "region": owner,
                "value": row["value"],
                "misses": row["meets_target"] is not None and not bool(row["meets_target"]),
                "hover": hover,
            }
        )
    frame = pd.DataFrame(rows, columns=["geo", "region", "value", "misses", "hover"])
    return frame, {"type": "FeatureCollection", "features": features}


def map_figure(
    table: pd.DataFrame,
    boundaries: Mapping[str, Any] | None,
    *,
    country: str,
    level: int,
    year: int,
    names: Mapping[str, str],
    lang: str | None,
) -> go.Figure | None:
    """A choropleth of the regions' values (shared dashboard.maps, offline GeoJSON, Cividis);
    regions missing the EU target get a thick vermillion outline and say so in the hover text;
    suppressed regions are grey. None when this level has no boundaries or nothing to draw."""
    if not boundaries:
        return None
    frame, geojson = map_frame(
        table, boundaries, country=country, level=level, names=names, lang=lang
    )
    if frame.empty or frame["value"].isna().all():
        return None
    fig = maps.choropleth(
        frame,
        "value",
        geojson,
        hover_col="hover",
        colorbar_title="%",
        missing_label=t("map_suppressed", lang),
        title=t("map_title", lang, year=year),
    )
    misses = frame.loc[frame["misses"]]
    if not misses.empty:
        fig.add_trace(
            go.Choropleth(
                geojson=geojson,
                featureidkey=maps.FEATURE_ID_KEY,
                locations=misses["geo"].tolist(),
                z=[1] * len(misses),
                colorscale=[[0, "rgba(0,0,0,0)"], [1, "rgba(0,0,0,0)"]],
                showscale=False,
                showlegend=True,
                marker={"line": {"color": MISSES_COLOUR, "width": 2.5}},
                hoverinfo="skip",
                name=t("misses", lang),
            )
        )
    return fig


def dispersion_figure(disp: pd.DataFrame, lang: str | None) -> go.Figure:
    """Coefficient of variation (top) and max-min gap (bottom) per year."""
    fig = make_subplots(
        rows=2,
        cols=1,
        shared_xaxes=True,
        subplot_titles=(t("cv", lang), t("gap", lang)),
        vertical_spacing=0.12,
    )
    fig.add_trace(
        go.Scatter(
            x=disp["year"],
            y=disp["cv"],
            mode="lines+markers",
            name=t("cv", lang),
            line={"color": SERIES_COLOURS[0]},
        ),
        row=1,
        col=1,
    )
    hover = [
        f"{t('min', lang)}: {lo} · {t('max', lang)}: {hi}"
        for lo, hi in zip(disp["min_geo"], disp["max_geo"], strict=True)
    ]
    fig.add_trace(
        go.Scatter(
            x=disp["year"],
            y=disp["gap"],
            mode="lines+markers",
            name=t("gap", lang),
            text=hover,
            hovertemplate="%{x}: %{y:.1f} pp<br>%{text}<extra></extra>",
            line={"color": SERIES_COLOURS[1], "dash": "dash"},
            marker={"symbol": "square"},
        ),
        row=2,
        col=1,
    )
    fig.update_xaxes(title=t("year_axis", lang), row=2, col=1, dtick=2)
    fig.update_yaxes(rangemode="tozero")
    return _base(fig, t("spread_title", lang), 420)


def dispersion_table(disp: pd.DataFrame) -> pd.DataFrame:
    """The spread's data table, rounded for reading (the chart uses the same numbers)."""
    out = disp.copy()
    for col in ("mean", "min", "max", "gap", "sd"):
        out[col] = out[col].astype("float64").round(2)
    out["cv"] = out["cv"].astype("float64").round(3)
    return out.sort_values("year", ascending=False).reset_index(drop=True)


def comparison_figure(
    series: pd.DataFrame,
    regions: list[str],
    *,
    country: str,
    names: Mapping[str, str],
    target: float | None,
    lang: str | None,
) -> go.Figure:
    """The chosen regions over time next to the national line (black, thick) and the EU target;
    low-reliability points are open markers and say so in the hover text."""
    fig = go.Figure()
    nat = national_series(series, country)
    if not nat.empty:
        fig.add_trace(
            go.Scatter(
                x=nat["year"],
                y=nat["value"],
                mode="lines",
                name=f"{t('national', lang)} ({country})",
                line={"color": NATIONAL_COLOUR, "width": 4},
            )
        )
    symbols = ["circle", "square", "diamond", "triangle-up", "cross", "x", "star", "hexagon"]
    for i, code in enumerate(regions):
        rows = series.loc[(series["geo"] == code) & series["value"].notna()].sort_values("year")
        if rows.empty:
            continue
        low = [has_flag(f, "u") for f in rows["flag"]]
        base = symbols[i % len(symbols)]
        fig.add_trace(
            go.Scatter(
                x=rows["year"],
                y=rows["value"],
                mode="lines+markers",
                name=region_label(
                    code, names, rows["nuts_version"].iloc[0] if "nuts_version" in rows else None
                ),
                line={"color": SERIES_COLOURS[(i + 1) % len(SERIES_COLOURS)]},
                marker={"symbol": [f"{base}-open" if u else base for u in low], "size": 8},
                text=[t("low_reliability", lang) if u else "" for u in low],
                hovertemplate="%{x}: %{y:.1f} %{text}<extra>%{fullData.name}</extra>",
            )
        )
    if target is not None:
        _reference_lines(fig, None, target, lang, vertical=False)
    fig.update_xaxes(title=t("year_axis", lang))
    fig.update_yaxes(title=t("value", lang), rangemode="tozero")
    return _base(fig, t("compare_title", lang), 420)


def comparison_table(
    series: pd.DataFrame, regions: list[str], country: str, names: Mapping[str, str]
) -> pd.DataFrame:
    """The comparison chart's numbers: one row per year, one column per place, plus flags."""
    keep = series.loc[series["geo"].isin([country, *regions])]
    if keep.empty:
        return pd.DataFrame(columns=["year"])
    wide = keep.drop_duplicates(["year", "geo"]).set_index(["year", "geo"])
    values = wide["value"].unstack()
    flags = wide["flag"].unstack()
    out = pd.DataFrame(index=values.index)
    for code in [country, *regions]:
        if code in values.columns:
            out[code] = values[code].round(2)
            if code in flags.columns:
                out[f"{code} flag"] = flags[code].fillna("")
    return out.reset_index().sort_values("year", ascending=False).reset_index(drop=True)
