"""The European Semester export on the country page: download buttons (xlsx, PDF, Word).

The lead places ``semester_export_controls(geo, lang)`` on the country page; importing this
module registers its callbacks. The country comes from the address bar (``?geo=NL``, which the
country page keeps in sync with its selector), else from the geo the component was built with.
A country without a strategy gets a clear message instead of a file.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import parse_qs

import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, dcc, html, no_update

from pathways_monitor.core.translation import N_, gettext, normalise_lang
from pathways_monitor.reports.semester import render
from pathways_monitor.reports.semester_data import SemesterExportError, collect
from pathways_monitor.web.context import read_session
from pathways_monitor.web.dashboard.country import ids as cid

PREFIX = "semester-"
GEO_STORE = PREFIX + "geo"
BUTTON_XLSX = PREFIX + "xlsx-button"
BUTTON_PDF = PREFIX + "pdf-button"
BUTTON_DOCX = PREFIX + "docx-button"
DOWNLOAD_XLSX = PREFIX + "xlsx-download"
DOWNLOAD_PDF = PREFIX + "pdf-download"
DOWNLOAD_DOCX = PREFIX + "docx-download"
MESSAGE = PREFIX + "message"
HEADING = PREFIX + "heading"
HELP = PREFIX + "help"

TEXTS: dict[str, str] = {
    "heading": N_("European Semester report"),
    "help": N_(
        "Strategy, measures, milestones, budget, indicators and regional figures of this "
        "country, ready to send: a workbook with tables, or a readable PDF report."
    ),
    "xlsx": N_("Download workbook (xlsx)"),
    "pdf": N_("Download report (PDF)"),
    "docx": N_("Download document (Word, .docx)"),
    "not_allowed": N_(
        "Only an administrator or a signed-in national editor of {geo} can export its report."
    ),
    "no_strategy": N_(
        "No report for {geo}: this country has no strategy in the monitor yet. Upload the "
        "strategy workbook first."
    ),
    "unknown_country": N_("No report for “{geo}”: not a country known to the monitor."),
}


def ts(key: str, lang: str | None, **values: object) -> str:
    return gettext(TEXTS[key], lang).format(**values)


def semester_export_controls(geo: str, lang: str) -> Any:
    """The export block: heading, help text, three labelled buttons, downloads, message area."""
    heading, help_text, xlsx, pdf, docx = translate_controls(lang)
    return html.Section(
        [
            html.H3(heading, id=HEADING, className="h5"),
            html.P(help_text, id=HELP, className="text-muted small"),
            dbc.ButtonGroup(
                [
                    dbc.Button(xlsx, id=BUTTON_XLSX, color="primary", outline=True, n_clicks=0),
                    dbc.Button(pdf, id=BUTTON_PDF, color="primary", outline=True, n_clicks=0),
                    dbc.Button(docx, id=BUTTON_DOCX, color="primary", outline=True, n_clicks=0),
                ],
                className="mb-2",
            ),
            dcc.Loading(html.Div(id=MESSAGE, role="status", **{"aria-live": "polite"})),
            dcc.Store(id=GEO_STORE, data=geo),
            dcc.Download(id=DOWNLOAD_XLSX),
            dcc.Download(id=DOWNLOAD_PDF),
            dcc.Download(id=DOWNLOAD_DOCX),
        ],
        className="my-4",
        **{"aria-labelledby": HEADING},
    )


def geo_from(search: str | None, fallback: str | None) -> str:
    """The country code in the address bar's query string, else the fallback."""
    values = parse_qs((search or "").lstrip("?")).get("geo")
    code = values[0] if values else fallback
    return (code or "").strip()


def file_name(geo: str, year: int, lang: str, fmt: str) -> str:
    return f"semester_report_{geo}_{year}_{lang}.{fmt}"


def may_export(geo: str) -> bool:
    """A country's report is exported by an administrator or a national editor of it."""
    from pathways_monitor.core.access import can_write
    from pathways_monitor.web.auth.web import current_user

    return can_write(current_user(), (geo or "").upper(), None)


def semester_download(
    geo: str, lang: str | None, fmt: str, today: dt.date | None = None
) -> tuple[dict[str, Any] | None, Any]:
    """What the buttons call: (dcc.Download data, message). A refusal gives (None, alert)."""
    language = normalise_lang(lang)
    today = today or dt.date.today()
    if not may_export(geo):
        alert = dbc.Alert(ts("not_allowed", language, geo=geo), color="warning", className="small")
        return None, alert
    try:
        with read_session() as session:
            report = collect(session, geo, today=today)
    except SemesterExportError as exc:
        alert = dbc.Alert(ts(exc.code, language, geo=geo), color="warning", className="small")
        return None, alert
    data = render(report, fmt, language)
    return dcc.send_bytes(data, file_name(report.country, report.reporting_year, language, fmt)), ""


def translate_controls(lang: str | None) -> tuple[str, str, list[Any], list[Any], list[Any]]:
    """The block's texts in the page language: heading, help, the three buttons' contents."""
    return (
        ts("heading", lang),
        ts("help", lang),
        ["⬇ ", html.Span(ts("xlsx", lang))],
        ["⬇ ", html.Span(ts("pdf", lang))],
        ["⬇ ", html.Span(ts("docx", lang))],
    )


@callback(
    Output(DOWNLOAD_XLSX, "data"),
    Output(MESSAGE, "children", allow_duplicate=True),
    Input(BUTTON_XLSX, "n_clicks"),
    State(cid.URL_SEARCH, "data"),
    State(GEO_STORE, "data"),
    State(cid.LANG, "data"),
    prevent_initial_call=True,
)
def download_xlsx(
    n_clicks: int | None, search: str | None, geo: str | None, lang: str | None
) -> tuple[Any, Any]:
    if not n_clicks:
        return no_update, no_update
    data, message = semester_download(geo_from(search, geo), lang, "xlsx")
    return (data if data is not None else no_update), message


@callback(
    Output(DOWNLOAD_PDF, "data"),
    Output(MESSAGE, "children", allow_duplicate=True),
    Input(BUTTON_PDF, "n_clicks"),
    State(cid.URL_SEARCH, "data"),
    State(GEO_STORE, "data"),
    State(cid.LANG, "data"),
    prevent_initial_call=True,
)
def download_pdf(
    n_clicks: int | None, search: str | None, geo: str | None, lang: str | None
) -> tuple[Any, Any]:
    if not n_clicks:
        return no_update, no_update
    data, message = semester_download(geo_from(search, geo), lang, "pdf")
    return (data if data is not None else no_update), message


@callback(
    Output(DOWNLOAD_DOCX, "data"),
    Output(MESSAGE, "children", allow_duplicate=True),
    Input(BUTTON_DOCX, "n_clicks"),
    State(cid.URL_SEARCH, "data"),
    State(GEO_STORE, "data"),
    State(cid.LANG, "data"),
    prevent_initial_call=True,
)
def download_docx(
    n_clicks: int | None, search: str | None, geo: str | None, lang: str | None
) -> tuple[Any, Any]:
    if not n_clicks:
        return no_update, no_update
    data, message = semester_download(geo_from(search, geo), lang, "docx")
    return (data if data is not None else no_update), message
