"""Audit log: every change to one country's data, strategy and approvals, newest first.

URL: /audit?geo=NL[&table=observation][&user=editor@example.org]. Signed-in users see their own
country (an administrator any country, or all of them); anonymous visitors get a sign-in prompt,
because the log names the people who made changes. The same check guards the downloads (xlsx
and CSV, formula-injection safe through ``exports.table_export``). The page only reads:
``audit_log`` is append-only.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any
from urllib.parse import quote, urlencode

import dash
import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, State, callback, dcc, html

from pathways_monitor.core.translation import N_
from pathways_monitor.db import queries_audit as q
from pathways_monitor.domain.names import place_name
from pathways_monitor.reports.table_export import frame_to_csv_bytes, frame_to_xlsx_bytes
from pathways_monitor.web.context import read_session
from pathways_monitor.web.dashboard.audit.texts import TEXTS as AUDIT_TEXTS
from pathways_monitor.web.dashboard.audit.texts import t
from pathways_monitor.web.dashboard.common import ids, url_state
from pathways_monitor.web.dashboard.common import import_report as view
from pathways_monitor.web.dashboard.common.fill import fill
from pathways_monitor.web.dashboard.common.i18n import fmt_number
from pathways_monitor.web.dashboard.common.language import drawn_in_language

dash.register_page(
    __name__,
    path="/audit",
    name="Audit log",
    title="Audit log · Pathways Monitor",
    nav_order=8,
    nav_label=N_("Audit log"),
)

PAGE = "audit"
LANG = ids.page_lang(PAGE)  # this page's language (see common.language)

PREFIX = "audit"
HEAD = f"{PREFIX}-head"
GEO = f"{PREFIX}-geo"
GEO_LABEL = f"{PREFIX}-geo-label"
TABLE_FILTER = f"{PREFIX}-table"
TABLE_LABEL = f"{PREFIX}-table-label"
USER_FILTER = f"{PREFIX}-user"
USER_LABEL = f"{PREFIX}-user-label"
XLSX_BUTTON = f"{PREFIX}-xlsx"
CSV_BUTTON = f"{PREFIX}-csv"
DOWNLOAD = f"{PREFIX}-download"
BODY = f"{PREFIX}-body"
GRID = f"{PREFIX}-grid"
URL_SYNC = f"{PREFIX}-url-sync"
URL_DONE = f"{PREFIX}-url-done"
GRID_LIMIT = 2000  # rows in the browser; the downloads hold every row
ALL = "ALL"  # the administrator's "all countries" choice (no place has this code)


@drawn_in_language(PAGE)
def layout(lang: str, **query: str) -> html.Div:
    geo = (query.get("geo") or "").strip().upper() or None
    page = html.Div(
        [
            dcc.Download(id=DOWNLOAD),
            dcc.Store(id=URL_SYNC),
            dcc.Store(id=URL_DONE),
            html.Div(id=HEAD),
            dbc.Row(
                [
                    dbc.Col(
                        [
                            dbc.Label(id=GEO_LABEL, html_for=GEO),
                            dcc.Dropdown(id=GEO, value=geo, clearable=False),
                        ],
                        md=3,
                    ),
                    dbc.Col(
                        [
                            dbc.Label(id=TABLE_LABEL, html_for=TABLE_FILTER),
                            dcc.Dropdown(id=TABLE_FILTER, value=query.get("table") or None),
                        ],
                        md=3,
                    ),
                    dbc.Col(
                        [
                            dbc.Label(id=USER_LABEL, html_for=USER_FILTER),
                            dcc.Dropdown(id=USER_FILTER, value=query.get("user") or None),
                        ],
                        md=3,
                    ),
                    dbc.Col(
                        html.Div(
                            [
                                dbc.Button(id=XLSX_BUTTON, color="secondary", outline=True),
                                dbc.Button(id=CSV_BUTTON, color="secondary", outline=True),
                            ],
                            className="d-flex gap-2",
                        ),
                        md=3,
                        className="d-flex align-items-end justify-content-md-end",
                    ),
                ],
                className="g-3 mb-3",
            ),
            dcc.Loading(html.Div(id=BODY), delay_show=300),
        ],
        className="audit-page",
    )
    return fill(page, CONTROL_OUTPUTS, render_controls(lang))


# --------------------------------------------------------------------------- who may see what


def _user() -> Any:
    from pathways_monitor.web.auth.web import current_user

    return current_user()


def own_country(user: Any) -> str | None:
    """A user's country: their own, or the one their region lies in."""
    from pathways_monitor.core.access import home_country

    return home_country(user)


def visible_country(user: Any, geo: str | None) -> tuple[str | None, str | None]:
    """(country whose rows to show, None = every country; refusal text key or None).

    Signed-in users see their own country; administrators any country or all of them.
    """
    wanted = (geo or "").strip().upper() or None
    if user is None:
        return None, "sign_in_needed"
    if getattr(user, "role", None) == "admin":
        return (None if wanted in (None, ALL) else wanted), None
    own = own_country(user)
    if own is None:
        return None, "no_country"
    if wanted not in (None, own):
        return None, "not_yours"
    return own, None


# --------------------------------------------------------------------------- pure views


def _when(value: Any) -> str:
    at = q.as_utc(value)
    return at.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S") if at else "–"


def _action(code: str, after: Any, lang: str | None) -> str:
    """'changed', or for an approval step what happened ('approved')."""
    step = after.get("transition") if isinstance(after, dict) else None
    key = f"transition_{step}" if step else f"action_{code}"
    return t(key, lang) if key in AUDIT_TEXTS else str(step or code)


def grid_rows(frame: pd.DataFrame, lang: str | None) -> list[dict[str, Any]]:
    """One grid row per audit row: when, who, action, table, row, compact diff, file."""
    return [
        {
            "id": int(r["id"]),
            "at": _when(r["at"]),
            "actor": r["actor"],
            "action": _action(r["action"], r["after"], lang),
            "table_name": r["table_name"],
            "row_key": r["row_key"],
            "diff": q.compact_diff(r["before"], r["after"]),
            "file_name": r["file_name"] if isinstance(r["file_name"], str) else "",
            "country_code": r["country_code"] if isinstance(r["country_code"], str) else "",
        }
        for r in frame.to_dict("records")
    ]


def column_defs(lang: str | None, with_country: bool) -> list[dict[str, Any]]:
    cols = [
        ("at", "col_at", 170),
        ("actor", "col_actor", 200),
        ("action", "col_action", 130),
        ("table_name", "col_table", 140),
        ("row_key", "col_row_key", 180),
        ("diff", "col_diff", 380),
        ("file_name", "col_file", 200),
    ]
    if with_country:
        cols.insert(1, ("country_code", "col_country", 90))
    return [
        {
            "field": f,
            "headerName": t(k, lang),
            "minWidth": w,
            **(
                {
                    "wrapText": True,
                    "autoHeight": True,
                    "flex": 2,
                    "cellStyle": {
                        "lineHeight": "1.35",
                        "paddingTop": "6px",
                        "paddingBottom": "6px",
                    },
                }
                if f == "diff"
                else {}
            ),
        }
        for f, k, w in cols
    ]


def _json(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def export_frame(frame: pd.DataFrame, lang: str | None) -> pd.DataFrame:
    """Every column of the rows, full before/after JSON, headers in the visitor's language."""
    rows = [
        {
            t("col_at", lang): _when(r["at"]),
            t("col_country", lang): r["country_code"]
            if isinstance(r["country_code"], str)
            else None,
            t("col_actor", lang): r["actor"],
            t("col_action", lang): _action(r["action"], r["after"], lang),
            t("col_table", lang): r["table_name"],
            t("col_row_key", lang): r["row_key"],
            t("col_diff", lang): q.compact_diff(r["before"], r["after"]),
            t("col_before", lang): _json(r["before"]),
            t("col_after", lang): _json(r["after"]),
            t("col_file", lang): r["file_name"] if isinstance(r["file_name"], str) else None,
            t("col_batch", lang): None if pd.isna(r["batch_id"]) else int(r["batch_id"]),
        }
        for r in frame.to_dict("records")
    ]
    columns = [
        t(k, lang)
        for k in (
            "col_at",
            "col_country",
            "col_actor",
            "col_action",
            "col_table",
            "col_row_key",
            "col_diff",
            "col_before",
            "col_after",
            "col_file",
            "col_batch",
        )
    ]
    return pd.DataFrame(rows, columns=columns)


def _sign_in(geo: str | None, lang: str | None) -> dbc.Alert:
    target = "/audit" + (f"?geo={geo}" if geo else "")
    return dbc.Alert(
        [
            t("sign_in_needed", lang),
            " ",
            html.A(t("sign_in", lang), href=f"/login?next={quote(target, safe='/')}"),
        ],
        color="info",
    )


def body_view(frame: pd.DataFrame, total: int, country: str | None, lang: str | None) -> list[Any]:
    if frame.empty:
        return [dbc.Alert(t("none", lang), color="light")]
    n = fmt_number(total, lang, 0)
    shown = fmt_number(len(frame), lang, 0)
    count = (
        t("count", lang, n=n) if total <= len(frame) else t("count_limited", lang, n=n, shown=shown)
    )
    rows = grid_rows(frame, lang)
    return [
        html.P(count, className="text-muted"),
        view.grid(
            GRID,
            rows,
            column_defs(lang, with_country=country is None),
            wrapped=True,
            height=640,
            column_size="responsiveSizeToFit",
        ),
    ]


# --------------------------------------------------------------------------- controls


# What ``render_controls`` fills in while the layout is drawn.
CONTROL_OUTPUTS = [
    (HEAD, "children"),
    (GEO_LABEL, "children"),
    (GEO, "options"),
    (GEO, "placeholder"),
    (GEO, "disabled"),
    (TABLE_LABEL, "children"),
    (USER_LABEL, "children"),
    (XLSX_BUTTON, "children"),
    (CSV_BUTTON, "children"),
]


def render_controls(lang: str | None) -> tuple[Any, ...]:
    """Heading, labels, the countries this user may choose, the download buttons' texts."""
    user = _user()
    with read_session() as session:
        countries = q.country_choices(session)
    options = [
        {"label": f"{place_name(code, en, lang)} ({code})", "value": code} for code, en in countries
    ]
    is_admin = getattr(user, "role", None) == "admin"
    if is_admin:
        options.insert(0, {"label": t("all_countries", lang), "value": ALL})
    else:
        own = own_country(user)
        options = [o for o in options if o["value"] == own]
    head = [
        html.H1(t("title", lang), className="h3"),
        html.P(t("intro", lang), className="text-muted", style={"maxWidth": "60rem"}),
    ]
    return (
        head,
        t("country", lang),
        options,
        t("choose_country", lang),
        not is_admin,
        t("table", lang),
        t("user", lang),
        f"⬇ {t('download_xlsx', lang)}",
        f"⬇ {t('download_csv', lang)}",
    )


# --------------------------------------------------------------------------- callbacks


@callback(
    Output(BODY, "children"),
    Output(TABLE_FILTER, "options"),
    Output(TABLE_FILTER, "placeholder"),
    Output(USER_FILTER, "options"),
    Output(USER_FILTER, "placeholder"),
    Output(GEO, "value"),
    Input(GEO, "value"),
    Input(TABLE_FILTER, "value"),
    Input(USER_FILTER, "value"),
    Input(LANG, "data"),
)
def render_body(
    geo: str | None, table: str | None, actor: str | None, lang: str | None
) -> tuple[Any, ...]:
    """The rows the current user may see, filtered; refusals and sign-in prompts otherwise."""
    user = _user()
    country, refusal = visible_country(user, geo)
    empty = ([], t("all", lang), [], t("all", lang))
    if refusal == "sign_in_needed":
        return (_sign_in(geo, lang), *empty, dash.no_update)
    if refusal is not None:
        text = t(refusal, lang, own=own_country(user) or "–", country=(geo or "").upper())
        return (dbc.Alert(text, color="warning"), *empty, dash.no_update)
    shown_geo = country or ALL
    with read_session() as session:
        tables, actors = q.audit_filters(session, country)
        frame = q.audit_rows(session, country, table=table, actor=actor, limit=GRID_LIMIT + 1)
        total = len(frame)
        if total > GRID_LIMIT:
            total = len(q.audit_rows(session, country, table=table, actor=actor, limit=None))
            frame = frame.head(GRID_LIMIT)
    table_options = [{"label": x, "value": x} for x in tables]
    actor_options = [{"label": x, "value": x} for x in actors]
    return (
        body_view(frame, total, country, lang),
        table_options,
        t("all", lang),
        actor_options,
        t("all", lang),
        shown_geo if shown_geo != geo else dash.no_update,
    )


def export_bytes(
    geo: str | None, table: str | None, actor: str | None, lang: str | None, fmt: str
) -> tuple[bytes, str] | None:
    """The whole filtered log as xlsx or CSV, or None when the user may not see it."""
    country, refusal = visible_country(_user(), geo)
    if refusal is not None:
        return None
    with read_session() as session:
        frame = q.audit_rows(session, country, table=table, actor=actor, limit=None)
    export = export_frame(frame, lang)
    stem = f"pathways_audit_{country or 'all'}_{dt.date.today().isoformat()}"
    if fmt == "csv":
        return frame_to_csv_bytes(export), f"{stem}.csv"
    filters = ", ".join(f"{k}={v}" for k, v in (("table", table), ("user", actor)) if v) or "–"
    about = [
        (t("about_country", lang), country or t("all_countries", lang)),
        (t("about_filters", lang), filters),
        (t("about_exported", lang), dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M:%S")),
        (t("about_note", lang), t("about_note_text", lang)),
    ]
    data = frame_to_xlsx_bytes(export, t("sheet", lang), about=about, about_title=t("about", lang))
    return data, f"{stem}.xlsx"


@callback(
    Output(DOWNLOAD, "data"),
    Input(XLSX_BUTTON, "n_clicks"),
    State(GEO, "value"),
    State(TABLE_FILTER, "value"),
    State(USER_FILTER, "value"),
    State(LANG, "data"),
    prevent_initial_call=True,
)
def download_xlsx(
    clicks: int | None, geo: str | None, table: str | None, actor: str | None, lang: str | None
) -> Any:
    built = export_bytes(geo, table, actor, lang, "xlsx") if clicks else None
    return dcc.send_bytes(built[0], built[1]) if built else dash.no_update


@callback(
    Output(DOWNLOAD, "data", allow_duplicate=True),
    Input(CSV_BUTTON, "n_clicks"),
    State(GEO, "value"),
    State(TABLE_FILTER, "value"),
    State(USER_FILTER, "value"),
    State(LANG, "data"),
    prevent_initial_call=True,
)
def download_csv(
    clicks: int | None, geo: str | None, table: str | None, actor: str | None, lang: str | None
) -> Any:
    built = export_bytes(geo, table, actor, lang, "csv") if clicks else None
    return dcc.send_bytes(built[0], built[1]) if built else dash.no_update


@callback(
    Output(URL_SYNC, "data"),
    Input(GEO, "value"),
    Input(TABLE_FILTER, "value"),
    Input(USER_FILTER, "value"),
    prevent_initial_call=True,
)
def sync_url(geo: str | None, table: str | None, actor: str | None) -> str:
    params = {k: v for k, v in (("geo", geo), ("table", table), ("user", actor)) if v}
    return "?" + urlencode(params) if params else ""


url_state.follow_address_bar(URL_SYNC, URL_DONE)
