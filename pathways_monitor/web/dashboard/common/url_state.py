"""The query-string state of shareable page URLs: one reading rule and one writing rule.

A page's server callback turns its selection into a search string (``?geo=NL&year=2024``)
and puts it in a store; ``follow_address_bar`` registers the one clientside callback that
writes it into the address bar with ``history.replaceState`` (no navigation, no reload, the
back button keeps working), so a URL copied from the bar reopens the same view.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any
from urllib.parse import parse_qs, urlencode

from dash import Input, Output, clientside_callback

_REPLACE_STATE = """
function(search) {
    if (search != null && (search || %(clear)s) && search !== window.location.search) {
        window.history.replaceState(window.history.state, '', window.location.pathname + search);
    }
    return search;
}
"""


def follow_address_bar(sync_store: str, done_store: str, *, clear_when_empty: bool = True) -> None:
    """Write ``sync_store``'s search string into the address bar whenever it changes.

    ``clear_when_empty``: an empty search string removes the query (the page's defaults);
    without it an empty string leaves the address bar as it is.
    """
    clientside_callback(
        _REPLACE_STATE % {"clear": "true" if clear_when_empty else "false"},
        Output(done_store, "data"),
        Input(sync_store, "data"),
        prevent_initial_call=True,
    )


def known_params(query: Mapping[str, Any], allowed: Collection[str]) -> dict[str, str]:
    """The page's own parameters from ``layout(**query)`` (others, e.g. lang, are ignored)."""
    return {k: v for k, v in query.items() if k in allowed and isinstance(v, str)}


def search_of(query: Mapping[str, Any]) -> str:
    """``layout(**query)``'s parameters back as a search string (lists repeat their name)."""
    pairs = [
        (name, str(item))
        for name, value in query.items()
        for item in (value if isinstance(value, list | tuple) else [value])
        if item is not None
    ]
    return "?" + urlencode(pairs, safe=",") if pairs else ""


def parse_search(search: str | None, allowed: Collection[str]) -> dict[str, str]:
    """``?a=1&b=2`` -> {"a": "1", "b": "2"} for the allowed names (first value wins)."""
    parsed = parse_qs((search or "").lstrip("?"))
    return {k: v[0] for k, v in parsed.items() if k in allowed and v}
