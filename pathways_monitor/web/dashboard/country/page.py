"""Country page: on course for 2030? which milestones are late? where does the money go?

Query string: ``?geo=NL&indicator=ELET&breakdown=sex&version=2&objective=VSV01&status=late
&body=OCW&lang=nl`` (objective/status/body may repeat). ``layout`` validates the place and
draws the controls and their texts in the page's language; thin callbacks (query -> ``analysis`` -> builders in ``dashboard.country_*``)
fill each section, and one callback writes the selection back to the address bar.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
from typing import Any
from urllib.parse import parse_qsl, urlencode

import dash
import dash_bootstrap_components as dbc
from dash import ALL, Input, Output, State, callback, dcc, html, no_update

from pathways_monitor.core.translation import N_
from pathways_monitor.db import queries
from pathways_monitor.db import queries_strategy as qs
from pathways_monitor.domain.indicators import CANONICAL_CODES
from pathways_monitor.domain.names import indicator_name, place_name, place_names
from pathways_monitor.web.context import read_session
from pathways_monitor.web.dashboard.common import url_state
from pathways_monitor.web.dashboard.common.fill import fill
from pathways_monitor.web.dashboard.common.i18n import DEFAULT_LANG
from pathways_monitor.web.dashboard.common.language import drawn_in_language
from pathways_monitor.web.dashboard.common.not_found import not_found
from pathways_monitor.web.dashboard.country import editing as country_editing
from pathways_monitor.web.dashboard.country import ids as cid
from pathways_monitor.web.dashboard.country import sections as sec
from pathways_monitor.web.dashboard.country.budget import budget_section
from pathways_monitor.web.dashboard.country.data import (
    indicator_choices,
    load_headline,
    load_indicator,
    load_strategy,
    strategy_of,
)
from pathways_monitor.web.dashboard.country.headline import headline
from pathways_monitor.web.dashboard.country.indicator import indicator_section
from pathways_monitor.web.dashboard.country.milestones import filter_options, milestone_section
from pathways_monitor.web.dashboard.country.semester_button import semester_export_controls
from pathways_monitor.web.dashboard.country.strategy import (
    AREA_BODY,
    area_bodies,
    no_strategy,
    strategy_section,
    version_options,
)
from pathways_monitor.web.dashboard.country.texts import breakdown_label, tc

dash.register_page(
    __name__,
    path="/country",
    name="Country",
    title="Country · Pathways Monitor",
    nav_order=2,
    nav_label=N_("Country"),
)

PAGE = cid.PAGE
LANG = cid.LANG

DEFAULT_COUNTRY = "NL"
DEFAULT_INDICATOR = "ELET"
DEFAULT_BREAKDOWN = "sex"
NOT_FOUND_STORE = cid.PREFIX + "not-found-args"
NOT_FOUND_BODY = cid.PREFIX + "not-found"
VERSION_BLOCK = cid.PREFIX + "version-block"
# What each section shows, as a key of its inputs: a callback redraws only when the key differs.
# This replaces guessing a page load from the triggered inputs (a user's indicator change that
# also resets the breakdown triggers two inputs at once and was mistaken for a page load).
HEADLINE_DRAWN = cid.PREFIX + "headline-drawn"
INDICATOR_DRAWN = cid.PREFIX + "indicator-drawn"
TITLES_DRAWN = cid.PREFIX + "titles-drawn"
URL_SYNCED = cid.PREFIX + "url-synced"
FILTER_PLACEHOLDERS = ("all_objectives", "all_statuses", "all_bodies")


def today() -> dt.date:
    """The page's "today" for lateness (the pure functions get it as a parameter)."""
    return dt.date.today()


def _list(value: Any) -> list[str]:
    if value in (None, ""):
        return []
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def _first(value: Any) -> str | None:
    values = _list(value)
    return values[0] if values else None


def _place(session: Any, geo: str | None) -> dict[str, Any] | None:
    return qs.place_info(session, geo) if geo else None


# --------------------------------------------------------------------------- options


def country_options(session: Any, lang: str | None) -> list[dict[str, Any]]:
    countries = queries.places(session, kinds=["country"])
    names = place_names(countries["code"], countries["name_en"], lang)
    return sorted(
        (
            {"label": f"{n} ({c})", "value": c}
            for c, n in zip(countries["code"], names, strict=True)
        ),
        key=lambda o: o["label"],
    )


def indicator_options(choices: list[dict[str, Any]], lang: str | None) -> list[dict[str, Any]]:
    return [
        {
            "label": f"{indicator_name(c['code'], c['name_en'], lang)} ({c['code']})",
            "value": c["code"],
        }
        for c in choices
    ]


def breakdown_options(present: list[str], lang: str | None) -> list[dict[str, Any]]:
    return [{"label": tc("breakdown_none", lang), "value": "none"}] + [
        {"label": breakdown_label(col, lang), "value": col} for col in present
    ]


def _valid_breakdown(wanted: str | None, present: list[str]) -> str:
    if wanted == "none" or wanted in present:
        return str(wanted)
    return "sex" if "sex" in present else "none"


# --------------------------------------------------------------------------- layout


def _labelled(label_id: str, control_id: str, control: Any, width: dict[str, int]) -> dbc.Col:
    return dbc.Col(
        [dbc.Label(id=label_id, html_for=control_id, className="fw-semibold mb-1"), control],
        **width,
    )


def _dropdown(
    control_id: str,
    value: Any,
    options: list[dict[str, Any]],
    *,
    multi: bool = False,
    clearable: bool = False,
    placeholder: str | None = None,
) -> Any:
    """Options are given up front: a dropdown drops a value that is not among its options."""
    return dcc.Dropdown(
        id=control_id,
        value=value,
        options=options,
        multi=multi,
        clearable=clearable or multi,
        placeholder=placeholder,
    )


def editing_controls(section: str) -> list[Any]:
    """EDITING-IN-PLACE HOOK (issue 4, "Pages" point 6): the controls under a section heading.

    "milestones": update a milestone's status / completion date / evidence note, add a
    milestone; "budget": add or change a budget figure (``dashboard.country_editing``). They
    are hidden for users who may not edit; a save bumps ``country_editing.SAVED``, an input of
    the headline, strategy, milestone and budget callbacks below, which refreshes them.
    """
    return country_editing.controls(section)


def milestone_and_budget_sections(
    query: dict[str, Any],
    options: tuple[list[Any], list[Any], list[Any]],
    lang: str | None = None,
    milestone_title: str = "",
) -> list[Any]:
    """The milestone and budget sections' skeleton: headings, collapsed accordions, filters.

    This is the place where editing-in-place will be added (see ``editing_controls``).
    ``options``: the objective, status and responsible-body filter options. The bodies are
    drawn only once their accordion is opened (``country_sections``).
    """
    opened = sec.opened_from_query(query)
    objective_opts, status_opts, body_opts = options
    filter_specs = (
        ("objective", cid.F_OBJECTIVE, objective_opts, "all_objectives", 5),
        ("status", cid.F_STATUS, status_opts, "all_statuses", 3),
        ("body", cid.F_BODY, body_opts, "all_bodies", 4),
    )
    filters = dbc.Row(
        [
            _labelled(
                f"{cid.PREFIX}label-f-{param}",
                control_id,
                _dropdown(
                    control_id,
                    _list(query.get(param)),
                    opts,
                    multi=True,
                    placeholder=tc(placeholder, lang),
                ),
                {"md": width},
            )
            for param, control_id, opts, placeholder, width in filter_specs
        ],
        className="g-2 mb-2",
    )
    return [
        html.Section(
            [
                html.H2(id=cid.PREFIX + "h-milestones", className="h3 mt-4"),
                _section_accordion(
                    cid.MILESTONE_SECTION,
                    cid.MILESTONE_ITEM,
                    sec.MILESTONES,
                    milestone_title or sec.milestone_summary(None, today(), lang),
                    [
                        *editing_controls("milestones"),
                        filters,
                        dcc.Loading(html.Div(id=cid.MILESTONE_BODY), delay_show=400),
                    ],
                    sec.MILESTONES in opened,
                ),
            ],
            id="country-milestones",
        ),
        html.Section(
            [
                html.H2(id=cid.PREFIX + "h-budget", className="h3 mt-4"),
                _section_accordion(
                    cid.BUDGET_SECTION,
                    cid.BUDGET_ITEM,
                    sec.BUDGET,
                    sec.budget_summary(lang),
                    [
                        *editing_controls("budget"),
                        dcc.Loading(html.Div(id=cid.BUDGET_BODY), delay_show=400),
                    ],
                    sec.BUDGET in opened,
                ),
            ],
            id="country-budget",
        ),
    ]


def _section_accordion(
    accordion_id: str, item_id: str, name: str, title: str, body: list[Any], opened: bool
) -> dbc.Accordion:
    """One collapsible section; its render callback draws the body when it is opened."""
    return dbc.Accordion(
        dbc.AccordionItem(body, title=title, item_id=name, id=item_id),
        id=accordion_id,
        active_item=name if opened else None,
        start_collapsed=not opened,
        className="mb-2",
    )


def _problem_layout(
    session: Any,
    kind: str,
    value: str,
    query: dict[str, Any],
    lang: str,
    place: dict[str, Any] | None = None,
) -> html.Div:
    """What the page says instead of itself (``not_found_body``, drawn with the layout's session
    and the place it already looked up)."""
    args = {"kind": kind, "value": value, "query": query}
    return html.Div(
        [
            dcc.Store(id=NOT_FOUND_STORE, data=args),
            html.Div(not_found_body(session, lang, args, place), id=NOT_FOUND_BODY),
        ]
    )


@drawn_in_language(PAGE)
def layout(**query: Any) -> html.Div:
    """Validate the place and indicator; then the page skeleton with controls set from the URL,
    its texts in the page's language (``translate`` and ``country_editing.translate_editing``)."""
    geo = (_first(query.get("geo")) or DEFAULT_COUNTRY).strip().upper()
    indicator = (_first(query.get("indicator")) or DEFAULT_INDICATOR).strip()
    lang: str = query["lang"]  # one of LANGS (``drawn_in_language``)
    with read_session() as session:
        place = _place(session, geo)
        if place is None or place["kind"] == "aggregate":
            return _problem_layout(session, "country", geo, query, lang)
        if place["kind"] == "region":
            return _problem_layout(session, "region", geo, query, lang, place)
        choices = indicator_choices(session, geo)
        if indicator not in {c["code"] for c in choices}:
            return _problem_layout(session, "indicator", indicator, query, lang)
        present = qs.breakdowns_present(session, indicator, geo)
        version = _first(query.get("version"))
        data = load_strategy(
            session, place, version, today(), with_budget=False, with_classes=False
        )
    versions = version_options(data.versions, lang) if data else []
    chosen = int(version) if version and version.isdigit() else None
    if chosen not in {o["value"] for o in versions}:
        chosen = None
    controls = dbc.Row(
        [
            _labelled(
                cid.PREFIX + "label-geo",
                cid.GEO,
                _dropdown(cid.GEO, geo, []),  # the options: ``translate``
                {"md": 4, "lg": 3},
            ),
        ],
        className="g-2 mb-2",
    )
    indicator_controls = dbc.Row(
        [
            _labelled(
                cid.PREFIX + "label-indicator",
                cid.INDICATOR,
                _dropdown(cid.INDICATOR, indicator, indicator_options(choices, lang)),
                {"md": 6},
            ),
            _labelled(
                cid.PREFIX + "label-breakdown",
                cid.BREAKDOWN,
                _dropdown(
                    cid.BREAKDOWN,
                    _valid_breakdown(_first(query.get("breakdown")) or DEFAULT_BREAKDOWN, present),
                    breakdown_options(present, lang),
                ),
                {"md": 4},
            ),
        ],
        className="g-2 mb-2",
    )
    version_block = html.Div(
        dbc.Row(
            _labelled(
                cid.PREFIX + "label-version",
                cid.VERSION,
                dcc.Dropdown(
                    id=cid.VERSION,
                    value=chosen,
                    options=versions,
                    clearable=True,
                    placeholder=tc(
                        "version_placeholder",
                        lang,
                        v=int(data.versions["version"].iloc[0]) if data else "–",
                    ),
                ),
                {"md": 5},
            )
        ),
        id=VERSION_BLOCK,
        className="mb-2",
        hidden=data is None,
    )
    breakdown = _valid_breakdown(_first(query.get("breakdown")) or DEFAULT_BREAKDOWN, present)
    page = html.Div(
        [
            dcc.Store(id=HEADLINE_DRAWN, data=drawn_key(lang, geo, 0)),
            dcc.Store(id=INDICATOR_DRAWN, data=drawn_key(lang, geo, indicator, breakdown)),
            dcc.Store(id=TITLES_DRAWN, data=drawn_key(lang, geo, chosen, 0)),
            # The address the page shows; url_state writes every change into the bar.
            dcc.Store(id=cid.URL_SEARCH, data=url_state.search_of(query)),
            dcc.Store(id=cid.URL_DONE),
            dcc.Store(
                id=URL_SYNCED,
                data=build_params(
                    geo,
                    indicator,
                    breakdown,
                    chosen,
                    _list(query.get("objective")),
                    _list(query.get("status")),
                    _list(query.get("body")),
                    lang,
                    _valid_breakdown(None, present),
                ),
            ),
            controls,
            # The first paint comes with the page (no callback round trip before it shows).
            dcc.Loading(html.Div(render_headline(lang, geo), id=cid.HEADLINE), delay_show=400),
            html.Section(
                [
                    html.H2(id=cid.PREFIX + "h-indicators", className="h3 mt-4"),
                    indicator_controls,
                    dcc.Loading(
                        html.Div(
                            render_indicator(lang, geo, indicator, breakdown),
                            id=cid.INDICATOR_BODY,
                        ),
                        delay_show=400,
                    ),
                ],
                id="country-indicators",
            ),
            html.Section(
                [
                    html.H2(id=cid.PREFIX + "h-strategy", className="h3 mt-4"),
                    version_block,
                    dcc.Loading(html.Div(id=cid.STRATEGY_BODY), delay_show=400),
                ],
                id="country-strategy",
            ),
            html.Div(
                milestone_and_budget_sections(
                    query,
                    filter_options(data, lang),
                    lang,
                    sec.milestone_summary(data.milestones if data else None, today(), lang),
                ),
                id=cid.STRATEGY_SECTIONS,
                hidden=data is None,
            ),
            html.Div(
                semester_export_controls(geo, lang),
                id=cid.PREFIX + "semester",
                className="mt-4 mb-5",
                hidden=data is None,
            ),
        ],
        className="country-page",
    )
    return fill(
        page,
        TRANSLATED + country_editing.TEXT_OUTPUTS,
        translate(lang) + country_editing.translate_editing(lang),
    )


# --------------------------------------------------------------------------- drawn with the layout


def not_found_body(
    session: Any, lang: str | None, args: dict[str, Any], place: dict[str, Any] | None = None
) -> Any:
    """Unknown country/indicator, an aggregate, or a region: say so and offer where to go.

    ``args``: what ``NOT_FOUND_STORE`` holds; ``place``: the region, when the caller has it.
    """
    kind, value = args["kind"], args["value"]
    if kind == "region" and place is None:
        place = _place(session, value)
    if kind == "region" and place is not None:
        name = place_name(place["code"], place["name_en"], lang)
        country = place["country"]
        return dbc.Alert(
            [
                html.P(tc("region_hint", lang, code=value, name=name)),
                html.Ul(
                    [
                        html.Li(
                            dcc.Link(
                                tc("open_regions", lang, code=country),
                                href=f"/regions?{urlencode({'geo': country})}",
                            )
                        ),
                        html.Li(
                            dcc.Link(
                                tc("open_country", lang, code=country),
                                href=f"/country?{urlencode({'geo': country})}",
                            )
                        ),
                    ]
                ),
            ],
            color="info",
        )
    if kind == "indicator":
        geo = (_first(args["query"].get("geo")) or DEFAULT_COUNTRY).upper()
        suggestions = [
            (code, f"/country?{urlencode({'geo': geo, 'indicator': code})}")
            for code in CANONICAL_CODES
        ]
        return not_found("indicator", value, lang, suggestions)
    countries = queries.places(session, kinds=["country"])
    codes = list(countries["code"])
    in_lang = place_names(countries["code"], countries["name_en"], lang)
    names = dict(zip(countries["code"], in_lang, strict=True))
    close = difflib.get_close_matches(value, codes, n=6, cutoff=0.3)
    by_name = [
        c
        for c in codes
        if value.lower() in str(names[c]).lower() or str(names[c]).lower().startswith(value.lower())
    ]
    picks = list(dict.fromkeys([*by_name, *close, DEFAULT_COUNTRY]))[:8]
    suggestions = [(f"{names.get(c, c)} ({c})", f"/country?geo={c}") for c in picks if c in names]
    return not_found("country", value, lang, suggestions)


def render_not_found(lang: str | None, args: dict[str, Any]) -> Any:
    """``not_found_body`` in a session of its own."""
    with read_session() as session:
        return not_found_body(session, lang, args)


# What ``translate`` fills in while the layout is drawn.
TRANSLATED = [(text_id, "children") for text_id in cid.TEXT_IDS] + [(cid.GEO, "options")]


def translate(lang: str | None) -> list[Any]:
    """The skeleton's headings and labels, and the country list, in the page language."""
    with read_session() as session:
        options = country_options(session, lang)
    return [tc(key, lang) for key in cid.TEXT_IDS.values()] + [options]


# --------------------------------------------------------------------------- callbacks


@callback(
    Output(cid.INDICATOR, "options"),
    Output(cid.BREAKDOWN, "options"),
    Output(cid.BREAKDOWN, "value"),
    Input(LANG, "data"),
    Input(cid.GEO, "value"),
    Input(cid.INDICATOR, "value"),
    State(cid.BREAKDOWN, "value"),
)
def indicator_controls(
    lang: str | None, geo: str | None, indicator: str | None, breakdown: str | None
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], Any]:
    """Indicators for this country; only the breakdowns present in the store for it."""
    with read_session() as session:
        choices = indicator_choices(session, geo or DEFAULT_COUNTRY)
        present = qs.breakdowns_present(session, indicator or DEFAULT_INDICATOR, geo or "")
    value = _valid_breakdown(breakdown, present)
    return (
        indicator_options(choices, lang),
        breakdown_options(present, lang),
        no_update if value == breakdown else value,
    )


def render_headline(lang: str | None, geo: str | None, _saved: Any = None) -> Any:
    """Country name, one card per canonical indicator, the late-milestone alert."""
    with read_session() as session:
        place = _place(session, geo)
        if place is None:
            return None
        data = load_headline(session, place, today())
    return headline(data, lang)


@callback(
    Output(cid.HEADLINE, "children"),
    Output(HEADLINE_DRAWN, "data"),
    Input(LANG, "data"),
    Input(cid.GEO, "value"),
    Input(country_editing.SAVED, "data"),
    State(HEADLINE_DRAWN, "data"),
)
def update_headline(lang: str | None, geo: str | None, saved: Any, drawn: str | None) -> Any:
    """Redraw the headline when its language, country or data changed since it was drawn."""
    key = drawn_key(lang, geo, saved or 0)
    if key == drawn:
        return no_update, no_update
    return render_headline(lang, geo, saved), key


def render_indicator(
    lang: str | None, geo: str | None, indicator: str | None, breakdown: str | None
) -> Any:
    """The series over time by the chosen breakdown, EU context, targets and projection."""
    with read_session() as session:
        place = _place(session, geo)
        if place is None or not indicator:
            return None
        column = None if breakdown in (None, "none") else breakdown
        data = load_indicator(session, place, indicator, column)
    if data is None:
        return not_found(
            "indicator",
            indicator,
            lang,
            [(c, f"/country?geo={geo}&indicator={c}") for c in CANONICAL_CODES],
        )
    return indicator_section(data, lang)


@callback(
    Output(cid.INDICATOR_BODY, "children"),
    Output(INDICATOR_DRAWN, "data"),
    Input(LANG, "data"),
    Input(cid.GEO, "value"),
    Input(cid.INDICATOR, "value"),
    Input(cid.BREAKDOWN, "value"),
    State(INDICATOR_DRAWN, "data"),
)
def update_indicator(
    lang: str | None,
    geo: str | None,
    indicator: str | None,
    breakdown: str | None,
    drawn: str | None,
) -> Any:
    """Redraw the chart whenever the selection differs from what it shows, from any state."""
    key = drawn_key(lang, geo, indicator, breakdown)
    if key == drawn:
        return no_update, no_update
    return render_indicator(lang, geo, indicator, breakdown), key


def render_strategy(
    lang: str | None,
    geo: str | None,
    version: int | None,
    _saved: Any = None,
    *,
    lazy: bool = False,
) -> tuple[Any, list[dict[str, Any]], str, bool, bool]:
    """Header and objectives of the chosen version; a clear message when there is none.

    ``lazy``: the objective cards of each policy area are left out until it is expanded
    (``render_objective_bodies``), as the page shows them (``update_strategy``).
    """
    place, data = strategy_of(geo, version, today())
    if place is None:
        return None, [], "", True, True
    if data is None:
        return no_strategy(place, lang), [], "", True, True
    current = int(data.versions["version"].iloc[0])
    return (
        strategy_section(data, lang, lazy=lazy),
        version_options(data.versions, lang),
        tc("version_placeholder", lang, v=current),
        False,
        False,
    )


@callback(
    Output(cid.STRATEGY_BODY, "children"),
    Output(cid.VERSION, "options"),
    Output(cid.VERSION, "placeholder"),
    Output(VERSION_BLOCK, "hidden"),
    Output(cid.STRATEGY_SECTIONS, "hidden"),
    Input(LANG, "data"),
    Input(cid.GEO, "value"),
    Input(cid.VERSION, "value"),
    Input(country_editing.SAVED, "data"),
)
def update_strategy(
    lang: str | None, geo: str | None, version: int | None, saved: Any
) -> tuple[Any, list[dict[str, Any]], str, bool, bool]:
    """The strategy section; objective cards are drawn when their area is expanded."""
    return render_strategy(lang, geo, version, saved, lazy=True)


@callback(
    Output(cid.MILESTONE_BODY, "children"),
    Output(cid.F_OBJECTIVE, "options"),
    Output(cid.F_STATUS, "options"),
    Output(cid.F_BODY, "options"),
    Output(cid.F_OBJECTIVE, "placeholder"),
    Output(cid.F_STATUS, "placeholder"),
    Output(cid.F_BODY, "placeholder"),
    Input(LANG, "data"),
    Input(cid.GEO, "value"),
    Input(cid.VERSION, "value"),
    Input(cid.F_OBJECTIVE, "value"),
    Input(cid.F_STATUS, "value"),
    Input(cid.F_BODY, "value"),
    Input(country_editing.SAVED, "data"),
    Input(cid.MILESTONE_SECTION, "active_item"),
)
def render_milestones(
    lang: str | None,
    geo: str | None,
    version: int | None,
    objectives: list[str] | None,
    statuses: list[str] | None,
    bodies: list[str] | None,
    _saved: Any = None,
    active_item: Any = sec.MILESTONES,
) -> tuple[Any, ...]:
    """Late milestones, then the timeline and table filtered by objective, status and body.

    Drawn only while the section is open (the browser spent seconds drawing it on load).
    """
    if not sec.is_open(active_item, sec.MILESTONES):
        return (no_update,) * 7
    _place_row, data = strategy_of(geo, version, today(), with_budget=False, with_classes=False)
    options = filter_options(data, lang)
    placeholders = tuple(tc(k, lang) for k in FILTER_PLACEHOLDERS)
    if data is None:
        return (None, *options, *placeholders)
    body = milestone_section(
        data, lang, objectives=objectives or (), statuses=statuses or (), bodies=bodies or ()
    )
    return (body, *options, *placeholders)


@callback(
    Output(cid.BUDGET_BODY, "children"),
    Input(LANG, "data"),
    Input(cid.GEO, "value"),
    Input(cid.VERSION, "value"),
    Input(country_editing.SAVED, "data"),
    Input(cid.BUDGET_SECTION, "active_item"),
)
def render_budget(
    lang: str | None,
    geo: str | None,
    version: int | None,
    _saved: Any = None,
    active_item: Any = sec.BUDGET,
) -> Any:
    """Budget by year and fund, exact totals, allocation, funded-but-off-track objectives.

    Drawn only while the section is open.
    """
    if not sec.is_open(active_item, sec.BUDGET):
        return no_update
    _place_row, data = strategy_of(geo, version, today())
    if data is None:
        return None
    return budget_section(data, lang)


@callback(
    Output(cid.VERSION, "value"),
    Output(cid.F_OBJECTIVE, "value"),
    Output(cid.F_BODY, "value"),
    Input(cid.GEO, "value"),
    prevent_initial_call=True,
)
def reset_for_new_country(_geo: str | None) -> tuple[None, list[str], list[str]]:
    """Versions, objectives and bodies belong to one country's strategy: clear them."""
    return None, [], []


def build_params(
    geo: str | None,
    indicator: str | None,
    breakdown: str | None,
    version: int | None,
    objectives: list[str] | None,
    statuses: list[str] | None,
    bodies: list[str] | None,
    lang: str | None,
    default_breakdown: str = DEFAULT_BREAKDOWN,
) -> list[tuple[str, str]]:
    """The query parameters that restore this selection (defaults left out, lists repeated).

    ``default_breakdown``: what ``layout`` picks when the URL names none ("sex" where the
    store has it for this indicator, else "none").
    """
    params: list[tuple[str, str]] = []
    if geo:
        params.append(("geo", geo))
    if indicator:
        params.append(("indicator", indicator))
    if breakdown and breakdown != default_breakdown:
        params.append(("breakdown", breakdown))
    if version is not None:
        params.append(("version", str(version)))
    for key, values in (("objective", objectives), ("status", statuses), ("body", bodies)):
        params.extend((key, v) for v in values or [])
    if lang and lang != DEFAULT_LANG:
        params.append(("lang", lang))
    return params


def _same_query(params: list[tuple[str, str]], search: str | None) -> bool:
    """Equal as sets of parameters; ``lang=en`` (the default) counts as absent."""
    current = [
        (k, v)
        for k, v in parse_qsl((search or "").lstrip("?"))
        if not (k == "lang" and v == DEFAULT_LANG)
    ]
    return sorted(current) == sorted(params)


def drawn_key(*inputs: Any) -> str:
    """What a section shows, as one comparable value (stored beside it in a ``dcc.Store``)."""
    return json.dumps(inputs, default=str)


def _selection(
    geo: str | None,
    indicator: str | None,
    breakdown: str | None,
    version: int | None,
    objectives: list[str] | None,
    statuses: list[str] | None,
    bodies: list[str] | None,
    lang: str | None,
    breakdown_opts: list[dict[str, Any]] | None,
) -> list[tuple[str, str]]:
    present = [o["value"] for o in breakdown_opts or [] if o.get("value") != "none"]
    default = _valid_breakdown(None, present) if breakdown_opts else DEFAULT_BREAKDOWN
    return build_params(
        geo, indicator, breakdown, version, objectives, statuses, bodies, lang, default
    )


def sync_url(
    geo: str | None,
    indicator: str | None,
    breakdown: str | None,
    version: int | None,
    objectives: list[str] | None,
    statuses: list[str] | None,
    bodies: list[str] | None,
    lang: str | None,
    current: str | None,
    breakdown_opts: list[dict[str, Any]] | None = None,
) -> Any:
    """The address bar's query for this selection, or ``no_update`` if it already says it."""
    params = _selection(
        geo, indicator, breakdown, version, objectives, statuses, bodies, lang, breakdown_opts
    )
    params += [(k, v) for k, v in parse_qsl((current or "").lstrip("?")) if k == sec.OPEN_PARAM]
    if _same_query(params, current):
        return no_update
    # A shared link keeps its language explicitly, also when it is the default.
    if lang and not any(k == "lang" for k, _ in params):
        params.append(("lang", lang))
    return "?" + urlencode(params, safe=",")


@callback(
    Output(cid.URL_SEARCH, "data", allow_duplicate=True),
    Output(URL_SYNCED, "data"),
    Input(cid.GEO, "value"),
    Input(cid.INDICATOR, "value"),
    Input(cid.BREAKDOWN, "value"),
    Input(cid.VERSION, "value"),
    Input(cid.F_OBJECTIVE, "value"),
    Input(cid.F_STATUS, "value"),
    Input(cid.F_BODY, "value"),
    Input(LANG, "data"),
    State(cid.URL_SEARCH, "data"),
    State(cid.BREAKDOWN, "options"),
    State(URL_SYNCED, "data"),
    prevent_initial_call=True,
)
def update_url(
    geo: str | None,
    indicator: str | None,
    breakdown: str | None,
    version: int | None,
    objectives: list[str] | None,
    statuses: list[str] | None,
    bodies: list[str] | None,
    lang: str | None,
    current: str | None,
    breakdown_opts: list[dict[str, Any]] | None,
    synced: list[list[str]] | None,
) -> Any:
    """Write the selection into the address bar so that copying it restores the view.

    Only a selection that differs from the one last written (the layout's, at first) is
    written: on load the URL already holds it, and rewriting it would set the language again
    and re-run every callback of the page. Every input lives on this page (the language
    through ``LANG``, the page's own store): an app-shell input would fire this on other pages too.
    """
    params = _selection(
        geo, indicator, breakdown, version, objectives, statuses, bodies, lang, breakdown_opts
    )
    if [list(p) for p in params] == synced:
        return no_update, no_update
    search = sync_url(
        geo,
        indicator,
        breakdown,
        version,
        objectives,
        statuses,
        bodies,
        lang,
        current,
        breakdown_opts,
    )
    return search, params


def section_titles(
    lang: str | None, geo: str | None, version: int | None, _saved: Any = None
) -> tuple[Any, Any]:
    """The collapsed sections' summary lines (milestone count and late count)."""
    _place_row, data = strategy_of(geo, version, today(), with_budget=False, with_classes=False)
    milestones = data.milestones if data else None
    return sec.milestone_summary(milestones, today(), lang), sec.budget_summary(lang)


@callback(
    Output(cid.MILESTONE_ITEM, "title"),
    Output(cid.BUDGET_ITEM, "title"),
    Output(TITLES_DRAWN, "data"),
    Input(LANG, "data"),
    Input(cid.GEO, "value"),
    Input(cid.VERSION, "value"),
    Input(country_editing.SAVED, "data"),
    State(TITLES_DRAWN, "data"),
)
def update_section_titles(
    lang: str | None, geo: str | None, version: int | None, saved: Any, drawn: str | None
) -> tuple[Any, Any, Any]:
    """Keep the summary lines current when the language, country, version or data change."""
    key = drawn_key(lang, geo, version, saved or 0)
    if key == drawn:
        return no_update, no_update, no_update
    return (*section_titles(lang, geo, version, saved), key)


@callback(
    Output(cid.URL_SEARCH, "data", allow_duplicate=True),
    Input(cid.MILESTONE_SECTION, "active_item"),
    Input(cid.BUDGET_SECTION, "active_item"),
    State(cid.URL_SEARCH, "data"),
    prevent_initial_call=True,
)
def sync_open_sections(milestones: Any, budget: Any, current: str | None) -> Any:
    """Opening or closing a section writes ``open=`` so a shared link shows it opened.

    Only a visitor's click fires this: the accordions are drawn with the page, no callback
    writes their ``active_item``, and the call is held back when the page is drawn.
    """
    opened = [
        name
        for name, item in ((sec.MILESTONES, milestones), (sec.BUDGET, budget))
        if sec.is_open(item, name)
    ]
    search = sec.with_open(current, opened)
    return no_update if search == (current or "") else search


@callback(
    Output({"type": AREA_BODY, "area": ALL}, "children"),
    Input(cid.OBJECTIVES, "active_item"),
    State(LANG, "data"),
    State(cid.GEO, "value"),
    State(cid.VERSION, "value"),
    prevent_initial_call=True,
)
def render_objective_bodies(
    active: Any, lang: str | None, geo: str | None, version: int | None
) -> list[Any]:
    """Draw the objective cards of the expanded policy areas (collapsed ones stay as they are)."""
    wanted = set(active or []) if isinstance(active, list) else {active} - {None}
    outputs = dash.callback_context.outputs_list
    if not wanted:
        return [no_update] * len(outputs)
    _place_row, data = strategy_of(geo, version, today())
    bodies = area_bodies(data, wanted, lang) if data else {}
    return [bodies.get(o["id"]["area"], no_update) for o in outputs]


url_state.follow_address_bar(cid.URL_SEARCH, cid.URL_DONE)
