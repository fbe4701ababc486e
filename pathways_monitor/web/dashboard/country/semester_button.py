"""The European Semester export on the country page: download buttons (xlsx, PDF, Word).

The lead places ``semester_export_controls(geo, lang)`` on the country page; importing this
module registers its callbacks. The country comes from the address bar (``?geo=NL``, which the
country page keeps in sync with its selector), else from the geo the component was built with.
A country without a strategy gets a clear message instead of a file.
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Any
from urllib.parse import parse_qs

import dash_bootstrap_components as dbc
from dash import MATCH, Input, Output, State, callback, dcc, html, no_update

from pathways_monitor.core.translation import N_, gettext, normalise_lang
from pathways_monitor.db.models_jobs import FAILED, KIND_SEMESTER
from pathways_monitor.jobs import records
from pathways_monitor.web.context import current_engine, submit_job
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
    "writing": N_("The report is being written; the download starts when it is ready."),
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


def may_export(geo: str) -> bool:
    """A country's report is exported by an administrator or a national editor of it."""
    from pathways_monitor.core.access import can_write
    from pathways_monitor.web.auth.web import current_user

    return can_write(current_user(), (geo or "").upper(), None)


QUICK_WAIT = 5.0  # seconds a button's answer waits for the report before showing progress
JOB_TICK = PREFIX + "job-tick"
JOB_STORE = PREFIX + "job"
JOB_DOWNLOAD = PREFIX + "job-download"
JOB_STATUS = PREFIX + "job-status"


def semester_download(
    geo: str, lang: str | None, fmt: str, today: dt.date | None = None
) -> tuple[dict[str, Any] | None, Any]:
    """What the buttons call: (dcc.Download data, message). A refusal gives (None, alert).

    The report is written by a background job (``jobs``): the answer waits ``QUICK_WAIT`` for
    it (a report takes well under a second on a national data set); a slower one answers with
    a progress note whose tick sends the file when it is ready."""
    language = normalise_lang(lang)
    today = today or dt.date.today()
    if not may_export(geo):
        alert = dbc.Alert(ts("not_allowed", language, geo=geo), color="warning", className="small")
        return None, alert
    from pathways_monitor.web.auth.web import current_user

    user = current_user()
    job_id = records.create_job(
        current_engine(),
        kind=KIND_SEMESTER,
        file_name=f"{geo} {fmt}",
        requested_by=user.email if user else "anonymous",
        options={"country": geo, "format": fmt, "lang": language, "today": today.isoformat()},
        country_code=(geo or "").upper() or None,
    )
    submit_job(job_id)
    engine = current_engine()
    deadline = time.monotonic() + QUICK_WAIT
    job = records.read_job(engine, job_id)
    while job is not None and not job.finished and time.monotonic() < deadline:
        time.sleep(0.05)
        job = records.read_job(engine, job_id)
    if job is None or not job.finished:
        return None, writing_note(job_id, language)
    return finished_report(job, geo, language)


def finished_report(job: records.JobView, geo: str, lang: str) -> tuple[dict[str, Any] | None, Any]:
    """(download data, message) of a finished report job."""
    result = job.result or {}
    if job.state == FAILED or not result:
        return None, dbc.Alert(str(job.error or ""), color="danger", className="small")
    if result.get("status") == "rejected":
        code = str(result.get("code") or "no_strategy")
        alert = dbc.Alert(ts(code, lang, geo=geo), color="warning", className="small")
        return None, alert
    data = records.result_file(current_engine(), job.id) or b""
    return dcc.send_bytes(data, str(result.get("file_name") or "semester_report")), ""


def writing_note(job_id: str, lang: str) -> html.Div:
    """A report still being written: a note, and the tick that sends the file when ready."""
    key = {"index": job_id}
    return html.Div(
        [
            dcc.Store(id={"type": JOB_STORE, **key}, data={"job": job_id}),
            dcc.Interval(id={"type": JOB_TICK, **key}, interval=500),
            dcc.Download(id={"type": JOB_DOWNLOAD, **key}),
            html.Div(
                dbc.Alert(ts("writing", lang), color="info", className="small"),
                id={"type": JOB_STATUS, **key},
            ),
        ]
    )


@callback(
    Output({"type": JOB_DOWNLOAD, "index": MATCH}, "data"),
    Output({"type": JOB_STATUS, "index": MATCH}, "children"),
    Output({"type": JOB_TICK, "index": MATCH}, "disabled"),
    Input({"type": JOB_TICK, "index": MATCH}, "n_intervals"),
    State({"type": JOB_STORE, "index": MATCH}, "data"),
    State(GEO_STORE, "data"),
    State(cid.LANG, "data"),
    prevent_initial_call=True,
)
def on_report_tick(
    _n: int | None, stored: dict[str, Any] | None, geo: str | None, lang: str | None
) -> tuple[Any, Any, bool]:
    job = records.read_job(current_engine(), str((stored or {}).get("job") or ""))
    if job is not None and not job.finished:
        return no_update, no_update, False
    if job is None:
        return no_update, "", True
    data, message = finished_report(job, geo or "", normalise_lang(lang))
    return (data if data is not None else no_update), message, True


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
