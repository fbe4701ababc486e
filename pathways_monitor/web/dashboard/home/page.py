"""Home: every country's latest early-leavers rate against the EU 9 % target."""

from __future__ import annotations

import dash
import dash_ag_grid as dag
from dash import html

from pathways_monitor.core.translation import N_
from pathways_monitor.db import queries
from pathways_monitor.domain.indicators import EU_AGGREGATE
from pathways_monitor.domain.names import place_names
from pathways_monitor.domain.places import EU27_CODES
from pathways_monitor.web.context import read_session
from pathways_monitor.web.dashboard.common.grid import column_defaults
from pathways_monitor.web.dashboard.common.i18n import fmt_number, t
from pathways_monitor.web.dashboard.common.language import drawn_in_language
from pathways_monitor.web.dashboard.home.elet_table import latest_against_target

dash.register_page(__name__, path="/", name="Home", nav_order=0, nav_label=N_("Home"))

PAGE = "home"

TABLE_ID = "home-elet-table"
BODY_ID = "home-body"


@drawn_in_language(PAGE)
def layout(lang: str, **_query: str) -> html.Div:
    """Drawn here, in the page's language: nothing on this page changes after it is drawn."""
    return html.Div(render(lang), id=BODY_ID)


def render(lang: str) -> list:  # type: ignore[type-arg]
    with read_session() as session:
        target = queries.eu_targets(session).get("ELET")
        geos = [EU_AGGREGATE, *EU27_CODES]
        latest = queries.latest_values(session, "ELET", geos)
        names_frame = queries.places(session, kinds=["aggregate", "country"])
    if target is None:
        return [html.P(t("empty_db", lang))]
    in_lang = place_names(names_frame["code"], names_frame["name_en"], lang)
    names = dict(zip(names_frame["code"], in_lang, strict=True))
    table = latest_against_target(latest, names, target.value, geos)
    if table["value"].isna().all():
        return [html.H1(t("home_elet_title", lang), className="h3"), html.P(t("empty_db", lang))]
    table["value_text"] = [fmt_number(v, lang) for v in table["value"]]
    table["distance_text"] = [
        ("+" if d is not None and d > 0 else "") + fmt_number(d, lang) for d in table["distance"]
    ]
    table["status"] = [
        t("no_data", lang)
        if m is None
        else ("✓ " + t("below_target", lang) if m else "✗ " + t("above_target", lang))
        for m in table["meets_target"]
    ]
    # Country (pinned), value and status first: at phone width (390 px) those three stay in
    # view and the other columns scroll inside the grid; minWidth stops one-letter cells.
    columns = [
        {
            "field": "name",
            "headerName": t("country", lang),
            "flex": 2,
            "minWidth": 125,
            "pinned": "left",
            "wrapText": True,
            "autoHeight": True,
        },
        {
            "field": "value",
            "headerName": t("latest_value", lang) + " (%)",
            "valueFormatter": {"function": "params.data.value_text"},
            "type": "rightAligned",
            "minWidth": 80,
        },
        {"field": "status", "headerName": t("status", lang), "flex": 1, "minWidth": 140},
        {"field": "geo", "headerName": "Code", "width": 110, "minWidth": 100},
        {"field": "year", "headerName": t("latest_year", lang), "width": 100, "minWidth": 80},
        {"field": "flag", "headerName": t("flag", lang), "width": 90, "minWidth": 70},
        {
            "field": "distance",
            "headerName": t("distance", lang),
            "valueFormatter": {"function": "params.data.distance_text"},
            "type": "rightAligned",
            "minWidth": 90,
        },
    ]
    return [
        html.H1(t("home_elet_title", lang), className="h3"),
        html.P(t("home_elet_intro", lang), className="text-muted"),
        dag.AgGrid(
            id=TABLE_ID,
            rowData=table.to_dict("records"),
            columnDefs=columns,
            defaultColDef=column_defaults(),
            columnSize="responsiveSizeToFit",
            dashGridOptions={"domLayout": "autoHeight"},
        ),
        html.P(
            f"{t('target', lang)}: < {fmt_number(target.value, lang)} % ({target.year}). "
            + t("source_eurostat", lang),
            className="small text-muted mt-2",
        ),
    ]
