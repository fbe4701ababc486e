"""The page shell: navigation bar, language switch, page container. A function, not a constant."""

from __future__ import annotations

from typing import Any

import dash
import dash_bootstrap_components as dbc
from dash import ALL, Input, Output, State, callback, clientside_callback, dcc, html, no_update

from pathways_monitor.core.translation import gettext
from pathways_monitor.web.dashboard.common import ids
from pathways_monitor.web.dashboard.common.i18n import DEFAULT_LANG, LANGS, LANGUAGE_NAMES, t
from pathways_monitor.web.dashboard.common.language import page_language


def app_shell() -> html.Div:
    return html.Div(
        [
            # "callback-nav": a new search written here reaches the router (a language switch).
            dcc.Location(id=ids.LANG_NAVIGATION, refresh="callback-nav"),
            dcc.Store(id=ids.LANG_STORE, storage_type="local", data=DEFAULT_LANG),
            dbc.Navbar(
                dbc.Container(
                    [
                        dbc.NavbarBrand(t("app_title", DEFAULT_LANG), href="/"),
                        html.Div(id=ids.NAVBAR, className="d-flex flex-wrap gap-2"),
                        dbc.RadioItems(
                            id=ids.LANG_SWITCH,
                            options=[
                                {"label": LANGUAGE_NAMES[code], "value": code} for code in LANGS
                            ],
                            value=DEFAULT_LANG,
                            inline=True,
                            className="text-white",
                            inputClassName="me-1",
                            labelClassName="me-3 text-white",
                        ),
                    ],
                    fluid=True,
                ),
                color="primary",
                dark=True,
                className="mb-3",
            ),
            dbc.Container(dash.page_container, fluid=True, id="page-container"),
        ]
    )


# A new choice in the switch becomes ``?lang=`` in the address (the rest of the selection kept:
# pages write it there) and the visitor's memory; the router then draws the page again in that
# language. When the switch only shows the page's language (see ``navigation_and_switch``), the
# address stays as it is.
clientside_callback(
    """
    function(chosen, memory) {
        const keep = window.dash_clientside.no_update;
        const params = new URLSearchParams(window.location.search);
        if (!chosen) {
            return [keep, keep];
        }
        if (chosen === (params.get('lang') || memory)) {
            // The page is already in this language (a shared link): only remember it.
            return [keep, chosen === memory ? keep : chosen];
        }
        params.set('lang', chosen);
        return ['?' + params.toString(), chosen];
    }
    """,
    Output(ids.LANG_NAVIGATION, "search"),
    Output(ids.LANG_STORE, "data"),
    Input(ids.LANG_SWITCH, "value"),
    State(ids.LANG_STORE, "data"),
    prevent_initial_call=True,
)


@callback(
    Output(ids.NAVBAR, "children"),
    Output(ids.LANG_SWITCH, "value"),
    Input({"type": ids.PAGE_LANG_TYPE, "page": ALL}, "data"),
)
def navigation_and_switch(langs: list[str | None]) -> Any:
    """The navigation in the page's language, and the switch showing that language.

    Before the router has drawn a page there is no language to show: setting the switch then
    would read as a choice and send the visitor to another language.
    """
    if not langs:
        return no_update, no_update
    lang = page_language(langs[0], None)
    return navigation(lang), lang


def navigation(lang: str) -> list[dbc.NavLink]:
    links = []
    for page in dash.page_registry.values():
        if page.get("nav_order") is None:
            continue
        message_id = page.get("nav_label") or page["name"]
        label = gettext(message_id, lang)
        links.append(
            (
                page["nav_order"],
                dbc.NavLink(label or page["name"], href=page["path"], className="text-white"),
            )
        )
    return [link for _, link in sorted(links, key=lambda x: x[0])]
