"""Texts of the regions page: English message ids, translated by the gettext catalogs."""

from __future__ import annotations

from pathways_monitor.core.translation import N_, gettext

TEXTS: dict[str, str] = {
    "title": N_("Regions"),
    "intro": N_(
        "Compare a country's regions with each other, with the national figure and with the EU "
        "target, and see which regions hold the country back."
    ),
    "country": N_("Country"),
    "indicator": N_("Indicator"),
    "level": N_("NUTS level"),
    "level_1": N_("NUTS 1 (major regions)"),
    "level_2": N_("NUTS 2 (basic regions)"),
    "level_3": N_("NUTS 3 (small regions)"),
    "year": N_("Year"),
    "compare": N_("Compare regions"),
    "compare_placeholder": N_("Choose regions…"),
    "map_title": N_("Map {year}"),
    "ranking_title": N_("Regions in {year}, best first"),
    "spread_title": N_("Regional spread over time"),
    "compare_title": N_("Chosen regions over time"),
    "data_table": N_("Data table"),
    "region": N_("Region"),
    "code": N_("Code"),
    "nuts_version": N_("NUTS version"),
    "value": N_("Value (%)"),
    "value_plain": N_("Value"),
    "flag": N_("Flag"),
    "rank": N_("Rank"),
    "national": N_("National"),
    "eu_target": N_("EU target"),
    "diff_national": N_("Difference to national (pp)"),
    "distance_target": N_("Distance to EU target (pp)"),
    "status": N_("Status"),
    "meets": N_("✓ Meets the EU target"),
    "misses": N_("✗ Misses the EU target"),
    "no_target": N_("No EU target"),
    "suppressed": N_("suppressed ({flag})"),
    "low_reliability": N_("u – low reliability"),
    "not_on_map": N_(
        "Not on the NUTS 2021 map: {codes}. These codes belong to another NUTS version; their "
        "areas can overlap NUTS 2021 regions, so the spread counts both."
    ),
    "no_boundary_at_scale": N_(
        "No boundary at this map scale (1:60 million) for {codes} (NUTS 2021); see the table."
    ),
    "include_low_reliability": N_("Count low-reliability values (u) in the regional spread"),
    "spread_unweighted": N_(
        "The spread is unweighted: no population figures for these regions are in the store, so "
        "each region counts equally (Eurostat weights regional dispersion by population)."
    ),
    "spread_without_low_reliability": N_(
        "{n} low-reliability value(s) (u) of {year} are shown in the ranking but left out of "
        "the spread; switch them on above to count them."
    ),
    "spread_with_low_reliability": N_("Low-reliability values (u) are counted in the spread."),
    "map_level1_note": N_(
        "NUTS 1 values are drawn on their NUTS 2 areas (no NUTS 1 boundaries are shipped)."
    ),
    "map_suppressed": N_("Suppressed / no value"),
    "no_map": N_("No boundaries available for this level; see the table."),
    "holding_back": N_("{n} of {total} regions miss the EU target of {target} in {year}: {names}."),
    "all_meet": N_("All {total} regions with a value meet the EU target of {target} in {year}."),
    "national_line": N_("National figure {value}"),
    "target_line": N_("EU target {value}"),
    "cv": N_("Coefficient of variation"),
    "gap": N_("Max-min gap (pp)"),
    "count": N_("Regions with a value"),
    "mean": N_("Mean of regions"),
    "min_region": N_("Lowest region"),
    "max_region": N_("Highest region"),
    "min": N_("Lowest"),
    "max": N_("Highest"),
    "no_regional_data": N_(
        "There are no regional figures for {country} and {indicator} yet. Upload a regional "
        "Eurostat file (edat_lfse_16) or a ministry file with NUTS codes."
    ),
    "no_value_year": N_("No region has a value in {year}."),
    "choose_regions": N_("Choose one or more regions above to compare them over time."),
    "source": N_(
        "Source: Eurostat (edat_lfse_16, edat_lfse_14). Flags: u low reliability, b break in "
        "series."
    ),
    "boundaries": N_("© EuroGeographics for the administrative boundaries"),
    "year_axis": N_("Year"),
}


def t(key: str, lang: str | None, **values: object) -> str:
    """The text for ``key`` in ``lang``, with ``{name}`` fields filled."""
    text = gettext(TEXTS[key], lang)
    return text.format(**values) if values else text
