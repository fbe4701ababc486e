"""Pure builders for the indicator explorer: the table (the single source of what is shown and
downloaded), its grid columns, the line chart and the xlsx "About" notes.

The grid's rowData is ``explorer_table(...)`` as records, and the downloads are built from the
grid's rows with ``export_frame``: chart, table and files therefore always hold the same rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from pathways_monitor.core.formatting import chart_separators, decimal_sign
from pathways_monitor.db.queries_regions import CUSTOM, NO_BREAKDOWN
from pathways_monitor.domain.breakdowns import DIM_BY_COLUMN, FLAG_LETTERS
from pathways_monitor.domain.indicators import EUROSTAT_DATASETS
from pathways_monitor.domain.names import breakdown_value_label, flag_label, translated
from pathways_monitor.presentation.theme import OKABE_ITO, SERIES_COLOURS, TARGET_LINE_COLOUR
from pathways_monitor.web.dashboard.common.i18n import fmt_number, fmt_pct
from pathways_monitor.web.dashboard.explorer.texts import t

# Field names of the table, in display and download order.
FIELDS: tuple[str, ...] = (
    "indicator",
    "geo",
    "place",
    "breakdown",
    "group",
    "year",
    "value",
    "unit",
    "flag",
    "flag_meaning",
    "source",
)
NUMBER_FORMATS = {"value": "0.0##", "year": "0"}
EUROSTAT_SOURCES = EUROSTAT_DATASETS
DASHES = ("solid", "dash", "dot", "dashdot", "longdash", "longdashdot")
SYMBOLS = ("circle", "square", "diamond", "triangle-up", "cross", "x", "star", "hexagon")


def breakdown_label(breakdown: str, lang: str | None) -> str:
    """The breakdown's name in ``lang``: 'None (total)', 'Sex', ..., 'Own breakdown'."""
    if breakdown == NO_BREAKDOWN:
        return t("none", lang)
    if breakdown == CUSTOM:
        return t("custom", lang)
    return translated(DIM_BY_COLUMN[breakdown].label_en, lang)


def group_label(row: Mapping[str, Any], breakdown: str, lang: str | None) -> str:
    """The group of one observation in words, e.g. 'Females' or 'school_type: VMBO'."""
    if breakdown == NO_BREAKDOWN:
        return translated(DIM_BY_COLUMN["sex"].values["T"], lang)
    if breakdown == CUSTOM:
        dim, value = row["custom_dimension"], row["custom_value"]
        return value if dim == "TOTAL" else f"{dim}: {value}"
    code = row[breakdown]
    return breakdown_value_label(breakdown, code, lang) or str(code)


def _group_rank(row: Mapping[str, Any], breakdown: str) -> str:
    """Sort key of a group: the domain's order (Total, Males, Females), whatever the language."""
    if breakdown == NO_BREAKDOWN:
        return ""
    if breakdown == CUSTOM:
        return f"{row['custom_dimension']}\x00{row['custom_value']}"
    codes = list(DIM_BY_COLUMN[breakdown].values)
    code = row[breakdown]
    return f"{codes.index(code):03d}" if code in codes else f"999{code}"


def flag_meaning(flag: object, lang: str | None) -> str:
    """'bu' -> 'break in time series; low reliability' (unknown letters are shown as given)."""
    if not isinstance(flag, str) or not flag:
        return ""
    parts = []
    for letter in flag:
        parts.append(flag_label(letter, lang) or letter)
    return "; ".join(parts)


def explorer_table(
    obs: pd.DataFrame,
    *,
    geos: Sequence[str],
    breakdown: str,
    names: Mapping[str, str],
    unit: str,
    lang: str | None,
) -> pd.DataFrame:
    """The rows shown (and downloaded): places in the order chosen, then group, then year.

    Numbers stay numbers (value float or None, year int); the flag has its own column.
    """
    if obs.empty:
        return pd.DataFrame(columns=list(FIELDS))
    order = {g: i for i, g in enumerate(geos)}
    records = obs.to_dict("records")
    rows = [
        {
            "indicator": r["indicator"],
            "geo": r["geo"],
            "place": names.get(r["geo"], r["geo"]),
            "breakdown": breakdown_label(breakdown, lang),
            "group": group_label(r, breakdown, lang),
            "year": int(r["year"]),
            "value": None if pd.isna(r["value"]) else round(float(r["value"]), 3),
            "unit": unit,
            "flag": r["flag"] if isinstance(r["flag"], str) else "",
            "flag_meaning": flag_meaning(r["flag"], lang),
            "source": r["source"] if isinstance(r["source"], str) else "",
            "_order": order.get(r["geo"], len(order)),
            "_group": _group_rank(r, breakdown),
        }
        for r in records
    ]
    table = pd.DataFrame(rows).sort_values(["_order", "_group", "year"], kind="stable")
    return table.drop(columns=["_order", "_group"]).reset_index(drop=True)[list(FIELDS)]


def headers(lang: str | None) -> dict[str, str]:
    """Column headings in ``lang``, keyed by field, in table order."""
    return {f: t(f"col_{f}", lang) for f in FIELDS}


# Grid column order (the download keeps FIELDS' order): place, year and value first, so at
# phone width (390 px) they stay in view while the other columns scroll inside the grid.
GRID_ORDER: tuple[str, ...] = (
    "place",
    "year",
    "value",
    "flag",
    *(f for f in FIELDS if f not in ("place", "year", "value", "flag")),
)


def column_defs(lang: str | None) -> list[dict[str, Any]]:
    """ag-grid columns: the value is formatted per language but stays a number for sorting.

    The place is pinned left and wraps (a long name would otherwise take a phone's whole
    width); every column has a minWidth so no cell is squeezed to one letter.
    """
    heads = headers(lang)
    decimal = f"'{decimal_sign(lang)}'"
    defs: list[dict[str, Any]] = []
    for field in GRID_ORDER:
        col: dict[str, Any] = {"field": field, "headerName": heads[field], "minWidth": 70}
        if field == "value":
            col |= {
                "type": "rightAligned",
                "valueFormatter": {
                    "function": f"params.value == null ? '–' : "
                    f"d3.format('.1f')(params.value).replace('.', {decimal})"
                },
            }
        elif field == "place":
            col |= {
                "pinned": "left",
                "width": 140,
                "minWidth": 120,
                "maxWidth": 180,
                "suppressAutoSize": True,
                "wrapText": True,
                "autoHeight": True,
            }
        elif field == "year":
            col |= {"width": 75, "minWidth": 62, "suppressAutoSize": True}
        elif field in ("flag", "unit", "indicator", "geo"):
            col |= {"width": 110}
        defs.append(col)
    return defs


def export_frame(rows: Sequence[Mapping[str, Any]], lang: str | None) -> pd.DataFrame:
    """The grid's rows (in the grid's order) as the download: the table's columns only, with the
    headings shown; unknown keys sent by a browser are ignored."""
    heads = headers(lang)
    frame = pd.DataFrame([{f: r.get(f) for f in FIELDS} for r in rows], columns=list(FIELDS))
    frame["year"] = pd.to_numeric(frame["year"], errors="coerce").astype("Int64")
    frame["value"] = pd.to_numeric(frame["value"], errors="coerce").astype("float64")
    return frame.rename(columns=heads)


def has_eurostat(sources: Sequence[object]) -> bool:
    return any(isinstance(s, str) and s.strip().lower() in EUROSTAT_SOURCES for s in sources)


def about_rows(
    frame: pd.DataFrame,
    *,
    selection: str,
    lang: str | None,
    generated: dt.datetime | None = None,
) -> list[tuple[str, str]]:
    """The xlsx "About" sheet: selection, date, sources, Eurostat attribution, flag legend."""
    source_col = t("col_source", lang)
    sources = sorted({s for s in frame.get(source_col, pd.Series(dtype=object)) if s})
    when = (generated or dt.datetime.now(dt.UTC)).strftime("%Y-%m-%d %H:%M UTC")
    rows = [
        (t("about_selection", lang), selection),
        (t("about_generated", lang), when),
        (t("about_sources", lang), ", ".join(sources) or "–"),
    ]
    if has_eurostat(sources):
        rows.append((t("about_attribution", lang), t("source_eurostat", lang)))
    legend = "; ".join(
        f"{letter} = {translated(label, lang)}" for letter, label in FLAG_LETTERS.items()
    )
    rows.append((t("about_flags", lang), legend))
    return rows


def line_figure(
    table: pd.DataFrame,
    *,
    title: str,
    target: float | None,
    unit: str,
    lang: str | None,
) -> go.Figure:
    """One line per place and group (colour per place; dash and marker per group), the EU target as a dotted
    line; flagged points carry their flag in the hover text."""
    fig = go.Figure()
    keys = list(dict.fromkeys(zip(table["geo"], table["group"], strict=True)))
    several_groups = table["group"].nunique() > 1
    place_index = {g: i for i, g in enumerate(dict.fromkeys(table["geo"]))}
    group_index = {g: i for i, g in enumerate(dict.fromkeys(table["group"]))}
    for geo, group in keys:
        colour = SERIES_COLOURS[place_index[geo] % len(SERIES_COLOURS)]
        style = group_index[group]
        rows = table.loc[(table["geo"] == geo) & (table["group"] == group) & table["value"].notna()]
        if rows.empty:
            continue
        place = rows["place"].iloc[0]
        name = f"{place} – {group}" if several_groups else place
        fig.add_trace(
            go.Scatter(
                x=rows["year"],
                y=rows["value"],
                mode="lines+markers",
                name=name,
                line={"color": colour, "dash": DASHES[style % len(DASHES)]},
                marker={"symbol": SYMBOLS[style % len(SYMBOLS)], "size": 7},
                text=[f" ({f})" if f else "" for f in rows["flag"]],
                hovertemplate="%{x}: %{y}%{text}<extra>%{fullData.name}</extra>",
            )
        )
    if target is not None:
        fig.add_hline(
            target,
            line={"color": TARGET_LINE_COLOUR, "dash": "dot", "width": 2},
            annotation_text=t("eu_target", lang, value=fmt_pct(target, lang, 0)),
            annotation_position="bottom right",
        )
    fig.update_layout(
        title={"text": title, "x": 0, "font": {"size": 16}},
        height=440,
        margin={"l": 10, "r": 10, "t": 50, "b": 40},
        legend={"orientation": "h", "y": -0.2, "font": {"color": OKABE_ITO["black"]}},
        separators=chart_separators(lang),
    )
    fig.update_xaxes(title=t("col_year", lang), tickformat="d")
    fig.update_yaxes(title=f"{t('col_value', lang)} ({'%' if unit == 'percent' else unit})")
    return fig


def summary_text(table: pd.DataFrame, lang: str | None) -> str:
    return t("rows", lang, n=fmt_number(len(table), lang, 0))
