"""The page shell: navigation bar, language switch, page container. A function, not a constant."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, dcc, html, no_update

from pathways_monitor.core.translation import gettext
from pathways_monitor.web.dashboard.common import ids
from pathways_monitor.web.dashboard.common.i18n import DEFAULT_LANG, LANGS, LANGUAGE_NAMES, t


def app_shell() -> html.Div:
    return html.Div(
        [
            dcc.Location(id=ids.URL, refresh=False),
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


@callback(
    Output(ids.LANG_STORE, "data"), Input(ids.LANG_SWITCH, "value"), prevent_initial_call=True
)
def remember_language(lang: str) -> str:
    return lang if lang in LANGS else DEFAULT_LANG


@callback(
    Output(ids.LANG_SWITCH, "value"),
    Input(ids.URL, "search"),
    State(ids.LANG_STORE, "data"),
    State(ids.LANG_SWITCH, "value"),
)
def language_from_url_or_memory(search: str | None, stored: str | None, current: str | None) -> str:
    """A shared URL's ``?lang=nl`` wins; otherwise the visitor's last choice.

    Unchanged languages are not re-sent: every address-bar update would otherwise re-run
    every callback of the page.
    """
    from urllib.parse import parse_qs

    wanted = parse_qs((search or "").lstrip("?")).get("lang", [None])[0]
    if wanted not in LANGS:
        wanted = stored if stored in LANGS else DEFAULT_LANG
    return no_update if wanted == current and wanted == stored else wanted


@callback(Output(ids.NAVBAR, "children"), Input(ids.LANG_STORE, "data"))
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
