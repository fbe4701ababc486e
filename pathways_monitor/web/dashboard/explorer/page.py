"""Indicator explorer: any indicator, any places, any breakdown; chart, table and downloads.

URL: /explorer?indicator=ELET&geo=NL,BE,EU27_2020&breakdown=sex&from=2010&to=2025. The grid's
rows are the single source of what is shown: the chart is drawn from the same table and the CSV
and xlsx downloads are built from the grid's rows in the grid's current order
(``virtualRowData``: after the visitor's sorting), so they hold exactly what is on screen.
The address bar follows the selection through ``url_state.follow_address_bar``.
"""

import datetime as dt
from typing import Any
from urllib.parse import urlencode

import dash
import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, dcc, html
from sqlalchemy.orm import Session

from pathways_monitor.core.translation import N_
from pathways_monitor.db import queries, queries_regions
from pathways_monitor.db.queries_regions import EXPLORER_BREAKDOWNS, NO_BREAKDOWN
from pathways_monitor.domain.names import indicator_name, place_names
from pathways_monitor.reports.table_export import frame_to_csv_bytes, frame_to_xlsx_bytes
from pathways_monitor.web.context import read_session
from pathways_monitor.web.dashboard.common import ids, url_state
from pathways_monitor.web.dashboard.common.grid import column_defaults
from pathways_monitor.web.dashboard.common.language import drawn_in_language
from pathways_monitor.web.dashboard.common.not_found import not_found
from pathways_monitor.web.dashboard.explorer import figures as figs
from pathways_monitor.web.dashboard.explorer.texts import t

dash.register_page(
    __name__,
    path="/explorer",
    name="Explorer",
    title="Indicator explorer · Pathways Monitor",
    nav_order=4,
    nav_label=N_("Explorer"),
)

PAGE = "explorer"
LANG = ids.page_lang(PAGE)  # this page's language (see common.language)

DEFAULT_INDICATOR = "ELET"
DEFAULT_GEOS = ("EU27_2020",)
PARAMS = ("indicator", "geo", "breakdown", "from", "to", "lang")
MAX_PLACES = 40

PREFIX = "explorer"
QUERY = f"{PREFIX}-query"
CONTROLS = f"{PREFIX}-controls"
INDICATOR = f"{PREFIX}-indicator"
PLACES = f"{PREFIX}-places"
BREAKDOWN = f"{PREFIX}-breakdown"
BREAKDOWN_LABEL = f"{PREFIX}-breakdown-label"
YEARS = f"{PREFIX}-years"
YEARS_LABEL = f"{PREFIX}-years-label"
BODY = f"{PREFIX}-body"
GRID = f"{PREFIX}-grid"
CSV_BUTTON = f"{PREFIX}-csv"
XLSX_BUTTON = f"{PREFIX}-xlsx"
DOWNLOAD = f"{PREFIX}-download"
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
            dcc.Download(id=DOWNLOAD),
            html.Div(render_controls(query["lang"], wanted, None), id=CONTROLS),
            dcc.Loading(html.Div(id=BODY), delay_show=300),
        ],
        className="explorer-page",
    )


def parse_search(search: str | None) -> dict[str, str]:
    return url_state.parse_search(search, PARAMS)


def build_search(
    indicator: str | None,
    geos: list[str],
    breakdown: str | None,
    years: list[int] | None,
    lang: str | None,
) -> str:
    params: dict[str, str] = {}
    if indicator:
        params["indicator"] = indicator
    if geos:
        params["geo"] = ",".join(geos)
    if breakdown and breakdown != NO_BREAKDOWN:
        params["breakdown"] = breakdown
    if years:
        params["from"], params["to"] = str(years[0]), str(years[1])
    if lang:
        params["lang"] = lang
    return "?" + urlencode(params, safe=",")


def _int(value: object) -> int | None:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return None


def render_controls(lang: str | None, query: dict[str, str] | None, current: str | None) -> Any:
    """Labelled controls set from the address (the layout's ``query``, or a search string
    ``current``); options are filled by ``update``."""
    wanted = parse_search(current) if current else dict(query or {})
    with read_session() as session:
        inds = queries.indicators(session)
    options = [
        {
            "label": f"{indicator_name(row['code'], row['name_en'], lang)} ({row['code']})",
            "value": row["code"],
        }
        for _, row in inds.iterrows()
    ]
    indicator = wanted.get("indicator") or DEFAULT_INDICATOR
    if indicator not in set(inds["code"]):
        options.append({"label": indicator, "value": indicator})
    geos = [g for g in (wanted.get("geo") or ",".join(DEFAULT_GEOS)).split(",") if g]
    year_from, year_to = _int(wanted.get("from")), _int(wanted.get("to"))
    years = [year_from, year_to] if year_from is not None and year_to is not None else [2000, 2025]
    return html.Div(
        [
            html.H1(t("title", lang), className="h3"),
            html.P(t("intro", lang), className="text-muted"),
            dbc.Row(
                [
                    dbc.Col(
                        [
                            dbc.Label(t("indicator", lang), html_for=INDICATOR),
                            dcc.Dropdown(
                                id=INDICATOR, options=options, value=indicator, clearable=False
                            ),
                        ],
                        md=4,
                    ),
                    dbc.Col(
                        [
                            dbc.Label(t("places", lang), html_for=PLACES),
                            dcc.Dropdown(
                                id=PLACES,
                                options=[{"label": g, "value": g} for g in geos],
                                value=geos,
                                multi=True,
                                searchable=True,
                                placeholder=t("places_placeholder", lang),
                            ),
                        ],
                        md=8,
                    ),
                ],
                className="g-3 mb-2",
            ),
            dbc.Row(
                [
                    dbc.Col(
                        [
                            dbc.Label(t("breakdown", lang), html_for=BREAKDOWN),
                            dcc.Dropdown(
                                id=BREAKDOWN,
                                options=[
                                    {
                                        "label": wanted.get("breakdown") or NO_BREAKDOWN,
                                        "value": wanted.get("breakdown") or NO_BREAKDOWN,
                                    }
                                ],
                                value=wanted.get("breakdown") or NO_BREAKDOWN,
                                clearable=False,
                            ),
                        ],
                        md=4,
                    ),
                    dbc.Col(
                        [
                            html.Div(t("years", lang), id=YEARS_LABEL, className="form-label"),
                            html.Div(
                                dcc.RangeSlider(
                                    id=YEARS,
                                    min=2000,
                                    max=2025,
                                    step=1,
                                    value=years,
                                    allowCross=False,
                                    tooltip={"placement": "bottom", "always_visible": False},
                                ),
                                role="group",
                                **{"aria-labelledby": YEARS_LABEL},  # type: ignore[arg-type]
                            ),
                        ],
                        md=8,
                    ),
                ],
                className="g-3 mb-3",
            ),
        ]
    )


def _marks(low: int, high: int) -> dict[int, str]:
    step = 1 if high - low <= 12 else (5 if high - low <= 40 else 10)
    marks = {y: str(y) for y in range(low, high + 1) if y % step == 0}
    marks[low], marks[high] = str(low), str(high)
    return marks


def explorer_view(
    session: Session,
    indicator: str | None,
    geos: list[str] | None,
    breakdown: str | None,
    years: list[int] | None,
    lang: str | None,
    keep_lang: str | None = None,
) -> dict[str, Any]:
    """Validate the selection against the database; the controls' options, the content and
    the address. Returned as a dict keyed like the callback's outputs."""
    out: dict[str, Any] = {
        "place_options": [],
        "breakdown_options": [],
        "breakdown": breakdown or NO_BREAKDOWN,
        "min": 2000,
        "max": 2025,
        "marks": _marks(2000, 2025),
        # A RangeSlider must never receive null (it crashes in the browser).
        "years": years if years and len(years) == 2 else [2000, 2025],
        "body": [],
        "search": "",
    }
    inds = queries.indicators(session).set_index("code")
    indicator = (indicator or "").strip()
    if not indicator:
        out["body"] = [dbc.Alert(t("empty_indicator", lang), color="info")]
        return out
    if indicator not in inds.index:
        out["body"] = [
            not_found(
                "indicator",
                indicator,
                lang,
                [(f"{c}", f"/explorer?indicator={c}") for c in inds.index],
            )
        ]
        return out
    ind_name = indicator_name(indicator, inds.at[indicator, "name_en"], lang)
    places = queries_regions.places_with_data(session, indicator)
    names = dict(
        zip(places["code"], place_names(places["code"], places["name_en"], lang), strict=True)
    )
    out["place_options"] = [
        {"label": f"{names[c]} ({c})", "value": c, "search": f"{c} {names[c]}"}
        for c in places["code"]
    ]
    present = queries_regions.breakdowns_present(session, indicator)
    out["breakdown_options"] = [
        {"label": figs.breakdown_label(b, lang), "value": b} for b in present
    ]
    chosen = breakdown if breakdown in present else NO_BREAKDOWN
    out["breakdown"] = chosen
    span = queries_regions.year_span(session, indicator)
    if span is None:
        out["body"] = [dbc.Alert(t("no_data_indicator", lang, indicator=ind_name), color="info")]
        out["search"] = build_search(indicator, list(geos or []), chosen, None, keep_lang)
        return out
    low, high = span
    out["min"], out["max"], out["marks"] = low, high, _marks(low, high)
    if years and len(years) == 2 and all(isinstance(y, int) for y in years):
        picked = [max(low, min(years)), min(high, max(years))]
        if picked[0] > picked[1]:
            picked = [low, high]
    else:
        picked = [low, high]
    out["years"] = picked
    wanted = list(dict.fromkeys(g for g in (geos or []) if g))[:MAX_PLACES]
    known = [g for g in wanted if g in names]
    unknown = [g for g in wanted if g not in names]
    out["search"] = build_search(indicator, known, chosen, picked, keep_lang)
    notes: list[Any] = []
    if unknown:
        notes.append(
            dbc.Alert(t("unknown_places", lang, codes=", ".join(unknown)), color="warning")
        )
    if not known:
        out["body"] = [*notes, dbc.Alert(t("empty_places", lang), color="info")]
        return out
    obs = queries_regions.explorer_observations(
        session, indicator, known, chosen, picked[0], picked[1]
    )
    unit = str(inds.at[indicator, "unit"])
    table = figs.explorer_table(
        obs, geos=known, breakdown=chosen, names=names, unit=unit, lang=lang
    )
    if table.empty:
        out["body"] = [*notes, dbc.Alert(t("no_rows", lang), color="info")]
        return out
    target_info = queries.eu_targets(session).get(indicator)
    figure = figs.line_figure(
        table,
        title=f"{ind_name} ({indicator})",
        target=target_info.value if target_info else None,
        unit=unit,
        lang=lang,
    )
    records = table.astype(object).where(table.notna(), None).to_dict("records")
    eurostat = figs.has_eurostat(table["source"].tolist())
    out["body"] = [
        *notes,
        dcc.Graph(figure=figure, config={"displaylogo": False}, id=f"{PREFIX}-chart"),
        html.P(t("source_eurostat", lang), className="small text-muted")
        if eurostat
        else html.Div(),
        html.Div(
            [
                html.Span(t("download_label", lang), className="me-2"),
                dbc.Button(
                    t("download_csv", lang),
                    id=CSV_BUTTON,
                    color="secondary",
                    outline=True,
                    size="sm",
                    className="me-2",
                ),
                dbc.Button(
                    t("download_xlsx", lang),
                    id=XLSX_BUTTON,
                    color="secondary",
                    outline=True,
                    size="sm",
                    className="me-3",
                ),
                html.Span(figs.summary_text(table, lang), className="text-muted small"),
            ],
            className="d-flex align-items-center my-2",
        ),
        html.H2(t("data_table", lang), className="h5 mt-2"),
        dag.AgGrid(
            id=GRID,
            rowData=records,
            columnDefs=figs.column_defs(lang),
            defaultColDef=column_defaults(filter=True),
            columnSize="autoSize",
            dashGridOptions={"pagination": True, "paginationPageSize": 50},
            style={"height": "520px"},
        ),
    ]
    return out


@callback(
    Output(PLACES, "options"),
    Output(BREAKDOWN, "options"),
    Output(BREAKDOWN, "value"),
    Output(YEARS, "min"),
    Output(YEARS, "max"),
    Output(YEARS, "marks"),
    Output(YEARS, "value"),
    Output(BODY, "children"),
    Output(URL_SYNC, "data"),
    Input(INDICATOR, "value"),
    Input(PLACES, "value"),
    Input(BREAKDOWN, "value"),
    Input(YEARS, "value"),
    State(LANG, "data"),
    State(QUERY, "data"),
)
def update(
    indicator: str | None,
    geos: list[str] | None,
    breakdown: str | None,
    years: list[int] | None,
    lang: str | None,
    query: dict[str, str] | None,
) -> tuple[Any, ...]:
    """Any control change: re-validate the dependent controls, rebuild chart and table."""
    keep_lang = lang if (query or {}).get("lang") else None
    clean_years = [y for y in (_int(v) for v in (years or [])) if y is not None]
    with read_session() as session:
        out = explorer_view(
            session,
            indicator,
            list(geos or []),
            breakdown if breakdown in EXPLORER_BREAKDOWNS else NO_BREAKDOWN,
            clean_years if len(clean_years) == 2 else None,
            lang,
            keep_lang,
        )
    return (
        out["place_options"],
        out["breakdown_options"],
        out["breakdown"],
        out["min"],
        out["max"],
        out["marks"],
        out["years"],
        out["body"],
        out["search"],
    )


def _rows(virtual: list[dict[str, Any]] | None, rows: list[dict[str, Any]] | None) -> list:
    """The grid's rows as shown (sorted/filtered by the visitor), else as sent."""
    return list(virtual) if virtual is not None else list(rows or [])


def _file_stem(rows: list[dict[str, Any]]) -> str:
    indicator = str(rows[0].get("indicator") or "data") if rows else "data"
    safe = "".join(ch for ch in indicator if ch.isalnum() or ch in "_-") or "data"
    return f"pathways_{safe}_{dt.date.today().isoformat()}"


def csv_download(rows: list[dict[str, Any]], lang: str | None) -> dict[str, Any]:
    frame = figs.export_frame(rows, lang)
    return dcc.send_bytes(frame_to_csv_bytes(frame), f"{_file_stem(rows)}.csv")


def xlsx_download(rows: list[dict[str, Any]], lang: str | None, selection: str) -> dict[str, Any]:
    frame = figs.export_frame(rows, lang)
    heads = figs.headers(lang)
    formats = {heads[k]: v for k, v in figs.NUMBER_FORMATS.items()}
    about = figs.about_rows(frame, selection=selection, lang=lang)
    data = frame_to_xlsx_bytes(frame, "Data", formats, about=about, about_title=t("about", lang))
    return dcc.send_bytes(data, f"{_file_stem(rows)}.xlsx")


@callback(
    Output(DOWNLOAD, "data"),
    Input(CSV_BUTTON, "n_clicks"),
    State(GRID, "virtualRowData"),
    State(GRID, "rowData"),
    State(LANG, "data"),
    prevent_initial_call=True,
)
def download_csv(
    _clicks: int | None,
    virtual: list[dict[str, Any]] | None,
    rows: list[dict[str, Any]] | None,
    lang: str | None,
) -> Any:
    """Exactly the table shown (the grid's rows in the grid's order), as CSV."""
    table_rows = _rows(virtual, rows)
    return csv_download(table_rows, lang) if table_rows else dash.no_update


@callback(
    Output(DOWNLOAD, "data", allow_duplicate=True),
    Input(XLSX_BUTTON, "n_clicks"),
    State(GRID, "virtualRowData"),
    State(GRID, "rowData"),
    State(LANG, "data"),
    State(URL_SYNC, "data"),
    prevent_initial_call=True,
)
def download_xlsx(
    _clicks: int | None,
    virtual: list[dict[str, Any]] | None,
    rows: list[dict[str, Any]] | None,
    lang: str | None,
    search: str | None,
) -> Any:
    """Exactly the table shown, as xlsx, with an "About" sheet (selection, sources, Eurostat
    attribution, flag legend)."""
    table_rows = _rows(virtual, rows)
    if not table_rows:
        return dash.no_update
    return xlsx_download(table_rows, lang, f"/explorer{search or ''}")


url_state.follow_address_bar(URL_SYNC, URL_DONE, clear_when_empty=False)
