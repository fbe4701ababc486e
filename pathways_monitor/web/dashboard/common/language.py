"""The page's language is a routing input: every page draws itself in one language.

The router calls ``layout(memory_lang=..., **query)`` (``memory_lang`` is the visitor's last
choice, kept in local storage; see ``create_app``). ``drawn_in_language`` resolves the language
once (a shared URL's ``?lang=`` wins, then the memory, then English), passes it to the page's
layout as ``lang`` and puts it in the page's own store, ``ids.page_lang(page)``, which every
callback of the page reads. Switching language rewrites the address (see ``common.layout``), so the
router draws the page again, in the new language and with the selection the address holds.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from dash import dcc, html

from pathways_monitor.core.translation import DEFAULT_LANG, LANGS
from pathways_monitor.web.dashboard.common import ids

MEMORY_ARG = "memory_lang"


def page_language(wanted: Any, memory: Any) -> str:
    """The URL's language if it is one we ship, else the remembered one, else the default."""
    if isinstance(wanted, list):  # ?lang=fr&lang=de: the first wins, as for every parameter
        wanted = wanted[0] if wanted else None
    for candidate in (wanted, memory):
        if isinstance(candidate, str) and candidate in LANGS:
            return candidate
    return DEFAULT_LANG


def drawn_in_language(
    page: str,
) -> Callable[[Callable[..., Any]], Callable[..., html.Div]]:
    """Wrap a page layout: resolve the language once and keep it in ``ids.page_lang(page)``."""

    def decorate(layout: Callable[..., Any]) -> Callable[..., html.Div]:
        @functools.wraps(layout)
        def wrapped(**query: Any) -> html.Div:
            memory = query.pop(MEMORY_ARG, None)
            lang = page_language(query.get("lang"), memory)
            return html.Div(
                [dcc.Store(id=ids.page_lang(page), data=lang), layout(**{**query, "lang": lang})],
                lang=lang,
            )

        return wrapped

    return decorate
