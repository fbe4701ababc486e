"""Colours, status labels and icons shared by every page and export.

Colour-blind-safe palette (Okabe-Ito). Status is never shown by colour alone: every status has
a text label and an icon too.
"""

from __future__ import annotations

from typing import Any

import plotly.io as pio

from pathways_monitor.analysis.progress import qualify_label
from pathways_monitor.core.translation import N_, gettext

OKABE_ITO = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "black": "#000000",
    "grey": "#999999",
}
SERIES_COLOURS = [
    OKABE_ITO[k]
    for k in ("blue", "orange", "green", "vermillion", "purple", "sky", "yellow", "black")
]
SEX_COLOURS = {"T": OKABE_ITO["black"], "F": OKABE_ITO["vermillion"], "M": OKABE_ITO["blue"]}
TARGET_LINE_COLOUR = OKABE_ITO["green"]
NATIONAL_TARGET_COLOUR = OKABE_ITO["purple"]

# Progress classes (analysis.progress): icon, colour, English and Dutch label.
# Icon, colour and label (a message id: the catalogs hold every language's wording).
PROGRESS_CLASSES: dict[str, tuple[str, str, str]] = {
    "achieved": ("★", OKABE_ITO["green"], N_("Target met")),
    "on_track": ("▲", OKABE_ITO["sky"], N_("On track")),
    "moderate": ("►", OKABE_ITO["yellow"], N_("Moderate progress")),
    "insufficient": ("▼", OKABE_ITO["orange"], N_("Insufficient progress")),
    "away": ("✖", OKABE_ITO["vermillion"], N_("Moving away")),
    "insufficient_data": ("?", OKABE_ITO["grey"], N_("Too little data")),
}

MILESTONE_STATUS_ICONS: dict[str, str] = {
    "not_started": "○",
    "in_progress": "◐",
    "completed": "●",
    "delayed": "◔",
    "cancelled": "⊘",
}
LATE_ICON = "⚠"


def progress_label(progress_class: str, lang: str | None, detail: Any = None) -> str:
    """Icon and text for a progress class, e.g. '▲ On track'.

    With ``detail`` (the ``ProgressAssessment`` or ``assess_frame`` row behind the class) the
    label carries its qualifier from ``analysis.progress``: '★ Target met, but moving away:
    +4.1 %/yr', '? Too little data – calculation not possible (series too short)'.
    """
    icon, _colour, label = PROGRESS_CLASSES.get(
        progress_class, PROGRESS_CLASSES["insufficient_data"]
    )
    return qualify_label(f"{icon} {gettext(label, lang)}", progress_class, lang, detail)


def progress_colour(progress_class: str) -> str:
    return PROGRESS_CLASSES.get(progress_class, PROGRESS_CLASSES["insufficient_data"])[1]


PLOT_TEMPLATE = "plotly_white"


def use_plot_template() -> None:
    """Make PLOT_TEMPLATE plotly's default, so every new figure starts with it unvalidated.

    An explicit ``update_layout(template=...)`` validates the whole template again (30-80 ms per
    figure, most of a chart callback's time); the default is applied without validation.
    """
    pio.templates.default = PLOT_TEMPLATE


use_plot_template()
