"""Component ids of the country page, in one place (no string typos between layout and callbacks)."""

from __future__ import annotations

from pathways_monitor.web.dashboard.common.ids import page_lang

PREFIX = "country-"
PAGE = "country"
LANG = page_lang(PAGE)  # the language the page was drawn in (see common.language)
URL_SEARCH = PREFIX + "url-search"  # the address's query, written by common.url_state
URL_DONE = PREFIX + "url-done"

GEO = PREFIX + "geo"
INDICATOR = PREFIX + "indicator"
BREAKDOWN = PREFIX + "breakdown"
VERSION = PREFIX + "version"
F_OBJECTIVE = PREFIX + "filter-objective"
F_STATUS = PREFIX + "filter-status"
F_BODY = PREFIX + "filter-body"

HEADLINE = PREFIX + "headline"
INDICATOR_BODY = PREFIX + "indicator-body"
STRATEGY_BODY = PREFIX + "strategy-body"
STRATEGY_SECTIONS = PREFIX + "strategy-sections"
MILESTONE_BODY = PREFIX + "milestone-body"
BUDGET_BODY = PREFIX + "budget-body"

INDICATOR_GRAPH = PREFIX + "indicator-graph"
INDICATOR_GRID = PREFIX + "indicator-grid"
PROJECTION_GRID = PREFIX + "projection-grid"
LATE_LIST = PREFIX + "late-list"
LATE_COUNT = PREFIX + "late-count"
TIMELINE_GRAPH = PREFIX + "timeline-graph"
MILESTONE_GRID = PREFIX + "milestone-grid"
BUDGET_GRAPH = PREFIX + "budget-graph"
BUDGET_SOURCE_GRID = PREFIX + "budget-source-grid"
BUDGET_YEAR_GRID = PREFIX + "budget-year-grid"
ALLOCATION_OBJECTIVE_GRAPH = PREFIX + "allocation-objective-graph"
ALLOCATION_OBJECTIVE_GRID = PREFIX + "allocation-objective-grid"
ALLOCATION_AREA_GRAPH = PREFIX + "allocation-area-graph"
ALLOCATION_AREA_GRID = PREFIX + "allocation-area-grid"
OFF_TRACK = PREFIX + "funded-off-track"
OBJECTIVES = PREFIX + "objectives"

# Static texts of the skeleton, filled in by ``page.translate`` as it is drawn: id -> text key.
TEXT_IDS: dict[str, str] = {
    PREFIX + "label-geo": "label_geo",
    PREFIX + "h-indicators": "h_indicators",
    PREFIX + "label-indicator": "label_indicator",
    PREFIX + "label-breakdown": "label_breakdown",
    PREFIX + "h-strategy": "h_strategy",
    PREFIX + "label-version": "label_version",
    PREFIX + "h-milestones": "h_milestones",
    PREFIX + "label-f-objective": "label_f_objective",
    PREFIX + "label-f-status": "label_f_status",
    PREFIX + "label-f-body": "label_f_body",
    PREFIX + "h-budget": "h_budget",
}

MILESTONE_SECTION = PREFIX + "milestone-section"  # dbc.Accordion, drawn when opened
BUDGET_SECTION = PREFIX + "budget-section"
MILESTONE_ITEM = PREFIX + "milestone-item"  # its AccordionItem (summary title)
BUDGET_ITEM = PREFIX + "budget-item"
