"""The strategy section: header of the chosen version and its objectives by area and measure type."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

import dash_bootstrap_components as dbc
import pandas as pd
from dash import html

from pathways_monitor.analysis import strategy as strat
from pathways_monitor.domain.names import indicator_name, place_name
from pathways_monitor.domain.taxonomy import POLICY_AREA
from pathways_monitor.presentation.theme import LATE_ICON, progress_label
from pathways_monitor.web.dashboard.common.i18n import fmt_date, fmt_number
from pathways_monitor.web.dashboard.country import ids as cid
from pathways_monitor.web.dashboard.country.data import StrategyData
from pathways_monitor.web.dashboard.country.texts import (
    OPERATOR_SIGNS,
    dimension_label,
    fmt_eur,
    strategy_status_label,
    tc,
    term_label,
)

TAG_DIMENSIONS_SHOWN = (
    "policy_area",
    "measure_type",
    "reach",
    "target_group",
    "education_level",
    "governance_level",
)


def is_example(strategy: dict[str, Any]) -> bool:
    """Flagged as an example in the workbook, or says so in its title."""
    title = str(strategy.get("title") or "").lower()
    return bool(strategy.get("is_example")) or "example" in title or "voorbeeld" in title


def version_options(versions: pd.DataFrame, lang: str | None) -> list[dict[str, Any]]:
    """Newest first; the newest marked current."""
    options = []
    for i, row in enumerate(versions.itertuples(index=False)):
        created = row.created_at.date() if hasattr(row.created_at, "date") else None
        label = tc("version_option", lang, v=row.version, date=fmt_date(created, lang))
        if i == 0:
            label += f" – {tc('version_current', lang)}"
        options.append({"label": label, "value": int(row.version)})
    return options


# The class of text a ministry wrote (its strategy, in its own language): never translated,
# and left out when the browser tests look for English left in the page's chrome.
USER_TEXT = "user-text"


def _field(label: str, value: Any, *, user_text: bool = False) -> list[Any]:
    if value in (None, "") or (isinstance(value, float) and pd.isna(value)):
        return []
    css = "col-sm-9 " + USER_TEXT if user_text else "col-sm-9"
    return [html.Dt(label, className="col-sm-3"), html.Dd(str(value), className=css)]


def strategy_header(data: StrategyData, lang: str | None) -> list[Any]:
    s = data.strategy
    title_children: list[Any] = []
    if is_example(s):
        title_children.append(
            dbc.Badge(
                tc("example_badge", lang), color="warning", text_color="dark", className="me-2"
            )
        )
    title_children.append(html.Span(s["title"], className=USER_TEXT))
    out: list[Any] = [html.H3(title_children, className="h4")]
    if is_example(s):
        out.append(
            dbc.Alert(
                tc("example_note", lang),
                color="warning",
                className="py-2",
                id=f"{cid.PREFIX}example-note",
            )
        )
    if not data.is_current:
        out.append(
            dbc.Alert(
                tc(
                    "older_version",
                    lang,
                    v=s["version"],
                    current=int(data.versions["version"].iloc[0]),
                ),
                color="info",
                className="py-2",
            )
        )
    adopted = s.get("adopted_on")
    adopted = None if adopted is None or pd.isna(adopted) else adopted
    fields = [
        *_field(tc("period", lang), f"{s['period_start']}–{s['period_end']}"),
        *_field(tc("status", lang), strategy_status_label(s["status"], lang)),
        *_field(tc("adopted_on", lang), fmt_date(adopted, lang) if adopted else None),
        *_field(tc("coordination_body", lang), s.get("coordination_body"), user_text=True),
        *_field(
            tc("coordination_mechanism", lang), s.get("coordination_mechanism"), user_text=True
        ),
        *_field(tc("monitoring", lang), s.get("monitoring_arrangements"), user_text=True),
        *_field(tc("summary", lang), s.get("summary"), user_text=True),
    ]
    out.append(html.Dl(fields, className="row small"))
    return out


def _tags(row: Any, lang: str | None) -> html.P:
    """One short text line per dimension: a badge component per tag made the strategy
    response heavy (about 100 KB for 20 objectives) and slow for the browser to draw."""
    lines: list[Any] = []
    for dim in TAG_DIMENSIONS_SHOWN:
        codes = getattr(row, dim, ()) or ()
        if not codes:
            continue
        if lines:
            lines.append(html.Br())
        labels = " · ".join(term_label(dim, c, lang) for c in codes)
        lines.append(f"{dimension_label(dim, lang)}: {labels}")
    return html.P(lines, className="small text-muted mb-1")


def _indicator_links(data: StrategyData, code: str, lang: str | None) -> list[Any]:
    links = data.links[data.links["objective_code"] == code]
    if links.empty:
        return []
    items = []
    for link in links.itertuples(index=False):
        name = indicator_name(link.indicator, data.indicator_names.get(link.indicator), lang)
        target = data.targets.get(link.indicator)
        value = link.target_value if pd.notna(link.target_value) else None
        year = int(link.target_year) if pd.notna(link.target_year) else None
        operator = target.operator if target else "lt"
        if value is None and target is not None:
            value, year = target.value, target.year
        target_text = (
            tc(
                "target_short",
                lang,
                op=OPERATOR_SIGNS.get(operator, "<"),
                value=fmt_number(value, lang),
                year=year or "–",
            )
            if value is not None
            else tc("no_target", lang)
        )
        cls = data.indicator_classes.get(link.indicator, "insufficient_data")
        items.append(
            html.Li(
                [
                    html.Strong(f"{link.indicator} "),
                    f"{name}: {target_text} · ",
                    progress_label(cls, lang),
                ]
            )
        )
    return [
        html.Div(tc("linked_indicators", lang), className="small text-muted mt-1"),
        html.Ul(items, className="small mb-1 ps-3"),
    ]


def objective_card(
    data: StrategyData,
    row: Any,
    progress: pd.DataFrame,
    planned: dict[str, Any],
    lang: str | None,
) -> html.Div:
    """Title, lead, description, tags, linked indicators with targets, milestones, budget."""
    code = row.code
    stats = progress.loc[code] if code in progress.index else None
    milestone_line: list[Any] = []
    if stats is not None:
        milestone_line.append(
            tc(
                "milestone_progress",
                lang,
                done=int(stats["completed"]),
                planned=int(stats["planned"]),
            )
        )
        if int(stats["late"]):
            milestone_line += [
                " · ",
                html.Span(
                    tc("late_count", lang, icon=LATE_ICON, n=int(stats["late"])),
                    className="fw-bold text-danger",
                ),
            ]
    money = planned.get(code)
    # Plain elements with Bootstrap's card classes: fewer components for the browser to draw.
    return html.Div(
        html.Div(
            [
                html.H5(
                    [
                        html.Span(code, className="badge bg-secondary me-2"),
                        " ",
                        html.Span(row.title, className=USER_TEXT),
                    ],
                    className="h6",
                ),
                html.P(
                    [
                        html.Span(f"{tc('lead_body', lang)}: ", className="text-muted"),
                        html.Span(row.lead_body, className=USER_TEXT),
                    ],
                    className="small mb-1",
                )
                if row.lead_body
                else None,
                html.P(row.description, className="small mb-2 " + USER_TEXT)
                if row.description
                else None,
                _tags(row, lang),
                *_indicator_links(data, code, lang),
                html.Div(
                    [
                        html.Span(milestone_line) if milestone_line else None,
                        html.Span(
                            f" · {tc('planned_budget', lang)}: {fmt_eur(money, lang)}"
                            if money is not None
                            else ""
                        ),
                    ],
                    className="small mt-1",
                ),
            ],
            className="card-body py-2",
        ),
        className="card mb-2",
        id=f"{cid.PREFIX}objective-{code}",
    )


def _primary_area(areas: tuple[str, ...]) -> str:
    return areas[0] if areas else ""


AREA_BODY = cid.PREFIX + "objective-area-body"  # pattern id type: {"type", "area"}


def area_item_id(area: str) -> str:
    return f"area-{area or 'none'}"


def objective_groups(data: StrategyData) -> list[tuple[str, list[Any]]]:
    """Objectives under their first policy area (taxonomy order; "" for none last)."""
    rows = list(data.objectives.itertuples(index=False))
    groups = []
    for area in [*POLICY_AREA.codes(), ""]:
        in_area = [r for r in rows if _primary_area(r.policy_area) == area]
        if in_area:
            groups.append((area, in_area))
    return groups


def area_body(data: StrategyData, rows: list[Any], lang: str | None) -> list[Any]:
    """One policy area's objectives, sub-grouped by measure type."""
    progress = strat.milestone_progress(data.milestones, data.today)
    planned = {
        r.objective_code: r.planned
        for r in strat.budget_totals(data.budget, ["objective_code"]).itertuples(index=False)
    }
    by_type: dict[tuple[str, ...], list[Any]] = {}
    for r in rows:
        by_type.setdefault(tuple(r.measure_type), []).append(r)
    blocks: list[Any] = []
    for types, group in sorted(by_type.items(), key=lambda kv: kv[0]):
        heading = " + ".join(term_label("measure_type", t, lang) for t in types) or "–"
        blocks.append(html.H4(heading, className="h6 text-uppercase text-muted mt-2"))
        blocks.extend(objective_card(data, r, progress, planned, lang) for r in group)
    return blocks


def area_bodies(
    data: StrategyData, areas: Collection[str], lang: str | None
) -> dict[str, list[Any]]:
    """Bodies of the accordion items ``areas`` (item ids), for the expand callback."""
    return {
        area_item_id(area): area_body(data, rows, lang)
        for area, rows in objective_groups(data)
        if area_item_id(area) in areas
    }


def objectives_accordion(data: StrategyData, lang: str | None, lazy: bool = False) -> html.Div:
    """Objectives by policy area; ``lazy``: bodies empty until expanded (a callback fills them).

    Drawing every objective card on load kept the browser busy; collapsed items need none.
    """
    items = []
    for area, rows in objective_groups(data):
        item_id = area_item_id(area)
        title = term_label("policy_area", area, lang) if area else tc("no_area", lang)
        items.append(
            dbc.AccordionItem(
                html.Div(
                    [] if lazy else area_body(data, rows, lang),
                    id={"type": AREA_BODY, "area": item_id},
                ),
                title=f"{title} – {tc('n_objectives', lang, n=len(rows))}",
                item_id=item_id,
            )
        )
    return html.Div(
        [
            html.H3(tc("objectives_heading", lang), className="h5 mt-3"),
            html.P(tc("objectives_note", lang), className="small text-muted"),
            dbc.Accordion(items, always_open=True, start_collapsed=True, id=cid.OBJECTIVES),
        ]
    )


def strategy_section(data: StrategyData, lang: str | None, lazy: bool = False) -> list[Any]:
    return [*strategy_header(data, lang), objectives_accordion(data, lang, lazy)]


def no_strategy(place: dict[str, Any], lang: str | None) -> dbc.Alert:
    """The clear message for a country without any uploaded strategy, with the upload link."""
    name = place_name(place["code"], place["name_en"], lang)
    return dbc.Alert(
        [
            html.P(tc("no_strategy", lang, country=name), className="fw-semibold mb-1"),
            html.A(tc("upload_link", lang), href="/upload", className="alert-link"),
        ],
        color="info",
        id=f"{cid.PREFIX}no-strategy",
    )
