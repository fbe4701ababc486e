"""Plotly figures of the country page: pure functions of frames, unit-tested without a browser.

Colours come from the Okabe-Ito palette (dashboard.theme); status is always also given by a
marker symbol and a text label, never by colour alone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go

from pathways_monitor.analysis.projection import Projection
from pathways_monitor.core.formatting import chart_separators, decimal_sign
from pathways_monitor.db.queries import TargetInfo
from pathways_monitor.domain.names import funding_name
from pathways_monitor.presentation.theme import (
    LATE_ICON,
    MILESTONE_STATUS_ICONS,
    NATIONAL_TARGET_COLOUR,
    OKABE_ITO,
    SERIES_COLOURS,
    SEX_COLOURS,
    TARGET_LINE_COLOUR,
)
from pathways_monitor.web.dashboard.country.texts import OPERATOR_SIGNS, milestone_status_label, tc

EU_LINE_COLOUR = OKABE_ITO["grey"]
MILESTONE_STYLE: dict[str, tuple[str, str]] = {
    # status -> (plotly marker symbol, colour)
    "not_started": ("circle-open", OKABE_ITO["grey"]),
    "in_progress": ("triangle-right", OKABE_ITO["sky"]),
    "completed": ("circle", OKABE_ITO["green"]),
    "delayed": ("diamond", OKABE_ITO["orange"]),
    "cancelled": ("x-thin-open", OKABE_ITO["black"]),
}
LATE_COLOUR = OKABE_ITO["vermillion"]
PLANNED_SOURCE_COLOURS = [
    OKABE_ITO[k] for k in ("blue", "orange", "green", "sky", "purple", "vermillion", "yellow")
]


def separators(lang: str | None) -> str:
    """Plotly's decimal and thousands separators: "9,5" and "1.234" in Dutch."""
    return chart_separators(lang)


def _base_layout(fig: go.Figure, lang: str | None, **extra: object) -> go.Figure:
    fig.update_layout(
        separators=separators(lang),
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        legend={"orientation": "h", "yanchor": "top", "y": -0.12, "x": 0},
        hovermode="closest",
        **extra,
    )
    return fig


# --------------------------------------------------------------------------- indicator


def _group_colours(groups: Sequence[str]) -> dict[str, str]:
    if set(groups) <= set(SEX_COLOURS):
        return {g: SEX_COLOURS[g] for g in groups}
    palette = [c for c in SERIES_COLOURS if c != OKABE_ITO["black"]]
    colours = {groups[0]: OKABE_ITO["black"]} if groups else {}
    for i, g in enumerate(groups[1:]):
        colours[g] = palette[i % len(palette)]
    return colours


def _target_label(kind: str, target: TargetInfo, lang: str | None, unit: str) -> str:
    sign = OPERATOR_SIGNS.get(target.operator, "<")
    value = f"{target.value:g}".replace(".", decimal_sign(lang))
    return f"{tc(kind, lang)} {sign} {value} {unit} ({target.year})".replace("  ", " ")


def indicator_figure(
    series: pd.DataFrame,
    groups: Sequence[str],
    group_labels: Mapping[str, str],
    eu: pd.DataFrame | None,
    *,
    eu_target: TargetInfo | None,
    national_target: TargetInfo | None,
    projection: Projection | None,
    lang: str | None,
    unit: str = "%",
    title: str = "",
) -> go.Figure:
    """The country's series (one line per group), the EU-27 line, targets and the trend band.

    ``series`` has columns group, year, value, flag; ``groups[0]`` is the total, whose trend
    ``projection`` (analysis.projection.project) is drawn with its 80 % and 95 % bands. Years
    flagged with a break in series ('b') get an extra marker.
    """
    fig = go.Figure()
    years: list[int] = [int(y) for y in series["year"]] if not series.empty else []
    y_values: list[float] = [float(v) for v in series["value"].dropna()] if not series.empty else []
    # A refused projection (too few values since a break, PISA...) draws nothing: no band and
    # no trend line; the reason is in the method text under the chart.
    if projection is not None and not projection.insufficient_data:
        pts = [p for p in projection.points if p.is_projection]
        if pts:
            last = [p for p in projection.points if not p.is_projection][-1:]
            band = last + pts
            xs = [p.year for p in band]
            for level, low, high, opacity in (
                ("band95", "low95", "high95", 0.12),
                ("band80", "low80", "high80", 0.22),
            ):
                fig.add_trace(
                    go.Scatter(
                        x=xs + xs[::-1],
                        mode="lines",
                        y=[getattr(p, high) for p in band] + [getattr(p, low) for p in band][::-1],
                        fill="toself",
                        fillcolor=f"rgba(0,114,178,{opacity})",
                        line={"width": 0},
                        hoverinfo="skip",
                        name=tc(level, lang),
                    )
                )
            fig.add_trace(
                go.Scatter(
                    x=xs,
                    y=[p.central for p in band],
                    mode="lines",
                    line={"color": OKABE_ITO["blue"], "dash": "dot", "width": 2},
                    name=tc("projection", lang, year=projection.target_year),
                )
            )
            years.extend(xs)
            y_values.extend(p.high95 for p in band)
    if eu is not None and not eu.empty and eu["value"].notna().any():
        eu_valid = eu[eu["value"].notna()]
        fig.add_trace(
            go.Scatter(
                x=eu_valid["year"],
                y=eu_valid["value"],
                mode="lines",
                line={"color": EU_LINE_COLOUR, "dash": "dash", "width": 1.5},
                name=tc("eu_aggregate", lang),
            )
        )
        years.extend(int(y) for y in eu_valid["year"])
        y_values.extend(float(v) for v in eu_valid["value"])
    colours = _group_colours(list(groups))
    for g in groups:
        part = series[(series["group"] == g) & series["value"].notna()]
        if part.empty:
            continue
        is_total = g == groups[0]
        fig.add_trace(
            go.Scatter(
                x=part["year"],
                y=part["value"],
                mode="lines+markers",
                line={"color": colours.get(g), "width": 3 if is_total else 2},
                marker={"size": 6},
                name=group_labels.get(g, g),
                customdata=part["flag"].fillna("").to_numpy(),
                hovertemplate="%{x}: %{y:.1f} " + unit + " %{customdata}<extra>%{fullData.name}"
                "</extra>",
            )
        )
    flagged = series[series["value"].notna() & series["flag"].fillna("").str.contains("b")]
    if not flagged.empty:
        # One marker per year: on the total where it has the break, else the first group.
        rank = {g: i for i, g in enumerate(groups)}
        flagged = (
            flagged.assign(_rank=flagged["group"].map(rank).fillna(len(rank)))
            .sort_values(["year", "_rank"])
            .drop_duplicates("year")
        )
        fig.add_trace(
            go.Scatter(
                x=flagged["year"],
                y=flagged["value"],
                mode="markers+text",
                marker={
                    "symbol": "line-ns-open",
                    "size": 18,
                    "color": OKABE_ITO["black"],
                    "line": {"width": 2, "color": OKABE_ITO["black"]},
                },
                text=["b"] * len(flagged),
                textposition="top center",
                name=tc("break_marker", lang),
                hoverinfo="x+name",
            )
        )
    x_end = max([*years, eu_target.year if eu_target else 0]) if years else None
    x_start = min(years) if years else None
    for kind, target, colour, dash in (
        ("eu_target", eu_target, TARGET_LINE_COLOUR, "solid"),
        ("national_target", national_target, NATIONAL_TARGET_COLOUR, "dashdot"),
    ):
        if target is None or x_start is None:
            continue
        label = _target_label(kind, target, lang, unit)
        if kind == "eu_target":
            fig.add_trace(
                go.Scatter(
                    x=[x_start, max(x_end or target.year, target.year)],
                    y=[target.value, target.value],
                    mode="lines",
                    line={"color": colour, "dash": dash, "width": 2},
                    name=label,
                    hoverinfo="name",
                )
            )
        else:
            fig.add_trace(
                go.Scatter(
                    x=[target.year],
                    y=[target.value],
                    mode="markers+text",
                    marker={"symbol": "star", "size": 16, "color": colour},
                    text=[tc("national_target", lang)],
                    textposition="bottom center",
                    name=label,
                    hoverinfo="name",
                )
            )
    _base_layout(
        fig,
        lang,
        title={"text": title, "font": {"size": 15}},
        xaxis={"title": tc("year", lang), "dtick": 2},
        yaxis=_y_axis(unit, y_values + [t.value for t in (eu_target, national_target) if t]),
        height=460,
    )
    return fig


Y_MARGIN = 0.06  # headroom above the highest value, band end or target


def _y_axis(unit: str, values: Sequence[float]) -> dict[str, object]:
    """From zero to the highest value, band end or target plus a margin, and for a share never
    above 100 % (the projection's bands stay inside 0-100 %; the margin is cut at 100)."""
    axis: dict[str, object] = {"title": f"{unit}" if unit else "", "rangemode": "tozero"}
    finite = [v for v in values if v == v and abs(v) != float("inf")]
    if finite and max(finite) > 0 and min(finite) >= 0:
        top = max(finite) * (1 + Y_MARGIN)
        if unit == "%":
            top = min(top, 100.0)
        axis["range"] = [0, top]
    return axis


# --------------------------------------------------------------------------- milestones


def timeline_figure(
    milestones: pd.DataFrame,
    objective_order: Sequence[str],
    lang: str | None,
    today: dt.date,
    objective_titles: Mapping[str, str] | None = None,
) -> go.Figure:
    """Milestones on a time axis, one row per objective: symbol, colour and text per status.

    ``milestones`` must carry ``is_late`` and ``days_overdue`` (analysis.strategy.with_lateness).
    Late milestones are drawn again on top with ⚠ and the days overdue.
    """
    fig = go.Figure()
    present = [o for o in objective_order if o in set(milestones["objective_code"])]
    for status, (symbol, colour) in MILESTONE_STYLE.items():
        part = milestones[milestones["status"] == status]
        if part.empty:
            continue
        label = f"{MILESTONE_STATUS_ICONS.get(status, '')} {milestone_status_label(status, lang)}"
        fig.add_trace(
            go.Scatter(
                x=[pd.Timestamp(d) for d in part["due_date"]],
                y=part["objective_code"],
                mode="markers",
                marker={"symbol": symbol, "size": 11, "color": colour, "line": {"width": 1.5}},
                name=label.strip(),
                customdata=list(
                    zip(
                        part["code"],
                        part["title"],
                        part["responsible_body"].fillna("–"),
                        [label] * len(part),
                        strict=True,
                    )
                ),
                hovertemplate="<b>%{customdata[0]}</b> %{customdata[1]}<br>%{x|%d-%m-%Y}"
                "<br>%{customdata[3]} · %{customdata[2]}<extra></extra>",
            )
        )
    late = milestones[milestones["is_late"]]
    if not late.empty:
        fig.add_trace(
            go.Scatter(
                x=[pd.Timestamp(d) for d in late["due_date"]],
                y=late["objective_code"],
                mode="markers+text",
                marker={
                    "symbol": "circle-open",
                    "size": 20,
                    "color": LATE_COLOUR,
                    "line": {"width": 2.5},
                },
                text=[f"{LATE_ICON} {d}" for d in late["days_overdue"]],
                textposition="middle left",
                textfont={"color": LATE_COLOUR, "size": 11},
                name=f"{LATE_ICON} {tc('status_late', lang)}",
                customdata=list(
                    zip(
                        late["code"],
                        late["title"],
                        [tc("days_overdue", lang, n=d) for d in late["days_overdue"]],
                        strict=True,
                    )
                ),
                hovertemplate="<b>%{customdata[0]}</b> %{customdata[1]}<br>%{x|%d-%m-%Y}"
                "<br>⚠ %{customdata[2]}<extra></extra>",
            )
        )
    fig.add_vline(x=pd.Timestamp(today).timestamp() * 1000, line={"color": "#444", "dash": "dot"})
    fig.add_annotation(
        x=pd.Timestamp(today),
        y=1,
        yref="paper",
        text=tc("today", lang),
        showarrow=False,
        yanchor="bottom",
    )
    titles = objective_titles or {}
    _base_layout(
        fig,
        lang,
        height=max(260, 34 * len(present) + 140),
        xaxis={"type": "date", "title": tc("due_col", lang)},
        yaxis={
            "type": "category",
            "categoryorder": "array",
            "categoryarray": list(reversed(present)),
            "tickvals": present,
            "ticktext": [
                f"{c} {titles[c][:38]}…"
                if len(titles.get(c, "")) > 38
                else f"{c} {titles.get(c, '')}"
                for c in present
            ],
            "automargin": True,
        },
    )
    return fig


# --------------------------------------------------------------------------- budget


def budget_year_figure(
    by_year_source: pd.DataFrame, by_year: pd.DataFrame, lang: str | None
) -> go.Figure:
    """Planned money per year stacked by funding source (EU funds hatched), with committed and
    spent per year as lines. Amounts arrive as Decimal and become floats here, for drawing only."""
    fig = go.Figure()
    sources = by_year_source.drop_duplicates("funding_source")
    for i, src in enumerate(sources.itertuples(index=False)):
        part = by_year_source[by_year_source["funding_source"] == src.funding_source]
        prefix = f"{tc('eu_prefix', lang)} · " if src.is_eu else ""
        fig.add_trace(
            go.Bar(
                x=part["year"],
                y=[None if v is None else float(v) for v in part["planned"]],
                name=f"{prefix}{funding_name(src.funding_source, src.funding_name_en, lang)}",
                marker={
                    "color": PLANNED_SOURCE_COLOURS[i % len(PLANNED_SOURCE_COLOURS)],
                    "pattern": {"shape": "/" if src.is_eu else ""},
                },
                legendgroup="eu" if src.is_eu else "national",
                hovertemplate="%{x}: €%{y:,.0f}<extra>%{fullData.name}</extra>",
            )
        )
    for col, dash, colour in (
        ("committed", "dash", OKABE_ITO["black"]),
        ("spent", "solid", OKABE_ITO["vermillion"]),
    ):
        fig.add_trace(
            go.Scatter(
                x=by_year["year"],
                y=[None if v is None else float(v) for v in by_year[col]],
                mode="lines+markers",
                line={"color": colour, "dash": dash, "width": 2},
                marker={"symbol": "diamond" if col == "committed" else "square", "size": 8},
                name=f"{tc(col, lang)} ({tc('total', lang).lower()})",
                hovertemplate="%{x}: €%{y:,.0f}<extra>%{fullData.name}</extra>",
            )
        )
    _base_layout(
        fig,
        lang,
        barmode="stack",
        height=460,
        xaxis={"dtick": 1},
        yaxis={"title": tc("amount_eur", lang), "tickprefix": "€"},
    )
    return fig


def allocation_figure(
    labels: Sequence[str],
    eu_values: Sequence[float | None],
    national_values: Sequence[float | None],
    lang: str | None,
) -> go.Figure:
    """Horizontal bars of planned money per objective or policy area, EU funds vs national."""
    fig = go.Figure()
    for name, values, colour, pattern in (
        (tc("national_funds", lang), national_values, OKABE_ITO["blue"], ""),
        (tc("eu_funds", lang), eu_values, OKABE_ITO["orange"], "/"),
    ):
        fig.add_trace(
            go.Bar(
                y=list(labels),
                x=list(values),
                orientation="h",
                name=name,
                marker={"color": colour, "pattern": {"shape": pattern}},
                hovertemplate="%{y}: €%{x:,.0f}<extra>%{fullData.name}</extra>",
            )
        )
    _base_layout(
        fig,
        lang,
        barmode="stack",
        height=max(240, 26 * len(labels) + 120),
        xaxis={"title": f"{tc('planned', lang)} (EUR)", "tickprefix": "€"},
        yaxis={"autorange": "reversed", "automargin": True, "type": "category"},
    )
    return fig
