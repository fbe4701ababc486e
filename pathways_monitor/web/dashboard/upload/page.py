"""Upload page: the importer's web front door (templates, drag and drop, check, confirm).

Every dropped file is first checked with a dry run of the one import engine
(``importers.engine.import_file``) and shown with its problems and a preview of what would
change; nothing is written until the visitor confirms, and the real import checks the file
again. The file's bytes stay in the browser (a ``dcc.Store`` per file, base64) between the check
and the confirmation, never on the server's disk.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import dash
import dash_bootstrap_components as dbc
from dash import MATCH, Input, Output, State, callback, ctx, dcc, html
from sqlalchemy.orm import Session

from pathways_monitor.core.access import UNRESTRICTED, UploadScope
from pathways_monitor.core.translation import N_, normalise_lang
from pathways_monitor.db.queries_imports import breakdown_codes
from pathways_monitor.importers.engine import import_file
from pathways_monitor.importers.problems import ImportReport, problem
from pathways_monitor.importers.templates import write_indicator_template, write_strategy_template
from pathways_monitor.web.context import current_engine, current_settings, read_session
from pathways_monitor.web.dashboard.common import ids
from pathways_monitor.web.dashboard.common import import_report as view
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


@contextmanager
def write_session() -> Iterator[Session]:
    """A session the engine commits (when accepted) or rolls back itself."""
    session = Session(current_engine(), expire_on_commit=False)
    try:
        yield session
    finally:
        session.rollback()
        session.close()


def _failed(
    name: str, code: str, template: str, params: dict[str, Any] | None = None
) -> ImportReport:
    """A rejected report with one problem: ``template`` (a message id) filled with ``params``
    (a text already in the visitor's language, without ``params``, is kept as it is)."""
    return ImportReport(name, None, "rejected", problems=[problem(code, template, params)])


def run_import(
    session: Session, data: bytes, name: str, *, dry_run: bool, accept_revisions: bool = False
) -> ImportReport:
    """One engine call as the current identity; an unexpected failure becomes a problem.

    ``accept_revisions`` only when the uploader ticked "Replace the published values": the
    engine checks the file again and refuses a large revision without it."""
    user, scope = upload_identity()
    if not _may_store():
        if not dry_run:
            return ImportReport(
                name,
                None,
                "rejected",
                problems=[
                    problem(
                        "not_allowed",
                        N_(
                            "Only a signed-in administrator, national editor or regional "
                            "coordinator can store files. Sign in and upload the file again."
                        ),
                    )
                ],
            )
        scope = UNRESTRICTED  # checking a file is open to everyone; storing is not
    try:
        return import_file(
            session,
            data,
            name,
            user=user,
            dry_run=dry_run,
            scope=scope,
            max_bytes=current_settings().max_upload_bytes,
            accept_revisions=accept_revisions,
        )
    except Exception as exc:  # shown to the visitor; nothing was written
        session.rollback()
        return _failed(
            name,
            "unexpected_error",
            N_("{error}: {details}"),
            {"error": type(exc).__name__, "details": str(exc)},
        )


def check_files(
    contents: list[str] | str | None, filenames: list[str] | str | None, lang: str | None
) -> list[Any]:
    """Dry-run every uploaded file and build its card (nothing is written)."""
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
    cards: list[Any] = []
    for index, raw in enumerate(contents_list):
        name = names[index] if index < len(names) and names[index] else f"file-{index + 1}"
        data = view.decode_contents(raw)
        if data is None:
            report = _failed(name, "unreadable_upload", TEXTS["unreadable_upload"], {"file": name})
            cards.append(view.file_card(report, index, "", {}, lang))
            continue
        with read_session() as session:
            report = run_import(session, data, name, dry_run=True)
            labels = breakdown_codes(
                session, [c.get("breakdown_id") for c in report.changes if "breakdown_id" in c]
            )
        payload = raw.partition(",")[2] if raw.startswith("data:") else raw
        keep = report.accepted or view.needs_revision_consent(report)
        cards.append(view.file_card(report, index, payload if keep else "", labels, lang))
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
    stored: dict[str, Any] | None, lang: str | None, *, accept_revisions: bool = False
) -> tuple[Any, bool]:
    """The real import of one checked file: validated again, committed only when accepted.

    ``accept_revisions``: the "Replace the published values" box was ticked."""
    if not stored or not stored.get("content"):
        return dash.no_update, True
    name = str(stored.get("name") or "upload")
    data = view.decode_contents(str(stored["content"]))
    if data is None:
        report = _failed(name, "unreadable_upload", TEXTS["unreadable_upload"], {"file": name})
        return view.outcome_alert(report, lang), True
    with write_session() as session:
        report = run_import(
            session, data, name, dry_run=False, accept_revisions=bool(accept_revisions)
        )
    return view.outcome_alert(report, lang), True


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
    return confirm_file(stored, lang, accept_revisions=bool(accept_revisions))


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
