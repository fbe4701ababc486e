"""English and Dutch texts of the EU targets overview page (same shape as dashboard.i18n.TEXTS)."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "nav": ("EU targets", "EU-doelen"),
    "title": (
        "EU targets: where each country stands",
        "EU-doelen: waar elk land staat",
    ),
    "intro": (
        "Latest value of every EU country and of the EU as a whole, against the EU-level "
        "target for {year}: {target}. The progress class compares the trend over the "
        "assessment window with the trend needed to reach the target in time.",
        "Laatste waarde van elk EU-land en van de EU als geheel, ten opzichte van het EU-doel "
        "voor {year}: {target}. De voortgangsklasse vergelijkt de trend in de "
        "beoordelingsperiode met de trend die nodig is om het doel op tijd te halen.",
    ),
    "indicator_label": ("Indicator", "Indicator"),
    "window_label": ("Assessment window", "Beoordelingsperiode"),
    "window_short": ("Short term (last 5 years)", "Korte termijn (laatste 5 jaar)"),
    "window_long": ("Long term (last 15 years)", "Lange termijn (laatste 15 jaar)"),
    "map_mode_label": ("Colour the map by", "Kleur de kaart naar"),
    "map_by_value": ("Latest value", "Laatste waarde"),
    "map_by_class": ("Progress class", "Voortgangsklasse"),
    "col_country": ("Country", "Land"),
    "col_code": ("Code", "Code"),
    "col_year": ("Year", "Jaar"),
    "col_value": ("Latest value (%)", "Laatste waarde (%)"),
    "col_flag": ("Flag", "Vlag"),
    "col_distance": ("Distance to target (pp)", "Afstand tot doel (%-punt)"),
    "col_status": ("Progress", "Voortgang"),
    "col_window": ("Window", "Periode"),
    "col_ratio": ("Ratio R", "Verhouding R"),
    "col_trend": ("Trend", "Trend"),
    "target_phrase": ("below {value} %", "onder {value} %"),
    "target_line": ("EU target: below {value} %", "EU-doel: onder {value} %"),
    "eu_aggregate": ("EU-27 (aggregate)", "EU-27 (geheel)"),
    "eu_summary": ("EU-27: {value} in {year}. {status}.", "EU-27: {value} in {year}. {status}."),
    "chart_title": ("Latest value per country", "Laatste waarde per land"),
    "chart_axis": ("% ({what})", "% ({what})"),
    "map_title": ("Map", "Kaart"),
    "table_title": (
        "All countries: latest value, distance to the target and progress",
        "Alle landen: laatste waarde, afstand tot het doel en voortgang",
    ),
    "table_caption": (
        "This table holds the data shown in the chart and the map. Select a column header to "
        "sort. The trend shows the values of the last 15 years with data, lowest ▁ to highest █.",
        "Deze tabel bevat de gegevens van de grafiek en de kaart. Kies een kolomkop om te "
        "sorteren. De trend toont de waarden van de laatste 15 jaar met gegevens, laagste ▁ tot "
        "hoogste █.",
    ),
    "why_title": ("Why this status? One explanation per country", "Waarom deze status? Per land"),
    "stale_note": (
        "(older): the country's latest figure is older than {year}, the newest year in the data.",
        "(ouder): het laatste cijfer van het land is ouder dan {year}, het nieuwste jaar in de "
        "gegevens.",
    ),
    "flags_note": (
        "Flags: b break in series, u low reliability, p provisional, e estimated, "
        "d definition differs.",
        "Vlaggen: b breuk in reeks, u lage betrouwbaarheid, p voorlopig, e geschat, "
        "d afwijkende definitie.",
    ),
    "method_note": (
        "Method: Eurostat's progress assessment for the EU SDG monitoring report (compound annual "
        "growth rate observed over the window, divided by the rate required to reach the target "
        "by {year}).",
        "Methode: de voortgangsbeoordeling van Eurostat voor het EU SDG-monitoringrapport "
        "(waargenomen samengestelde jaarlijkse groei in de periode, gedeeld door de groei die "
        "nodig is om het doel in {year} te halen).",
    ),
    "no_data_title": ("No data", "Geen gegevens"),
    "no_data_indicator": (
        "No data: {what} figures are not available in this data set.",
        "Geen gegevens: cijfers over {what} zijn niet beschikbaar in deze gegevensverzameling.",
    ),
    "no_value": ("No data", "Geen gegevens"),
    "not_on_map": ("Not shown on map: {codes}.", "Niet op de kaart: {codes}."),
    "all_on_map": (
        "Every country with data is shown on the map; the EU aggregate is not a map area.",
        "Elk land met gegevens staat op de kaart; het EU-geheel is geen kaartgebied.",
    ),
    "boundaries": (
        "© EuroGeographics for the administrative boundaries",
        "© EuroGeographics voor de administratieve grenzen",
    ),
    "source_ELET": ("Source: Eurostat (edat_lfse_14)", "Bron: Eurostat (edat_lfse_14)"),
    "source_PISA": (
        "Source: Eurostat (sdg_04_40; PISA data from OECD)",
        "Bron: Eurostat (sdg_04_40; PISA-gegevens van de OESO)",
    ),
    "what_ELET": ("early leavers from education and training", "voortijdige schoolverlaters"),
    "what_LOWACH_READ": ("PISA reading low-achievement", "PISA-laaggeletterdheid (lezen)"),
    "what_LOWACH_MATH": (
        "PISA mathematics low-achievement",
        "onvoldoende PISA-wiskundevaardigheid",
    ),
    "what_LOWACH_SCI": (
        "PISA science low-achievement",
        "onvoldoende PISA-natuurwetenschappelijke vaardigheid",
    ),
    "older": ("older", "ouder"),
}


def t(key: str, lang: str | None) -> str:
    """The text for ``key`` in ``lang`` (Dutch for "nl", English otherwise)."""
    en, nl = TEXTS[key]
    return nl if lang == "nl" else en
