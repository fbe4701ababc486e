"""English and Dutch texts of the indicator explorer (same (en, nl) shape as dashboard.i18n)."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "title": ("Indicator explorer", "Indicatorverkenner"),
    "intro": (
        "Any indicator, any places, any breakdown. The table shows exactly the rows in the chart; "
        "the downloads contain exactly the table.",
        "Elke indicator, elke plaats, elke uitsplitsing. De tabel toont precies de rijen uit de "
        "grafiek; de downloads bevatten precies de tabel.",
    ),
    "indicator": ("Indicator", "Indicator"),
    "places": ("Places (countries, aggregates, regions)", "Plaatsen (landen, aggregaten, regio's)"),
    "places_placeholder": ("Type to search…", "Typ om te zoeken…"),
    "breakdown": ("Breakdown", "Uitsplitsing"),
    "none": ("None (total)", "Geen (totaal)"),
    "custom": ("Own breakdown of the ministry", "Eigen uitsplitsing van het ministerie"),
    "years": ("Years", "Jaren"),
    "chart_title": ("{indicator}", "{indicator}"),
    "data_table": ("Data table", "Gegevenstabel"),
    "download_csv": ("CSV", "CSV"),
    "download_xlsx": ("Excel (xlsx)", "Excel (xlsx)"),
    "download_label": ("Download the table:", "Download de tabel:"),
    "col_indicator": ("Indicator", "Indicator"),
    "col_geo": ("Code", "Code"),
    "col_place": ("Place", "Plaats"),
    "col_breakdown": ("Breakdown", "Uitsplitsing"),
    "col_group": ("Group", "Groep"),
    "col_year": ("Year", "Jaar"),
    "col_value": ("Value", "Waarde"),
    "col_unit": ("Unit", "Eenheid"),
    "col_flag": ("Flag", "Vlag"),
    "col_flag_meaning": ("Flag meaning", "Betekenis vlag"),
    "col_source": ("Source", "Bron"),
    "empty_places": (
        "Choose at least one place (a country, an aggregate such as EU27_2020, or a region) to "
        "see the chart and the table.",
        "Kies ten minste één plaats (een land, een aggregaat zoals EU27_2020 of een regio) om de "
        "grafiek en de tabel te zien.",
    ),
    "empty_indicator": ("Choose an indicator.", "Kies een indicator."),
    "no_rows": (
        "No data for this selection. Widen the years, pick other places or another breakdown.",
        "Geen gegevens voor deze selectie. Kies meer jaren, andere plaatsen of een andere "
        "uitsplitsing.",
    ),
    "no_data_indicator": (
        "There is no data for {indicator} yet: no figure is shown rather than an invented one.",
        "Er zijn nog geen gegevens voor {indicator}: er wordt geen cijfer getoond in plaats van "
        "een verzonnen cijfer.",
    ),
    "unknown_places": (
        "Unknown or without data, left out: {codes}.",
        "Onbekend of zonder gegevens, weggelaten: {codes}.",
    ),
    "eu_target": ("EU target {value}", "EU-doel {value}"),
    "rows": ("{n} rows", "{n} rijen"),
    "source_eurostat": (
        "Source: Eurostat (edat_lfse_14, edat_lfse_16, sdg_04_40; PISA data from OECD). Eurostat "
        "data may be reused with acknowledgement of the source.",
        "Bron: Eurostat (edat_lfse_14, edat_lfse_16, sdg_04_40; PISA-gegevens van de OESO). "
        "Eurostat-gegevens mogen worden hergebruikt met bronvermelding.",
    ),
    "about": ("About", "Over"),
    "about_selection": ("Selection", "Selectie"),
    "about_generated": ("Generated", "Gemaakt"),
    "about_sources": ("Sources in the table", "Bronnen in de tabel"),
    "about_attribution": ("Attribution", "Bronvermelding"),
    "about_flags": ("Flags", "Vlaggen"),
    "suppressed": ("suppressed", "onderdrukt"),
}


def t(key: str, lang: str | None, **values: object) -> str:
    """The text for ``key`` in ``lang`` (English unless "nl"), with ``{name}`` fields filled."""
    en, nl = TEXTS[key]
    text = nl if lang == "nl" else en
    return text.format(**values) if values else text
