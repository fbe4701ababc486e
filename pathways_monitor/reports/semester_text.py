"""Wording of the Semester report: labels, number formats and generated summaries, per language.

Every text is an English message id (``N_`` / ``N_plural``) translated by the gettext catalogs
(``core.translation``) into the app's ``LANGS`` (en, nl, fr, de); numbers, percentages, money and
dates go through ``core.formatting`` (Babel). The sentences are generated from ``SemesterReport``
figures only (no clock, no database), e.g. "ELET fell from 8.8 % in 2019 to 6.2 % in 2023; at
this pace the EU target (below 9 %) is reached by 2030." "At this pace" is the trend of
``analysis.projection.project`` (logit scale, since the latest break in series): its central
value in the target year compared with the target. When the projection is refused (fewer than 4
values since the break, as for most PISA reading series) the sentence says there are too few
observations for a trend.

A sentence is one message per clause (the trend, the outlook towards the target), joined by a
message of its own, so each language orders and punctuates it ("{trend} ; {outlook}." in French).
Decimal amounts are rounded half to even, as Python prints a Decimal, in every language. English
and Dutch write euro amounts as the report always did ("€ 1,234.50", "€ 1.234,50": the sign
before the number, a plain space); French and German use their Babel currency format
("1 234,50 €", "1.234,50 €").
"""

from __future__ import annotations

import datetime as dt
import decimal

from pathways_monitor.analysis.progress import (
    OPERATORS,
    ProgressAssessment,
    class_label,
)
from pathways_monitor.analysis.progress import (
    PROGRESS_CLASSES as PROGRESS_CLASS_CODES,
)
from pathways_monitor.core import formatting
from pathways_monitor.core.translation import LANGS as LANGS  # the report's languages: the app's
from pathways_monitor.core.translation import (
    N_,
    N_plural,
    gettext,
    ngettext,
    normalise_lang,
    pgettext,
)
from pathways_monitor.domain.indicators import LOWER_IS_BETTER
from pathways_monitor.domain.names import dimension_label as dimension_label  # for the writers
from pathways_monitor.domain.names import term_label as term_label
from pathways_monitor.domain.taxonomy import MILESTONE_STATUS_NAMES, STRATEGY_STATUS_NAMES
from pathways_monitor.reports.semester_data import IndicatorRow, SemesterReport

TEXTS: dict[str, str] = {
    "report_title": N_("European Semester report"),
    "subtitle": N_("Strategy for school success: measures, monitoring and budget"),
    "country": N_("Country"),
    "strategy": N_("Strategy"),
    "version": N_("Version"),
    "period": N_("Period"),
    "status": N_("Status"),
    "adopted_on": N_("Adopted on"),
    "reporting_year": N_("Reporting year"),
    "report_date": N_("Report date (milestones as of)"),
    "generated": N_("Generated (UTC)"),
    "example_note": N_(
        "EXAMPLE DATA: this strategy is an illustrative example, not an official document."
    ),
    "field": N_("Field"),
    "note": N_("Note"),
    "value": N_("Value"),
    "sources": N_("Data sources"),
    "file": N_("File"),
    "kind": N_("Kind"),
    "dataset": N_("Source dataset"),
    "imported_at": N_("Imported at (UTC)"),
    "rows_used": N_("Observations used"),
    "percent_note": N_(
        "Percentages are stored as percent points (7.4 means 7.4 %), shown with a ' %' format."
    ),
    # strategy
    "strategy_heading": N_("Strategy and coordination"),
    "coordination_body": N_("Coordination body"),
    "coordination_mechanism": N_("Coordination mechanism"),
    "monitoring_arrangements": N_("Monitoring and evaluation arrangements"),
    "summary": N_("Summary"),
    "not_given": N_("not given"),
    # objectives
    "objectives_heading": N_("Objectives and measures"),
    "code": N_("Code"),
    "title": N_("Title"),
    "description": N_("Description"),
    "lead_body": N_("Lead body"),
    "linked_indicators": N_("Indicators"),
    "tags": N_("Tags"),
    # milestones
    "milestones_heading": N_("Milestones"),
    "objective": N_("Objective"),
    "milestone": N_("Milestone"),
    "due_date": N_("Due date"),
    "completed_on": N_("Completed on"),
    "responsible_body": N_("Responsible body"),
    "region": N_("Region"),
    "late": N_("Late"),
    "days_overdue": N_("Days overdue"),
    "yes": N_("yes"),
    "no": N_("no"),
    "late_heading": N_("Late milestones"),
    "no_late": N_("No milestone is late."),
    "no_milestones": N_("The strategy has no milestones."),
    "count": N_("Number"),
    "chart_milestones": N_("Milestones by status"),
    # budget
    "budget_heading": N_("Budget"),
    "year": N_("Year"),
    "funding_source": N_("Funding source"),
    "funding_code": N_("Source code"),
    "eu_fund": N_("EU fund"),
    "planned": N_("Planned (EUR)"),
    "committed": N_("Committed (EUR)"),
    "spent": N_("Spent (EUR)"),
    "eu_planned": N_("Planned from EU funds (EUR)"),
    "eu_share": N_("EU funds share of planned (%)"),
    "share_total": N_("Share of all planned (%)"),
    "share_eu": N_("Share of EU funds (%)"),
    "total": N_("Total"),
    "budget_lines": N_("By year and funding source"),
    "budget_years": N_("Totals by year"),
    "budget_funds": N_("Totals by funding source"),
    "budget_total": N_("Grand total"),
    "no_budget": N_("The strategy has no budget lines."),
    "chart_budget": N_("Planned budget by year and funding source (million EUR)"),
    # indicators
    "indicators_heading": N_("Indicators and targets"),
    "indicator": N_("Indicator"),
    "indicator_code": N_("Indicator code"),
    "level": N_("Level"),
    "eu_level": N_("EU-level"),
    "national_level": N_("National"),
    "latest_year": N_("Latest year"),
    "latest_value": N_("Latest value"),
    "unit": N_("Unit"),
    "flag": N_("Flag"),
    "eu_target": N_("EU target"),
    "eu_target_year": N_("EU target year"),
    "national_target": N_("National target"),
    "national_target_year": N_("National target year"),
    "distance_eu": N_("Distance to EU target"),
    "distance_national": N_("Distance to national target"),
    "progress_eu_short": N_("Progress to EU target, 5 years"),
    "progress_eu_long": N_("Progress to EU target, 15 years"),
    "progress_nat_short": N_("Progress to national target, 5 years"),
    "progress_nat_long": N_("Progress to national target, 15 years"),
    "explanation": N_("Explanation (5 years)"),
    "no_data": N_("no data"),
    "chart_indicator": N_("{name}: {country} and EU"),
    "eu_average": N_("EU-27"),
    "target_line": N_("EU target {value}"),
    "national_target_line": N_("National target {value}"),
    # regions
    "regions_heading": N_("Regions (NUTS 2): early leavers"),
    "nuts_version": N_("NUTS version"),
    "no_regions": N_("No regional figures in the store."),
    # pdf
    "key_points": N_("Key points"),
    "contents_note": N_(
        "This report was generated from the Pathways Monitor database. Figures are the stored "
        "values; flags: b break in series, u low reliability, p provisional, e estimated, "
        "d definition differs."
    ),
    "page": N_("Page {n} of {total}"),
    "source_eurostat": N_("Source: Eurostat ({datasets}); PISA data from OECD via Eurostat."),
    "source_plain": N_("Source: {source}."),
    "source_strategy": N_("Source: strategy workbook {file} uploaded by the ministry."),
    "method_note": N_(
        "Progress classes follow Eurostat's SDG method (compound annual growth rate against "
        'the rate needed to reach the 2030 target); "at this pace" is a log-linear trend of '
        "the last 10 years extended to the target year, not a forecast of policy effects."
    ),
}

KIND_LABELS: dict[str, str] = {
    "eurostat": N_("Eurostat file"),
    "indicators": N_("Indicator workbook"),
    "strategy": N_("Strategy workbook"),
    "reference": N_("Reference data"),
    "edit": N_("Edit in the app"),
}


# Sentences of the key points (see ``indicator_sentence`` and the functions after it).
SENTENCES: dict[str, str] = {
    "no_data": N_("{name}: no data in the store; progress cannot be assessed."),
    "fell": N_("{name} fell from {base} in {base_year} to {latest} in {latest_year}"),
    "rose": N_("{name} rose from {base} in {base_year} to {latest} in {latest_year}"),
    "stayed": N_("{name} stayed from {base} in {base_year} to {latest} in {latest_year}"),
    "was": N_("{name} was {latest} in {latest_year}"),
    "eu_target": N_("the EU target ({condition})"),
    "national_target": N_("the national target ({condition})"),
    "met": N_("{target} for {year} is already met"),
    "met_not_kept": N_("{target} for {year} is already met, but at this pace no longer by {year}"),
    "too_few": N_("too few observations for a trend towards {target} in {year}"),
    "reached": N_("at this pace {target} is reached by {year}"),
    "not_reached": N_("at this pace {target} is not reached by {year}"),
    "trend_and_outlook": N_("{trend}; {outlook}."),
    "no_late": N_("On {as_of}, no milestone is late."),
    "budget": N_(
        "Planned budget {span}: {planned} in total, of which {eu} from EU funds; "
        "spent so far: {spent}."
    ),
    "largest_fund": N_("The largest EU fund is the {fund}."),
}
MILESTONE_SUMMARY = N_plural(
    "Of {total} milestone, {completed} is completed, {in_progress} in progress, "
    "{not_started} not started, {delayed} delayed and {cancelled} cancelled.",
    "Of {total} milestones, {completed} are completed, {in_progress} in progress, "
    "{not_started} not started, {delayed} delayed and {cancelled} cancelled.",
)
LATE_MILESTONES = N_plural(
    "On {as_of}, {n} milestone is late (by {days}).",
    "On {as_of}, {n} milestones are late (the longest by {days}).",
)
DAYS = N_plural("{n} day", "{n} days")
REGIONS = N_plural(
    "In {year} the share of early leavers in {n} region was {low} in {low_region}. Regions "
    "of an older NUTS version or without a recent value are listed with their latest year.",
    "In {year} the share of early leavers across {n} regions ranged from {low} in {low_region} "
    "to {high} in {high_region}. Regions of an older NUTS version or without a recent value are "
    "listed with their latest year.",
)
MILLION_EUR = N_plural("€ {amount} million", "€ {amount} million")
# The target's condition: the operator's words (the message ids of the progress explanations).
CONDITIONS: dict[str, str] = {
    "lt": N_("below {target}"),
    "le": N_("at most {target}"),
    "gt": N_("above {target}"),
    "ge": N_("at least {target}"),
}
# English and Dutch put the euro sign before the amount with a plain space ("€ 1.234,50"), as
# the report did before the catalogs; other languages use their Babel currency format.
EURO_SIGN_FIRST = frozenset({"en", "nl"})


def tx(key: str, lang: str, **values: object) -> str:
    """The text for ``key`` in ``lang`` (any of ``LANGS``, else English), ``{}`` fields filled."""
    text = gettext(TEXTS[key], lang)
    return text.format(**values) if values else text


def _say(key: str, lang: str, **values: object) -> str:
    return gettext(SENTENCES[key], lang).format(**values)


def tags_text(dimension: str, codes: tuple[str, ...], lang: str) -> str:
    return "; ".join(term_label(dimension, c, lang) for c in codes)


def milestone_status(status: str, lang: str) -> str:
    name = MILESTONE_STATUS_NAMES.get(status)
    return gettext(name, lang) if name else status


def strategy_status(status: str, lang: str) -> str:
    name = STRATEGY_STATUS_NAMES.get(status)
    return gettext(name, lang) if name else status


def kind_label(kind: str, lang: str) -> str:
    name = KIND_LABELS.get(kind)
    return gettext(name, lang) if name else kind


def progress_label(progress: str | ProgressAssessment | None, lang: str) -> str:
    """The class label; given the assessment itself, with its qualifier ("target achieved, but
    moving away: +4.1 %/yr", "not enough data – calculation not possible (series too old)")."""
    if progress is None:
        return tx("no_data", lang)
    if isinstance(progress, ProgressAssessment):
        return progress.label(lang)
    return class_label(progress, lang) if progress in PROGRESS_CLASS_CODES else progress


# --------------------------------------------------------------------------- numbers


def _half_even(value: float | decimal.Decimal, decimals: int) -> float | decimal.Decimal:
    """A Decimal rounded as ``f"{d:.1f}"`` rounds it (half to even); a float unchanged (the
    formatter prints it as Python does)."""
    if isinstance(value, decimal.Decimal):
        return value.quantize(decimal.Decimal(1).scaleb(-decimals), decimal.ROUND_HALF_EVEN)
    return value


def fmt_number(value: float | decimal.Decimal | None, lang: str, decimals: int = 1) -> str:
    """Grouped thousands and fixed decimals: 1,234.5 (en) / 1.234,5 (nl, de) / 1 234,5 (fr);
    "–" when missing; never "-0.0"."""
    if value is None or formatting.is_missing(value):
        return formatting.MISSING
    return formatting.format_number(_half_even(value, decimals), lang, decimals)


def fmt_percent(value: float | decimal.Decimal | None, lang: str, decimals: int = 1) -> str:
    """A value already in percent points: '15.9 %' / '15,9 %'; "–" when missing."""
    if value is None or formatting.is_missing(value):
        return formatting.MISSING
    return formatting.format_percent(_half_even(value, decimals), lang, decimals)


def fmt_value(value: float | None, unit: str, lang: str, decimals: int = 1) -> str:
    """An indicator value with its unit: '7.4 %' / '7,4 %'."""
    if value is None:
        return tx("no_data", lang)
    text = fmt_number(value, lang, decimals)
    return f"{text} {unit}" if unit else text


def fmt_target(value: float | None, unit: str, lang: str) -> str:
    """A target without needless decimals: '9 %', '7,5 %'."""
    if value is None:
        return formatting.MISSING
    decimals = 0 if float(value).is_integer() else 1
    return fmt_value(value, unit, lang, decimals)


def unit_pp(lang: str) -> str:
    """The abbreviation of percentage points: 'pp' (en, nl, fr), 'Pp.' (de)."""
    return pgettext("percentage points", "pp", lang)


def fmt_signed(value: float | None, lang: str, unit: str | None = None) -> str:
    """A difference with its sign: '+19.6 pp', '−1.6 pp', '±0.0 pp' (rounds to zero).
    ``unit`` defaults to the language's abbreviation of percentage points."""
    if value is None:
        return formatting.MISSING
    text = fmt_number(abs(value), lang)
    rounds_to_zero = not any(c in "123456789" for c in text)
    sign = "±" if rounds_to_zero else ("+" if value > 0 else "−")
    return f"{sign}{text} {unit_pp(lang) if unit is None else unit}"


def fmt_eur(value: decimal.Decimal | None, lang: str, decimals: int = 2) -> str:
    """'€ 1,234.50' (en) / '€ 1.234,50' (nl) / '1 234,50 €' (fr) / '1.234,50 €' (de).

    Outside English and Dutch ``decimals`` only says whether cents are shown (0: no, else 2)."""
    if value is None:
        return formatting.MISSING
    if normalise_lang(lang) in EURO_SIGN_FIRST:
        return f"€ {fmt_number(value, lang, decimals)}"
    amount = value if isinstance(value, decimal.Decimal) else decimal.Decimal(str(value))
    return formatting.format_money(_half_even(amount, decimals), lang, cents=decimals > 0)


def fmt_meur(value: decimal.Decimal | None, lang: str) -> str:
    """Millions for sentences: '€ 11,722.2 million' / '€ 11.722,2 miljoen' /
    '11 722,2 millions d'euros' / '11.722,2 Mio. €'."""
    if value is None:
        return formatting.MISSING
    millions = float(value) / 1e6
    amount = fmt_number(millions, lang, 1)
    return ngettext(*MILLION_EUR, int(abs(millions)), lang).format(amount=amount)


def fmt_date(value: dt.date | None, lang: str) -> str:
    """'2026-11-01' (en), '01-11-2026' (nl), '01/11/2026' (fr), '01.11.2026' (de)."""
    return formatting.format_date(value, lang)


def fmt_datetime(value: dt.datetime | None, lang: str) -> str:
    """The date as ``fmt_date`` with hours and minutes (the clock time as stored)."""
    return formatting.format_datetime(value, lang)


# --------------------------------------------------------------------------- sentences


def _meets(value: float, target: float, operator: str | None, direction: str) -> bool:
    op = operator or ("lt" if direction == LOWER_IS_BETTER else "gt")
    op_direction, strict = OPERATORS[op]
    better = (target - value) if op_direction == LOWER_IS_BETTER else (value - target)
    return better > 0 if strict else better >= 0


def _target_phrase(
    ind: IndicatorRow, value: float, operator: str | None, scope: str, lang: str
) -> str:
    """'the EU target (below 9 %)', 'het nationale doel (minstens 7,5 %)'."""
    op = operator or ("lt" if ind.direction == LOWER_IS_BETTER else "gt")
    condition = gettext(CONDITIONS[op], lang).format(
        target=fmt_target(value, ind.unit_suffix, lang)
    )
    key = "eu_target" if scope == "eu" else "national_target"
    return _say(key, lang, condition=condition)


def _trend(ind: IndicatorRow, name: str, lang: str) -> str:
    """'ELET fell from 8.8 % in 2019 to 6.2 % in 2023' (short window of the progress method for
    the "from" point), else 'ELET was 6.2 % in 2023'."""
    assert ind.latest_value is not None
    u = ind.unit_suffix
    latest = fmt_value(ind.latest_value, u, lang)
    short = ind.progress.get("eu_short") or ind.progress.get("national_short")
    if short is None or short.base_year is None or short.base_value is None:
        return _say("was", lang, name=name, latest=latest, latest_year=ind.latest_year)
    if ind.latest_value < short.base_value:
        key = "fell"
    elif ind.latest_value > short.base_value:
        key = "rose"
    else:
        key = "stayed"
    return _say(
        key,
        lang,
        name=name,
        base=fmt_value(short.base_value, u, lang),
        base_year=short.base_year,
        latest=latest,
        latest_year=ind.latest_year,
    )


def indicator_sentence(ind: IndicatorRow, lang: str) -> str:
    """'ELET fell from 8.8 % in 2019 to 6.2 % in 2023; at this pace the EU target (below 9 %)
    is reached by 2030.'"""
    name = ind.code if ind.is_canonical else ind.name(lang)
    if ind.latest_value is None or ind.latest_year is None:
        return _say("no_data", lang, name=name)
    trend = _trend(ind, name, lang)
    main = ind.main_target
    if main is None:
        return trend + "."
    value, year, scope = main
    operator = ind.eu_operator if scope == "eu" else ind.national_operator
    target = _target_phrase(ind, value, operator, scope, lang)
    proj = ind.projection
    if _meets(ind.latest_value, value, operator, ind.direction):
        kept = (
            proj is None
            or proj.at_target_year is None
            or _meets(proj.at_target_year.central, value, operator, ind.direction)
        )
        outlook = _say("met" if kept else "met_not_kept", lang, target=target, year=year)
    elif proj is None or proj.insufficient_data or proj.at_target_year is None:
        outlook = _say("too_few", lang, target=target, year=year)
    else:
        reached = _meets(proj.at_target_year.central, value, operator, ind.direction)
        outlook = _say("reached" if reached else "not_reached", lang, target=target, year=year)
    return _say("trend_and_outlook", lang, trend=trend, outlook=outlook)


def milestone_sentence(report: SemesterReport, lang: str) -> str:
    """'Of 99 milestones, 51 are completed, … On 2026-11-01, 8 milestones are late (the longest
    by 1067 days).'"""
    counts = report.milestone_counts()
    total = len(report.milestones)
    if total == 0:
        return tx("no_milestones", lang)
    late = [m for m in report.milestones if m.is_late]
    as_of = fmt_date(report.as_of, lang)
    summary = ngettext(*MILESTONE_SUMMARY, total, lang).format(
        total=total,
        completed=counts["completed"],
        in_progress=counts["in_progress"],
        not_started=counts["not_started"],
        delayed=counts["delayed"],
        cancelled=counts["cancelled"],
    )
    if not late:
        return summary + " " + _say("no_late", lang, as_of=as_of)
    longest = max(m.days_overdue for m in late)
    days = ngettext(*DAYS, longest, lang).format(n=longest)
    return (
        summary
        + " "
        + ngettext(*LATE_MILESTONES, len(late), lang).format(as_of=as_of, n=len(late), days=days)
    )


def budget_sentence(report: SemesterReport, lang: str) -> str:
    budget = report.budget
    if not budget.cells:
        return tx("no_budget", lang)
    years = [y.year for y in budget.by_year]
    eu = (
        fmt_percent(budget.eu_share, lang)
        if budget.eu_share is not None
        else fmt_percent(0, lang, 0)
    )
    text = _say(
        "budget",
        lang,
        span=f"{min(years)}–{max(years)}",
        planned=fmt_eur(budget.total.planned, lang),
        eu=eu,
        spent=fmt_eur(budget.total.spent, lang),
    )
    top = max(
        (f for f in budget.by_fund if f.is_eu and f.amounts.planned is not None),
        key=lambda f: f.amounts.planned,  # type: ignore[arg-type, return-value]
        default=None,
    )
    if top is not None:
        text += " " + _say("largest_fund", lang, fund=top.name(lang))
    return text


def regions_sentence(report: SemesterReport, lang: str) -> str:
    with_value = [r for r in report.regions if r.value is not None]
    if not with_value:
        return tx("no_regions", lang)
    latest_year = max(r.year for r in with_value if r.year is not None)
    current = [r for r in with_value if r.year == latest_year]
    high = max(current, key=lambda r: r.value)  # type: ignore[arg-type, return-value]
    low = min(current, key=lambda r: r.value)  # type: ignore[arg-type, return-value]

    def name(r) -> str:  # type: ignore[no-untyped-def]
        # A code of another NUTS version says so: 'Zuid-Holland (NL36, NUTS 2024)'.
        version = f", NUTS {r.nuts_version}" if r.nuts_version not in (None, "", "2021") else ""
        return f"{r.name(lang)} ({r.code}{version})"

    return ngettext(*REGIONS, len(current), lang).format(
        year=latest_year,
        n=len(current),
        low=fmt_value(low.value, "%", lang),
        low_region=name(low),
        high=fmt_value(high.value, "%", lang),
        high_region=name(high),
    )


def eurostat_datasets(report: SemesterReport) -> str:
    sets = sorted({d for s in report.sources for d in s.datasets})
    return ", ".join(sets) if sets else formatting.MISSING
