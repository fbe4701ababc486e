"""Import history: every batch (who, when, which file, what it changed), filterable by country
and kind of file; selecting one shows the values it changed or the strategy version and audit
rows it wrote, downloadable as xlsx.

URL: /imports?country=NL&kind=eurostat&batch=12 (the upload page links to ``?batch=N``). The
address follows the selection through ``history.replaceState`` (as on the explorer page), so a
copied address restores it without rebuilding the page.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import parse_qs, urlencode

import dash
import dash_ag_grid as dag
import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, State, callback, clientside_callback, dcc, html

from dashboard import ids
from dashboard import upload_view as view
from dashboard.i18n import fmt_number
from dashboard.i18n_upload import t
from dashboard.store import read_session
from db import queries_imports as q
from exports.table_export import frame_to_xlsx_bytes

dash.register_page(
    __name__,
    path="/imports",
    name="Import history",
    title="Import history · Pathways Monitor",
    nav_order=6,
    nav_label_en="Import history",
    nav_label_nl="Importgeschiedenis",
)

PARAMS = ("country", "kind", "batch", "lang")
PREFIX = "imports"
QUERY = f"{PREFIX}-query"
CONTROLS = f"{PREFIX}-controls"
COUNTRY = f"{PREFIX}-country"
KIND = f"{PREFIX}-kind"
LIST = f"{PREFIX}-list"
GRID = f"{PREFIX}-grid"
SELECTED = f"{PREFIX}-selected"
DETAIL = f"{PREFIX}-detail"
LIST_BUTTON = f"{PREFIX}-download-list"
BATCH_BUTTON = f"{PREFIX}-download-batch"
DOWNLOAD = f"{PREFIX}-download"
URL_SYNC = f"{PREFIX}-url-sync"
URL_DONE = f"{PREFIX}-url-done"


def parse_query(query: dict[str, Any]) -> dict[str, str]:
    return {k: v for k, v in query.items() if k in PARAMS and isinstance(v, str) and v}


def batch_id(value: object) -> int | None:
    try:
        number = int(str(value))
    except (TypeError, ValueError):
        return None
    return number if number > 0 else None


def layout(**query: str) -> html.Div:
    """A shell; controls, list and detail are built by callbacks in the visitor's language."""
    wanted = parse_query(query)
    return html.Div(
        [
            dcc.Store(id=QUERY, data=wanted),
            dcc.Store(id=SELECTED, data=batch_id(wanted.get("batch"))),
            dcc.Store(id=URL_SYNC),
            dcc.Store(id=URL_DONE),
            dcc.Download(id=DOWNLOAD),
            html.Div(id=CONTROLS),
            dcc.Loading(html.Div(id=LIST), delay_show=300),
            html.Div(id=DETAIL, className="mt-4", **{"aria-live": "polite"}),  # type: ignore[arg-type]
        ],
        className="imports-page",
    )


def build_search(country: str | None, kind: str | None, batch: int | None, lang: str | None) -> str:
    params: dict[str, str] = {}
    if country:
        params["country"] = country
    if kind:
        params["kind"] = kind
    if batch:
        params["batch"] = str(batch)
    if lang:
        params["lang"] = lang
    return "?" + urlencode(params) if params else ""


@callback(
    Output(CONTROLS, "children"),
    Input(ids.LANG_STORE, "data"),
    State(QUERY, "data"),
    State(URL_SYNC, "data"),
)
def render_controls(lang: str | None, query: dict[str, str] | None, current: str | None) -> Any:
    wanted = (
        {k: v[0] for k, v in parse_qs((current or "").lstrip("?")).items()}
        if current
        else dict(query or {})
    )
    with read_session() as session:
        countries, kinds = q.batch_filters(session)
    name_of = {c: (nl if lang == "nl" and nl else en) for c, en, nl in countries}
    country = wanted.get("country")
    kind = wanted.get("kind")
    country_options = [{"label": f"{name_of[c]} ({c})", "value": c} for c in name_of]
    if country and country not in name_of:
        country_options.append({"label": country, "value": country})
    kind_options = [{"label": view.kind_label(k, lang), "value": k} for k in kinds]
    if kind and kind not in kinds:
        kind_options.append({"label": kind, "value": kind})
    return html.Div(
        [
            html.H1(t("history_title", lang), className="h3"),
            html.P(t("history_intro", lang), className="text-muted"),
            dbc.Row(
                [
                    dbc.Col(
                        [
                            dbc.Label(t("filter_country", lang), html_for=COUNTRY),
                            dcc.Dropdown(
                                id=COUNTRY,
                                options=country_options,
                                value=country,
                                placeholder=t("all", lang),
                                clearable=True,
                            ),
                        ],
                        md=4,
                    ),
                    dbc.Col(
                        [
                            dbc.Label(t("filter_kind", lang), html_for=KIND),
                            dcc.Dropdown(
                                id=KIND,
                                options=kind_options,
                                value=kind,
                                placeholder=t("all", lang),
                                clearable=True,
                            ),
                        ],
                        md=4,
                    ),
                    dbc.Col(
                        dbc.Button(
                            f"⬇ {t('download_list', lang)}",
                            id=LIST_BUTTON,
                            color="secondary",
                            outline=True,
                        ),
                        md=4,
                        className="d-flex align-items-end justify-content-md-end",
                    ),
                ],
                className="g-3 mb-3",
            ),
        ]
    )


def list_view(rows: list[dict[str, Any]], selected: int | None, lang: str | None) -> list[Any]:
    """The batch table; the selected batch (from the address) is preselected."""
    if not rows:
        return [dbc.Alert(t("no_batches", lang), color="info")]
    grid = dag.AgGrid(
        id=GRID,
        rowData=rows,
        columnDefs=view.batch_column_defs(lang),
        defaultColDef={"sortable": True, "filter": True, "resizable": True},
        getRowId="String(params.data.id)",
        selectedRows={"ids": [str(selected)]} if selected else [],
        columnSize="responsiveSizeToFit",
        dashGridOptions={
            "rowSelection": {
                "mode": "singleRow",
                "checkboxes": False,
                "enableClickSelection": True,
            },
            "pagination": len(rows) > 25,
            "paginationPageSize": 25,
            "domLayout": "autoHeight" if len(rows) <= 25 else "normal",
        },
        style={} if len(rows) <= 25 else {"height": "520px"},
    )
    return [grid]


@callback(
    Output(LIST, "children"),
    Input(COUNTRY, "value"),
    Input(KIND, "value"),
    State(ids.LANG_STORE, "data"),
    State(SELECTED, "data"),
)
def update_list(
    country: str | None, kind: str | None, lang: str | None, selected: int | None
) -> list[Any]:
    with read_session() as session:
        frame = q.batches(session, country or None, kind or None)
    return list_view(view.batch_rows(frame, lang), batch_id(selected), lang)


@callback(
    Output(SELECTED, "data"),
    Input(GRID, "selectedRows"),
    State(SELECTED, "data"),
    prevent_initial_call=True,
)
def on_select(rows: list[dict[str, Any]] | None, current: int | None) -> Any:
    """A clicked row becomes the selection; an empty selection (after filtering) keeps it."""
    chosen = batch_id(rows[0].get("id")) if rows else None
    if chosen is None or chosen == current:
        return dash.no_update
    return chosen


def detail_view(detail: q.BatchDetail | None, wanted: int | None, lang: str | None) -> list[Any]:
    """What one batch changed: counts, changed values, strategy version, audit rows."""
    if wanted is None:
        return [html.P(t("select_hint", lang), className="text-muted")]
    if detail is None:
        return [dbc.Alert(t("batch_missing", lang, batch=wanted), color="warning")]
    info = detail.info
    created = view.batch_rows(pd.DataFrame([info], columns=q.BATCH_COLUMNS), lang)[0]
    out: list[Any] = [
        html.Div(
            [
                html.H2(
                    t("batch_heading", lang, batch=info["id"], file=info["file_name"]),
                    className="h4 mb-0 me-3 text-break",
                ),
                dbc.Button(
                    f"⬇ {t('download_batch', lang)}",
                    id=BATCH_BUTTON,
                    color="secondary",
                    outline=True,
                    size="sm",
                ),
            ],
            className="d-flex align-items-center flex-wrap gap-2",
        ),
        html.P(
            [
                t(
                    "batch_meta",
                    lang,
                    kind=created["kind"],
                    who=info["uploaded_by"],
                    when=created["created_at"] or "–",
                    rows=fmt_number(info["rows"], lang, 0),
                ),
                " · ",
                created["outcome"],
            ],
            className="text-muted mb-1",
        ),
        html.P(
            t(
                "batch_counts",
                lang,
                new=fmt_number(info["inserted"], lang, 0),
                changed=fmt_number(info["updated"], lang, 0),
                unchanged=fmt_number(info["unchanged"], lang, 0),
                current=fmt_number(detail.carrying, lang, 0),
            )
        ),
    ]
    if detail.strategy is not None:
        s = detail.strategy
        out.append(
            dbc.Alert(
                [
                    html.Span(
                        t(
                            "strategy_version",
                            lang,
                            version=s.version,
                            country=s.country,
                            title=s.title,
                        ),
                        className="me-2",
                    ),
                    dcc.Link(t("strategy_link", lang), href=f"/country?geo={s.country}"),
                ],
                color="light",
                className="border",
            )
        )
    if info.get("kind") in ("eurostat", "indicators") or not detail.revisions.empty:
        rows = view.revision_rows(detail.revisions, lang)
        out.append(html.H3(t("revisions", lang, n=len(rows)), className="h5 mt-3"))
        if rows:
            out.append(
                dag.AgGrid(
                    id=f"{PREFIX}-revisions",
                    rowData=rows,
                    columnDefs=view.revision_column_defs(lang),
                    defaultColDef={"sortable": True, "filter": True, "resizable": True},
                    columnSize="responsiveSizeToFit",
                    dashGridOptions={
                        "pagination": len(rows) > 50,
                        "paginationPageSize": 50,
                        "domLayout": "autoHeight" if len(rows) <= 15 else "normal",
                    },
                    style={} if len(rows) <= 15 else {"height": "480px"},
                )
            )
        else:
            out.append(html.P(t("no_revisions", lang), className="text-muted"))
    if not detail.audit.empty:
        audit = view.audit_row_dicts(detail.audit, lang)
        out += [
            html.H3(t("audit", lang, n=len(audit)), className="h5 mt-3"),
            dag.AgGrid(
                id=f"{PREFIX}-audit",
                rowData=audit,
                columnDefs=view.audit_column_defs(lang),
                defaultColDef={"sortable": True, "filter": True, "resizable": True},
                columnSize="responsiveSizeToFit",
                dashGridOptions={
                    "pagination": len(audit) > 50,
                    "paginationPageSize": 50,
                    "domLayout": "autoHeight" if len(audit) <= 10 else "normal",
                },
                style={} if len(audit) <= 10 else {"height": "480px"},
            ),
        ]
    return out


@callback(
    Output(DETAIL, "children"),
    Input(SELECTED, "data"),
    Input(ids.LANG_STORE, "data"),
)
def render_detail(selected: int | None, lang: str | None) -> list[Any]:
    wanted = batch_id(selected)
    if wanted is None:
        return detail_view(None, None, lang)
    with read_session() as session:
        detail = q.batch_detail(session, wanted)
    return detail_view(detail, wanted, lang)


@callback(
    Output(URL_SYNC, "data"),
    Input(COUNTRY, "value"),
    Input(KIND, "value"),
    Input(SELECTED, "data"),
    State(ids.LANG_STORE, "data"),
    State(QUERY, "data"),
    prevent_initial_call=True,
)
def sync_url(
    country: str | None,
    kind: str | None,
    selected: int | None,
    lang: str | None,
    query: dict[str, str] | None,
) -> str:
    keep_lang = lang if (query or {}).get("lang") else None
    return build_search(country, kind, batch_id(selected), keep_lang)


def list_xlsx(country: str | None, kind: str | None, lang: str | None) -> tuple[bytes, str]:
    with read_session() as session:
        frame = q.batches(session, country or None, kind or None)
    rows = view.batch_rows(frame, lang)
    export = pd.DataFrame(rows, columns=list(view.BATCH_FIELDS))
    export = export.rename(columns={f: t(f"col_{f}", lang) for f in view.BATCH_FIELDS})
    data = frame_to_xlsx_bytes(export, t("history_title", lang))
    return data, f"pathways_imports_{dt.date.today().isoformat()}.xlsx"


def batch_xlsx(selected: int, lang: str | None) -> tuple[bytes, str] | None:
    """One batch's changes (revisions, else audit rows) with an About sheet naming the batch."""
    with read_session() as session:
        detail = q.batch_detail(session, selected)
    if detail is None:
        return None
    frame = view.batch_export_frame(detail.revisions, detail.audit, lang)
    data = frame_to_xlsx_bytes(
        frame,
        t("changes_sheet", lang),
        about=view.batch_about(detail.info, lang),
        about_title=t("about", lang),
    )
    return data, f"pathways_import_{selected}.xlsx"


@callback(
    Output(DOWNLOAD, "data"),
    Input(LIST_BUTTON, "n_clicks"),
    State(COUNTRY, "value"),
    State(KIND, "value"),
    State(ids.LANG_STORE, "data"),
    prevent_initial_call=True,
)
def download_list(
    clicks: int | None, country: str | None, kind: str | None, lang: str | None
) -> Any:
    if not clicks:
        return dash.no_update
    data, name = list_xlsx(country, kind, lang)
    return dcc.send_bytes(data, name)


@callback(
    Output(DOWNLOAD, "data", allow_duplicate=True),
    Input(BATCH_BUTTON, "n_clicks"),
    State(SELECTED, "data"),
    State(ids.LANG_STORE, "data"),
    prevent_initial_call=True,
)
def download_batch(clicks: int | None, selected: int | None, lang: str | None) -> Any:
    wanted = batch_id(selected)
    if not clicks or wanted is None:
        return dash.no_update
    built = batch_xlsx(wanted, lang)
    if built is None:
        return dash.no_update
    return dcc.send_bytes(built[0], built[1])


clientside_callback(
    """
    function(search) {
        if (search != null && search !== window.location.search) {
            window.history.replaceState(window.history.state, '', window.location.pathname + search);
        }
        return search;
    }
    """,
    Output(URL_DONE, "data"),
    Input(URL_SYNC, "data"),
    prevent_initial_call=True,
)
