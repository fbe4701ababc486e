"""A helpful "not found" block for unknown codes in a URL: what was asked, what is valid, links.

Shared by every page that reads a country, indicator or region from the query string, so a
mistyped shared link never shows an empty or broken page.
"""

from __future__ import annotations

from collections.abc import Sequence

import dash_bootstrap_components as dbc
from dash import dcc, html

from pathways_monitor.core.translation import N_, gettext

# kind -> the noun in the message (a message id); unknown kinds are shown as given.
KINDS: dict[str, str] = {
    "indicator": N_("indicator"),
    "country": N_("country"),
    "region": N_("region"),
    "place": N_("place"),
    "page": N_("page"),
}
_TEXTS: dict[str, str] = {
    "title": N_("Unknown {kind}: “{value}”"),
    "body": N_("The address asks for the {kind} “{value}”, which this monitor does not know."),
    "choose": N_("Choose one of these instead:"),
    "home": N_("Go to the start page"),
}


def _text(key: str, lang: str | None) -> str:
    return gettext(_TEXTS[key], lang)


def not_found(
    kind: str,
    value: str,
    lang: str | None,
    suggestions: Sequence[tuple[str, str]] = (),
) -> dbc.Alert:
    """An alert naming the unknown ``value`` of ``kind`` with (label, href) ``suggestions``."""
    noun = gettext(KINDS[kind], lang) if kind in KINDS else kind
    links = [html.Li(dcc.Link(label, href=href)) for label, href in suggestions]
    children: list = [  # type: ignore[type-arg]
        html.H2(_text("title", lang).format(kind=noun, value=value), className="h4 alert-heading"),
        html.P(_text("body", lang).format(kind=noun, value=value)),
    ]
    if links:
        children += [html.P(_text("choose", lang), className="mb-1"), html.Ul(links)]
    children.append(dcc.Link(_text("home", lang), href="/"))
    return dbc.Alert(children, color="warning", className="not-found")
