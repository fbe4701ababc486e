"""English and Dutch texts of the EU targets overview page (same shape as dashboard.i18n.TEXTS)."""

from __future__ import annotations

from pathways_monitor.core.translation import N_, gettext

TEXTS: dict[str, str] = {
    "nav": N_("EU targets"),
    "title": N_("EU targets: where each country stands"),
    "intro": N_(
        "Latest value of every EU country and of the EU as a whole, against the EU-level "
        "target for {year}: {target}. The progress class compares the trend over the "
        "assessment window with the trend needed to reach the target in time."
    ),
    "indicator_label": N_("Indicator"),
    "window_label": N_("Assessment window"),
    "window_short": N_("Short term (last 5 years)"),
    "window_long": N_("Long term (last 15 years)"),
    "map_mode_label": N_("Colour the map by"),
    "map_by_value": N_("Latest value"),
    "map_by_class": N_("Progress class"),
    "col_country": N_("Country"),
    "col_code": N_("Code"),
    "col_year": N_("Year"),
    "col_value": N_("Latest value (%)"),
    "col_flag": N_("Flag"),
    "col_distance": N_("Distance to target (pp)"),
    "col_status": N_("Progress"),
    "col_window": N_("Window"),
    "col_ratio": N_("Ratio R"),
    "col_trend": N_("Trend"),
    "target_phrase": N_("below {value} %"),
    "target_line": N_("EU target: below {value} %"),
    "eu_aggregate": N_("EU-27 (aggregate)"),
    "eu_summary": N_("EU-27: {value} in {year}. {status}."),
    "chart_title": N_("Latest value per country"),
    "chart_axis": N_("% ({what})"),
    "map_title": N_("Map"),
    "table_title": N_("All countries: latest value, distance to the target and progress"),
    "table_caption": N_(
        "This table holds the data shown in the chart and the map. Select a column header to "
        "sort. The trend shows the values of the last 15 years with data, lowest ▁ to highest █."
    ),
    "why_title": N_("Why this status? One explanation per country"),
    "stale_note": N_(
        "(older): the country's latest figure is older than {year}, the newest year in the data."
    ),
    "flags_note": N_(
        "Flags: b break in series, u low reliability, p provisional, e estimated, "
        "d definition differs."
    ),
    "method_note": N_(
        "Method: Eurostat's progress assessment for the EU SDG monitoring report (compound annual "
        "growth rate observed over the window, divided by the rate required to reach the target "
        "by {year})."
    ),
    "no_data_title": N_("No data"),
    "no_data_indicator": N_("No data: {what} figures are not available in this data set."),
    "no_value": N_("No data"),
    "not_on_map": N_("Not shown on map: {codes}."),
    "all_on_map": N_(
        "Every country with data is shown on the map; the EU aggregate is not a map area."
    ),
    "boundaries": N_("© EuroGeographics for the administrative boundaries"),
    "source_ELET": N_("Source: Eurostat (edat_lfse_14)"),
    "source_PISA": N_("Source: Eurostat (sdg_04_40; PISA data from OECD)"),
    "what_ELET": N_("early leavers from education and training"),
    "what_LOWACH_READ": N_("PISA reading low-achievement"),
    "what_LOWACH_MATH": N_("PISA mathematics low-achievement"),
    "what_LOWACH_SCI": N_("PISA science low-achievement"),
    "older": N_("older"),
}


def t(key: str, lang: str | None) -> str:
    """The text for ``key`` in ``lang`` (Dutch for "nl", English otherwise)."""
    return gettext(TEXTS[key], lang)
