"""Regions: a country's NUTS regions against each other, the national figure and the EU target.

URL: /regions?geo=NL&level=2&year=2023&compare=NL32,NL33&indicator=ELET. The address bar is kept
in step with ``history.replaceState`` (a clientside callback fed by the server's search string)
rather than by writing ``dcc.Location.search``, which would rebuild the page and lose keyboard
focus on every change (same approach as the EU targets overview).
"""

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import dash
import dash_ag_grid as dag
import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, State, callback, dcc, html
from sqlalchemy.orm import Session

from pathways_monitor.analysis.regional import dispersion_by_year
from pathways_monitor.core.formatting import decimal_sign
from pathways_monitor.core.translation import N_
from pathways_monitor.db import queries, queries_regions
from pathways_monitor.domain.indicators import INDICATOR_BY_CODE, LOWER_IS_BETTER
from pathways_monitor.domain.names import indicator_names, place_names
from pathways_monitor.web.context import read_session
from pathways_monitor.web.dashboard.common import ids, maps, url_state
from pathways_monitor.web.dashboard.common.grid import column_defaults
from pathways_monitor.web.dashboard.common.language import drawn_in_language
from pathways_monitor.web.dashboard.common.not_found import not_found
from pathways_monitor.web.dashboard.regions import figures as figs
from pathways_monitor.web.dashboard.regions.texts import t

dash.register_page(
    __name__,
    path="/regions",
    name="Regions",
    title="Regions · Pathways Monitor",
    nav_order=3,
    nav_label=N_("Regions"),
)

PAGE = "regions"
LANG = ids.page_lang(PAGE)  # this page's language (see common.language)

DEFAULT_COUNTRY = "NL"
DEFAULT_INDICATOR = "ELET"
PARAMS = ("geo", "indicator", "level", "year", "compare", "lowrel", "lang")

PREFIX = "regions"
QUERY = f"{PREFIX}-query"
CONTROLS = f"{PREFIX}-controls"
COUNTRY = f"{PREFIX}-country"
INDICATOR = f"{PREFIX}-indicator"
LEVEL = f"{PREFIX}-level"
LEVEL_LABEL = f"{PREFIX}-level-label"
YEAR = f"{PREFIX}-year"
COMPARE = f"{PREFIX}-compare"
LOW_RELIABILITY = f"{PREFIX}-low-reliability"
BODY = f"{PREFIX}-body"
RANK_GRID = f"{PREFIX}-rank-grid"
SPREAD_GRID = f"{PREFIX}-spread-grid"
COMPARE_GRID = f"{PREFIX}-compare-grid"
URL_SYNC = f"{PREFIX}-url-sync"
URL_DONE = f"{PREFIX}-url-done"


@drawn_in_language(PAGE)
def layout(**query: str) -> html.Div:
    """The controls, set from the address and drawn in the page's language; ``update`` fills
    in their options and the content."""
    wanted = url_state.known_params(query, PARAMS)
    return html.Div(
        [
            dcc.Store(id=QUERY, data=wanted),
            dcc.Store(id=URL_SYNC),
            dcc.Store(id=URL_DONE),
            html.Div(render_controls(query["lang"], wanted, None), id=CONTROLS),
            dcc.Loading(html.Div(id=BODY), delay_show=300),
        ],
        className="regions-page",
    )


def parse_search(search: str | None) -> dict[str, str]:
    return url_state.parse_search(search, PARAMS)


def build_search(
    geo: str | None,
    indicator: str | None,
    level: int | None,
    year: int | None,
    compare: list[str],
    lang: str | None,
    low_reliability: bool = False,
) -> str:
    """The query string that restores this selection (``lang`` only when asked for)."""
    params: dict[str, str] = {}
    if geo:
        params["geo"] = geo
    if indicator:
        params["indicator"] = indicator
    if level is not None:
        params["level"] = str(level)
    if year is not None:
        params["year"] = str(year)
    if compare:
        params["compare"] = ",".join(compare)
    if low_reliability:
        params["lowrel"] = "1"
    if lang:
        params["lang"] = lang
    return "?" + urlencode(params, safe=",")


def _int(value: object) -> int | None:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return None


def _seed(*values: object) -> list[dict[str, Any]]:
    """Placeholder options holding the wanted values: a dropdown drops a value that is not
    among its options, and the real options only arrive with ``update``."""
    return [{"label": str(v), "value": v} for v in values if v is not None]


def _name_map(frame: pd.DataFrame, lang: str | None) -> dict[str, str]:
    if frame.empty:
        return {}
    names = place_names(frame["code"], frame["name_en"], lang)
    return dict(zip(frame["code"], names, strict=True))


def render_controls(lang: str | None, query: dict[str, str] | None, current: str | None) -> Any:
    """The labelled controls, set from the address: the layout's ``query`` (a language switch
    draws the page again from the address, so it keeps them), or a search string ``current``."""
    wanted = parse_search(current) if current else dict(query or {})
    with read_session() as session:
        countries = queries_regions.countries_with_regional_data(session)
        country_names = _name_map(queries.places(session, kinds=["country"]), lang)
    geo = wanted.get("geo") or (DEFAULT_COUNTRY if DEFAULT_COUNTRY in countries else None)
    if geo is None and countries:
        geo = countries[0]
    compare = [c for c in (wanted.get("compare") or "").split(",") if c]
    country_options = [{"label": f"{country_names.get(c, c)} ({c})", "value": c} for c in countries]
    if geo and geo not in countries:
        country_options.append({"label": geo, "value": geo})  # shown so the not-found is clear
    return html.Div(
        [
            html.H1(t("title", lang), className="h3"),
            html.P(t("intro", lang), className="text-muted"),
            dbc.Row(
                [
                    dbc.Col(
                        [
                            dbc.Label(t("country", lang), html_for=COUNTRY),
                            dcc.Dropdown(
                                id=COUNTRY, options=country_options, value=geo, clearable=False
                            ),
                        ],
                        md=3,
                    ),
                    dbc.Col(
                        [
                            dbc.Label(t("indicator", lang), html_for=INDICATOR),
                            dcc.Dropdown(
                                id=INDICATOR,
                                options=_seed(wanted.get("indicator") or DEFAULT_INDICATOR),
                                value=wanted.get("indicator") or DEFAULT_INDICATOR,
                                clearable=False,
                            ),
                        ],
                        md=3,
                    ),
                    dbc.Col(
                        [
                            html.Div(t("level", lang), id=LEVEL_LABEL, className="form-label"),
                            html.Div(
                                dbc.RadioItems(
                                    id=LEVEL,
                                    options=[],
                                    value=_int(wanted.get("level")),
                                    inline=True,
                                    inputClassName="me-1",
                                    labelClassName="me-3",
                                ),
                                role="radiogroup",
                                **{"aria-labelledby": LEVEL_LABEL},  # type: ignore[arg-type]
                            ),
                        ],
                        md=4,
                    ),
                    dbc.Col(
                        [
                            dbc.Label(t("year", lang), html_for=YEAR),
                            dcc.Dropdown(
                                id=YEAR,
                                options=_seed(_int(wanted.get("year"))),
                                value=_int(wanted.get("year")),
                                clearable=False,
                            ),
                        ],
                        md=2,
                    ),
                ],
                className="g-3 mb-2",
            ),
            dbc.Row(
                dbc.Col(
                    [
                        dbc.Label(t("compare", lang), html_for=COMPARE),
                        dcc.Dropdown(
                            id=COMPARE,
                            options=_seed(*compare),
                            value=compare,
                            multi=True,
                            searchable=True,
                            placeholder=t("compare_placeholder", lang),
                        ),
                    ]
                ),
                className="mb-2",
            ),
            dbc.Switch(
                id=LOW_RELIABILITY,
                label=t("include_low_reliability", lang),
                value=wanted.get("lowrel") == "1",
                className="mb-3",
            ),
        ]
    )


@dataclass
class RegionsView:
    """Everything one update returns: control options and values, the content, the address.

    (No ``from __future__ import annotations`` in this module: Dash loads pages without
    registering them in ``sys.modules``, which string annotations on a dataclass need.)
    """

    indicator_options: list[dict[str, Any]] = field(default_factory=list)
    level_options: list[dict[str, Any]] = field(default_factory=list)
    level: int | None = None
    year_options: list[dict[str, Any]] = field(default_factory=list)
    year: int | None = None
    compare_options: list[dict[str, Any]] = field(default_factory=list)
    compare: list[str] = field(default_factory=list)
    body: list[Any] = field(default_factory=list)
    search: str = ""

    def as_tuple(self) -> tuple[Any, ...]:
        return (
            self.indicator_options,
            self.level_options,
            self.level,
            self.year_options,
            self.year,
            self.compare_options,
            self.compare,
            self.body,
            self.search,
        )


def regions_view(
    session: Session,
    geo: str | None,
    indicator: str | None,
    level: int | None,
    year: int | None,
    compare: list[str] | None,
    lang: str | None,
    keep_lang: str | None = None,
    low_reliability: bool = False,
) -> RegionsView:
    """Validate the selection against the database and build the page content."""
    view = RegionsView()
    geo = (geo or "").strip()
    indicator = (indicator or DEFAULT_INDICATOR).strip()
    countries = queries_regions.countries_with_regional_data(session)
    if not queries_regions.is_country(session, geo):
        names = _name_map(queries.places(session, kinds=["country"]), lang)
        view.body = [
            not_found(
                "country",
                geo or "–",
                lang,
                [(f"{names.get(c, c)} ({c})", f"/regions?geo={c}") for c in countries],
            )
        ]
        return view
    ind_frame = queries.indicators(session)
    in_lang = indicator_names(ind_frame["code"], ind_frame["name_en"], lang)
    ind_names = dict(zip(ind_frame["code"], in_lang, strict=True))
    regional = queries_regions.regional_indicators(session, geo)
    view.indicator_options = [
        {"label": f"{ind_names.get(c) or c} ({c})", "value": c} for c in regional
    ]
    if indicator not in ind_names:
        view.body = [
            not_found(
                "indicator",
                indicator,
                lang,
                [
                    (f"{ind_names.get(c) or c} ({c})", f"/regions?geo={geo}&indicator={c}")
                    for c in regional
                ],
            )
        ]
        return view
    country_names = _name_map(queries.places(session, kinds=["country"]), lang)
    series = queries_regions.regional_series(session, indicator, geo)
    levels = figs.levels_with_data(series, geo)
    if not levels:
        view.body = [
            dbc.Alert(
                t(
                    "no_regional_data",
                    lang,
                    country=country_names.get(geo, geo),
                    indicator=ind_names[indicator],
                ),
                color="info",
            )
        ]
        view.search = build_search(geo, indicator, None, None, [], keep_lang)
        return view
    view.level_options = [{"label": t(f"level_{lvl}", lang), "value": lvl} for lvl in levels]
    view.level = level if level in levels else (2 if 2 in levels else levels[0])
    rows = figs.level_rows(series, geo, view.level)
    years = figs.years_with_values(rows)
    view.year_options = [{"label": str(y), "value": y} for y in reversed(years)]
    view.year = year if year in years else years[-1]
    regions = queries_regions.country_regions(session, geo)
    names = _name_map(regions, lang) | {geo: country_names.get(geo, geo)}
    level_codes = sorted(set(rows["geo"]))
    versions = dict(zip(regions["code"], regions["nuts_version"], strict=True))
    view.compare_options = [
        {"label": figs.region_label(c, names, versions.get(c)), "value": c} for c in level_codes
    ]
    view.compare = [c for c in (compare or []) if c in level_codes]
    view.search = build_search(
        geo, indicator, view.level, view.year, view.compare, keep_lang, low_reliability
    )

    definition = INDICATOR_BY_CODE.get(indicator)
    direction = (
        definition.direction
        if definition
        else ind_frame.set_index("code").at[indicator, "direction"] or LOWER_IS_BETTER
    )
    eu_target = queries.eu_targets(session).get(indicator)
    target = eu_target.value if eu_target else None
    national = figs.national_value(series, geo, view.year)
    boundaries = figs.load_boundaries(view.level)
    table = figs.ranking_table(
        rows,
        view.year,
        names=names,
        national=national,
        target=target,
        direction=direction,
        on_map=figs.on_map(level_codes, view.level, boundaries),
        lang=lang,
    )
    view.body = _content(
        series, rows, table, boundaries, geo, view, names, national, target, lang, low_reliability
    )
    return view


def _content(
    series: pd.DataFrame,
    rows: pd.DataFrame,
    table: pd.DataFrame,
    boundaries: dict[str, Any] | None,
    geo: str,
    view: RegionsView,
    names: dict[str, str],
    national: float | None,
    target: float | None,
    lang: str | None,
    low_reliability: bool = False,
) -> list[Any]:
    assert view.level is not None and view.year is not None
    year, level = view.year, view.level
    if table["value"].notna().sum() == 0:
        return [dbc.Alert(t("no_value_year", lang, year=year), color="info")]
    headline = figs.holding_back_sentence(table, year, target, lang)
    map_fig = figs.map_figure(
        table, boundaries, country=geo, level=level, year=year, names=names, lang=lang
    )
    off_map = [
        figs.region_label(g, names, v)
        for g, v, m in zip(table["geo"], table["nuts_version"], table["on_map"], strict=True)
        if not m and str(v) != maps.MAP_NUTS_VERSION
    ]
    # NUTS 2021 regions without a polygon in the 1:60 million boundaries (ES70, the Canaries).
    too_small = [
        figs.region_label(g, names, None)
        for g, v, m in zip(table["geo"], table["nuts_version"], table["on_map"], strict=True)
        if not m and str(v) == maps.MAP_NUTS_VERSION
    ]
    map_notes: list[Any] = []
    if level == 1 and map_fig is not None:
        map_notes.append(html.P(t("map_level1_note", lang), className="small text-muted mb-1"))
    if off_map and level in (1, 2):
        map_notes.append(
            html.P(t("not_on_map", lang, codes=", ".join(off_map)), className="small mb-1")
        )
    if too_small and level in (1, 2):
        map_notes.append(
            html.P(
                t("no_boundary_at_scale", lang, codes=", ".join(too_small)), className="small mb-1"
            )
        )
    map_block = (
        dcc.Graph(figure=map_fig, config=maps.graph_config(), id=f"{PREFIX}-map")
        if map_fig is not None
        else dbc.Alert(t("no_map", lang), color="light")
    )
    ranking = figs.ranking_figure(
        table, names=names, national=national, target=target, year=year, lang=lang
    )
    spread = dispersion_by_year(rows, include_low_reliability=low_reliability)
    disp = figs.dispersion_table(spread)
    spread_notes = [t("spread_unweighted", lang)]
    left_out = int(spread.loc[spread["year"] == year, "left_out"].sum()) if not spread.empty else 0
    if low_reliability:
        spread_notes.append(t("spread_with_low_reliability", lang))
    elif left_out:
        spread_notes.append(t("spread_without_low_reliability", lang, n=left_out, year=year))
    comparison = figs.comparison_figure(
        series, view.compare, country=geo, names=names, target=target, lang=lang
    )
    return [
        dbc.Alert(
            ("⚠ " if (table["meets_target"] == False).any() else "✓ ") + headline,  # noqa: E712
            color="light",
            className="border",
            id=f"{PREFIX}-headline",
        )
        if headline
        else html.Div(),
        dbc.Row(
            [
                dbc.Col(
                    [
                        map_block,
                        *map_notes,
                        html.P(t("boundaries", lang), className="small text-muted"),
                    ],
                    lg=5,
                ),
                dbc.Col(
                    dcc.Graph(
                        figure=ranking, config={"displaylogo": False}, id=f"{PREFIX}-ranking"
                    ),
                    lg=7,
                ),
            ],
            className="g-3",
        ),
        _accordion(t("data_table", lang), _rank_grid(table, lang)),
        html.Hr(),
        dcc.Graph(
            figure=figs.dispersion_figure(disp, lang),
            config={"displaylogo": False},
            id=f"{PREFIX}-spread",
        ),
        html.P(" ".join(spread_notes), className="small text-muted", id=f"{PREFIX}-spread-note"),
        _accordion(t("data_table", lang), _spread_grid(disp, names, lang)),
        html.Hr(),
        dcc.Graph(figure=comparison, config={"displaylogo": False}, id=f"{PREFIX}-compare-chart"),
        html.P(t("choose_regions", lang), className="text-muted small")
        if not view.compare
        else html.Div(),
        _accordion(
            t("data_table", lang),
            _grid(COMPARE_GRID, figs.comparison_table(series, view.compare, geo, names)),
        ),
        html.P(t("source", lang), className="small text-muted mt-3"),
    ]


def _accordion(title: str, content: Any) -> dbc.Accordion:
    return dbc.Accordion(
        dbc.AccordionItem(content, title=title), start_collapsed=True, className="mt-2 mb-3"
    )


def _number_col(field: str, header: str, lang: str | None, decimals: int = 1) -> dict[str, Any]:
    sep = f"'{decimal_sign(lang)}'"
    return {
        "field": field,
        "headerName": header,
        "type": "rightAligned",
        "valueFormatter": {
            "function": f"params.value == null ? '–' : "
            f"d3.format('.{decimals}f')(params.value).replace('.', {sep})"
        },
    }


def _rank_grid(table: pd.DataFrame, lang: str | None) -> dag.AgGrid:
    # Region (pinned), value and status first: at phone width (390 px) those three stay in
    # view and the other columns scroll inside the grid; minWidth stops one-letter cells.
    columns = [
        {
            "field": "name",
            "headerName": t("region", lang),
            "flex": 2,
            "minWidth": 120,
            "pinned": "left",
            "wrapText": True,
            "autoHeight": True,
        },
        {**_number_col("value", t("value", lang), lang), "minWidth": 75},
        {
            "field": "status",
            "headerName": t("status", lang),
            "flex": 2,
            "minWidth": 150,
            "wrapText": True,
            "autoHeight": True,
        },
        {"field": "rank", "headerName": t("rank", lang), "width": 80, "minWidth": 65},
        {"field": "geo", "headerName": t("code", lang), "width": 90, "minWidth": 75},
        {
            "field": "nuts_version",
            "headerName": t("nuts_version", lang),
            "width": 110,
            "minWidth": 90,
        },
        {"field": "flag", "headerName": t("flag", lang), "width": 80, "minWidth": 65},
        {"field": "note", "headerName": "", "flex": 1, "minWidth": 80},
        {**_number_col("diff_to_national", t("diff_national", lang), lang), "minWidth": 100},
        {**_number_col("distance_to_target", t("distance_target", lang), lang), "minWidth": 100},
    ]
    records = table.drop(columns=["on_map"]).astype(object).where(table.notna(), None)
    return dag.AgGrid(
        id=RANK_GRID,
        rowData=records.to_dict("records"),
        columnDefs=columns,
        defaultColDef=column_defaults(),
        columnSize="responsiveSizeToFit",
        dashGridOptions={"domLayout": "autoHeight"},
    )


def _spread_grid(disp: pd.DataFrame, names: dict[str, str], lang: str | None) -> dag.AgGrid:
    frame = disp.copy()
    frame["min_geo"] = [f"{names.get(g, g)} ({g})" for g in frame["min_geo"]]
    frame["max_geo"] = [f"{names.get(g, g)} ({g})" for g in frame["max_geo"]]
    columns = [
        {"field": "year", "headerName": t("year", lang), "width": 90},
        {"field": "count", "headerName": t("count", lang), "width": 110},
        _number_col("cv", t("cv", lang), lang, 3),
        _number_col("gap", t("gap", lang), lang),
        _number_col("mean", t("mean", lang), lang),
        _number_col("min", t("min", lang), lang),
        {"field": "min_geo", "headerName": t("min_region", lang), "flex": 1},
        _number_col("max", t("max", lang), lang),
        {"field": "max_geo", "headerName": t("max_region", lang), "flex": 1},
    ]
    return dag.AgGrid(
        id=SPREAD_GRID,
        rowData=frame.astype(object).where(frame.notna(), None).to_dict("records"),
        columnDefs=columns,
        defaultColDef=column_defaults(),
        columnSize="responsiveSizeToFit",
        dashGridOptions={"domLayout": "autoHeight"},
    )


def _grid(id_: str, frame: pd.DataFrame) -> dag.AgGrid:
    return dag.AgGrid(
        id=id_,
        rowData=frame.astype(object).where(frame.notna(), None).to_dict("records"),
        columnDefs=[{"field": str(c)} for c in frame.columns],
        defaultColDef=column_defaults(),
        columnSize="responsiveSizeToFit",
        dashGridOptions={"domLayout": "autoHeight"},
    )


@callback(
    Output(INDICATOR, "options"),
    Output(LEVEL, "options"),
    Output(LEVEL, "value"),
    Output(YEAR, "options"),
    Output(YEAR, "value"),
    Output(COMPARE, "options"),
    Output(COMPARE, "value"),
    Output(BODY, "children"),
    Output(URL_SYNC, "data"),
    Input(COUNTRY, "value"),
    Input(INDICATOR, "value"),
    Input(LEVEL, "value"),
    Input(YEAR, "value"),
    Input(COMPARE, "value"),
    Input(LOW_RELIABILITY, "value"),
    State(LANG, "data"),
    State(QUERY, "data"),
)
def update(
    geo: str | None,
    indicator: str | None,
    level: int | None,
    year: int | None,
    compare: list[str] | None,
    low_reliability: bool | None,
    lang: str | None,
    query: dict[str, str] | None,
) -> tuple[Any, ...]:
    """Any control change: re-validate the dependent controls and rebuild the content."""
    keep_lang = (query or {}).get("lang")
    with read_session() as session:
        view = regions_view(
            session,
            geo,
            indicator,
            _int(level),
            _int(year),
            list(compare or []),
            lang,
            keep_lang=lang if keep_lang else None,
            low_reliability=bool(low_reliability),
        )
    return view.as_tuple()


url_state.follow_address_bar(URL_SYNC, URL_DONE, clear_when_empty=False)
