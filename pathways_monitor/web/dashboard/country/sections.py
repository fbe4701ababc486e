"""The country page's collapsible milestone and budget sections (drawn only when opened).

Drawing the milestone timeline, its grid and the budget charts cost the browser seconds on
first render; collapsed by default, they are fetched when opened. The summary line keeps the
late milestones called out at the top. ``?open=milestones,budget`` keeps a shared link opened;
milestone filters in the URL (``status=``, ``objective=``, ``body=``) open the milestones.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import parse_qsl, urlencode

import pandas as pd

from pathways_monitor.analysis import strategy as strat
from pathways_monitor.core.translation import N_, gettext
from pathways_monitor.presentation.theme import LATE_ICON

MILESTONES = "milestones"
BUDGET = "budget"
SECTIONS = (MILESTONES, BUDGET)
OPEN_PARAM = "open"
FILTER_PARAMS = ("objective", "status", "body")

TEXTS: dict[str, str] = {
    "milestones_summary": N_("Show milestones ({n}, {icon} {late} late)"),
    "milestones_summary_none_late": N_("Show milestones ({n}, none late)"),
    "budget_summary": N_("Show budget"),
}


def ts(key: str, lang: str | None, **values: object) -> str:
    """A text of this module in the page language (English unless "nl")."""
    return gettext(TEXTS[key], lang).format(**values)


def _values(value: Any) -> list[str]:
    if value in (None, ""):
        return []
    raw = value if isinstance(value, list) else [value]
    return [part.strip() for v in raw for part in str(v).split(",") if part.strip()]


def opened_from_query(query: Mapping[str, Any]) -> list[str]:
    """Sections to open from the URL: ``open=`` (comma list or repeated), or milestone filters."""
    wanted = set(_values(query.get(OPEN_PARAM)))
    if any(_values(query.get(key)) for key in FILTER_PARAMS):
        wanted.add(MILESTONES)
    return [s for s in SECTIONS if s in wanted]


def is_open(active_item: Any, section: str) -> bool:
    """An accordion's ``active_item`` is a string, a list (always_open) or None."""
    if isinstance(active_item, list | tuple):
        return section in active_item
    return active_item == section


def open_params(opened: Iterable[str]) -> list[tuple[str, str]]:
    """The ``open`` query parameter for these sections (none when all are closed)."""
    chosen = [s for s in SECTIONS if s in set(opened)]
    return [(OPEN_PARAM, ",".join(chosen))] if chosen else []


def with_open(search: str | None, opened: Iterable[str]) -> str:
    """``search`` with its ``open`` parameter replaced (other parameters kept in order)."""
    params = [(k, v) for k, v in parse_qsl((search or "").lstrip("?")) if k != OPEN_PARAM]
    params += open_params(opened)
    return "?" + urlencode(params, safe=",") if params else ""


def milestone_summary(milestones: pd.DataFrame | None, today: Any, lang: str | None) -> str:
    """ "Show milestones (99, ⚠ 8 late)": the late count stays visible while collapsed."""
    if milestones is None:
        return ts("milestones_summary_none_late", lang, n=0)
    late = len(strat.late_milestones(milestones, today))
    if not late:
        return ts("milestones_summary_none_late", lang, n=len(milestones))
    return ts("milestones_summary", lang, n=len(milestones), late=late, icon=LATE_ICON)


def budget_summary(lang: str | None) -> str:
    return ts("budget_summary", lang)
