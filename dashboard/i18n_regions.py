"""English and Dutch texts of the regions page (same (en, nl) shape as dashboard.i18n.TEXTS)."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "title": ("Regions", "Regio's"),
    "intro": (
        "Compare a country's regions with each other, with the national figure and with the EU "
        "target, and see which regions hold the country back.",
        "Vergelijk de regio's van een land met elkaar, met het landelijke cijfer en met het "
        "EU-doel, en zie welke regio's het land achterop houden.",
    ),
    "country": ("Country", "Land"),
    "indicator": ("Indicator", "Indicator"),
    "level": ("NUTS level", "NUTS-niveau"),
    "level_1": ("NUTS 1 (major regions)", "NUTS 1 (landsdelen)"),
    "level_2": ("NUTS 2 (basic regions)", "NUTS 2 (provincies/regio's)"),
    "level_3": ("NUTS 3 (small regions)", "NUTS 3 (kleine regio's)"),
    "year": ("Year", "Jaar"),
    "compare": ("Compare regions", "Regio's vergelijken"),
    "compare_placeholder": ("Choose regions…", "Kies regio's…"),
    "map_title": ("Map {year}", "Kaart {year}"),
    "ranking_title": ("Regions in {year}, best first", "Regio's in {year}, beste eerst"),
    "spread_title": ("Regional spread over time", "Regionale spreiding door de tijd"),
    "compare_title": ("Chosen regions over time", "Gekozen regio's door de tijd"),
    "data_table": ("Data table", "Gegevenstabel"),
    "region": ("Region", "Regio"),
    "code": ("Code", "Code"),
    "nuts_version": ("NUTS version", "NUTS-versie"),
    "value": ("Value (%)", "Waarde (%)"),
    "value_plain": ("Value", "Waarde"),
    "flag": ("Flag", "Vlag"),
    "rank": ("Rank", "Rang"),
    "national": ("National", "Landelijk"),
    "eu_target": ("EU target", "EU-doel"),
    "diff_national": ("Difference to national (pp)", "Verschil met landelijk (procentpunt)"),
    "distance_target": ("Distance to EU target (pp)", "Afstand tot EU-doel (procentpunt)"),
    "status": ("Status", "Status"),
    "meets": ("✓ Meets the EU target", "✓ Haalt het EU-doel"),
    "misses": ("✗ Misses the EU target", "✗ Haalt het EU-doel niet"),
    "no_target": ("No EU target", "Geen EU-doel"),
    "suppressed": ("suppressed ({flag})", "onderdrukt ({flag})"),
    "low_reliability": ("u – low reliability", "u – lage betrouwbaarheid"),
    "not_on_map": (
        "Not on the NUTS 2021 map: {codes}. These codes belong to another NUTS version; their "
        "areas can overlap NUTS 2021 regions, so the spread counts both.",
        "Niet op de NUTS 2021-kaart: {codes}. Deze codes horen bij een andere NUTS-versie; hun "
        "gebied kan overlappen met NUTS 2021-regio's, dus de spreiding telt beide mee.",
    ),
    "no_boundary_at_scale": (
        "No boundary at this map scale (1:60 million) for {codes} (NUTS 2021); see the table.",
        "Geen grens op deze kaartschaal (1:60 miljoen) voor {codes} (NUTS 2021); zie de tabel.",
    ),
    "include_low_reliability": (
        "Count low-reliability values (u) in the regional spread",
        "Waarden met lage betrouwbaarheid (u) meetellen in de regionale spreiding",
    ),
    "spread_unweighted": (
        "The spread is unweighted: no population figures for these regions are in the store, so "
        "each region counts equally (Eurostat weights regional dispersion by population).",
        "De spreiding is ongewogen: er zijn geen bevolkingscijfers voor deze regio's opgeslagen, "
        "dus elke regio telt even zwaar (Eurostat weegt regionale spreiding naar bevolking).",
    ),
    "spread_without_low_reliability": (
        "{n} low-reliability value(s) (u) of {year} are shown in the ranking but left out of "
        "the spread; switch them on above to count them.",
        "{n} waarde(n) met lage betrouwbaarheid (u) van {year} staan in de rangschikking maar "
        "tellen niet mee in de spreiding; zet ze hierboven aan om ze mee te tellen.",
    ),
    "spread_with_low_reliability": (
        "Low-reliability values (u) are counted in the spread.",
        "Waarden met lage betrouwbaarheid (u) tellen mee in de spreiding.",
    ),
    "map_level1_note": (
        "NUTS 1 values are drawn on their NUTS 2 areas (no NUTS 1 boundaries are shipped).",
        "NUTS 1-waarden worden op hun NUTS 2-gebieden getekend (er zijn geen NUTS 1-grenzen).",
    ),
    "map_suppressed": ("Suppressed / no value", "Onderdrukt / geen waarde"),
    "no_map": (
        "No boundaries available for this level; see the table.",
        "Geen grenzen beschikbaar voor dit niveau; zie de tabel.",
    ),
    "holding_back": (
        "{n} of {total} regions miss the EU target of {target} in {year}: {names}.",
        "{n} van {total} regio's halen het EU-doel van {target} in {year} niet: {names}.",
    ),
    "all_meet": (
        "All {total} regions with a value meet the EU target of {target} in {year}.",
        "Alle {total} regio's met een waarde halen het EU-doel van {target} in {year}.",
    ),
    "national_line": ("National figure {value}", "Landelijk cijfer {value}"),
    "target_line": ("EU target {value}", "EU-doel {value}"),
    "cv": ("Coefficient of variation", "Variatiecoëfficiënt"),
    "gap": ("Max-min gap (pp)", "Verschil max-min (procentpunt)"),
    "count": ("Regions with a value", "Regio's met een waarde"),
    "mean": ("Mean of regions", "Gemiddelde van de regio's"),
    "min_region": ("Lowest region", "Laagste regio"),
    "max_region": ("Highest region", "Hoogste regio"),
    "min": ("Lowest", "Laagste"),
    "max": ("Highest", "Hoogste"),
    "no_regional_data": (
        "There are no regional figures for {country} and {indicator} yet. Upload a regional "
        "Eurostat file (edat_lfse_16) or a ministry file with NUTS codes.",
        "Er zijn nog geen regionale cijfers voor {country} en {indicator}. Upload een regionaal "
        "Eurostat-bestand (edat_lfse_16) of een bestand van het ministerie met NUTS-codes.",
    ),
    "no_value_year": (
        "No region has a value in {year}.",
        "Geen enkele regio heeft een waarde in {year}.",
    ),
    "choose_regions": (
        "Choose one or more regions above to compare them over time.",
        "Kies hierboven een of meer regio's om ze door de tijd te vergelijken.",
    ),
    "source": (
        "Source: Eurostat (edat_lfse_16, edat_lfse_14). Flags: u low reliability, b break in "
        "series.",
        "Bron: Eurostat (edat_lfse_16, edat_lfse_14). Vlaggen: u lage betrouwbaarheid, b breuk in "
        "reeks.",
    ),
    "boundaries": (
        "© EuroGeographics for the administrative boundaries",
        "© EuroGeographics voor de administratieve grenzen",
    ),
    "year_axis": ("Year", "Jaar"),
}


def t(key: str, lang: str | None, **values: object) -> str:
    """The text for ``key`` in ``lang`` (English unless "nl"), with ``{name}`` fields filled."""
    en, nl = TEXTS[key]
    text = nl if lang == "nl" else en
    return text.format(**values) if values else text
