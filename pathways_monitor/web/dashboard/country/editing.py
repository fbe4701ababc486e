"""Editing in place from the country page: milestone progress, new milestones, budget figures.

The page's hook ``editing_controls(section)`` puts ``controls(section)`` under the milestone and
budget headings: toolbars (shown only to users who may edit this country's current strategy),
a per-milestone list of "Edit" buttons, and three modals. Saving calls
``importers.strategy_edits`` (the upload's validation rules, one audit row per change) in a
short write session; a refused edit keeps the modal open with the messages in place, an
accepted one closes it and bumps the ``SAVED`` store that the page's render callbacks listen
to. Identity and permissions come from one function, ``edit_identity``; the server checks them
on every save, hidden buttons are only a convenience.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import dash_bootstrap_components as dbc
import flask
import pandas as pd
from dash import ALL, Input, Output, State, callback, ctx, dcc, html, no_update
from sqlalchemy import select
from sqlalchemy.orm import Session

from pathways_monitor.analysis import strategy as strat
from pathways_monitor.core import access
from pathways_monitor.db import queries_strategy as qs
from pathways_monitor.db.models import BudgetLine, Milestone
from pathways_monitor.domain.funding import FUNDING_SOURCES
from pathways_monitor.domain.names import translated
from pathways_monitor.domain.taxonomy import MILESTONE_STATUSES
from pathways_monitor.importers import strategy_edits as edits
from pathways_monitor.importers.strategy_rules import Violation, check_year
from pathways_monitor.presentation.theme import LATE_ICON, MILESTONE_STATUS_ICONS
from pathways_monitor.web.context import current_engine, current_settings, read_session
from pathways_monitor.web.dashboard.common.fill import Target
from pathways_monitor.web.dashboard.common.i18n import fmt_date
from pathways_monitor.web.dashboard.country import ids as cid
from pathways_monitor.web.dashboard.country.data import strategy_of
from pathways_monitor.web.dashboard.country.editing_texts import problem_text, te
from pathways_monitor.web.dashboard.country.texts import fmt_eur, milestone_status_label

P = cid.PREFIX + "edit-"
SAVED = P + "saved"
MS_TOOLBAR = P + "ms-toolbar"
MS_LIST = P + "ms-list"
MS_LIST_SUMMARY = P + "ms-list-summary"
MS_LIST_HINT = P + "ms-list-hint"
MS_OLD = P + "ms-old-version"
MS_NOTICE = P + "ms-notice"
MS_TARGET = P + "ms-target"
MS_INFO = P + "ms-info"
ADD_OPEN = P + "add-open"
BUD_TOOLBAR = P + "bud-toolbar"
BUD_OPEN = P + "bud-open"
BUD_NOTICE = P + "bud-notice"
BUD_HINT = P + "bud-hint"
EDIT_BUTTON = P + "ms-open"  # pattern-matching type: {"type": EDIT_BUTTON, "index": id}

FORM_MS, FORM_ADD, FORM_BUD = "ms", "add", "bud"
FIELDS: dict[str, tuple[str, ...]] = {
    FORM_MS: ("status", "completed_on", "evidence_note"),
    FORM_ADD: (
        "objective",
        "code",
        "title",
        "due_date",
        "status",
        "completed_on",
        "responsible_body",
        "evidence_note",
    ),
    FORM_BUD: ("objective", "year", "funding_source", "planned", "committed", "spent"),
}
SELECTS = {"status", "objective", "funding_source"}
DATES = {"due_date", "completed_on"}
AMOUNTS = {"planned", "committed", "spent"}
HINTS: dict[tuple[str, str], str] = {
    (FORM_MS, "completed_on"): "date_hint",
    (FORM_ADD, "completed_on"): "date_hint",
}
BUD_AMOUNT_HINT = P + "bud-amount-hint"
# Selects without a preset value show "Choose…" (dbc.Select's own placeholder option).
PLACEHOLDERS = ((FORM_ADD, "objective"), (FORM_BUD, "objective"), (FORM_BUD, "funding_source"))
# Problems on these "fields" belong to no input: they go into the modal's alert.
GENERAL_FIELDS = {"country", "version", "milestone"}


def fid(form: str, field: str) -> str:
    return f"{P}{form}-{field}"


def feedback_id(form: str, field: str) -> str:
    return fid(form, field) + "-feedback"


def label_id(form: str, field: str) -> str:
    return fid(form, field) + "-label"


def hint_id(form: str, field: str) -> str:
    return fid(form, field) + "-hint"


def modal_id(form: str) -> str:
    return f"{P}{form}-modal"


def title_id(form: str) -> str:
    return f"{P}{form}-modal-title"


def alert_id(form: str) -> str:
    return f"{P}{form}-modal-alert"


def save_id(form: str) -> str:
    return f"{P}{form}-modal-save"


def cancel_id(form: str) -> str:
    return f"{P}{form}-modal-cancel"


# --------------------------------------------------------------------------- who may edit


def _auth_wired() -> bool:
    """Accounts are active when ``auth.register.register_auth`` configured this server."""
    try:
        from pathways_monitor.web.auth import web
    except ImportError:
        return False
    return hasattr(web, "current_user") and web.AUTH_SETTINGS_KEY in flask.current_app.config


def edit_identity() -> tuple[str, frozenset[str] | None]:
    """(actor, countries the user may edit; None = any) for the current request.

    With accounts wired in: an administrator may edit any country, a national editor their
    own, everyone else (regional coordinators, viewers, anonymous visitors) none. Without
    accounts: anyone in development/demo mode (actor "web"), nobody in production.
    """
    if _auth_wired():
        from pathways_monitor.web.auth.web import current_user

        user = current_user()
        if user is None:
            return "anonymous", frozenset()
        return user.email, access.strategy_countries(user)
    if current_settings().is_development:
        return "web", None
    return "web", frozenset()


def may_edit(geo: str | None, allowed: frozenset[str] | None) -> bool:
    return bool(geo) and (allowed is None or str(geo).upper() in allowed)


@contextmanager
def write_session() -> Iterator[Session]:
    """A short unit of work for one save: the caller commits; anything else is rolled back."""
    session = Session(current_engine(), expire_on_commit=False)
    try:
        yield session
    finally:
        session.rollback()
        session.close()


# --------------------------------------------------------------------------- layout


def _control(form: str, field: str) -> Any:
    control_id = fid(form, field)
    if field in SELECTS:
        return dbc.Select(id=control_id, options=[], value="")
    if field in DATES:
        return dbc.Input(id=control_id, type="date", value="")
    if field == "evidence_note":
        return dbc.Textarea(id=control_id, value="", rows=3, maxLength=edits.MAX_NOTE_LENGTH)
    if field == "year":
        return dbc.Input(id=control_id, type="text", inputMode="numeric", value="", maxLength=4)
    if field in AMOUNTS:
        return dbc.Input(id=control_id, type="text", inputMode="decimal", value="")
    limit = edits.MAX_LENGTH.get(field)
    return dbc.Input(id=control_id, type="text", value="", maxLength=limit)


def _field(form: str, field: str) -> html.Div:
    """Label, control, optional hint and the in-place error message (shown when invalid)."""
    parts: list[Any] = [
        dbc.Label(id=label_id(form, field), html_for=fid(form, field), className="fw-semibold"),
        _control(form, field),
    ]
    if (form, field) in HINTS:
        parts.append(dbc.FormText(id=hint_id(form, field)))
    parts.append(dbc.FormFeedback(id=feedback_id(form, field), type="invalid"))
    return html.Div(parts, className="mb-3")


def _grid(form: str, rows: Sequence[Sequence[str]]) -> list[Any]:
    return [
        dbc.Row([dbc.Col(_field(form, f), md=12 // len(row)) for f in row], className="g-3")
        for row in rows
    ]


LAYOUT_ROWS: dict[str, tuple[tuple[str, ...], ...]] = {
    FORM_MS: (("status", "completed_on"), ("evidence_note",)),
    FORM_ADD: (
        ("objective",),
        ("code", "title"),
        ("due_date", "status"),
        ("completed_on", "responsible_body"),
        ("evidence_note",),
    ),
    FORM_BUD: (("objective",), ("year", "funding_source"), ("planned", "committed", "spent")),
}


def modal(form: str) -> dbc.Modal:
    """One edit dialog: title, the alert for refusals, the fields, Cancel and Save."""
    body: list[Any] = []
    if form == FORM_MS:
        body.append(html.P(id=MS_INFO, className="text-muted"))
    body.append(dbc.Alert(id=alert_id(form), color="danger", is_open=False, className="mb-3"))
    body += _grid(form, LAYOUT_ROWS[form])
    if form == FORM_BUD:
        body.append(dbc.FormText(id=BUD_AMOUNT_HINT, className="d-block mb-2"))
        body.append(html.P(id=BUD_HINT, className="small mb-0", role="status"))
    return dbc.Modal(
        [
            dbc.ModalHeader(dbc.ModalTitle(id=title_id(form))),
            dbc.ModalBody(body),
            dbc.ModalFooter(
                [
                    dbc.Button(id=cancel_id(form), color="secondary", outline=True),
                    dbc.Button(id=save_id(form), color="primary"),
                ]
            ),
        ],
        id=modal_id(form),
        is_open=False,
        size="lg",
        backdrop="static",
        labelledby=title_id(form),
    )


def controls(section: str) -> list[Any]:
    """What the country page's ``editing_controls`` hook shows under a section heading.

    Its texts come from ``translate_editing``, filled in by the page's layout."""
    notice = {"duration": 10000, "dismissable": True, "color": "success", "is_open": False}
    if section == "milestones":
        return [
            dcc.Store(id=SAVED, data=0),
            dcc.Store(id=MS_TARGET),
            html.Div(id=MS_OLD),
            dbc.Alert(id=MS_NOTICE, **notice),
            html.Div(
                [
                    dbc.Button(
                        id=ADD_OPEN, color="primary", outline=True, size="sm", className="mb-2"
                    ),
                    html.Details(
                        [
                            html.Summary(id=MS_LIST_SUMMARY, className="fw-semibold"),
                            html.P(id=MS_LIST_HINT, className="small text-muted mt-2 mb-1"),
                            html.Div(id=MS_LIST),
                        ],
                        className="mb-3",
                    ),
                ],
                id=MS_TOOLBAR,
                hidden=True,
            ),
            modal(FORM_MS),
            modal(FORM_ADD),
        ]
    if section == "budget":
        return [
            dbc.Alert(id=BUD_NOTICE, **notice),
            html.Div(
                dbc.Button(id=BUD_OPEN, color="primary", outline=True, size="sm"),
                id=BUD_TOOLBAR,
                hidden=True,
                className="mb-2",
            ),
            modal(FORM_BUD),
        ]
    return []


# --------------------------------------------------------------------------- pure builders


def status_options(lang: str | None) -> list[dict[str, str]]:
    """Icon and text (never colour alone), in the page language."""
    return [
        {
            "label": f"{MILESTONE_STATUS_ICONS.get(s, '')} {milestone_status_label(s, lang)}",
            "value": s,
        }
        for s in MILESTONE_STATUSES
    ]


def funding_options(lang: str | None) -> list[dict[str, str]]:
    return [
        {"label": f"{translated(f.name_en, lang)} ({f.code})", "value": f.code}
        for f in FUNDING_SOURCES
    ]


def objective_options(objectives: pd.DataFrame, lang: str | None) -> list[dict[str, str]]:
    return [
        {"label": f"{r.code} – {r.title}", "value": str(int(r.objective_id))}
        for r in objectives.itertuples(index=False)
    ]


def _date_text(value: Any, lang: str | None) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NaT:
        return ""
    return fmt_date(value, lang)


def edit_table(milestones: pd.DataFrame, lang: str | None) -> Any:
    """One row per milestone with its status (icon + text) and an "Edit" button."""
    if milestones.empty:
        return html.P(te("edit_list_empty", lang), className="small")
    rows = []
    for r in milestones.itertuples(index=False):
        key = f"{r.objective_code}/{r.code}"
        status = (
            f"{MILESTONE_STATUS_ICONS.get(r.status, '')} {milestone_status_label(r.status, lang)}"
        )
        if bool(getattr(r, "is_late", False)):
            status = f"{LATE_ICON} {milestone_status_label('late', lang)} ({status})"
        rows.append(
            html.Tr(
                [
                    html.Th(key, scope="row", className="text-nowrap"),
                    html.Td(r.title),
                    html.Td(_date_text(r.due_date, lang), className="text-nowrap"),
                    html.Td(status),
                    html.Td(_date_text(r.completed_on, lang), className="text-nowrap"),
                    html.Td(
                        html.Button(
                            te("edit", lang),
                            id={"type": EDIT_BUTTON, "index": int(r.milestone_id)},
                            type="button",
                            className="btn btn-sm btn-outline-primary",
                            **{"aria-label": te("edit_aria", lang, key=key)},
                        )
                    ),
                ]
            )
        )
    header = html.Thead(
        html.Tr(
            [
                html.Th(te("col_milestone", lang), scope="col"),
                html.Th("", scope="col"),
                html.Th(te("col_due", lang), scope="col"),
                html.Th(te("col_status", lang), scope="col"),
                html.Th(te("col_completed", lang), scope="col"),
                html.Th(te("col_action", lang), scope="col"),
            ]
        )
    )
    return html.Div(
        dbc.Table([header, html.Tbody(rows)], size="sm", hover=True, className="mb-0 align-middle"),
        style={"maxHeight": "420px", "overflowY": "auto"},
        tabIndex=0,
        className="border rounded",
    )


def field_feedback(
    form: str, problems: Sequence[Violation], lang: str | None
) -> tuple[list[bool], list[str], Any, bool]:
    """Per field: invalid flag and message; then the alert's content and whether it shows."""
    by_field: dict[str, list[str]] = {}
    general: list[str] = []
    for p in problems:
        target = p.field if p.field in FIELDS[form] else None
        if form != FORM_MS and p.field == "objective":
            target = "objective"
        if target is None or p.field in GENERAL_FIELDS:
            general.append(problem_text(p, lang))
        else:
            by_field.setdefault(target, []).append(problem_text(p, lang))
    invalid = [f in by_field for f in FIELDS[form]]
    messages = [" ".join(by_field.get(f, [])) for f in FIELDS[form]]
    if not problems:
        return invalid, messages, None, False
    heading = te("not_saved_fields", lang) if by_field else te("not_saved", lang)
    alert = [html.Strong(heading)]
    if general:
        alert.append(html.Ul([html.Li(m) for m in general], className="mb-0 mt-1"))
    return invalid, messages, alert, True


def _none_if_blank(value: Any) -> Any:
    return None if value in (None, "") else value


# --------------------------------------------------------------------------- data for the forms


def current_objectives(session: Session, geo: str | None) -> pd.DataFrame:
    """Objectives of the country's current strategy version (empty without a strategy)."""
    versions = qs.strategy_versions(session, geo or "")
    if versions.empty:
        return pd.DataFrame(columns=qs.OBJECTIVE_COLUMNS)
    return qs.objectives(session, int(versions["strategy_id"].iloc[0]))


def milestone_form_values(
    session: Session, milestone_id: int, lang: str | None
) -> tuple[str, str, list[Any]] | None:
    """Title, info line and the three field values of a stored milestone; None when unknown."""
    m = session.get(Milestone, milestone_id)
    if m is None:
        return None
    key = f"{m.objective.code}/{m.code}"
    info = te("milestone_info", lang, title=m.title, due=fmt_date(m.due_date, lang))
    values = [
        m.status,
        m.completed_on.isoformat() if m.completed_on else "",
        m.evidence_note or "",
    ]
    return te("title_edit_milestone", lang, key=key), info, values


def existing_budget(
    session: Session, objective_id: Any, year: Any, source: Any
) -> BudgetLine | None:
    try:
        objective = int(objective_id)
    except (TypeError, ValueError):
        return None
    parsed_year, problem = check_year("year", year)
    if parsed_year is None or problem is not None or not source:
        return None
    return session.scalar(
        select(BudgetLine).where(
            BudgetLine.objective_id == objective,
            BudgetLine.year == parsed_year,
            BudgetLine.funding_source_code == str(source),
        )
    )


def _amount_text(value: Any) -> str:
    if value is None:
        return ""
    text = f"{value:.2f}"
    return text[:-3] if text.endswith(".00") else text


def _objective_id(raw: Any) -> int:
    try:
        return int(raw)
    except (TypeError, ValueError):
        return -1


# --------------------------------------------------------------------------- texts


def _text_outputs() -> list[Target]:
    out = [
        (ADD_OPEN, "children"),
        (BUD_OPEN, "children"),
        (MS_LIST_SUMMARY, "children"),
        (MS_LIST_HINT, "children"),
        (title_id(FORM_ADD), "children"),
        (title_id(FORM_BUD), "children"),
    ]
    for form in FIELDS:
        out += [(save_id(form), "children"), (cancel_id(form), "children")]
        out += [(label_id(form, f), "children") for f in FIELDS[form]]
    out += [(hint_id(form, f), "children") for form, f in HINTS]
    out.append((BUD_AMOUNT_HINT, "children"))
    out += [(fid(FORM_MS, "status"), "options"), (fid(FORM_ADD, "status"), "options")]
    out.append((fid(FORM_BUD, "funding_source"), "options"))
    out += [(fid(form, field), "placeholder") for form, field in PLACEHOLDERS]
    return out


# What ``translate_editing`` fills in while the country page's layout is drawn (the controls of
# both sections: ``fill`` it on the whole page, see ``page.layout``).
TEXT_OUTPUTS = _text_outputs()


def translate_editing(lang: str | None) -> list[Any]:
    """Buttons, labels, hints and option lists in the page language (see ``TEXT_OUTPUTS``)."""
    values: list[Any] = [
        te("add_milestone", lang),
        te("edit_budget", lang),
        te("edit_list_summary", lang),
        te("edit_list_hint", lang),
        te("title_add_milestone", lang),
        te("title_budget", lang),
    ]
    for form in FIELDS:
        values += [te("save", lang), te("cancel", lang)]
        values += [te(f"label_{f}", lang) for f in FIELDS[form]]
    values += [te(key, lang) for key in HINTS.values()]
    values.append(te("amount_hint", lang))
    values += [status_options(lang), status_options(lang), funding_options(lang)]
    values += [te("choose", lang)] * len(PLACEHOLDERS)
    return values


# --------------------------------------------------------------------------- callbacks


def _outputs(form: str, prop: str, kind: str = "control") -> list[Output]:
    make = {"control": fid, "feedback": feedback_id}[kind]
    return [Output(make(form, f), prop, allow_duplicate=True) for f in FIELDS[form]]


@callback(
    Output(MS_TOOLBAR, "hidden"),
    Output(BUD_TOOLBAR, "hidden"),
    Output(MS_LIST, "children"),
    Output(MS_OLD, "children"),
    Input(cid.LANG, "data"),
    Input(cid.GEO, "value"),
    Input(cid.VERSION, "value"),
    Input(SAVED, "data"),
    Input(cid.F_OBJECTIVE, "value"),
    Input(cid.F_STATUS, "value"),
    Input(cid.F_BODY, "value"),
)
def render_edit_controls(
    lang: str | None,
    geo: str | None,
    version: int | None,
    _saved: Any = None,
    objectives: list[str] | None = None,
    statuses: list[str] | None = None,
    bodies: list[str] | None = None,
) -> tuple[bool, bool, Any, Any]:
    """Show the edit tools only to users who may edit this country, on its current version."""
    _actor, allowed = edit_identity()
    if not may_edit(geo, allowed):
        return True, True, None, None
    _place, data = strategy_of(str(geo), version, _today(), with_budget=False, with_classes=False)
    if data is None:
        return True, True, None, None
    if not data.is_current:
        return True, True, None, dbc.Alert(te("old_version", lang), color="info", className="py-2")
    shown = strat.filter_milestones(
        data.milestones, objectives=objectives, statuses=statuses, bodies=bodies
    )
    return False, False, edit_table(shown, lang), None


def _today() -> dt.date:
    return dt.date.today()


def _reset(form: str) -> list[Any]:
    """Outputs' values that clear a form's error state: invalid flags, messages, alert."""
    n = len(FIELDS[form])
    return [*([False] * n), *([""] * n), None, False]


def _feedback_outputs(form: str) -> list[Output]:
    return [
        *_outputs(form, "invalid"),
        *_outputs(form, "children", "feedback"),
        Output(alert_id(form), "children", allow_duplicate=True),
        Output(alert_id(form), "is_open", allow_duplicate=True),
    ]


# ---- milestone progress


@callback(
    Output(modal_id(FORM_MS), "is_open", allow_duplicate=True),
    Output(MS_TARGET, "data"),
    Output(title_id(FORM_MS), "children"),
    Output(MS_INFO, "children"),
    *_outputs(FORM_MS, "value"),
    *_feedback_outputs(FORM_MS),
    Input({"type": EDIT_BUTTON, "index": ALL}, "n_clicks"),
    Input(cancel_id(FORM_MS), "n_clicks"),
    State(cid.LANG, "data"),
    prevent_initial_call=True,
)
def toggle_milestone_modal(_clicks: list[Any], _cancel: Any, lang: str | None) -> list[Any]:
    """Open the dialog for the clicked row (filled with its stored values), or close it."""
    trigger = ctx.triggered_id
    if trigger == cancel_id(FORM_MS):
        return [False, None, no_update, no_update, *([no_update] * 3), *_reset(FORM_MS)]
    value = ctx.triggered[0]["value"] if ctx.triggered else None
    if not isinstance(trigger, dict) or not value:
        return [no_update] * (4 + 3 + 2 * 3 + 2)  # a re-rendered list, not a click
    return open_milestone(int(trigger["index"]), lang)


def open_milestone(milestone_id: int, lang: str | None) -> list[Any]:
    """The milestone dialog's outputs for one stored milestone."""
    with read_session() as session:
        found = milestone_form_values(session, milestone_id, lang)
    if found is None:
        problem = Violation("milestone", "unknown_milestone", "unknown milestone")
        invalid, messages, alert, show = field_feedback(FORM_MS, [problem], lang)
        title = te("title_edit_milestone_plain", lang)
        return [True, None, title, "", "", "", "", *invalid, *messages, alert, show]
    title, info, values = found
    return [True, milestone_id, title, info, *values, *_reset(FORM_MS)]


@callback(
    Output(modal_id(FORM_MS), "is_open", allow_duplicate=True),
    *_feedback_outputs(FORM_MS),
    Output(SAVED, "data", allow_duplicate=True),
    Output(MS_NOTICE, "children", allow_duplicate=True),
    Output(MS_NOTICE, "is_open", allow_duplicate=True),
    Output(MS_NOTICE, "color", allow_duplicate=True),
    Input(save_id(FORM_MS), "n_clicks"),
    State(MS_TARGET, "data"),
    State(fid(FORM_MS, "status"), "value"),
    State(fid(FORM_MS, "completed_on"), "value"),
    State(fid(FORM_MS, "evidence_note"), "value"),
    State(cid.LANG, "data"),
    State(SAVED, "data"),
    prevent_initial_call=True,
)
def save_milestone(
    _n: Any,
    milestone_id: int | None,
    status: str | None,
    completed_on: str | None,
    evidence_note: str | None,
    lang: str | None,
    saved: int | None,
) -> list[Any]:
    """Validate and store; refused: messages in place, dialog stays open; else close and refresh."""
    actor, allowed = edit_identity()
    with write_session() as session:
        if milestone_id is None:
            result = edits.EditResult(
                False, (Violation("milestone", "unknown_milestone", "Choose a milestone."),)
            )
        else:
            result = edits.update_milestone(
                session,
                int(milestone_id),
                status=status,
                completed_on=_none_if_blank(completed_on),
                evidence_note=evidence_note,
                actor=actor,
                today=_today(),
                allowed_countries=allowed,
            )
        if result.ok:
            session.commit()
    return _after_save(FORM_MS, result, lang, saved, "saved_milestone")


def _after_save(
    form: str, result: edits.EditResult, lang: str | None, saved: int | None, done_key: str
) -> list[Any]:
    invalid, messages, alert, show = field_feedback(form, result.problems, lang)
    if not result.ok:
        return [True, *invalid, *messages, alert, show, *([no_update] * 4)]
    if not result.changed:
        unchanged = te("unchanged", lang)
        return [False, *invalid, *messages, alert, show, no_update, unchanged, True, "info"]
    notice = te(done_key, lang, key=result.row_key)
    return [False, *invalid, *messages, alert, show, (saved or 0) + 1, notice, True, "success"]


# ---- new milestone


@callback(
    Output(modal_id(FORM_ADD), "is_open", allow_duplicate=True),
    Output(fid(FORM_ADD, "objective"), "options"),
    *_outputs(FORM_ADD, "value"),
    *_feedback_outputs(FORM_ADD),
    Input(ADD_OPEN, "n_clicks"),
    Input(cancel_id(FORM_ADD), "n_clicks"),
    State(cid.GEO, "value"),
    State(cid.F_OBJECTIVE, "value"),
    State(cid.LANG, "data"),
    prevent_initial_call=True,
)
def toggle_add_modal(
    _open: Any, _cancel: Any, geo: str | None, chosen: list[str] | None, lang: str | None
) -> list[Any]:
    """An empty form; the objective preset when exactly one is chosen in the filter."""
    if ctx.triggered_id == cancel_id(FORM_ADD):
        return [False, no_update, *([no_update] * len(FIELDS[FORM_ADD])), *_reset(FORM_ADD)]
    return open_add(geo, chosen, lang)


def open_add(geo: str | None, chosen: list[str] | None, lang: str | None) -> list[Any]:
    with read_session() as session:
        objectives = current_objectives(session, geo)
    preset = ""
    if chosen and len(chosen) == 1:
        match = objectives[objectives["code"] == chosen[0]]
        preset = str(int(match["objective_id"].iloc[0])) if not match.empty else ""
    values = {f: "" for f in FIELDS[FORM_ADD]}
    values |= {"objective": preset, "status": "not_started"}
    return [
        True,
        objective_options(objectives, lang),
        *[values[f] for f in FIELDS[FORM_ADD]],
        *_reset(FORM_ADD),
    ]


@callback(
    Output(modal_id(FORM_ADD), "is_open", allow_duplicate=True),
    *_feedback_outputs(FORM_ADD),
    Output(SAVED, "data", allow_duplicate=True),
    Output(MS_NOTICE, "children", allow_duplicate=True),
    Output(MS_NOTICE, "is_open", allow_duplicate=True),
    Output(MS_NOTICE, "color", allow_duplicate=True),
    Input(save_id(FORM_ADD), "n_clicks"),
    *[State(fid(FORM_ADD, f), "value") for f in FIELDS[FORM_ADD]],
    State(cid.LANG, "data"),
    State(SAVED, "data"),
    prevent_initial_call=True,
)
def save_new_milestone(
    _n: Any,
    objective: str | None,
    code: str | None,
    title: str | None,
    due_date: str | None,
    status: str | None,
    completed_on: str | None,
    responsible_body: str | None,
    evidence_note: str | None,
    lang: str | None,
    saved: int | None,
) -> list[Any]:
    actor, allowed = edit_identity()
    with write_session() as session:
        result = edits.add_milestone(
            session,
            _objective_id(objective),
            code=code,
            title=title,
            due_date=_none_if_blank(due_date),
            status=status,
            completed_on=_none_if_blank(completed_on),
            responsible_body=responsible_body,
            evidence_note=evidence_note,
            actor=actor,
            today=_today(),
            allowed_countries=allowed,
        )
        if result.ok:
            session.commit()
    return _after_save(FORM_ADD, result, lang, saved, "added_milestone")


# ---- budget figure


@callback(
    Output(modal_id(FORM_BUD), "is_open", allow_duplicate=True),
    Output(fid(FORM_BUD, "objective"), "options"),
    *_outputs(FORM_BUD, "value"),
    *_feedback_outputs(FORM_BUD),
    Input(BUD_OPEN, "n_clicks"),
    Input(cancel_id(FORM_BUD), "n_clicks"),
    State(cid.GEO, "value"),
    State(cid.LANG, "data"),
    prevent_initial_call=True,
)
def toggle_budget_modal(_open: Any, _cancel: Any, geo: str | None, lang: str | None) -> list[Any]:
    if ctx.triggered_id == cancel_id(FORM_BUD):
        return [False, no_update, *([no_update] * len(FIELDS[FORM_BUD])), *_reset(FORM_BUD)]
    return open_budget(geo, lang)


def open_budget(geo: str | None, lang: str | None) -> list[Any]:
    with read_session() as session:
        objectives = current_objectives(session, geo)
    values = {f: "" for f in FIELDS[FORM_BUD]} | {"year": str(_today().year)}
    return [
        True,
        objective_options(objectives, lang),
        *[values[f] for f in FIELDS[FORM_BUD]],
        *_reset(FORM_BUD),
    ]


@callback(
    Output(fid(FORM_BUD, "planned"), "value", allow_duplicate=True),
    Output(fid(FORM_BUD, "committed"), "value", allow_duplicate=True),
    Output(fid(FORM_BUD, "spent"), "value", allow_duplicate=True),
    Output(BUD_HINT, "children"),
    Input(fid(FORM_BUD, "objective"), "value"),
    Input(fid(FORM_BUD, "year"), "value"),
    Input(fid(FORM_BUD, "funding_source"), "value"),
    State(cid.LANG, "data"),
    prevent_initial_call=True,
)
def prefill_budget(objective: Any, year: Any, source: Any, lang: str | None) -> list[Any]:
    """An existing line's amounts, so that "change" starts from what is stored."""
    if not objective or not source or check_year("year", year)[0] is None:
        return [no_update, no_update, no_update, ""]
    with read_session() as session:
        line = existing_budget(session, objective, year, source)
        amounts = [line.planned, line.committed, line.spent] if line is not None else None
    if amounts is None:
        return [no_update, no_update, no_update, te("budget_new", lang)]
    hint = te(
        "budget_existing",
        lang,
        **{
            k: fmt_eur(v, lang)
            for k, v in zip(("planned", "committed", "spent"), amounts, strict=True)
        },
    )
    return [*[_amount_text(v) for v in amounts], hint]


@callback(
    Output(modal_id(FORM_BUD), "is_open", allow_duplicate=True),
    *_feedback_outputs(FORM_BUD),
    Output(SAVED, "data", allow_duplicate=True),
    Output(BUD_NOTICE, "children", allow_duplicate=True),
    Output(BUD_NOTICE, "is_open", allow_duplicate=True),
    Output(BUD_NOTICE, "color", allow_duplicate=True),
    Input(save_id(FORM_BUD), "n_clicks"),
    *[State(fid(FORM_BUD, f), "value") for f in FIELDS[FORM_BUD]],
    State(cid.LANG, "data"),
    State(SAVED, "data"),
    prevent_initial_call=True,
)
def save_budget(
    _n: Any,
    objective: str | None,
    year: str | None,
    funding_source: str | None,
    planned: str | None,
    committed: str | None,
    spent: str | None,
    lang: str | None,
    saved: int | None,
) -> list[Any]:
    actor, allowed = edit_identity()
    with write_session() as session:
        result = edits.set_budget(
            session,
            _objective_id(objective),
            year,
            funding_source,
            planned,
            committed,
            spent,
            actor,
            allowed_countries=allowed,
        )
        if result.ok:
            session.commit()
    return _after_save(FORM_BUD, result, lang, saved, "saved_budget")


__all__ = [
    "SAVED",
    "controls",
    "edit_identity",
    "may_edit",
    "save_budget",
    "save_milestone",
    "save_new_milestone",
]
