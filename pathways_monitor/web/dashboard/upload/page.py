"""Upload page: the importer's web front door (templates, drag and drop, check, confirm).

Every dropped file is first checked with a dry run of the one import engine
(``importers.engine.import_file``) and shown with its problems and a preview of what would
change; nothing is written until the visitor confirms, and the real import checks the file
again. Checks and imports are background jobs (``jobs``): an answer waits ``QUICK_WAIT`` for
them, so a small file's card comes at once, and a large file shows a progress bar (redrawn by
``on_tick``) while the page stays usable; closing the page does not stop the work. Between the
check and the confirmation the file's bytes stay on the server with the check's job (the
browser keeps only its id), and are purged with it.
"""

from __future__ import annotations

import io
import time
from typing import Any

import dash
import dash_bootstrap_components as dbc
from dash import MATCH, Input, Output, State, callback, ctx, dcc, html
from dash.exceptions import MissingCallbackContextException

from pathways_monitor.core.access import UNRESTRICTED, UploadScope
from pathways_monitor.core.translation import N_, normalise_lang
from pathways_monitor.db.models_jobs import FAILED
from pathways_monitor.db.queries_imports import breakdown_codes
from pathways_monitor.importers.problems import ImportReport, problem
from pathways_monitor.importers.templates import write_indicator_template, write_strategy_template
from pathways_monitor.jobs import records
from pathways_monitor.web.context import current_engine, current_settings, read_session, submit_job
from pathways_monitor.web.dashboard.common import ids
from pathways_monitor.web.dashboard.common import import_report as view
from pathways_monitor.web.dashboard.common import job_progress as progress
from pathways_monitor.web.dashboard.common.import_texts import TEXTS, t
from pathways_monitor.web.dashboard.common.language import drawn_in_language

dash.register_page(
    __name__,
    path="/upload",
    name="Upload",
    title="Upload · Pathways Monitor",
    nav_order=5,
    nav_label=N_("Upload"),
)

PAGE = "upload"
LANG = ids.page_lang(PAGE)  # this page's language (see common.language)

PREFIX = "upload"
HEAD = f"{PREFIX}-head"
UPLOAD = f"{PREFIX}-area"
UPLOAD_TEXT = f"{PREFIX}-area-text"
RESULTS = f"{PREFIX}-results"
TEMPLATE_STRATEGY = f"{PREFIX}-template-strategy"
TEMPLATE_INDICATORS = f"{PREFIX}-template-indicators"
TEMPLATE_DOWNLOAD = f"{PREFIX}-template-download"
ACCEPT = ".xlsx,.xlsm,.csv,.tsv,.txt,.tab"
DROP_STYLE = {
    "border": "2px dashed #6c757d",
    "borderRadius": "0.5rem",
    "padding": "2rem 1rem",
    "textAlign": "center",
    "cursor": "pointer",
    "background": "#f8f9fa",
}


MAX_FILES_PER_UPLOAD = 5
QUICK_WAIT = 2.0  # seconds an answer waits for small files' jobs before showing their progress
QUICK_BYTES = 1024 * 1024  # a larger file shows its progress at once
QUICK_ROWS = 20_000  # the same for a confirmation: a file with more rows shows its progress
POLL_SECONDS = 0.05


def upload_identity() -> tuple[str, UploadScope]:
    """Who is uploading and what they may change: the signed-in user and their role's scope.

    Anonymous visitors and viewers get an empty scope: they may check a file but never store it.
    """
    from pathways_monitor.core.access import scope_for
    from pathways_monitor.web.auth.web import current_user

    user = current_user()
    return (user.email if user else "anonymous"), scope_for(user)


def _may_store() -> bool:
    from pathways_monitor.core.access import can_upload
    from pathways_monitor.web.auth.web import current_user

    return can_upload(current_user())


@drawn_in_language(PAGE)
def layout(lang: str, **_query: str) -> html.Div:
    """Heading, templates and the drop area in the page's language (``render_head``)."""
    head_children, drop_children = render_head(lang)
    return html.Div(
        [
            dcc.Download(id=TEMPLATE_DOWNLOAD),
            html.Div(head_children, id=HEAD),
            dcc.Upload(
                id=UPLOAD,
                children=html.Div(drop_children, id=UPLOAD_TEXT),
                multiple=True,
                accept=ACCEPT,
                style=DROP_STYLE,
                style_active={**DROP_STYLE, "borderStyle": "solid", "background": "#e7f1ff"},
                className="mb-4",
            ),
            dcc.Loading(html.Div(id=RESULTS, **{"aria-live": "polite"}), delay_show=200),  # type: ignore[arg-type]
        ],
        className="upload-page",
    )


def head(lang: str | None) -> list[Any]:
    sign_in = (
        []
        if _may_store()
        else [
            dbc.Alert(
                [
                    t("sign_in_needed", lang) + " ",
                    html.A(t("sign_in", lang), href="/login?next=/upload", className="alert-link"),
                ],
                color="info",
            )
        ]
    )
    return [
        html.H1(t("title", lang), className="h3"),
        html.P(t("intro", lang), className="text-muted"),
        *sign_in,
        html.Div(
            [
                html.H2(t("templates", lang), className="h5"),
                html.P(t("templates_intro", lang), className="mb-2"),
                dbc.Button(
                    f"⬇ {t('template_strategy', lang)}",
                    id=TEMPLATE_STRATEGY,
                    color="secondary",
                    outline=True,
                    className="me-2 mb-2",
                ),
                dbc.Button(
                    f"⬇ {t('template_indicators', lang)}",
                    id=TEMPLATE_INDICATORS,
                    color="secondary",
                    outline=True,
                    className="mb-2",
                ),
            ],
            className="mb-3",
        ),
    ]


def drop_text(lang: str | None, max_bytes: int) -> list[Any]:
    """The drop area's content; the button is what keyboard users reach (Enter opens the
    file dialog: the click bubbles to the drop zone)."""
    return [
        html.Span(t("drop_here", lang), className="me-2 fs-5"),
        html.Button(
            t("choose_files", lang),
            type="button",
            className="btn btn-primary",
            id=f"{PREFIX}-choose",
        ),
        html.P(
            t("accepted_types", lang, limit=view.human_size(max_bytes, lang)),
            className="small text-muted mt-2 mb-0",
        ),
    ]


def render_head(lang: str | None) -> tuple[list[Any], list[Any]]:
    """What ``HEAD`` and the drop area (``UPLOAD_TEXT``) show."""
    return head(lang), drop_text(lang, current_settings().max_upload_bytes)


def template_bytes(which: str, lang: str | None) -> tuple[bytes, str]:
    """A blank template in the visitor's language and its file name."""
    buffer = io.BytesIO()
    language = normalise_lang(lang)
    if which == "strategy":
        write_strategy_template(buffer, lang=language)
        name = t("template_strategy_file", lang)
    else:
        write_indicator_template(buffer, lang=language)
        name = t("template_indicators_file", lang)
    return buffer.getvalue(), f"{name}.xlsx"


@callback(
    Output(TEMPLATE_DOWNLOAD, "data"),
    Input(TEMPLATE_STRATEGY, "n_clicks"),
    Input(TEMPLATE_INDICATORS, "n_clicks"),
    State(LANG, "data"),
    prevent_initial_call=True,
)
def download_template(_s: int | None, _i: int | None, lang: str | None) -> Any:
    which = "strategy" if ctx.triggered_id == TEMPLATE_STRATEGY else "indicators"
    if not (_s if which == "strategy" else _i):
        return dash.no_update
    data, name = template_bytes(which, lang)
    return dcc.send_bytes(data, name)


def _failed(
    name: str, code: str, template: str, params: dict[str, Any] | None = None
) -> ImportReport:
    """A rejected report with one problem: ``template`` (a message id) filled with ``params``
    (a text already in the visitor's language, without ``params``, is kept as it is)."""
    return ImportReport(name, None, "rejected", problems=[problem(code, template, params)])


NOT_ALLOWED = N_(
    "Only a signed-in administrator, national editor or regional coordinator can store files. "
    "Sign in and upload the file again."
)


def start_check(data: bytes, name: str, lang: str | None) -> str:
    """A background check (dry run) of one file as the current identity; returns the job id.

    Checking a file is open to everyone (an anonymous visitor's check has no scope limit);
    storing it is not (``confirm_file``)."""
    user, scope = upload_identity()
    if not _may_store():
        scope = UNRESTRICTED
    job_id = records.create_import_job(
        current_engine(),
        data,
        name,
        requested_by=user,
        scope=scope,
        dry_run=True,
        lang=normalise_lang(lang),
        max_bytes=current_settings().max_upload_bytes,
    )
    submit_job(job_id)
    return job_id


def wait_for(job_ids: list[str], seconds: float = QUICK_WAIT) -> dict[str, records.JobView]:
    """The jobs as they stand once all are finished or ``seconds`` have passed: a small file's
    result comes back in the same answer, a large one's progress is shown instead (an answer
    with a large file does not wait: ``seconds`` is 0)."""
    engine = current_engine()
    deadline = time.monotonic() + seconds
    seen: dict[str, records.JobView] = {}
    while True:
        for job_id in job_ids:
            if job_id not in seen or not seen[job_id].finished:
                job = records.read_job(engine, job_id)
                if job is not None:
                    seen[job_id] = job
        if all(j.finished for j in seen.values()) or time.monotonic() >= deadline:
            return seen
        time.sleep(POLL_SECONDS)


def check_card(job: records.JobView, index: int, lang: str | None) -> Any:
    """The card of a finished check: problems, preview and the confirm button."""
    if job.state == FAILED or job.result is None:
        return html.Div(progress.failed_alert(job, lang), className="mb-4 upload-file")
    report = ImportReport.from_record(dict(job.result))
    with read_session() as session:
        labels = breakdown_codes(
            session, [c.get("breakdown_id") for c in report.changes if "breakdown_id" in c]
        )
    keep = report.accepted or view.needs_revision_consent(report)
    return view.file_card(report, index, job.id if keep else "", labels, lang)


def import_outcome(job: records.JobView, lang: str | None) -> Any:
    """What a finished import says: batch and counts, or why it was refused."""
    if job.state == FAILED or job.result is None:
        return progress.failed_alert(job, lang)
    return view.outcome_alert(ImportReport.from_record(dict(job.result)), lang)


def check_files(
    contents: list[str] | str | None, filenames: list[str] | str | None, lang: str | None
) -> list[Any]:
    """Check every uploaded file in the background (nothing is written) and show its card,
    or its progress while the check runs."""
    if not contents:
        return [dbc.Alert(t("nothing_yet", lang), color="light", className="border")]
    contents_list = [contents] if isinstance(contents, str) else list(contents)
    if len(contents_list) > MAX_FILES_PER_UPLOAD:
        return [
            dbc.Alert(
                t("too_many_files", lang, n=len(contents_list), max=MAX_FILES_PER_UPLOAD),
                color="danger",
            )
        ]
    names = [filenames] if isinstance(filenames, str) else list(filenames or [])
    started: list[tuple[int, str | ImportReport]] = []
    small: list[str] = []
    for index, raw in enumerate(contents_list):
        name = names[index] if index < len(names) and names[index] else f"file-{index + 1}"
        data = view.decode_contents(raw)
        if data is None:
            report = _failed(name, "unreadable_upload", TEXTS["unreadable_upload"], {"file": name})
            started.append((index, report))
        else:
            started.append((index, start_check(data, name, lang)))
            if len(data) <= QUICK_BYTES:
                small.append(str(started[-1][1]))
    jobs = wait_for([job for _, job in started if isinstance(job, str)], QUICK_WAIT if small else 0)
    cards: list[Any] = []
    for index, job in started:
        if isinstance(job, ImportReport):
            cards.append(view.file_card(job, index, "", {}, lang))
        elif jobs[job].finished:
            cards.append(check_card(jobs[job], index, lang))
        else:
            cards.append(progress.job_panel(index, jobs[job], progress.PURPOSE_CHECK, lang))
    heading = html.H2(t("checked_heading", lang, n=len(cards)), className="h4 mb-3")
    return [heading, *cards]


@callback(
    Output(RESULTS, "children"),
    Input(UPLOAD, "contents"),
    Input(LANG, "data"),
    State(UPLOAD, "filename"),
)
def on_upload(
    contents: list[str] | str | None, lang: str | None, filenames: list[str] | str | None
) -> list[Any]:
    return check_files(contents, filenames, lang)


def confirm_file(
    stored: dict[str, Any] | None,
    lang: str | None,
    *,
    accept_revisions: bool = False,
    index: int | str = 0,
) -> tuple[Any, bool]:
    """The real import of one checked file, in the background: the server checks it again
    and stores it only when accepted; its outcome, or its progress while it runs.

    ``accept_revisions``: the "Replace the published values" box was ticked."""
    if not stored or not stored.get("check_job"):
        return dash.no_update, True
    name = str(stored.get("name") or "upload")
    if not _may_store():
        report = ImportReport(
            name, None, "rejected", problems=[problem("not_allowed", NOT_ALLOWED)]
        )
        return view.outcome_alert(report, lang), True
    user, scope = upload_identity()
    job_id = records.import_from_check(
        current_engine(),
        str(stored["check_job"]),
        requested_by=user,
        scope=scope,
        accept_revisions=bool(accept_revisions),
        lang=normalise_lang(lang),
        max_bytes=current_settings().max_upload_bytes,
    )
    if job_id is None:
        return dbc.Alert(t("job_gone", lang), color="warning"), True
    submit_job(job_id)
    job = wait_for([job_id], QUICK_WAIT if int(stored.get("rows") or 0) <= QUICK_ROWS else 0)
    job = job[job_id]
    if job.finished:
        return import_outcome(job, lang), True
    return progress.job_panel(f"import-{index}", job, progress.PURPOSE_IMPORT, lang), True


@callback(
    Output({"type": view.OUTCOME, "index": MATCH}, "children"),
    Output({"type": view.CONFIRM, "index": MATCH}, "disabled"),
    Input({"type": view.CONFIRM, "index": MATCH}, "n_clicks"),
    State({"type": view.FILE_STORE, "index": MATCH}, "data"),
    State(LANG, "data"),
    State({"type": view.ACCEPT_REVISIONS, "index": MATCH}, "value"),
    prevent_initial_call=True,
)
def on_confirm(
    clicks: int | None,
    stored: dict[str, Any] | None,
    lang: str | None,
    accept_revisions: bool | None = False,
) -> Any:
    if not clicks:
        return dash.no_update, dash.no_update
    return confirm_file(
        stored, lang, accept_revisions=bool(accept_revisions), index=_triggered_index()
    )


@callback(
    Output({"type": view.CONFIRM, "index": MATCH}, "disabled", allow_duplicate=True),
    Input({"type": view.ACCEPT_REVISIONS, "index": MATCH}, "value"),
    State({"type": view.FILE_STORE, "index": MATCH}, "data"),
    prevent_initial_call=True,
)
def on_accept_revisions(ticked: bool | None, stored: dict[str, Any] | None) -> Any:
    """Ticking "Replace the published values" makes the confirm button usable."""
    if not stored or not stored.get("needs_consent"):
        return dash.no_update
    return view.confirm_disabled(True, ticked)


@callback(
    Output({"type": progress.PANEL, "index": MATCH}, "children"),
    Output({"type": progress.PANEL, "index": MATCH}, "className"),
    Output({"type": progress.TICK, "index": MATCH}, "disabled"),
    Input({"type": progress.TICK, "index": MATCH}, "n_intervals"),
    State({"type": progress.JOB, "index": MATCH}, "data"),
    State(LANG, "data"),
    prevent_initial_call=True,
)
def on_tick(_n: int | None, job_data: dict[str, Any] | None, lang: str | None) -> Any:
    """Redraw a running job's progress; once it is finished, its card or outcome."""
    return job_update(job_data, _triggered_index(), lang)


def _triggered_index() -> int | str:
    """The ``index`` of the pattern-matching id that fired this callback (0 when called
    directly, outside a Dash request)."""
    try:
        triggered = ctx.triggered_id
    except MissingCallbackContextException:
        return 0
    return triggered["index"] if isinstance(triggered, dict) else 0


def job_update(
    job_data: dict[str, Any] | None, key: int | str, lang: str | None
) -> tuple[Any, Any, bool]:
    """(panel children, panel class, tick disabled) for the job in ``job_data``."""
    job = records.read_job(current_engine(), str((job_data or {}).get("job") or ""))
    if job is None:
        return dbc.Alert(t("job_gone", lang), color="warning"), "", True
    purpose = str((job_data or {}).get("purpose") or progress.PURPOSE_CHECK)
    if not job.finished:
        return progress.progress_body(job, purpose, lang), dash.no_update, False
    if purpose == progress.PURPOSE_CHECK:
        index = int(key) if isinstance(key, int) or str(key).isdigit() else 0
        return check_card(job, index, lang), "", True
    return import_outcome(job, lang), "", True


def problems_download(stored: dict[str, Any] | None, lang: str | None) -> Any:
    """All problems of one file as xlsx (the same rows as the table, errors first)."""
    if not stored or not stored.get("problems"):
        return dash.no_update
    name = str(stored.get("name") or "upload")
    data = view.problems_xlsx(stored["problems"], name, lang)
    return dcc.send_bytes(data, view.problems_file_name(name, lang))


@callback(
    Output({"type": view.PROBLEMS_DOWNLOAD, "index": MATCH}, "data"),
    Input({"type": view.PROBLEMS_BUTTON, "index": MATCH}, "n_clicks"),
    State({"type": view.FILE_STORE, "index": MATCH}, "data"),
    State(LANG, "data"),
    prevent_initial_call=True,
)
def on_problems_download(
    clicks: int | None, stored: dict[str, Any] | None, lang: str | None
) -> Any:
    if not clicks:
        return dash.no_update
    return problems_download(stored, lang)
