"""English and Dutch wording of the Semester report: labels, number formats, generated summaries.

The sentences are generated from ``SemesterReport`` figures only (no clock, no database), e.g.
"ELET fell from 8.8 % in 2019 to 6.2 % in 2023; at this pace the target of below 9 % is
reached by 2030." "At this pace" is the trend of ``analysis.projection.project`` (logit
scale, since the latest break in series): its central value in the target year compared with
the target. When the projection is refused (fewer than 4 values since the break, as for most
PISA reading series) the sentence says there are too few observations for a trend.
"""

from __future__ import annotations

import datetime as dt
import decimal
import math

from pathways_monitor.analysis.progress import (
    OPERATORS,
    ProgressAssessment,
    class_label,
    strip_negative_zero,
)
from pathways_monitor.analysis.progress import (
    PROGRESS_CLASSES as PROGRESS_CLASS_CODES,
)
from pathways_monitor.core.translation import N_, gettext
from pathways_monitor.domain.indicators import LOWER_IS_BETTER
from pathways_monitor.domain.names import dimension_label as dimension_label  # for the writers
from pathways_monitor.domain.names import term_label as term_label
from pathways_monitor.domain.taxonomy import MILESTONE_STATUS_NAMES, STRATEGY_STATUS_NAMES
from pathways_monitor.reports.semester_data import IndicatorRow, SemesterReport

LANGS = ("en", "nl")

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


def tx(key: str, lang: str, **values: object) -> str:
    """The text for ``key`` in ``lang`` ("nl" or else English), with ``{}`` fields filled."""
    text = gettext(TEXTS[key], lang)
    return text.format(**values) if values else text


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang == "nl" else pair[0]


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


def fmt_number(value: float | decimal.Decimal | None, lang: str, decimals: int = 1) -> str:
    """Grouped thousands and fixed decimals: 1,234.5 (en) / 1.234,5 (nl); "–" when missing."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    text = strip_negative_zero(f"{value:,.{decimals}f}")  # never "-0.0"
    if lang == "nl":
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text


def fmt_value(value: float | None, unit: str, lang: str, decimals: int = 1) -> str:
    """An indicator value with its unit: '7.4 %' / '7,4 %'."""
    if value is None:
        return tx("no_data", lang)
    text = fmt_number(value, lang, decimals)
    return f"{text} {unit}" if unit else text


def fmt_target(value: float | None, unit: str, lang: str) -> str:
    """A target without needless decimals: '9 %', '7,5 %'."""
    if value is None:
        return "–"
    decimals = 0 if float(value).is_integer() else 1
    return fmt_value(value, unit, lang, decimals)


def fmt_signed(value: float | None, lang: str, unit: str = "pp") -> str:
    if value is None:
        return "–"
    text = fmt_number(abs(value), lang)
    rounds_to_zero = not any(c in "123456789" for c in text)
    sign = "±" if rounds_to_zero else ("+" if value > 0 else "−")
    return f"{sign}{text} {unit}"


def fmt_eur(value: decimal.Decimal | None, lang: str, decimals: int = 2) -> str:
    """'€ 1,234.50' (en) / '€ 1.234,50' (nl)."""
    if value is None:
        return "–"
    return f"€ {fmt_number(value, lang, decimals)}"


def fmt_meur(value: decimal.Decimal | None, lang: str) -> str:
    """Millions for sentences: '€ 11,722.2 million' / '€ 11.722,2 miljoen'."""
    if value is None:
        return "–"
    word = "miljoen" if lang == "nl" else "million"
    return f"€ {fmt_number(float(value) / 1e6, lang, 1)} {word}"


def fmt_date(value: dt.date | None, lang: str) -> str:
    if value is None:
        return "–"
    return value.strftime("%d-%m-%Y") if lang == "nl" else value.isoformat()


def fmt_datetime(value: dt.datetime | None, lang: str) -> str:
    if value is None:
        return "–"
    return value.strftime("%d-%m-%Y %H:%M" if lang == "nl" else "%Y-%m-%d %H:%M")


# --------------------------------------------------------------------------- sentences


def _meets(value: float, target: float, operator: str | None, direction: str) -> bool:
    op = operator or ("lt" if direction == LOWER_IS_BETTER else "gt")
    op_direction, strict = OPERATORS[op]
    better = (target - value) if op_direction == LOWER_IS_BETTER else (value - target)
    return better > 0 if strict else better >= 0


def _target_words(ind: IndicatorRow, value: float, operator: str | None, lang: str) -> str:
    op = operator or ("lt" if ind.direction == LOWER_IS_BETTER else "gt")
    words = {
        "lt": ("below", "onder"),
        "le": ("at most", "hoogstens"),
        "gt": ("above", "boven"),
        "ge": ("at least", "minstens"),
    }[op]
    return f"{_pick(words, lang)} {fmt_target(value, ind.unit_suffix, lang)}"


def indicator_sentence(ind: IndicatorRow, lang: str) -> str:
    """'ELET fell from 8.8 % in 2019 to 6.2 % in 2023; at this pace the target of below 9 %
    is reached by 2030.' (short window of the progress method for the "from" point)."""
    name = ind.code if ind.is_canonical else ind.name(lang)
    u = ind.unit_suffix
    if ind.latest_value is None or ind.latest_year is None:
        return (
            f"{name}: geen gegevens in de database; de vooruitgang kan niet worden beoordeeld."
            if lang == "nl"
            else f"{name}: no data in the store; progress cannot be assessed."
        )
    latest = fmt_value(ind.latest_value, u, lang)
    short = ind.progress.get("eu_short") or ind.progress.get("national_short")
    if short is not None and short.base_year is not None and short.base_value is not None:
        base = fmt_value(short.base_value, u, lang)
        if ind.latest_value < short.base_value:
            verb = ("fell", "daalde")
        elif ind.latest_value > short.base_value:
            verb = ("rose", "steeg")
        else:
            verb = ("stayed", "bleef")
        first = (
            f"{name} {verb[1]} van {base} in {short.base_year} naar {latest} in {ind.latest_year}"
            if lang == "nl"
            else f"{name} {verb[0]} from {base} in {short.base_year} to {latest} in "
            f"{ind.latest_year}"
        )
    else:
        first = f"{name} was {latest} in {ind.latest_year}"  # same words in Dutch
    main = ind.main_target
    if main is None:
        return first + "."
    value, year, scope = main
    operator = ind.eu_operator if scope == "eu" else ind.national_operator
    which = (
        ("the EU target", "het EU-doel")
        if scope == "eu"
        else ("the national target", "het nationale doel")
    )
    phrase = f"{_pick(which, lang)} ({_target_words(ind, value, operator, lang)})"
    if _meets(ind.latest_value, value, operator, ind.direction):
        rest = (
            f"; {phrase} voor {year} is al gehaald"
            if lang == "nl"
            else f"; {phrase} for {year} is already met"
        )
        proj = ind.projection
        if (
            proj is not None
            and proj.at_target_year is not None
            and not _meets(proj.at_target_year.central, value, operator, ind.direction)
        ):
            rest += (
                ", maar in dit tempo niet meer in " + str(year)
                if lang == "nl"
                else f", but at this pace no longer by {year}"
            )
        return first + rest + "."
    proj = ind.projection
    if proj is None or proj.insufficient_data or proj.at_target_year is None:
        rest = (
            f"; te weinig waarnemingen voor een trend naar {phrase} in {year}"
            if lang == "nl"
            else f"; too few observations for a trend towards {phrase} in {year}"
        )
        return first + rest + "."
    reached = _meets(proj.at_target_year.central, value, operator, ind.direction)
    if lang == "nl":
        verdict = "wel" if reached else "niet"
        rest = f"; in dit tempo wordt {phrase} in {year} {verdict} gehaald"
    else:
        verdict = "reached" if reached else "not reached"
        rest = f"; at this pace {phrase} is {verdict} by {year}"
    return first + rest + "."


def milestone_sentence(report: SemesterReport, lang: str) -> str:
    counts = report.milestone_counts()
    total = len(report.milestones)
    if total == 0:
        return tx("no_milestones", lang)
    late = [m for m in report.milestones if m.is_late]
    as_of = fmt_date(report.as_of, lang)
    if lang == "nl":
        text = (
            f"Van de {total} mijlpalen zijn er {counts['completed']} afgerond, "
            f"{counts['in_progress']} bezig, {counts['not_started']} niet gestart, "
            f"{counts['delayed']} vertraagd en {counts['cancelled']} geannuleerd. "
        )
        text += (
            f"Op {as_of} zijn {len(late)} mijlpalen te laat (de langste {max(m.days_overdue for m in late)} dagen)."
            if late
            else f"Op {as_of} is geen enkele mijlpaal te laat."
        )
    else:
        text = (
            f"Of {total} milestones, {counts['completed']} are completed, "
            f"{counts['in_progress']} in progress, {counts['not_started']} not started, "
            f"{counts['delayed']} delayed and {counts['cancelled']} cancelled. "
        )
        text += (
            f"On {as_of}, {len(late)} milestones are late (the longest by "
            f"{max(m.days_overdue for m in late)} days)."
            if late
            else f"On {as_of}, no milestone is late."
        )
    return text


def budget_sentence(report: SemesterReport, lang: str) -> str:
    budget = report.budget
    if not budget.cells:
        return tx("no_budget", lang)
    years = [y.year for y in budget.by_year]
    span = f"{min(years)}–{max(years)}"
    planned = fmt_eur(budget.total.planned, lang)
    spent = fmt_eur(budget.total.spent, lang)
    eu = fmt_number(budget.eu_share, lang) + " %" if budget.eu_share is not None else "0 %"
    top = max(
        (f for f in budget.by_fund if f.is_eu and f.amounts.planned is not None),
        key=lambda f: f.amounts.planned,  # type: ignore[arg-type, return-value]
        default=None,
    )
    if lang == "nl":
        text = (
            f"Gepland budget {span}: {planned} in totaal, waarvan {eu} uit EU-fondsen; "
            f"tot nu toe besteed: {spent}."
        )
        if top is not None:
            text += f" Het grootste EU-fonds is {top.name('nl')}."
    else:
        text = (
            f"Planned budget {span}: {planned} in total, of which {eu} from EU funds; "
            f"spent so far: {spent}."
        )
        if top is not None:
            text += f" The largest EU fund is the {top.name('en')}."
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

    if lang == "nl":
        return (
            f"In {latest_year} varieerde het aandeel voortijdige schoolverlaters in "
            f"{len(current)} regio's van {fmt_value(low.value, '%', lang)} in {name(low)} tot "
            f"{fmt_value(high.value, '%', lang)} in {name(high)}. Regio's met een oudere NUTS-"
            "versie of zonder recente waarde staan met hun laatste jaar in de tabel."
        )
    return (
        f"In {latest_year} the share of early leavers across {len(current)} regions ranged "
        f"from {fmt_value(low.value, '%', lang)} in {name(low)} to "
        f"{fmt_value(high.value, '%', lang)} in {name(high)}. Regions of an older NUTS version "
        "or without a recent value are listed with their latest year."
    )


def eurostat_datasets(report: SemesterReport) -> str:
    sets = sorted({d for s in report.sources for d in s.datasets})
    return ", ".join(sets) if sets else "–"
