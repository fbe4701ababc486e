"""The milestone section: late milestones first, then the filtered timeline and its table."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from pathways_monitor.analysis import strategy as strat
from pathways_monitor.domain.taxonomy import MILESTONE_STATUSES
from pathways_monitor.presentation.theme import LATE_ICON, MILESTONE_STATUS_ICONS
from pathways_monitor.web.dashboard.common.i18n import fmt_date
from pathways_monitor.web.dashboard.country import ids as cid
from pathways_monitor.web.dashboard.country.data import StrategyData
from pathways_monitor.web.dashboard.country.figures import timeline_figure
from pathways_monitor.web.dashboard.country.grid import grid
from pathways_monitor.web.dashboard.country.texts import milestone_status_label, tc

MILESTONE_PAGE_SIZE = 50  # rows per grid page: the full-scale strategies have hundreds


def filter_options(
    data: StrategyData | None, lang: str | None
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """Options of the objective, status (with "late") and responsible-body filters."""
    statuses = [
        {"label": f"{LATE_ICON} {tc('status_late', lang)}", "value": strat.LATE},
        *[
            {
                "label": f"{MILESTONE_STATUS_ICONS.get(s, '')} {milestone_status_label(s, lang)}",
                "value": s,
            }
            for s in MILESTONE_STATUSES
        ],
    ]
    if data is None:
        return [], statuses, []
    objectives = [
        {"label": f"{r.code} – {r.title}", "value": r.code}
        for r in data.objectives.itertuples(index=False)
    ]
    bodies = sorted({b for b in data.milestones["responsible_body"] if isinstance(b, str) and b})
    return objectives, statuses, [{"label": b, "value": b} for b in bodies]


def late_summary(late: pd.DataFrame, lang: str | None, today: Any) -> html.Div:
    """The list at the top of the section: every late milestone, longest overdue first."""
    if late.empty:
        return html.Div(
            [
                html.P("✓ " + tc("none_late", lang, date=fmt_date(today, lang))),
                html.Ul([], id=cid.LATE_LIST, className="d-none"),
            ]
        )
    items = [
        html.Li(
            [
                html.Strong(f"{LATE_ICON} {r.objective_code}/{r.code} "),
                f"{r.title} – ",
                html.Span(tc("due", lang, date=fmt_date(r.due_date, lang))),
                ", ",
                html.Strong(tc("days_overdue", lang, n=int(r.days_overdue))),
                f" · {milestone_status_label(r.status, lang)}",
                f" · {r.responsible_body}" if isinstance(r.responsible_body, str) else "",
            ]
        )
        for r in late.itertuples(index=False)
    ]
    return dbc.Alert(
        [
            html.H3(
                tc("late_heading", lang, icon=LATE_ICON, n=len(late), date=fmt_date(today, lang)),
                className="h6",
                id=cid.LATE_COUNT,
            ),
            html.Ul(items, id=cid.LATE_LIST, className="mb-1 small"),
            html.P(tc("late_definition", lang), className="small mb-0 text-muted"),
        ],
        color="warning",
    )


def grid_rows(frame: pd.DataFrame, lang: str | None) -> list[dict[str, Any]]:
    rows = []
    for r in frame.itertuples(index=False):
        status = (
            f"{MILESTONE_STATUS_ICONS.get(r.status, '')} {milestone_status_label(r.status, lang)}"
        )
        if r.is_late:
            status = f"{LATE_ICON} {tc('status_late', lang)} ({status})"
        rows.append(
            {
                "objective": r.objective_code,
                "code": r.code,
                "title": r.title,
                "due_date": r.due_date.isoformat(),
                "due_date_text": fmt_date(r.due_date, lang),
                "status": status,
                "completed_on": r.completed_on.isoformat() if pd.notna(r.completed_on) else "",
                "completed_on_text": fmt_date(r.completed_on, lang)
                if pd.notna(r.completed_on)
                else "",
                "responsible_body": r.responsible_body
                if isinstance(r.responsible_body, str)
                else "",
                "region": r.region if isinstance(r.region, str) else "",
                "days_overdue": int(r.days_overdue) if r.is_late else None,
                "evidence_note": r.evidence_note if isinstance(r.evidence_note, str) else "",
            }
        )
    return rows


def grid_columns(lang: str | None) -> list[dict[str, Any]]:
    def fmt(field: str) -> dict[str, Any]:
        return {"function": f"params.data.{field}_text"}

    # Milestone (pinned), status and due date first: at phone width (390 px) those stay in
    # view and the other columns scroll inside the grid.
    return [
        {
            "field": "title",
            "headerName": tc("milestone", lang),
            "flex": 3,
            "minWidth": 125,
            "pinned": "left",
            "wrapText": True,
            "autoHeight": True,
        },
        {"field": "status", "headerName": tc("status", lang), "flex": 2, "minWidth": 105},
        {
            "field": "due_date",
            "headerName": tc("due_col", lang),
            "valueFormatter": fmt("due_date"),
            "minWidth": 100,
            "maxWidth": 140,
        },
        {"field": "objective", "headerName": tc("objective", lang), "maxWidth": 120},
        {"field": "code", "headerName": "Code", "maxWidth": 100},
        {
            "field": "days_overdue",
            "headerName": tc("days_overdue_col", lang),
            "type": "rightAligned",
            "maxWidth": 150,
        },
        {
            "field": "completed_on",
            "headerName": tc("completed_on", lang),
            "valueFormatter": fmt("completed_on"),
            "maxWidth": 140,
        },
        {"field": "responsible_body", "headerName": tc("responsible", lang), "flex": 1},
        {"field": "region", "headerName": tc("region", lang), "maxWidth": 110},
        {"field": "evidence_note", "headerName": tc("evidence", lang), "flex": 2, "hide": False},
    ]


def milestone_section(
    data: StrategyData,
    lang: str | None,
    *,
    objectives: Sequence[str] = (),
    statuses: Sequence[str] = (),
    bodies: Sequence[str] = (),
) -> list[Any]:
    """Late summary (never filtered: the whole strategy), then timeline and table (filtered)."""
    late = strat.late_milestones(data.milestones, data.today)
    shown = strat.filter_milestones(
        data.milestones, objectives=objectives, statuses=statuses, bodies=bodies
    )
    order = list(data.objectives["code"])
    titles = dict(zip(data.objectives["code"], data.objectives["title"], strict=True))
    body: list[Any] = [late_summary(late, lang, data.today)]
    body.append(
        html.P(
            tc("showing_n", lang, n=len(shown), total=len(data.milestones)),
            className="small text-muted mb-1",
        )
    )
    if shown.empty:
        body.append(html.P(tc("no_milestones", lang)))
        return body
    figure = timeline_figure(shown, order, lang, data.today, titles)
    body.append(
        html.Div(
            dcc.Graph(id=cid.TIMELINE_GRAPH, figure=figure, config={"displaylogo": False}),
            role="figure",
            **{"aria-label": tc("h_milestones", lang)},
        )
    )
    body.append(html.P(tc("late_definition", lang), className="small text-muted"))
    body.append(
        grid(
            cid.MILESTONE_GRID,
            grid_rows(shown, lang),
            grid_columns(lang),
            auto_height=False,
            height_px=480,
            page_size=MILESTONE_PAGE_SIZE,
        )
    )
    return body
