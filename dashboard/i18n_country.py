"""English and Dutch texts of the country page, and euro amounts formatted per language."""

from __future__ import annotations

import decimal
import math

from domain.breakdowns import DIM_BY_COLUMN
from domain.taxonomy import DIMENSIONS, MILESTONE_STATUS_LABELS, STRATEGY_STATUSES

TEXTS: dict[str, tuple[str, str]] = {
    # page shell
    "page_title": ("Country", "Land"),
    "label_geo": ("Country", "Land"),
    "headline_question": (
        "Is {country} on course for the EU 2030 targets?",
        "Ligt {country} op koers voor de EU-doelen voor 2030?",
    ),
    "region_hint": (
        "{code} ({name}) is a region, not a country. Regions are compared on the regions page.",
        "{code} ({name}) is een regio, geen land. Regio's worden vergeleken op de regiopagina.",
    ),
    "open_regions": ("Open the regions page for {code}", "Open de regiopagina voor {code}"),
    "open_country": ("Open the country page for {code}", "Open de landenpagina voor {code}"),
    "aggregate_hint": (
        "{code} is an aggregate of countries; pick a country.",
        "{code} is een verzameling landen; kies een land.",
    ),
    # headline
    "no_data": ("No data", "Geen gegevens"),
    "eu_target": ("EU target", "EU-doel"),
    "national_target": ("National target", "Nationaal doel"),
    "none_set": ("none set", "niet vastgesteld"),
    "towards_eu": ("Towards the EU target", "Richting het EU-doel"),
    "towards_national": ("Towards the national target", "Richting het nationale doel"),
    "window_short": ("last 5 years", "laatste 5 jaar"),
    "window_long": ("last 15 years", "laatste 15 jaar"),
    "why_status": ("Why this status?", "Waarom deze status?"),
    "flag_word": ("flag", "vlag"),
    "late_glance": (
        "{icon} {n} late milestone(s) in the strategy",
        "{icon} {n} te late mijlpaal/mijlpalen in de strategie",
    ),
    "no_late_glance": ("No late milestones", "Geen te late mijlpalen"),
    "see_milestones": ("see Milestones", "zie Mijlpalen"),
    # indicators over time
    "h_indicators": ("Indicators over time", "Indicatoren door de tijd"),
    "label_indicator": ("Indicator", "Indicator"),
    "label_breakdown": ("Breakdown", "Uitsplitsing"),
    "breakdown_none": ("Total only", "Alleen totaal"),
    "eu_aggregate": ("EU-27", "EU-27"),
    "projection": ("Trend to {year}", "Trend tot {year}"),
    "band80": ("80 % band", "80 %-band"),
    "band95": ("95 % band", "95 %-band"),
    "break_marker": ("Break in series (b)", "Breuk in reeks (b)"),
    "year": ("Year", "Jaar"),
    "value_pct": ("Value (%)", "Waarde (%)"),
    "data_table": ("Data table", "Gegevenstabel"),
    "projection_table": ("Projection table", "Projectietabel"),
    "central": ("Trend", "Trend"),
    "low80": ("80 % low", "80 % laag"),
    "high80": ("80 % high", "80 % hoog"),
    "low95": ("95 % low", "95 % laag"),
    "high95": ("95 % high", "95 % hoog"),
    "probability_title": ("Chance of reaching the target", "Kans om het doel te halen"),
    "probability_line": (
        "{which} ({op} {value} in {year}): {p}",
        "{which} ({op} {value} in {year}): {p}",
    ),
    "no_projection": ("No projection", "Geen projectie"),
    "chance_band": ("{label} ({range})", "{label} ({range})"),
    "model_gives": ("the model gives {p}", "het model geeft {p}"),
    "no_series": (
        "No data for {indicator} in {country}.",
        "Geen gegevens voor {indicator} in {country}.",
    ),
    "flags_note": (
        "Flags: b break in series (marked on the chart), u low reliability, p provisional, "
        "e estimated, d definition differs.",
        "Vlaggen: b breuk in reeks (gemarkeerd in de grafiek), u lage betrouwbaarheid, "
        "p voorlopig, e geschat, d afwijkende definitie.",
    ),
    "source_eurostat": (
        "Source: Eurostat (edat_lfse_14, edat_lfse_16, sdg_04_40; PISA data from OECD).",
        "Bron: Eurostat (edat_lfse_14, edat_lfse_16, sdg_04_40; PISA-gegevens van de OESO).",
    ),
    "source_other": ("Source: {source}.", "Bron: {source}."),
    # strategy
    "h_strategy": ("Strategy", "Strategie"),
    "label_version": ("Version", "Versie"),
    "version_option": ("Version {v} ({date})", "Versie {v} ({date})"),
    "version_current": ("current", "huidig"),
    "example_badge": ("Example", "Voorbeeld"),
    "example_note": (
        "This is an illustrative example, not an official strategy of any government.",
        "Dit is een illustratief voorbeeld, geen officiële strategie van een overheid.",
    ),
    "version_placeholder": ("Current version ({v})", "Huidige versie ({v})"),
    "older_version": (
        "You are viewing version {v}; the current version is {current}.",
        "U bekijkt versie {v}; de huidige versie is {current}.",
    ),
    "period": ("Period", "Periode"),
    "status": ("Status", "Status"),
    "adopted_on": ("Adopted on", "Vastgesteld op"),
    "coordination_body": ("Coordination body", "Coördinerend orgaan"),
    "coordination_mechanism": ("Coordination mechanism", "Coördinatiemechanisme"),
    "monitoring": ("Monitoring and evaluation", "Monitoring en evaluatie"),
    "summary": ("Summary", "Samenvatting"),
    "objectives_heading": (
        "Objectives by policy area and measure type",
        "Doelstellingen per beleidsterrein en type maatregel",
    ),
    "objectives_note": (
        "Each objective is listed under its first policy area; all its areas are shown as tags.",
        "Elke doelstelling staat onder haar eerste beleidsterrein; al haar terreinen staan bij "
        "de labels.",
    ),
    "n_objectives": ("{n} objective(s)", "{n} doelstelling(en)"),
    "lead_body": ("Lead", "Trekker"),
    "linked_indicators": ("Linked indicators", "Gekoppelde indicatoren"),
    "target_short": ("target {op} {value} by {year}", "doel {op} {value} in {year}"),
    "no_target": ("no quantified target", "geen gekwantificeerd doel"),
    "milestone_progress": (
        "{done} of {planned} milestones completed",
        "{done} van {planned} mijlpalen afgerond",
    ),
    "late_count": ("{icon} {n} late", "{icon} {n} te laat"),
    "planned_budget": ("Planned budget", "Gepland budget"),
    "no_strategy": (
        "No strategy uploaded for {country} yet.",
        "Nog geen strategie geüpload voor {country}.",
    ),
    "upload_link": ("Upload a strategy workbook", "Upload een strategiewerkboek"),
    "no_area": ("No policy area", "Geen beleidsterrein"),
    # milestones
    "h_milestones": ("Milestones", "Mijlpalen"),
    "label_f_objective": ("Objective", "Doelstelling"),
    "label_f_status": ("Status", "Status"),
    "label_f_body": ("Responsible body", "Verantwoordelijke"),
    "status_late": ("Late", "Te laat"),
    "all_objectives": ("All objectives", "Alle doelstellingen"),
    "all_statuses": ("All statuses", "Alle statussen"),
    "all_bodies": ("All responsible bodies", "Alle verantwoordelijken"),
    "late_heading": (
        "{icon} {n} late milestone(s) on {date}",
        "{icon} {n} te late mijlpaal/mijlpalen op {date}",
    ),
    "late_definition": (
        "Late: due before today and not completed or cancelled.",
        "Te laat: vervaldatum vóór vandaag en niet afgerond of geannuleerd.",
    ),
    "none_late": ("No late milestones on {date}.", "Geen te late mijlpalen op {date}."),
    "days_overdue": ("{n} days overdue", "{n} dagen te laat"),
    "days_overdue_col": ("Days overdue", "Dagen te laat"),
    "due": ("due {date}", "vervalt {date}"),
    "due_col": ("Due date", "Vervaldatum"),
    "completed_on": ("Completed on", "Afgerond op"),
    "milestone": ("Milestone", "Mijlpaal"),
    "objective": ("Objective", "Doelstelling"),
    "responsible": ("Responsible", "Verantwoordelijke"),
    "region": ("Region", "Regio"),
    "evidence": ("Evidence", "Onderbouwing"),
    "today": ("today", "vandaag"),
    "no_milestones": ("No milestones match the filters.", "Geen mijlpalen voor deze filters."),
    "showing_n": ("{n} of {total} milestones shown", "{n} van {total} mijlpalen getoond"),
    # budget
    "h_budget": ("Budget", "Budget"),
    "planned": ("Planned", "Gepland"),
    "committed": ("Committed", "Vastgelegd"),
    "spent": ("Spent", "Uitgegeven"),
    "funding_source": ("Funding source", "Financieringsbron"),
    "fund_type": ("Type", "Soort"),
    "eu_funds": ("EU funds", "EU-fondsen"),
    "national_funds": ("National and other", "Nationaal en overig"),
    "eu_prefix": ("EU", "EU"),
    "total": ("Total", "Totaal"),
    "budget_summary": (
        "Planned {total} in total, of which {eu} ({share}) from EU funds; committed {committed}, "
        "spent {spent}.",
        "In totaal {total} gepland, waarvan {eu} ({share}) uit EU-fondsen; vastgelegd "
        "{committed}, uitgegeven {spent}.",
    ),
    "budget_chart_note": (
        "Bars: planned amounts per year by funding source (EU funds hatched). Lines: committed "
        "and spent per year, all sources.",
        "Staven: geplande bedragen per jaar per financieringsbron (EU-fondsen gearceerd). "
        "Lijnen: vastgelegd en uitgegeven per jaar, alle bronnen.",
    ),
    "by_source": ("Totals per funding source", "Totalen per financieringsbron"),
    "by_year": ("Totals per year", "Totalen per jaar"),
    "by_objective": ("Allocation per objective", "Verdeling per doelstelling"),
    "by_area": ("Allocation per policy area", "Verdeling per beleidsterrein"),
    "area_note": (
        "An objective with several policy areas counts in full under each, so these totals can "
        "add up to more than the strategy's total.",
        "Een doelstelling met meerdere beleidsterreinen telt volledig mee onder elk terrein; "
        "deze totalen kunnen dus samen meer zijn dan het totaal van de strategie.",
    ),
    "policy_area": ("Policy area", "Beleidsterrein"),
    "no_budget": ("No budget lines in this strategy.", "Geen budgetregels in deze strategie."),
    "amount_eur": ("Amount (EUR)", "Bedrag (EUR)"),
    "off_track_heading": (
        "{icon} Funded but off track: {n} objective(s)",
        "{icon} Wel gefinancierd, niet op koers: {n} doelstelling(en)",
    ),
    "off_track_definition": (
        "Funded but off track: an objective with planned money (all years and sources) that "
        "is linked to an indicator with insufficient progress or moving away from its target "
        "(5-year assessment towards the national target, or the EU target where the strategy "
        "sets none), or that has at least one late milestone.",
        "Wel gefinancierd, niet op koers: een doelstelling met gepland geld (alle jaren en "
        "bronnen) die gekoppeld is aan een indicator met onvoldoende vooruitgang of die van "
        "het doel af beweegt (beoordeling over 5 jaar richting het nationale doel, of het "
        "EU-doel als de strategie er geen stelt), of die minstens één te late mijlpaal heeft.",
    ),
    "off_track_none": (
        "No funded objective is off track.",
        "Geen enkele gefinancierde doelstelling is uit koers.",
    ),
    "planned_amount": ("{amount} planned", "{amount} gepland"),
}

OPERATOR_SIGNS: dict[str, str] = {"lt": "<", "le": "≤", "gt": ">", "ge": "≥"}
STRATEGY_STATUS_LABELS: dict[str, tuple[str, str]] = {
    "draft": ("Draft", "Concept"),
    "adopted": ("Adopted", "Vastgesteld"),
    "in_implementation": ("In implementation", "In uitvoering"),
    "under_revision": ("Under revision", "In herziening"),
    "completed": ("Completed", "Afgerond"),
}
assert set(STRATEGY_STATUS_LABELS) == set(STRATEGY_STATUSES)


def tc(key: str, lang: str | None, **values: object) -> str:
    """The country page's text for ``key`` in ``lang``, with ``{placeholders}`` filled in."""
    en, nl = TEXTS[key]
    text = nl if lang == "nl" else en
    return text.format(**values) if values else text


def term_label(dimension: str, code: str, lang: str | None) -> str:
    """A taxonomy term's label in the page language (the code itself when unknown)."""
    dim = DIMENSIONS.get(dimension)
    for term in dim.terms if dim else ():
        if term.code == code:
            return term.label_nl if lang == "nl" else term.label_en
    return code


def dimension_label(dimension: str, lang: str | None) -> str:
    dim = DIMENSIONS.get(dimension)
    if dim is None:
        return dimension
    return dim.label_nl if lang == "nl" else dim.label_en


def milestone_status_label(status: str, lang: str | None) -> str:
    if status == "late":
        return tc("status_late", lang)
    en, nl = MILESTONE_STATUS_LABELS.get(status, (status, status))
    return nl if lang == "nl" else en


def strategy_status_label(status: str, lang: str | None) -> str:
    en, nl = STRATEGY_STATUS_LABELS.get(status, (status, status))
    return nl if lang == "nl" else en


def breakdown_label(column: str, lang: str | None) -> str:
    dim = DIM_BY_COLUMN.get(column)
    if dim is None:
        return column
    return dim.label_nl if lang == "nl" else dim.label_en


def breakdown_value_label(column: str, code: str, lang: str | None) -> str:
    dim = DIM_BY_COLUMN.get(column)
    labels = dim.values.get(code) if dim else None
    if labels is None:
        return code
    return labels[1] if lang == "nl" else labels[0]


def _group_thousands(digits: str, sep: str) -> str:
    groups = []
    while len(digits) > 3:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    groups.insert(0, digits)
    return sep.join(groups)


def fmt_eur(value: decimal.Decimal | float | int | None, lang: str | None) -> str:
    """Euro amount: "€ 1.234.567" in Dutch, "€1,234,567" in English; cents only when present.

    Decimals are formatted exactly (no float round trip), so a table total equals the sum of
    its rows to the cent.
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    amount = value if isinstance(value, decimal.Decimal) else decimal.Decimal(str(value))
    cents = amount.quantize(decimal.Decimal("0.01"), rounding=decimal.ROUND_HALF_UP)
    negative = cents < 0
    whole, _, frac = f"{abs(cents):f}".partition(".")
    nl = lang == "nl"
    text = _group_thousands(whole, "." if nl else ",")
    if frac and frac.strip("0"):
        text += ("," if nl else ".") + frac
    sign = "-" if negative else ""
    return f"{sign}€ {text}" if nl else f"{sign}€{text}"


def fmt_share(part: decimal.Decimal | None, whole: decimal.Decimal | None, lang: str | None) -> str:
    """A percentage share of two exact amounts, one decimal, per language."""
    if part is None or whole is None or whole == 0:
        return "–"
    pct = (part / whole * 100).quantize(decimal.Decimal("0.1"), rounding=decimal.ROUND_HALF_UP)
    text = f"{pct:f}"
    return (text.replace(".", ",") if lang == "nl" else text) + " %"
