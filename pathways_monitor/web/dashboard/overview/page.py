"""EU targets overview: every EU country and the EU against the 2030 targets, with context.

The selection (indicator, assessment window, map colouring) lives in the query string, e.g.
/targets?indicator=LOWACH_READ&window=long&map=class&lang=nl.

The address bar follows the selection through ``url_state.follow_address_bar`` (no history
entry per click: Back leaves the page rather than undoing one filter).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import dash
import dash_ag_grid as dag
import dash_bootstrap_components as dbc
import pandas as pd
import plotly.graph_objects as go
from dash import Input, Output, State, callback, dcc, html

from pathways_monitor.core.translation import DEFAULT_LANG, N_
from pathways_monitor.db.queries_overview import OVERVIEW_GEOS, overview_data
from pathways_monitor.domain.indicators import CANONICAL_CODES, INDICATOR_BY_CODE, PISA_CODES
from pathways_monitor.domain.names import translated
from pathways_monitor.web.context import read_session
from pathways_monitor.web.dashboard.common import ids, url_state
from pathways_monitor.web.dashboard.common.grid import column_defaults
from pathways_monitor.web.dashboard.common.i18n import fmt_number
from pathways_monitor.web.dashboard.common.language import drawn_in_language
from pathways_monitor.web.dashboard.common.maps import graph_config, load_geojson, not_on_map
from pathways_monitor.web.dashboard.common.not_found import not_found
from pathways_monitor.web.dashboard.overview import figures as figs
from pathways_monitor.web.dashboard.overview.texts import t

dash.register_page(
    __name__,
    path="/targets",
    name="EU targets",
    title="EU targets · Pathways Monitor",
    nav_order=1,
    nav_label=N_("EU targets"),
)

PAGE = "overview"
LANG = ids.page_lang(PAGE)  # this page's language (see common.language)

DEFAULT_INDICATOR = "ELET"
WINDOWS = ("short", "long")
MAP_MODES = ("value", "class")
CLASS_RANK = {c: i for i, c in enumerate(figs.CLASS_SYMBOLS)}

PREFIX = "overview"
TITLE = f"{PREFIX}-title"
INTRO = f"{PREFIX}-intro"
INDICATOR = f"{PREFIX}-indicator"
INDICATOR_LABEL = f"{PREFIX}-indicator-label"
WINDOW = f"{PREFIX}-window"
WINDOW_LABEL = f"{PREFIX}-window-label"
MAP_MODE = f"{PREFIX}-map-mode"
MAP_MODE_LABEL = f"{PREFIX}-map-mode-label"
NOTICE = f"{PREFIX}-notice"
CONTENT = f"{PREFIX}-content"
CHART_TITLE = f"{PREFIX}-chart-title"
RANKING = f"{PREFIX}-ranking"
MAP_TITLE = f"{PREFIX}-map-title"
MAP = f"{PREFIX}-map"
MAP_NOTE = f"{PREFIX}-map-note"
TABLE_TITLE = f"{PREFIX}-table-title"
TABLE_CAPTION = f"{PREFIX}-table-caption"
GRID = f"{PREFIX}-grid"
NOTES = f"{PREFIX}-notes"
WHY_TITLE = f"{PREFIX}-why-title"
WHY = f"{PREFIX}-why"
TABLE_STORE = f"{PREFIX}-table-store"
URL_SYNC = f"{PREFIX}-url-sync"
URL_DONE = f"{PREFIX}-url-done"
NOT_FOUND = f"{PREFIX}-not-found"


def _indicator_name(code: str, lang: str | None) -> str:
    return translated(INDICATOR_BY_CODE[code].name_en, lang)


def _window_options(lang: str | None) -> list[dict[str, str]]:
    return [{"label": t(f"window_{w}", lang), "value": w} for w in WINDOWS]


def _map_options(lang: str | None) -> list[dict[str, str]]:
    return [{"label": t(f"map_by_{m}", lang), "value": m} for m in MAP_MODES]


def _radio_group(
    id_: str, value: str, options: list[dict[str, str]], label_id: str, label: str
) -> html.Fieldset:
    """Radio buttons in a fieldset whose legend names the group for assistive technology."""
    return html.Fieldset(
        [
            html.Legend(label, id=label_id, className="form-label fs-6 mb-0"),
            dbc.RadioItems(
                id=id_,
                value=value,
                options=options,
                inline=True,
                inputClassName="me-1",
                labelClassName="me-3",
                className="mt-1",
            ),
        ],
        className="mb-2",
    )


@drawn_in_language(PAGE)
def layout(**query: str) -> html.Div:
    indicator = query.get("indicator") or DEFAULT_INDICATOR
    lang = query.get("lang")
    if indicator not in CANONICAL_CODES:
        return html.Div(
            [
                html.H1(t("title", lang), className="h3"),
                html.Div(render_not_found(lang, indicator), id=NOT_FOUND),
            ]
        )
    window = query.get("window") if query.get("window") in WINDOWS else "short"
    map_mode = query.get("map") if query.get("map") in MAP_MODES else "value"
    (
        indicator_label,
        indicator_options,
        window_label,
        window_options,
        map_mode_label,
        map_options,
        map_title,
    ) = labels(lang)
    controls = dbc.Row(
        [
            dbc.Col(
                [
                    dbc.Label(indicator_label, html_for=INDICATOR, id=INDICATOR_LABEL),
                    dbc.Select(id=INDICATOR, value=indicator, options=indicator_options),
                ],
                md=5,
            ),
            dbc.Col(
                [_radio_group(WINDOW, window, window_options, WINDOW_LABEL, window_label)],
                md=7,
            ),
        ],
        className="g-3 mb-3 overview-controls",
    )
    chart_card = dbc.Card(
        dbc.CardBody(
            [
                html.H2(id=CHART_TITLE, className="h5"),
                dcc.Graph(id=RANKING, config={"displaylogo": False}),
            ]
        )
    )
    map_card = dbc.Card(
        dbc.CardBody(
            [
                html.H2(map_title, id=MAP_TITLE, className="h5"),
                _radio_group(MAP_MODE, map_mode, map_options, MAP_MODE_LABEL, map_mode_label),
                dcc.Graph(id=MAP, config=graph_config()),
                html.P(id=MAP_NOTE, className="small text-muted mb-0"),
            ]
        )
    )
    content = html.Div(
        [
            dbc.Row(
                [dbc.Col(chart_card, lg=6, className="mb-3"), dbc.Col(map_card, lg=6)],
                className="g-3",
            ),
            html.H2(id=TABLE_TITLE, className="h5 mt-3"),
            html.P(id=TABLE_CAPTION, className="small text-muted"),
            dag.AgGrid(
                id=GRID,
                rowData=[],
                columnDefs=[],
                defaultColDef=column_defaults(filter=False),
                columnSize="responsiveSizeToFit",
                dashGridOptions={
                    "domLayout": "autoHeight",
                    "tooltipShowDelay": 300,
                    "enableCellTextSelection": True,
                    "ensureDomOrder": True,
                },
                className="ag-theme-alpine overview-grid",
            ),
            html.Div(id=NOTES, className="small text-muted mt-2"),
            html.H2(id=WHY_TITLE, className="h5 mt-4"),
            html.Div(id=WHY, className="overview-why"),
        ],
        id=CONTENT,
    )
    return html.Div(
        [
            html.H1(t("title", lang), id=TITLE, className="h3"),
            html.P(id=INTRO, className="text-muted"),
            controls,
            html.Div(id=NOTICE),
            content,
            dcc.Store(id=TABLE_STORE),
            dcc.Store(id=URL_SYNC),
            dcc.Store(id=URL_DONE),
        ],
        className="overview-page",
    )


def _indicator_options(lang: str | None) -> list[dict[str, str]]:
    return [{"label": _indicator_name(c, lang), "value": c} for c in CANONICAL_CODES]


def render_not_found(lang: str | None, value: str) -> dbc.Alert:
    """An indicator the page does not show, and the ones it does."""
    suggestions = [
        (f"{_indicator_name(c, lang)} ({c})", f"/targets?indicator={c}") for c in CANONICAL_CODES
    ]
    return not_found("indicator", value, lang, suggestions)


def labels(lang: str | None) -> tuple[Any, ...]:
    """Control labels and options in the page's language (the layout draws them): indicator
    label and options, window label and options, map mode label and options, map title."""
    return (
        t("indicator_label", lang),
        _indicator_options(lang),
        t("window_label", lang),
        _window_options(lang),
        t("map_mode_label", lang),
        _map_options(lang),
        t("map_title", lang),
    )


def _grid_columns(lang: str | None) -> list[dict[str, Any]]:
    def text(col: str) -> dict[str, str]:
        return {"function": f"params.data.{col}"}

    # Country (pinned), value and status first: at phone width (390 px) those three stay in
    # view and the other columns scroll inside the grid; minWidth stops one-letter cells.
    return [
        {
            "field": "name",
            "headerName": t("col_country", lang),
            "minWidth": 120,
            "flex": 2,
            "pinned": "left",
            "wrapText": True,
            "autoHeight": True,
        },
        {
            "field": "latest_value",
            "headerName": t("col_value", lang),
            "valueFormatter": text("value_text"),
            "type": "rightAligned",
            "minWidth": 80,
        },
        {
            "field": "class_rank",
            "headerName": t("col_status", lang),
            "valueFormatter": text("status"),
            "tooltipField": "explanation",
            "minWidth": 150,
            "flex": 2,
        },
        {"field": "geo", "headerName": t("col_code", lang), "minWidth": 115, "maxWidth": 125},
        {
            "field": "latest_year",
            "headerName": t("col_year", lang),
            "valueFormatter": text("year_text"),
            "minWidth": 95,
            "maxWidth": 140,
        },
        {
            "field": "latest_flag",
            "headerName": t("col_flag", lang),
            "minWidth": 70,
            "maxWidth": 90,
        },
        {
            "field": "distance",
            "headerName": t("col_distance", lang),
            "valueFormatter": text("distance_text"),
            "type": "rightAligned",
            "minWidth": 95,
        },
        {
            "field": "window_text",
            "headerName": t("col_window", lang),
            "minWidth": 100,
            "maxWidth": 130,
        },
        {
            "field": "ratio",
            "headerName": t("col_ratio", lang),
            "valueFormatter": text("ratio_text"),
            "type": "rightAligned",
            "minWidth": 90,
            "maxWidth": 130,
        },
        {
            "field": "sparkline",
            "headerName": t("col_trend", lang),
            "tooltipField": "trend_text",
            "sortable": False,
            "cellClass": "sparkline",
            "minWidth": 150,
        },
    ]


def _why_section(table: pd.DataFrame) -> list[html.Details]:
    return [
        html.Details([html.Summary(title), html.P(text, className="mb-2")])
        for title, text in figs.why_items(table)
    ]


@callback(
    Output(TITLE, "children"),
    Output(INTRO, "children"),
    Output(NOTICE, "children"),
    Output(CONTENT, "style"),
    Output(CHART_TITLE, "children"),
    Output(RANKING, "figure"),
    Output(TABLE_TITLE, "children"),
    Output(TABLE_CAPTION, "children"),
    Output(GRID, "rowData"),
    Output(GRID, "columnDefs"),
    Output(GRID, "dashGridOptions"),
    Output(NOTES, "children"),
    Output(WHY_TITLE, "children"),
    Output(WHY, "children"),
    Output(TABLE_STORE, "data"),
    Input(INDICATOR, "value"),
    Input(WINDOW, "value"),
    Input(LANG, "data"),
    State(GRID, "dashGridOptions"),
)
def render(
    indicator: str, window: str, lang: str | None, grid_options: dict[str, Any] | None
) -> tuple[Any, ...]:
    """Query one indicator, assess every place, build the chart, table and explanations."""
    indicator = indicator if indicator in CANONICAL_CODES else DEFAULT_INDICATOR
    window = window if window in WINDOWS else "short"
    with read_session() as session:
        data = overview_data(session, indicator)
    name = _indicator_name(indicator, lang)
    target = data.target_value
    target_text = (
        t("target_phrase", lang).format(value=fmt_number(target, lang, 0))
        if target is not None
        else "–"
    )
    intro = t("intro", lang).format(year=data.target_year, target=target_text)
    source = t("source_PISA" if indicator in PISA_CODES else "source_ELET", lang)
    has_data = target is not None and data.observations["value"].notna().any()
    if not has_data:
        notice = dbc.Alert(
            [
                html.H2(t("no_data_title", lang), className="h5 alert-heading"),
                html.P(t("no_data_indicator", lang).format(what=t(f"what_{indicator}", lang))),
            ],
            color="secondary",
            className="overview-no-data",
        )
        return (
            t("title", lang),
            intro,
            notice,
            {"display": "none"},
            "",
            go.Figure(),
            "",
            "",
            [],
            [],
            dash.no_update,
            "",
            "",
            [],
            None,
        )
    assessed = figs.assess_overview(
        data.observations,
        indicator,
        target,  # type: ignore[arg-type]
        window=window,
        target_year=data.target_year,
        operator=data.operator,
    )
    table = figs.overview_table(data.observations, assessed, OVERVIEW_GEOS, lang)
    table["class_rank"] = table["progress_class"].map(CLASS_RANK)
    figure = figs.ranking_figure(
        table,
        target,
        lang,
        axis_title=t("col_value", lang),  # type: ignore[arg-type]
    )
    records = table.astype(object).where(table.notna(), None).to_dict("records")
    eu_rows = [r for r in records if r["is_aggregate"]]
    country_rows = [r for r in records if not r["is_aggregate"]]
    newest = table["latest_year"].max()
    notes = [
        html.Div(t("stale_note", lang).format(year=int(newest))),
        html.Div(t("flags_note", lang)),
        html.Div(t("method_note", lang).format(year=data.target_year)),
        html.Div(source),
    ]
    eu = eu_rows[0] if eu_rows else None
    notice = (
        html.P(
            html.Strong(
                t("eu_summary", lang).format(
                    value=fmt_number(eu["latest_value"], lang) + " %",
                    year=eu["latest_year"],
                    status=eu["status"],
                )
            ),
            className="overview-eu-summary",
        )
        if eu is not None and eu["latest_value"] is not None
        else None
    )
    options = {**(grid_options or {}), "pinnedTopRowData": eu_rows}
    return (
        t("title", lang),
        intro,
        notice,
        {},
        f"{t('chart_title', lang)}: {name}",
        figure,
        t("table_title", lang),
        t("table_caption", lang),
        country_rows,
        _grid_columns(lang),
        options,
        notes,
        t("why_title", lang),
        _why_section(table),
        records,
    )


@callback(
    Output(MAP, "figure"),
    Output(MAP_NOTE, "children"),
    Input(TABLE_STORE, "data"),
    Input(MAP_MODE, "value"),
    State(LANG, "data"),
)
def render_map(
    records: list[dict[str, Any]] | None, mode: str, lang: str | None
) -> tuple[go.Figure, list[Any]]:
    """Countries coloured by value or by progress class, with the boundaries' attribution."""
    if not records:
        return go.Figure(), []
    table = pd.DataFrame.from_records(records)
    geojson = load_geojson(0)
    figure = figs.map_figure(
        table, geojson, "class" if mode == "class" else "value", lang, colorbar_title="%"
    )
    countries = table.loc[~table["is_aggregate"] & table["latest_value"].notna(), "geo"]
    missing = not_on_map(countries, geojson)
    placement = (
        t("not_on_map", lang).format(codes=", ".join(missing)) if missing else t("all_on_map", lang)
    )
    return figure, [html.Span(placement + " "), html.Span(t("boundaries", lang))]


@callback(
    Output(URL_SYNC, "data"),
    Input(INDICATOR, "value"),
    Input(WINDOW, "value"),
    Input(MAP_MODE, "value"),
    Input(LANG, "data"),
)
def address_search(
    indicator: str | None, window: str | None, mode: str | None, lang: str | None
) -> str:
    """The selection as a search string; a shared link keeps its language explicitly."""
    params = [("indicator", indicator or DEFAULT_INDICATOR)]
    if window == "long":
        params.append(("window", "long"))
    if mode == "class":
        params.append(("map", "class"))
    params.append(("lang", lang or DEFAULT_LANG))
    return "?" + urlencode(params)


url_state.follow_address_bar(URL_SYNC, URL_DONE)
