"""The country page's headline: one compact card per canonical indicator, plus late milestones."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from pathways_monitor.analysis.progress import ProgressAssessment, explained
from pathways_monitor.db.queries import TargetInfo
from pathways_monitor.domain.names import place_name
from pathways_monitor.presentation.theme import LATE_ICON, progress_colour, progress_label
from pathways_monitor.web.dashboard.common.i18n import fmt_date, fmt_pct
from pathways_monitor.web.dashboard.country import ids as cid
from pathways_monitor.web.dashboard.country.data import HeadlineData, IndicatorCard
from pathways_monitor.web.dashboard.country.texts import OPERATOR_SIGNS, tc


def _target_text(target: TargetInfo | None, lang: str | None) -> str:
    if target is None:
        return tc("none_set", lang)
    sign = OPERATOR_SIGNS.get(target.operator, "<")
    return f"{sign} {fmt_pct(target.value, lang)} ({target.year})"


def _status_badge(result: ProgressAssessment | None, lang: str | None, window: str) -> html.Span:
    cls = result.progress_class if result else "insufficient_data"
    return html.Span(
        [
            html.Span(progress_label(cls, lang, result), className="fw-semibold"),
            html.Span(f" ({tc('window_' + window, lang)})", className="text-muted small"),
        ],
        style={"borderLeft": f"4px solid {progress_colour(cls)}", "paddingLeft": "6px"},
        className="d-block mb-1",
    )


def _why(card: IndicatorCard, lang: str | None) -> html.Details | None:
    items = []
    for heading, results in (
        ("towards_eu", card.eu_progress),
        ("towards_national", card.national_progress),
    ):
        for window in ("short", "long"):
            result = results.get(window)
            if result is None:
                continue
            text = explained(result, lang)
            items.append(
                html.Li(
                    [html.Strong(f"{tc(heading, lang)}, {tc('window_' + window, lang)}: "), text]
                )
            )
    if not items:
        return None
    return html.Details(
        [html.Summary(tc("why_status", lang)), html.Ul(items, className="small mt-2 ps-3")],
        className="mt-2",
    )


def indicator_card(card: IndicatorCard, lang: str | None) -> dbc.Card:
    """Latest value/year/flag, EU and national targets, progress classes and the reasons."""
    name = card.name(lang)
    if card.latest_value is None:
        value_block = [html.Div(tc("no_data", lang), className="fs-4 text-muted")]
    else:
        meta = str(card.latest_year)
        if card.latest_flag:
            meta += f", {tc('flag_word', lang)} {card.latest_flag}"
        value_block = [
            html.Span(fmt_pct(card.latest_value, lang), className="fs-3 fw-bold me-2"),
            html.Span(f"({meta})", className="text-muted"),
        ]
    status_rows = []
    for heading, results in (
        ("towards_eu", card.eu_progress),
        ("towards_national", card.national_progress),
    ):
        if not results:
            continue
        status_rows.append(html.Div(tc(heading, lang), className="small text-muted mt-1"))
        status_rows.extend(_status_badge(results.get(w), lang, w) for w in ("short", "long"))
    why = _why(card, lang)
    return dbc.Card(
        dbc.CardBody(
            [
                html.H3(name, className="h6 mb-2"),
                html.Div(value_block),
                html.Div(
                    [
                        html.Span(f"{tc('eu_target', lang)}: {_target_text(card.eu_target, lang)}"),
                        html.Br(),
                        html.Span(
                            f"{tc('national_target', lang)}: "
                            f"{_target_text(card.national_target, lang)}"
                        ),
                    ],
                    className="small mt-1",
                ),
                *status_rows,
                *([why] if why else []),
            ]
        ),
        className="h-100",
        id=f"{cid.PREFIX}card-{card.code}",
    )


def headline(data: HeadlineData, lang: str | None) -> list:  # type: ignore[type-arg]
    """Country name, the question it answers, the indicator cards and the late-milestone alert."""
    name = place_name(data.place["code"], data.place["name_en"], lang)
    children: list = [  # type: ignore[type-arg]
        html.H1(name, className="h2 mb-0"),
        html.P(tc("headline_question", lang, country=name), className="lead"),
    ]
    if data.has_strategy:
        if data.late_count:
            text = tc("late_glance", lang, icon=LATE_ICON, n=data.late_count)
            colour = "warning"
        else:
            text = "✓ " + tc("no_late_glance", lang)
            colour = "light"
        children.append(
            dbc.Alert(
                [
                    html.Span(text, className="fw-semibold"),
                    f" ({fmt_date(data.today, lang)}) – ",
                    html.A(tc("see_milestones", lang), href="#country-milestones"),
                ],
                color=colour,
                className="py-2",
            )
        )
    children.append(
        dbc.Row(
            [dbc.Col(indicator_card(c, lang), md=6, xl=3, className="mb-3") for c in data.cards],
            className="g-3",
        )
    )
    return children
