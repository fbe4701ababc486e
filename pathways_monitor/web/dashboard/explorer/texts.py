"""English and Dutch texts of the indicator explorer (same (en, nl) shape as dashboard.i18n)."""

from __future__ import annotations

from pathways_monitor.core.translation import N_, gettext

TEXTS: dict[str, str] = {
    "title": N_("Indicator explorer"),
    "intro": N_(
        "Any indicator, any places, any breakdown. The table shows exactly the rows in the chart; "
        "the downloads contain exactly the table."
    ),
    "indicator": N_("Indicator"),
    "places": N_("Places (countries, aggregates, regions)"),
    "places_placeholder": N_("Type to search…"),
    "breakdown": N_("Breakdown"),
    "none": N_("None (total)"),
    "custom": N_("Own breakdown of the ministry"),
    "years": N_("Years"),
    "chart_title": N_("{indicator}"),
    "data_table": N_("Data table"),
    "download_csv": N_("CSV"),
    "download_xlsx": N_("Excel (xlsx)"),
    "download_label": N_("Download the table:"),
    "col_indicator": N_("Indicator"),
    "col_geo": N_("Code"),
    "col_place": N_("Place"),
    "col_breakdown": N_("Breakdown"),
    "col_group": N_("Group"),
    "col_year": N_("Year"),
    "col_value": N_("Value"),
    "col_unit": N_("Unit"),
    "col_flag": N_("Flag"),
    "col_flag_meaning": N_("Flag meaning"),
    "col_source": N_("Source"),
    "empty_places": N_(
        "Choose at least one place (a country, an aggregate such as EU27_2020, or a region) to "
        "see the chart and the table."
    ),
    "empty_indicator": N_("Choose an indicator."),
    "no_rows": N_(
        "No data for this selection. Widen the years, pick other places or another breakdown."
    ),
    "no_data_indicator": N_(
        "There is no data for {indicator} yet: no figure is shown rather than an invented one."
    ),
    "unknown_places": N_("Unknown or without data, left out: {codes}."),
    "eu_target": N_("EU target {value}"),
    "rows": N_("{n} rows"),
    "source_eurostat": N_(
        "Source: Eurostat (edat_lfse_14, edat_lfse_16, sdg_04_40; PISA data from OECD). Eurostat "
        "data may be reused with acknowledgement of the source."
    ),
    "about": N_("About"),
    "about_selection": N_("Selection"),
    "about_generated": N_("Generated"),
    "about_sources": N_("Sources in the table"),
    "about_attribution": N_("Attribution"),
    "about_flags": N_("Flags"),
    "suppressed": N_("suppressed"),
}


def t(key: str, lang: str | None, **values: object) -> str:
    """The text for ``key`` in ``lang`` (English unless "nl"), with ``{name}`` fields filled."""
    text = gettext(TEXTS[key], lang)
    return text.format(**values) if values else text
