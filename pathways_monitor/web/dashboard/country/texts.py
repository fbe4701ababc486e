"""Texts of the country page (English message ids, translated by the gettext catalogs), and
euro amounts formatted per language."""

from __future__ import annotations

import decimal
import math

from pathways_monitor.core import formatting
from pathways_monitor.core.translation import N_, gettext
from pathways_monitor.domain import names
from pathways_monitor.domain.taxonomy import MILESTONE_STATUS_NAMES, STRATEGY_STATUS_NAMES

TEXTS: dict[str, str] = {
    # page shell
    "page_title": N_("Country"),
    "label_geo": N_("Country"),
    "headline_question": N_("Is {country} on course for the EU 2030 targets?"),
    "region_hint": N_(
        "{code} ({name}) is a region, not a country. Regions are compared on the regions page."
    ),
    "open_regions": N_("Open the regions page for {code}"),
    "open_country": N_("Open the country page for {code}"),
    "aggregate_hint": N_("{code} is an aggregate of countries; pick a country."),
    # headline
    "no_data": N_("No data"),
    "eu_target": N_("EU target"),
    "national_target": N_("National target"),
    "none_set": N_("none set"),
    "towards_eu": N_("Towards the EU target"),
    "towards_national": N_("Towards the national target"),
    "window_short": N_("last 5 years"),
    "window_long": N_("last 15 years"),
    "why_status": N_("Why this status?"),
    "flag_word": N_("flag"),
    "late_glance": N_("{icon} {n} late milestone(s) in the strategy"),
    "no_late_glance": N_("No late milestones"),
    "see_milestones": N_("see Milestones"),
    # indicators over time
    "h_indicators": N_("Indicators over time"),
    "label_indicator": N_("Indicator"),
    "label_breakdown": N_("Breakdown"),
    "breakdown_none": N_("Total only"),
    "eu_aggregate": N_("EU-27"),
    "projection": N_("Trend to {year}"),
    "band80": N_("80 % band"),
    "band95": N_("95 % band"),
    "break_marker": N_("Break in series (b)"),
    "year": N_("Year"),
    "value_pct": N_("Value (%)"),
    "data_table": N_("Data table"),
    "projection_table": N_("Projection table"),
    "central": N_("Trend"),
    "low80": N_("80 % low"),
    "high80": N_("80 % high"),
    "low95": N_("95 % low"),
    "high95": N_("95 % high"),
    "probability_title": N_("Chance of reaching the target"),
    "probability_line": N_("{which} ({op} {value} in {year}): {p}"),
    "no_projection": N_("No projection"),
    "chance_band": N_("{label} ({range})"),
    "model_gives": N_("the model gives {p}"),
    "no_series": N_("No data for {indicator} in {country}."),
    "flags_note": N_(
        "Flags: b break in series (marked on the chart), u low reliability, p provisional, "
        "e estimated, d definition differs."
    ),
    "source_eurostat": N_(
        "Source: Eurostat (edat_lfse_14, edat_lfse_16, sdg_04_40; PISA data from OECD)."
    ),
    "source_other": N_("Source: {source}."),
    # strategy
    "h_strategy": N_("Strategy"),
    "label_version": N_("Version"),
    "version_option": N_("Version {v} ({date})"),
    "version_current": N_("current"),
    "example_badge": N_("Example"),
    "example_note": N_(
        "This is an illustrative example, not an official strategy of any government."
    ),
    "version_placeholder": N_("Current version ({v})"),
    "older_version": N_("You are viewing version {v}; the current version is {current}."),
    "period": N_("Period"),
    "status": N_("Status"),
    "adopted_on": N_("Adopted on"),
    "coordination_body": N_("Coordination body"),
    "coordination_mechanism": N_("Coordination mechanism"),
    "monitoring": N_("Monitoring and evaluation"),
    "summary": N_("Summary"),
    "objectives_heading": N_("Objectives by policy area and measure type"),
    "objectives_note": N_(
        "Each objective is listed under its first policy area; all its areas are shown as tags."
    ),
    "n_objectives": N_("{n} objective(s)"),
    "lead_body": N_("Lead"),
    "linked_indicators": N_("Linked indicators"),
    "target_short": N_("target {op} {value} by {year}"),
    "no_target": N_("no quantified target"),
    "milestone_progress": N_("{done} of {planned} milestones completed"),
    "late_count": N_("{icon} {n} late"),
    "planned_budget": N_("Planned budget"),
    "no_strategy": N_("No strategy uploaded for {country} yet."),
    "upload_link": N_("Upload a strategy workbook"),
    "no_area": N_("No policy area"),
    # milestones
    "h_milestones": N_("Milestones"),
    "label_f_objective": N_("Objective"),
    "label_f_status": N_("Status"),
    "label_f_body": N_("Responsible body"),
    "status_late": N_("Late"),
    "all_objectives": N_("All objectives"),
    "all_statuses": N_("All statuses"),
    "all_bodies": N_("All responsible bodies"),
    "late_heading": N_("{icon} {n} late milestone(s) on {date}"),
    "late_definition": N_("Late: due before today and not completed or cancelled."),
    "none_late": N_("No late milestones on {date}."),
    "days_overdue": N_("{n} days overdue"),
    "days_overdue_col": N_("Days overdue"),
    "due": N_("due {date}"),
    "due_col": N_("Due date"),
    "completed_on": N_("Completed on"),
    "milestone": N_("Milestone"),
    "objective": N_("Objective"),
    "responsible": N_("Responsible"),
    "region": N_("Region"),
    "evidence": N_("Evidence"),
    "today": N_("today"),
    "no_milestones": N_("No milestones match the filters."),
    "showing_n": N_("{n} of {total} milestones shown"),
    # budget
    "h_budget": N_("Budget"),
    "planned": N_("Planned"),
    "committed": N_("Committed"),
    "spent": N_("Spent"),
    "funding_source": N_("Funding source"),
    "fund_type": N_("Type"),
    "eu_funds": N_("EU funds"),
    "national_funds": N_("National and other"),
    "eu_prefix": N_("EU"),
    "total": N_("Total"),
    "budget_summary": N_(
        "Planned {total} in total, of which {eu} ({share}) from EU funds; committed {committed}, "
        "spent {spent}."
    ),
    "budget_chart_note": N_(
        "Bars: planned amounts per year by funding source (EU funds hatched). Lines: committed "
        "and spent per year, all sources."
    ),
    "by_source": N_("Totals per funding source"),
    "by_year": N_("Totals per year"),
    "by_objective": N_("Allocation per objective"),
    "by_area": N_("Allocation per policy area"),
    "area_note": N_(
        "An objective with several policy areas counts in full under each, so these totals can "
        "add up to more than the strategy's total."
    ),
    "policy_area": N_("Policy area"),
    "no_budget": N_("No budget lines in this strategy."),
    "amount_eur": N_("Amount (EUR)"),
    "off_track_heading": N_("{icon} Funded but off track: {n} objective(s)"),
    "off_track_definition": N_(
        "Funded but off track: an objective with planned money (all years and sources) that "
        "is linked to an indicator with insufficient progress or moving away from its target "
        "(5-year assessment towards the national target, or the EU target where the strategy "
        "sets none), or that has at least one late milestone."
    ),
    "off_track_none": N_("No funded objective is off track."),
    "planned_amount": N_("{amount} planned"),
}

OPERATOR_SIGNS: dict[str, str] = {"lt": "<", "le": "≤", "gt": ">", "ge": "≥"}


def tc(key: str, lang: str | None, **values: object) -> str:
    """The country page's text for ``key`` in ``lang``, with ``{placeholders}`` filled in."""
    text = gettext(TEXTS[key], lang)
    return text.format(**values) if values else text


def term_label(dimension: str, code: str, lang: str | None) -> str:
    """A taxonomy term's label in the page language (the code itself when unknown)."""
    return names.term_label(dimension, code, lang)


def dimension_label(dimension: str, lang: str | None) -> str:
    return names.dimension_label(dimension, lang)


def milestone_status_label(status: str, lang: str | None) -> str:
    if status == "late":
        return tc("status_late", lang)
    name = MILESTONE_STATUS_NAMES.get(status)
    return gettext(name, lang) if name else status


def strategy_status_label(status: str, lang: str | None) -> str:
    label = STRATEGY_STATUS_NAMES.get(status)
    return gettext(label, lang) if label else status


def breakdown_label(column: str, lang: str | None) -> str:
    return names.breakdown_label(column, lang)


def breakdown_value_label(column: str, code: str, lang: str | None) -> str:
    return names.breakdown_value_label(column, code, lang) or code


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
    if lang not in ("en", "nl", None):
        return formatting.format_money(value, lang, cents=None)
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
    if lang not in ("en", "nl", None):
        return formatting.format_percent(float(pct), lang)
    text = f"{pct:f}"
    return (text.replace(".", ",") if lang == "nl" else text) + " %"
