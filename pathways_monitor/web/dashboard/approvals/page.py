"""Approvals: each year of a country's data from draft to submitted to approved (locked).

URL: /approvals?geo=NL. The table lists the years the country has data for, with their status
(icon + text), who submitted/approved/reopened them and when. Submit / Approve / Reopen buttons
appear only for users allowed to act, and every action is checked again on the server by
``workflow.periods`` (a crafted request from anyone else is refused with a message).
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import quote, urlencode

import dash
import dash_bootstrap_components as dbc
from dash import ALL, Input, Output, State, callback, dcc, html
from sqlalchemy.orm import Session

from pathways_monitor.core.translation import N_
from pathways_monitor.db.queries_audit import country_choices
from pathways_monitor.domain.names import place_name
from pathways_monitor.importers.problems import suggest
from pathways_monitor.web.context import current_engine, read_session
from pathways_monitor.web.dashboard.approvals.texts import TEXTS, status_text, t
from pathways_monitor.web.dashboard.common import ids, url_state
from pathways_monitor.web.dashboard.common.fill import fill
from pathways_monitor.web.dashboard.common.i18n import fmt_date
from pathways_monitor.web.dashboard.common.language import drawn_in_language
from pathways_monitor.web.dashboard.common.not_found import not_found
from pathways_monitor.workflow import periods as wf

dash.register_page(
    __name__,
    path="/approvals",
    name="Approvals",
    title="Approvals · Pathways Monitor",
    nav_order=7,
    nav_label=N_("Approvals"),
)

PAGE = "approvals"
LANG = ids.page_lang(PAGE)  # this page's language (see common.language)

PREFIX = "approvals"
GEO = f"{PREFIX}-geo"
GEO_LABEL = f"{PREFIX}-geo-label"
HEAD = f"{PREFIX}-head"
TABLE = f"{PREFIX}-table"
MESSAGE = f"{PREFIX}-message"
REFRESH = f"{PREFIX}-refresh"
URL_SYNC = f"{PREFIX}-url-sync"
URL_DONE = f"{PREFIX}-url-done"
ACT = f"{PREFIX}-act"  # pattern id: {"type": ACT, "action": ..., "year": ...}
REASON = f"{PREFIX}-reason"  # pattern id: {"type": REASON, "year": ...}


@drawn_in_language(PAGE)
def layout(lang: str, **query: str) -> html.Div:
    geo = (query.get("geo") or "").strip().upper() or None
    page = html.Div(
        [
            dcc.Store(id=REFRESH, data=0),
            dcc.Store(id=URL_SYNC),
            dcc.Store(id=URL_DONE),
            html.Div(id=HEAD),
            dbc.Row(
                dbc.Col(
                    [
                        dbc.Label(id=GEO_LABEL, html_for=GEO),
                        dcc.Dropdown(id=GEO, value=geo, clearable=False),
                    ],
                    md=4,
                ),
                className="mb-3",
            ),
            html.Div(id=MESSAGE, role="status", **{"aria-live": "polite"}),  # type: ignore[arg-type]
            dcc.Loading(html.Div(id=TABLE), delay_show=300),
        ],
        className="approvals-page",
    )
    return fill(page, CONTROL_OUTPUTS, render_controls(lang))


# --------------------------------------------------------------------------- who is asking


def _user() -> Any:
    """The signed-in Principal (None when anonymous or accounts are not wired in)."""
    from pathways_monitor.web.auth.web import current_user

    return current_user()


def default_country(user: Any) -> str | None:
    """Where an editor lands without ``?geo=``: their own country."""
    from pathways_monitor.core.access import home_country

    return home_country(user)


# --------------------------------------------------------------------------- rendering


# What ``render_controls`` fills in while the layout is drawn.
CONTROL_OUTPUTS = [
    (HEAD, "children"),
    (GEO_LABEL, "children"),
    (GEO, "options"),
    (GEO, "placeholder"),
]


def render_controls(lang: str | None) -> tuple[Any, ...]:
    """Heading, the country selector's label, options and placeholder (see ``CONTROL_OUTPUTS``)."""
    with read_session() as session:
        countries = country_choices(session)
    options = [
        {"label": f"{place_name(code, en, lang)} ({code})", "value": code} for code, en in countries
    ]
    head = [
        html.H1(t("title", lang), className="h3"),
        html.P(t("intro", lang), className="text-muted", style={"maxWidth": "60rem"}),
    ]
    return head, t("country", lang), options, t("choose_country", lang)


def _who_when(who: str | None, when: dt.datetime | None, lang: str | None) -> str:
    if not who:
        return "–"
    return t("by_on", lang, who=who, when=fmt_date(when.date() if when else None, lang))


def _action_cell(user: Any, period: wf.PeriodState, lang: str | None) -> list[Any] | str:
    actions = wf.allowed_actions(user, period)
    c, y = period.country, period.year
    if not actions:
        if period.status == "submitted" and wf.may_reopen(user, c):
            return html.Span(t("waiting_other", lang), className="text-muted small")
        return t("no_action", lang)
    action = actions[0]
    kind = "btn-primary" if action != "reopen" else "btn-outline-secondary"
    button = html.Button(
        t(action, lang),
        id={"type": ACT, "action": action, "year": y},
        type="button",
        className=f"btn btn-sm {kind}",
        **{"aria-label": t("action_aria", lang, action=t(action, lang), country=c, year=y)},
    )
    if action != "reopen":
        return [button]
    reason_id = {"type": REASON, "year": y}
    return [
        html.Div(
            [
                html.Label(  # wrapping label: the input's accessible name
                    [
                        html.Span(t("reason_label", lang, year=y), className="visually-hidden"),
                        dcc.Input(
                            id=reason_id,
                            type="text",
                            placeholder=t("reason_placeholder", lang),
                            maxLength=wf.MAX_REASON,
                            className="form-control form-control-sm",
                        ),
                    ],
                    className="flex-grow-1 mb-0",
                ),
                button,
            ],
            className="d-flex gap-2 align-items-center",
        )
    ]


def periods_table(
    user: Any, country: str, periods: list[wf.PeriodState], lang: str | None
) -> list[Any]:
    """The years with their status, names and the actions this user may take."""
    out: list[Any] = []
    if user is None:
        out.append(
            dbc.Alert(
                [
                    t("sign_in_hint", lang, country=country),
                    " ",
                    html.A(
                        t("sign_in", lang),
                        href=f"/login?next={quote(f'/approvals?geo={country}', safe='/')}",
                    ),
                ],
                color="info",
            )
        )
    elif not wf.may_submit(user, country):
        out.append(dbc.Alert(t("read_only_hint", lang, country=country), color="light"))
    if not periods:
        out.append(dbc.Alert(t("no_years", lang, country=country), color="info"))
        return out
    header = html.Thead(
        html.Tr(
            [
                html.Th(t(k, lang), scope="col")
                for k in (
                    "col_year",
                    "col_status",
                    "col_submitted",
                    "col_approved",
                    "col_reopened",
                    "col_action",
                )
            ]
        )
    )
    rows = []
    for p in periods:
        reopened: list[Any] = [_who_when(p.reopened_by, p.reopened_at, lang)]
        if p.reopened_by and p.note:
            reopened += [html.Br(), html.Small(t("reason", lang, reason=p.note))]
        rows.append(
            html.Tr(
                [
                    html.Th(str(p.year), scope="row"),
                    html.Td(status_text(p.status, lang), className=f"period-{p.status}"),
                    html.Td(_who_when(p.submitted_by, p.submitted_at, lang)),
                    html.Td(_who_when(p.approved_by, p.approved_at, lang)),
                    html.Td(reopened),
                    html.Td(_action_cell(user, p, lang), style={"minWidth": "16rem"}),
                ]
            )
        )
    out.append(
        dbc.Table(
            [
                html.Caption(t("table_caption", lang, country=country), className="caption-top"),
                header,
                html.Tbody(rows),
            ],
            hover=True,
            size="sm",
            className="align-middle",
        )
    )
    out.append(dcc.Link(t("audit_link", lang), href=f"/audit?geo={country}"))
    return out


def _known_codes(session: Session) -> list[tuple[str, str]]:
    return country_choices(session)


@callback(
    Output(TABLE, "children"),
    Output(GEO, "value"),
    Input(GEO, "value"),
    Input(LANG, "data"),
    Input(REFRESH, "data"),
)
def render_table(geo: str | None, lang: str | None, _refresh: int | None) -> tuple[Any, Any]:
    """The country's years; without ``geo`` a signed-in editor sees their own country."""
    user = _user()
    wanted = (geo or "").strip().upper() or default_country(user)
    if not wanted:
        return [dbc.Alert(t("choose_country", lang), color="light")], dash.no_update
    with read_session() as session:
        countries = _known_codes(session)
        codes = {c for c, _ in countries}
        if wanted not in codes:
            close = {suggest(wanted, sorted(codes)), default_country(user)}
            suggestions = [
                (f"{place_name(c, en, lang)} ({c})", f"/approvals?geo={c}")
                for c, en in countries
                if c in close
            ]
            return [not_found("country", wanted, lang, suggestions)], dash.no_update
        periods = wf.country_periods(session, wanted)
    return periods_table(user, wanted, periods, lang), (wanted if wanted != geo else dash.no_update)


# --------------------------------------------------------------------------- acting


def perform(
    action: str, country: str, year: int, reason: str | None, lang: str | None
) -> dbc.Alert:
    """Make one transition as the current user, in its own transaction; the answer says what
    happened or why it was refused (the rules live in ``workflow.periods``)."""
    user = _user()
    with Session(current_engine(), expire_on_commit=False) as session:
        try:
            if action == wf.ACTION_SUBMIT:
                wf.submit(session, user, country, year)
            elif action == wf.ACTION_APPROVE:
                wf.approve(session, user, country, year)
            elif action == wf.ACTION_REOPEN:
                wf.reopen(session, user, country, year, reason)
            else:
                raise wf.TransitionRefused("unknown_action", f"unknown action {action}")
            session.commit()
        except wf.TransitionRefused as refused:
            session.rollback()
            return dbc.Alert(refusal_text(refused, country, year, lang), color="danger")
    return dbc.Alert(t(f"done_{action}", lang, country=country, year=year), color="success")


def refusal_text(refused: wf.TransitionRefused, country: str, year: int, lang: str | None) -> str:
    key = f"refused_{refused.code}"
    if key in TEXTS:
        return t(key, lang, country=country, year=year)
    return t("refused_other", lang, message=refused.message)


def _trigger() -> dict[str, Any] | None:
    """The pattern id of the button that fired (None when nothing was really clicked)."""
    triggered = dash.ctx.triggered
    if not triggered or not triggered[0].get("value"):
        return None
    found = dash.ctx.triggered_id
    return dict(found) if isinstance(found, dict) else None


@callback(
    Output(MESSAGE, "children"),
    Output(REFRESH, "data"),
    Input({"type": ACT, "action": ALL, "year": ALL}, "n_clicks"),
    State({"type": REASON, "year": ALL}, "value"),
    State({"type": REASON, "year": ALL}, "id"),
    State(GEO, "value"),
    State(REFRESH, "data"),
    State(LANG, "data"),
    prevent_initial_call=True,
)
def on_action(
    _clicks: list[int | None],
    reasons: list[str | None],
    reason_ids: list[dict[str, Any]],
    geo: str | None,
    refresh: int | None,
    lang: str | None,
) -> tuple[Any, Any]:
    """A button click: the transition is checked and made on the server, then the table reloads."""
    fired = _trigger()
    if fired is None or not geo:
        return dash.no_update, dash.no_update
    year = int(fired["year"])
    reason_by_year = {
        int(i["year"]): r for i, r in zip(reason_ids or [], reasons or [], strict=False)
    }
    message = perform(str(fired["action"]), geo.upper(), year, reason_by_year.get(year), lang)
    return message, (refresh or 0) + 1


@callback(
    Output(URL_SYNC, "data"),
    Input(GEO, "value"),
    State(LANG, "data"),
    prevent_initial_call=True,
)
def sync_url(geo: str | None, _lang: str | None) -> str:
    return "?" + urlencode({"geo": geo}) if geo else ""


url_state.follow_address_bar(URL_SYNC, URL_DONE)
