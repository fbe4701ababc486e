"""The budget section: by year and fund, exact totals, allocation, and funded-but-off-track.

Amounts stay Decimal in the tables (shown with ``fmt_eur``, exact to the cent; the raw exact
value rides along as ``<column>_exact`` text) and become floats only inside the figures.
"""

from __future__ import annotations

import decimal
from typing import Any

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from pathways_monitor.analysis import strategy as strat
from pathways_monitor.domain.names import funding_name
from pathways_monitor.domain.taxonomy import POLICY_AREA
from pathways_monitor.presentation.theme import LATE_ICON, progress_label
from pathways_monitor.web.dashboard.country import ids as cid
from pathways_monitor.web.dashboard.country.data import StrategyData
from pathways_monitor.web.dashboard.country.figures import allocation_figure, budget_year_figure
from pathways_monitor.web.dashboard.country.grid import collapsible, grid, text_column
from pathways_monitor.web.dashboard.country.texts import fmt_eur, fmt_share, tc, term_label


def money_cells(row: Any, lang: str | None) -> dict[str, Any]:
    """Sortable float, shown text and exact text for each money column of a totals row."""
    out: dict[str, Any] = {}
    for col in strat.MONEY_COLUMNS:
        value = row[col] if isinstance(row, dict) else getattr(row, col)
        exact = value if isinstance(value, decimal.Decimal) else None
        out[col] = float(exact) if exact is not None else None
        out[f"{col}_text"] = fmt_eur(exact, lang)
        out[f"{col}_exact"] = str(exact) if exact is not None else None
    return out


def money_columns(lang: str | None) -> list[dict[str, Any]]:
    return [text_column(col, tc(col, lang)) for col in strat.MONEY_COLUMNS]


def source_table(data: StrategyData, lang: str | None) -> Any:
    by_source = strat.budget_by_source(data.budget)
    rows = [
        {
            "funding_source": r.funding_source,
            "name": funding_name(r.funding_source, r.funding_name_en, lang),
            "type": tc("eu_funds" if r.is_eu else "national_funds", lang),
            **money_cells(r, lang),
        }
        for r in by_source.itertuples(index=False)
    ]
    total = {
        "funding_source": "",
        "name": tc("total", lang),
        "type": "",
        **money_cells(strat.grand_total(data.budget), lang),
    }
    columns = [
        {"field": "name", "headerName": tc("funding_source", lang), "flex": 2},
        {"field": "funding_source", "headerName": "Code", "maxWidth": 150},
        {"field": "type", "headerName": tc("fund_type", lang), "flex": 1},
        *money_columns(lang),
    ]
    return grid(cid.BUDGET_SOURCE_GRID, rows, columns, pinned_bottom=[total])


def year_table(data: StrategyData, lang: str | None) -> Any:
    by_year = strat.budget_by_year(data.budget)
    rows = [{"year": int(r.year), **money_cells(r, lang)} for r in by_year.itertuples(index=False)]
    total = {"year": tc("total", lang), **money_cells(strat.grand_total(data.budget), lang)}
    columns = [
        # Text cells: the pinned total row says "Total" in this column.
        {"field": "year", "headerName": tc("year", lang), "maxWidth": 120, "cellDataType": False},
        *money_columns(lang),
    ]
    return grid(cid.BUDGET_YEAR_GRID, rows, columns, pinned_bottom=[total])


def _eu_split(frame: pd.DataFrame, key: str) -> dict[str, dict[bool, decimal.Decimal | None]]:
    split: dict[str, dict[bool, decimal.Decimal | None]] = {}
    for r in strat.budget_totals(frame, [key, "is_eu"]).itertuples(index=False):
        split.setdefault(getattr(r, key), {})[bool(r.is_eu)] = r.planned
    return split


def objective_allocation(data: StrategyData, lang: str | None) -> list[Any]:
    totals = strat.budget_by_objective(data.budget)
    split = _eu_split(data.budget, "objective_code")
    labels = [
        f"{r.objective_code} {r.objective_title[:45]}" for r in totals.itertuples(index=False)
    ]
    eu = [float(split.get(c, {}).get(True) or 0) for c in totals["objective_code"]]
    national = [float(split.get(c, {}).get(False) or 0) for c in totals["objective_code"]]
    rows = [
        {
            "objective": r.objective_code,
            "title": r.objective_title,
            "eu_planned": float(split.get(r.objective_code, {}).get(True) or 0),
            "eu_planned_text": fmt_eur(split.get(r.objective_code, {}).get(True), lang),
            **money_cells(r, lang),
        }
        for r in totals.itertuples(index=False)
    ]
    columns = [
        {"field": "objective", "headerName": tc("objective", lang), "maxWidth": 120},
        {"field": "title", "headerName": "", "flex": 3},
        *money_columns(lang),
        text_column("eu_planned", f"{tc('planned', lang)}: {tc('eu_funds', lang)}"),
    ]
    return [
        html.H3(tc("by_objective", lang), className="h6 mt-3"),
        dcc.Graph(
            id=cid.ALLOCATION_OBJECTIVE_GRAPH,
            figure=allocation_figure(labels, eu, national, lang),
            config={"displaylogo": False},
        ),
        collapsible(tc("data_table", lang), grid(cid.ALLOCATION_OBJECTIVE_GRID, rows, columns)),
    ]


def area_allocation(data: StrategyData, lang: str | None) -> list[Any]:
    totals = strat.budget_by_policy_area(data.budget, POLICY_AREA.codes())
    exploded = data.budget.assign(
        policy_area=[tuple(a) if len(a) else ("",) for a in data.budget["policy_areas"]]
    ).explode("policy_area")
    split = _eu_split(exploded, "policy_area")

    def label(code: str) -> str:
        return term_label("policy_area", code, lang) if code else tc("no_area", lang)

    labels = [label(a) for a in totals["policy_area"]]
    eu = [float(split.get(a, {}).get(True) or 0) for a in totals["policy_area"]]
    national = [float(split.get(a, {}).get(False) or 0) for a in totals["policy_area"]]
    rows = [
        {"policy_area": label(r.policy_area), **money_cells(r, lang)}
        for r in totals.itertuples(index=False)
    ]
    columns = [
        {"field": "policy_area", "headerName": tc("policy_area", lang), "flex": 2},
        *money_columns(lang),
    ]
    return [
        html.H3(tc("by_area", lang), className="h6 mt-3"),
        html.P(tc("area_note", lang), className="small text-muted"),
        dcc.Graph(
            id=cid.ALLOCATION_AREA_GRAPH,
            figure=allocation_figure(labels, eu, national, lang),
            config={"displaylogo": False},
        ),
        collapsible(tc("data_table", lang), grid(cid.ALLOCATION_AREA_GRID, rows, columns)),
    ]


def off_track_block(data: StrategyData, lang: str | None) -> dbc.Alert:
    """Objectives with money whose indicators are off track or that have late milestones."""
    frame = strat.funded_but_off_track(
        data.objectives,
        data.budget,
        data.links,
        data.indicator_classes,
        data.milestones,
        data.today,
    )
    definition = html.P(tc("off_track_definition", lang), className="small mb-0")
    if frame.empty:
        return dbc.Alert(
            [html.P("✓ " + tc("off_track_none", lang), className="mb-1"), definition],
            color="light",
            id=cid.OFF_TRACK,
        )
    items = []
    for r in frame.itertuples(index=False):
        reasons: list[str] = [
            f"{progress_label(cls, lang)}: {code}" for code, cls in r.off_track_indicators
        ]
        if r.late_milestones:
            reasons.append(tc("late_count", lang, icon=LATE_ICON, n=r.late_milestones))
        items.append(
            html.Li(
                [
                    html.Strong(f"{r.objective_code} "),
                    f"{r.title} – {tc('planned_amount', lang, amount=fmt_eur(r.planned, lang))} – ",
                    "; ".join(reasons),
                ]
            )
        )
    return dbc.Alert(
        [
            html.H3(tc("off_track_heading", lang, icon=LATE_ICON, n=len(frame)), className="h6"),
            html.Ul(items, className="small mb-1"),
            definition,
        ],
        color="warning",
        id=cid.OFF_TRACK,
    )


def budget_section(data: StrategyData, lang: str | None) -> list[Any]:
    if data.budget.empty:
        return [html.P(tc("no_budget", lang)), off_track_block(data, lang)]
    total = strat.grand_total(data.budget)
    by_type = {
        bool(r.is_eu): r.planned for r in strat.budget_by_fund_type(data.budget).itertuples()
    }
    eu = by_type.get(True) or decimal.Decimal(0)
    summary = tc(
        "budget_summary",
        lang,
        total=fmt_eur(total["planned"], lang),
        eu=fmt_eur(eu, lang),
        share=fmt_share(eu, total["planned"], lang),
        committed=fmt_eur(total["committed"], lang),
        spent=fmt_eur(total["spent"], lang),
    )
    figure = budget_year_figure(
        strat.budget_by_year_source(data.budget), strat.budget_by_year(data.budget), lang
    )
    return [
        off_track_block(data, lang),
        html.P(summary, className="fw-semibold", id=f"{cid.PREFIX}budget-summary"),
        html.Div(
            dcc.Graph(id=cid.BUDGET_GRAPH, figure=figure, config={"displaylogo": False}),
            role="figure",
            **{"aria-label": tc("h_budget", lang)},
        ),
        html.P(tc("budget_chart_note", lang), className="small text-muted"),
        dbc.Row(
            [
                dbc.Col(
                    [html.H3(tc("by_source", lang), className="h6"), source_table(data, lang)], lg=7
                ),
                dbc.Col(
                    [html.H3(tc("by_year", lang), className="h6"), year_table(data, lang)], lg=5
                ),
            ],
            className="g-3",
        ),
        *objective_allocation(data, lang),
        *area_allocation(data, lang),
    ]
