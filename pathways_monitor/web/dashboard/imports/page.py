"""Import history: every batch (who, when, which file, what it changed), filterable by country
and kind of file; selecting one shows the values it changed or the strategy version and audit
rows it wrote, downloadable as xlsx.

URL: /imports?country=NL&kind=eurostat&batch=12 (the upload page links to ``?batch=N``). The
address follows the selection through ``url_state.follow_address_bar``, so a
copied address restores it without rebuilding the page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any
from urllib.parse import urlencode

import dash
import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, State, callback, dcc, html

from pathways_monitor.core.access import Principal, may_see_people
from pathways_monitor.core.translation import N_
from pathways_monitor.db import queries_imports as q
from pathways_monitor.domain.names import place_name
from pathways_monitor.jobs import records
from pathways_monitor.reports.table_export import frame_to_xlsx_bytes
from pathways_monitor.web.context import current_engine, read_session
from pathways_monitor.web.dashboard.common import ids, url_state
from pathways_monitor.web.dashboard.common import import_report as view
from pathways_monitor.web.dashboard.common.fill import fill
from pathways_monitor.web.dashboard.common.i18n import fmt_number
from pathways_monitor.web.dashboard.common.import_texts import t
from pathways_monitor.web.dashboard.common.language import drawn_in_language
from pathways_monitor.web.dashboard.imports import jobs as running

dash.register_page(
    __name__,
    path="/imports",
    name="Import history",
    title="Import history · Pathways Monitor",
    nav_order=6,
    nav_label=N_("Import history"),
)

PAGE = "imports"
LANG = ids.page_lang(PAGE)  # this page's language (see common.language)

PARAMS = ("country", "kind", "batch", "lang")
MAX_GRID_ROWS = 5000  # the download holds every row
PREFIX = "imports"
QUERY = f"{PREFIX}-query"
CONTROLS = f"{PREFIX}-controls"
COUNTRY = f"{PREFIX}-country"
COUNTRY_LABEL = f"{PREFIX}-country-label"
KIND = f"{PREFIX}-kind"
KIND_LABEL = f"{PREFIX}-kind-label"
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


def _user() -> Principal | None:
    """The signed-in account, or None (also outside a request, e.g. in a script)."""
    import flask

    from pathways_monitor.web.auth.web import current_user

    return current_user() if flask.has_request_context() else None


def hide_uploaders(frame: pd.DataFrame, user: Principal | None, lang: str | None) -> pd.DataFrame:
    """The batch list with each uploader's address replaced where ``user`` may not see it.

    Names follow the audit log's rule (``auth.permissions.may_see_people``): the history itself
    stays public, the people behind it do not.
    """
    if frame.empty or "uploaded_by" not in frame.columns:
        return frame
    visible = frame["country"].map(
        lambda c: may_see_people(user, c if isinstance(c, str) else None)
    )
    out = frame.copy()
    out["uploaded_by"] = out["uploaded_by"].where(visible, t("uploader_hidden", lang))
    return out


def hide_uploader(info: dict[str, Any], user: Principal | None, lang: str | None) -> dict[str, Any]:
    """One batch's facts with the uploader hidden by the same rule as ``hide_uploaders``."""
    if may_see_people(user, info.get("country")):
        return info
    return {**info, "uploaded_by": t("uploader_hidden", lang)}


def people_note(user: Principal | None, lang: str | None) -> list[Any]:
    """Anonymous visitors are told why the uploader column is hidden and where to sign in."""
    if user is not None:
        return []
    return [
        dbc.Alert(
            [
                html.Span(t("uploaders_hidden_note", lang), className="me-2"),
                html.A(t("sign_in", lang), href="/login?next=/imports"),
            ],
            color="light",
            className="border small",
        )
    ]


@drawn_in_language(PAGE)
def layout(**query: str) -> html.Div:
    """The filters, set from the address; their texts and options are filled in by
    ``render_controls`` in the page's language."""
    wanted = parse_query(query)
    page = html.Div(
        [
            dcc.Store(id=QUERY, data=wanted),
            dcc.Store(id=SELECTED, data=batch_id(wanted.get("batch"))),
            dcc.Store(id=URL_SYNC),
            dcc.Store(id=URL_DONE),
            dcc.Download(id=DOWNLOAD),
            html.Div(id=CONTROLS),
            dbc.Row(
                [
                    dbc.Col(
                        [
                            dbc.Label(id=COUNTRY_LABEL, html_for=COUNTRY),
                            dcc.Dropdown(id=COUNTRY, value=wanted.get("country"), clearable=True),
                        ],
                        md=4,
                    ),
                    dbc.Col(
                        [
                            dbc.Label(id=KIND_LABEL, html_for=KIND),
                            dcc.Dropdown(id=KIND, value=wanted.get("kind"), clearable=True),
                        ],
                        md=4,
                    ),
                    dbc.Col(
                        dbc.Button(id=LIST_BUTTON, color="secondary", outline=True),
                        md=4,
                        className="d-flex align-items-end justify-content-md-end",
                    ),
                ],
                className="g-3 mb-3",
            ),
            running.section(
                records.recent_jobs(current_engine(), limit=running.SHOWN), _user(), query["lang"]
            ),
            dcc.Loading(html.Div(id=LIST), delay_show=300),
            html.Div(id=DETAIL, className="mt-4", **{"aria-live": "polite"}),  # type: ignore[arg-type]
        ],
        className="imports-page",
    )
    controls = render_controls(query["lang"], wanted.get("country"), wanted.get("kind"))
    return fill(page, CONTROL_OUTPUTS, controls)


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


# What ``render_controls`` fills in while the layout is drawn.
CONTROL_OUTPUTS = [
    (CONTROLS, "children"),
    (COUNTRY_LABEL, "children"),
    (COUNTRY, "options"),
    (COUNTRY, "placeholder"),
    (KIND_LABEL, "children"),
    (KIND, "options"),
    (KIND, "placeholder"),
    (LIST_BUTTON, "children"),
]


def render_controls(lang: str | None, country: str | None, kind: str | None) -> tuple[Any, ...]:
    """Heading, filter labels and options in the page's language; a country or kind from the
    address stays choosable (see ``CONTROL_OUTPUTS``)."""
    with read_session() as session:
        countries, kinds = q.batch_filters(session)
    return controls_view(countries, kinds, country, kind, lang)


def controls_view(
    countries: list[tuple[str, str]],
    kinds: list[str],
    country: str | None,
    kind: str | None,
    lang: str | None,
) -> tuple[Any, ...]:
    name_of = {c: place_name(c, en, lang) for c, en in countries}
    country_options = [{"label": f"{name_of[c]} ({c})", "value": c} for c in name_of]
    if country and country not in name_of:
        country_options.append({"label": country, "value": country})
    kind_options = [{"label": view.kind_label(k, lang), "value": k} for k in kinds]
    if kind and kind not in kinds:
        kind_options.append({"label": kind, "value": kind})
    head = [
        html.H1(t("history_title", lang), className="h3"),
        html.P(t("history_intro", lang), className="text-muted"),
    ]
    return (
        head,
        t("filter_country", lang),
        country_options,
        t("all", lang),
        t("filter_kind", lang),
        kind_options,
        t("all", lang),
        f"⬇ {t('download_list', lang)}",
    )


def list_view(rows: list[dict[str, Any]], selected: int | None, lang: str | None) -> list[Any]:
    """The batch table; the selected batch (from the address) is preselected."""
    if not rows:
        return [dbc.Alert(t("no_batches", lang), color="info")]
    grid = view.grid(
        GRID,
        rows,
        view.batch_column_defs(lang),
        height=520,
        small=20,
        options={
            "rowSelection": {
                "mode": "singleRow",
                "checkboxes": False,
                "enableClickSelection": True,
            },
            "pagination": len(rows) > 50,
        },
        column_size="autoSize",
        getRowId="params.data.key",
        selectedRows={"ids": [str(selected)]} if selected else [],
    )
    return [grid]


@callback(
    Output(LIST, "children"),
    Input(COUNTRY, "value"),
    Input(KIND, "value"),
    Input(LANG, "data"),
    State(SELECTED, "data"),
)
def update_list(
    country: str | None, kind: str | None, lang: str | None, selected: int | None
) -> list[Any]:
    user = _user()
    with read_session() as session:
        frame = q.batches(session, country or None, kind or None)
    frame = hide_uploaders(frame, user, lang)
    return people_note(user, lang) + list_view(
        view.batch_rows(frame, lang), batch_id(selected), lang
    )


@callback(
    Output(SELECTED, "data"),
    Input(GRID, "selectedRows"),
    State(SELECTED, "data"),
    prevent_initial_call=True,
)
def on_select(rows: list[dict[str, Any]] | dict[str, Any] | None, current: int | None) -> Any:
    """A clicked row becomes the selection; an empty selection (after filtering) keeps it.

    The grid echoes its initial ``{"ids": [...]}`` form before it reports selected rows."""
    if isinstance(rows, dict):
        chosen = batch_id((rows.get("ids") or [None])[0])
    else:
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
        rows = view.revision_rows(detail.revisions.head(MAX_GRID_ROWS), lang)
        total = len(detail.revisions)
        out.append(html.H3(t("revisions", lang, n=fmt_number(total, lang, 0)), className="h5 mt-3"))
        if total > len(rows):
            out.append(
                html.P(
                    t("first_rows", lang, n=fmt_number(len(rows), lang, 0)),
                    className="small text-muted",
                )
            )
        if rows:
            out.append(
                view.grid(
                    f"{PREFIX}-revisions",
                    rows,
                    view.revision_column_defs(lang),
                    height=480,
                )
            )
        else:
            out.append(html.P(t("no_revisions", lang), className="text-muted"))
    if not detail.audit.empty:
        audit = view.audit_row_dicts(detail.audit.head(MAX_GRID_ROWS), lang)
        out += [
            html.H3(
                t("audit", lang, n=fmt_number(len(detail.audit), lang, 0)), className="h5 mt-3"
            ),
            view.grid(
                f"{PREFIX}-audit",
                audit,
                view.audit_column_defs(lang),
                wrapped=True,
                height=480,
            ),
        ]
    return out


@callback(
    Output(DETAIL, "children"),
    Input(SELECTED, "data"),
    Input(LANG, "data"),
)
def render_detail(selected: int | None, lang: str | None) -> list[Any]:
    wanted = batch_id(selected)
    if wanted is None:
        return detail_view(None, None, lang)
    with read_session() as session:
        detail = q.batch_detail(session, wanted)
    if detail is not None:
        detail = replace(detail, info=hide_uploader(detail.info, _user(), lang))
    return detail_view(detail, wanted, lang)


@callback(
    Output(URL_SYNC, "data"),
    Input(COUNTRY, "value"),
    Input(KIND, "value"),
    Input(SELECTED, "data"),
    State(LANG, "data"),
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


@callback(
    Output(running.SECTION, "children"),
    Output(running.TICK, "disabled"),
    Input(running.TICK, "n_intervals"),
    State(LANG, "data"),
    prevent_initial_call=True,
)
def refresh_jobs(_n: int | None, lang: str | None) -> tuple[list[Any], bool]:
    """The running and recent work again; the tick stops once nothing waits or runs."""
    jobs = records.recent_jobs(current_engine(), limit=running.SHOWN)
    return running.section_body(jobs, _user(), lang), not running.busy(jobs)


def list_xlsx(country: str | None, kind: str | None, lang: str | None) -> tuple[bytes, str]:
    with read_session() as session:
        frame = q.batches(session, country or None, kind or None)
    rows = view.batch_rows(hide_uploaders(frame, _user(), lang), lang)
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
        about=view.batch_about(hide_uploader(detail.info, _user(), lang), lang),
        about_title=t("about", lang),
    )
    return data, f"pathways_import_{selected}.xlsx"


@callback(
    Output(DOWNLOAD, "data"),
    Input(LIST_BUTTON, "n_clicks"),
    State(COUNTRY, "value"),
    State(KIND, "value"),
    State(LANG, "data"),
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
    State(LANG, "data"),
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


url_state.follow_address_bar(URL_SYNC, URL_DONE)
