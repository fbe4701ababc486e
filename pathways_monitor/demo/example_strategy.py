"""The demo's example strategy for the Netherlands: illustrative, clearly not official.

It is written through the same template writer ministries download, so the demo exercises the
real import path. Everything is deterministic: statuses and amounts follow fixed rules (and a
fixed-seed generator), so building it twice gives the same content.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from pathways_monitor.importers.templates import StrategyContent, write_strategy_template

COUNTRY = "NL"
TITLE = "EXAMPLE – not an official strategy: Integrated strategy for school success (illustrative)"
PERIOD = (2021, 2030)
AS_OF = dt.date(2026, 11, 1)  # milestones due before this date and not completed are late
SEED = 2030


@dataclass(frozen=True)
class _Objective:
    code: str
    title: str
    description: str
    lead: str
    policy_area: tuple[str, ...]
    measure_type: tuple[str, ...]
    reach: tuple[str, ...]
    target_groups: tuple[str, ...]
    levels: tuple[str, ...]
    governance: tuple[str, ...]
    milestones: tuple[str, ...]
    responsible: tuple[str, ...]
    funds: tuple[str, ...]  # EU funds next to the national budget
    yearly_meur: float  # planned national money per year, million euro
    regions: tuple[str, ...] = ()


OBJECTIVES: tuple[_Objective, ...] = (
    _Objective(
        "VSV01",
        "Register and follow up every early school leaver through the RMC regions",
        "The 39 RMC regions (Regionale Meld- en Coördinatiefunctie) register absence and "
        "dropout and contact every young person without a basic qualification within weeks.",
        "OCW",
        ("data_monitoring", "learners"),
        ("intervention",),
        ("targeted", "individualised"),
        ("disadvantaged", "boys"),
        ("vet", "upper_secondary"),
        ("regional", "local"),
        (
            "RMC registration guidance updated",
            "Monthly RMC dropout dashboard live",
            "Follow-up within 4 weeks in all RMC regions",
            "Evaluation of RMC follow-up published",
            "RMC data linked to VET intake registration",
        ),
        ("RMC regions", "DUO", "OCW"),
        ("ESF_PLUS",),
        38.0,
        ("NL33", "NL32"),
    ),
    _Objective(
        "VSV02",
        "Regional VSV covenants between schools, municipalities and employers",
        "Regional agreements on preventing early school leaving (VSV covenants), with "
        "performance-based funding for schools and RMC regions.",
        "OCW",
        ("governance", "whole_school"),
        ("prevention",),
        ("targeted",),
        ("disadvantaged", "migrant"),
        ("lower_secondary", "vet"),
        ("regional", "school"),
        (
            "Covenant framework 2022-2026 agreed",
            "All 39 regional covenants signed",
            "Mid-term review of covenants",
            "Covenant framework 2027-2030 agreed",
            "Final covenant evaluation",
        ),
        ("RMC regions", "School boards", "Municipalities"),
        ("ESF_PLUS",),
        42.0,
        ("NL41",),
    ),
    _Objective(
        "LEES01",
        "Reading offensive: more reading time and better reading education",
        "A national reading offensive (leesoffensief) with school library programmes, reading "
        "time and support for weak readers in primary and lower secondary education.",
        "OCW",
        ("learners", "whole_school"),
        ("prevention",),
        ("universal",),
        ("all_learners", "boys"),
        ("primary", "lower_secondary"),
        ("national", "school"),
        (
            "Reading offensive action plan published",
            "School library programme in 60 % of schools",
            "Reading time guideline in curriculum",
            "Reading offensive interim results",
            "School library programme in all schools",
        ),
        ("OCW", "Stichting Lezen", "School boards"),
        ("RRF",),
        25.0,
    ),
    _Objective(
        "LEES02",
        "Basic skills improvement plans in every school",
        "Schools draw up improvement plans for reading, writing, mathematics and citizenship "
        "(Masterplan basisvaardigheden), funded per pupil.",
        "OCW",
        ("whole_school", "system_level"),
        ("prevention", "intervention"),
        ("universal",),
        ("all_learners",),
        ("primary", "lower_secondary"),
        ("national", "school"),
        (
            "Masterplan basic skills launched",
            "First cohort of schools with improvement plans",
            "Second cohort of schools with improvement plans",
            "Curriculum core objectives revised",
            "Evaluation of basic-skills grants",
        ),
        ("OCW", "School boards", "SLO"),
        ("RRF",),
        120.0,
    ),
    _Objective(
        "REK01",
        "Mathematics catch-up for pupils below the reference level",
        "Small-group tutoring in arithmetic and mathematics for pupils who fall behind the "
        "1F/2F reference levels.",
        "OCW",
        ("learners",),
        ("intervention",),
        ("targeted", "individualised"),
        ("disadvantaged",),
        ("primary", "lower_secondary"),
        ("school",),
        (
            "Tutoring guidelines for arithmetic",
            "Tutoring available in all priority schools",
            "Monitoring of 1F/2F results",
            "Review of tutoring effectiveness",
        ),
        ("School boards", "OCW"),
        ("ESF_PLUS",),
        30.0,
    ),
    _Objective(
        "NAT01",
        "Science and technology in primary school",
        "Strengthen science and technology teaching so fewer 15-year-olds score below level 2 "
        "in science.",
        "OCW",
        ("school_staff", "whole_school"),
        ("prevention",),
        ("universal",),
        ("all_learners", "girls"),
        ("primary", "lower_secondary"),
        ("national", "school"),
        (
            "Technology pact for primary schools renewed",
            "Science teaching modules available",
            "Teacher training in science for 3 000 teachers",
            "Interim review of science results",
        ),
        ("OCW", "Platform Bèta Techniek", "School boards"),
        ("ERASMUS_PLUS",),
        12.0,
    ),
    _Objective(
        "LER01",
        "Tackle the teacher shortage in the large cities",
        "Extra recruitment, side-entry routes and retention measures for teachers in "
        "Amsterdam, Rotterdam, The Hague and Utrecht.",
        "OCW",
        ("school_staff",),
        ("prevention",),
        ("targeted",),
        ("disadvantaged",),
        ("primary", "ite"),
        ("national", "local"),
        (
            "City deals on teacher shortage signed",
            "Side-entry scheme widened",
            "Housing support for starting teachers",
            "Regional shortage monitor published",
            "Evaluation of city deals",
        ),
        ("OCW", "Municipalities", "School boards"),
        ("ESF_PLUS",),
        65.0,
        ("NL32", "NL33", "NL31"),
    ),
    _Objective(
        "LER02",
        "Professional development on dealing with diversity and early warning",
        "Training for teachers and school leaders on recognising early signs of disengagement "
        "and on working with diverse classes.",
        "OCW",
        ("school_staff", "data_monitoring"),
        ("prevention", "intervention"),
        ("universal",),
        ("all_learners", "mental_health"),
        ("primary", "lower_secondary", "vet"),
        ("school",),
        (
            "Training offer on early warning developed",
            "1 000 school leaders trained",
            "Early-warning module in teacher education",
            "Evaluation of training effects",
        ),
        ("OCW", "Teacher education institutes", "School boards"),
        ("ERASMUS_PLUS",),
        9.0,
    ),
    _Objective(
        "LER03",
        "Stronger initial teacher education on basic skills and inclusion",
        "Teacher education programmes strengthen reading, arithmetic and inclusive pedagogy.",
        "OCW",
        ("school_staff", "system_level"),
        ("prevention",),
        ("universal",),
        ("all_learners",),
        ("ite",),
        ("national",),
        (
            "Knowledge base for teacher education revised",
            "New programme profiles accredited",
            "First graduates of revised programmes",
            "Review of teacher education reform",
        ),
        ("OCW", "Teacher education institutes"),
        ("ERASMUS_PLUS",),
        15.0,
    ),
    _Objective(
        "PAS01",
        "Inclusive education: improving passend onderwijs",
        "Improvement route for passend onderwijs: every pupil a suitable place, fewer "
        "exemptions from compulsory schooling, more specialist support in mainstream schools.",
        "OCW",
        ("system_level", "learners"),
        ("prevention", "intervention"),
        ("targeted", "individualised"),
        ("sen", "disability"),
        ("primary", "lower_secondary", "vet"),
        ("national", "regional", "school"),
        (
            "Improvement route passend onderwijs published",
            "Legal right to support plan",
            "Fewer exemptions: regional agreements",
            "Specialist support in mainstream pilots",
            "Evaluation of inclusive education reform",
            "Towards inclusive education: roadmap 2035",
        ),
        ("OCW", "Samenwerkingsverbanden", "School boards"),
        ("ESF_PLUS",),
        90.0,
        ("NL22",),
    ),
    _Objective(
        "PAS02",
        "Home-sitters back to school",
        "Individual plans to bring pupils without a school place (thuiszitters) back to "
        "education within three months.",
        "OCW",
        ("learners",),
        ("intervention", "compensation"),
        ("individualised",),
        ("sen", "mental_health"),
        ("primary", "lower_secondary"),
        ("regional", "local"),
        (
            "Home-sitter pact renewed",
            "Regional escalation teams in place",
            "Three-month return standard in force",
            "Home-sitter monitoring report",
        ),
        ("Samenwerkingsverbanden", "Municipalities"),
        (),
        14.0,
    ),
    _Objective(
        "VVE01",
        "Early childhood education for toddlers at risk",
        "More hours of early childhood education (voor- en vroegschoolse educatie) for "
        "toddlers with a language or development delay.",
        "OCW",
        ("system_level", "learners"),
        ("prevention",),
        ("targeted",),
        ("disadvantaged", "migrant"),
        ("ecec",),
        ("national", "local"),
        (
            "960 hours of ECEC for toddlers at risk",
            "Quality framework for ECEC staff",
            "Reach of target group measured by municipality",
            "ECEC reach 90 % of target group",
            "Evaluation of ECEC hours extension",
        ),
        ("Municipalities", "OCW", "GGD"),
        ("ESF_PLUS",),
        170.0,
    ),
    _Objective(
        "VVE02",
        "Smooth transition from ECEC to primary school",
        "Warm handover of child information and joint training of ECEC and primary staff.",
        "OCW",
        ("whole_school", "school_staff"),
        ("prevention",),
        ("universal",),
        ("all_learners",),
        ("ecec", "primary"),
        ("local", "school"),
        ("Handover protocol agreed", "Joint training offered", "Review of transitions"),
        ("Municipalities", "School boards"),
        (),
        6.0,
    ),
    _Objective(
        "NIEUW01",
        "Education for newcomers and refugee children",
        "Quick placement of newly arrived pupils in reception classes, Dutch as a second "
        "language and transition to regular classes.",
        "OCW",
        ("learners", "system_level"),
        ("intervention", "compensation"),
        ("targeted",),
        ("refugee", "migrant"),
        ("primary", "lower_secondary"),
        ("national", "local", "school"),
        (
            "Funding scheme for newcomer education revised",
            "Reception capacity for Ukrainian pupils",
            "Dutch-as-second-language materials",
            "Transition standards to regular classes",
            "Evaluation of newcomer education",
        ),
        ("OCW", "Municipalities", "School boards"),
        ("AMIF",),
        55.0,
        ("NL33", "NL41"),
    ),
    _Objective(
        "MBO01",
        "Entry-level VET and work-based learning for young people at risk",
        "Entry training (Entreeopleiding) with coaching and work placements leading to a "
        "starting qualification.",
        "OCW",
        ("system_level", "learners"),
        ("intervention",),
        ("targeted",),
        ("disadvantaged", "boys"),
        ("vet",),
        ("national", "regional"),
        (
            "Entry training reform",
            "Work-placement guarantee pilots",
            "Coaching offer in all VET colleges",
            "Entry training outcomes published",
        ),
        ("OCW", "VET colleges", "SBB"),
        ("ESF_PLUS",),
        40.0,
    ),
    _Objective(
        "MBO02",
        "Career guidance and a smooth transition to VET",
        "Career orientation and guidance (LOB) and a right of admission to VET to reduce "
        "dropout at the switch between school types.",
        "OCW",
        ("learners", "whole_school"),
        ("prevention",),
        ("universal",),
        ("all_learners",),
        ("lower_secondary", "vet"),
        ("school",),
        (
            "Right of admission to VET in force",
            "Career guidance quality framework",
            "Switch-point dropout report",
            "Review of career guidance",
        ),
        ("VET colleges", "School boards"),
        ("ERASMUS_PLUS",),
        11.0,
    ),
    _Objective(
        "TWEE01",
        "Second-chance routes for young adults without a qualification",
        "Second-chance and adult education routes for 18-27 year olds without a basic "
        "qualification, combined with work and income support.",
        "OCW",
        ("system_level",),
        ("compensation",),
        ("targeted", "individualised"),
        ("disadvantaged",),
        ("second_chance", "vet"),
        ("regional", "local"),
        (
            "Regional second-chance offer mapped",
            "Flexible VET routes for adults",
            "Combined learning-work offer",
            "Second-chance outcomes review",
        ),
        ("RMC regions", "Municipalities", "UWV"),
        ("ESF_PLUS",),
        28.0,
        ("NL11", "NL42"),
    ),
    _Objective(
        "WELZ01",
        "Mental health and wellbeing support in schools",
        "School-based mental health support, cooperation with youth care and a wellbeing monitor.",
        "VWS",
        ("learners", "whole_school"),
        ("prevention", "intervention"),
        ("universal", "targeted"),
        ("mental_health",),
        ("lower_secondary", "vet"),
        ("national", "local"),
        (
            "Wellbeing guidance for schools",
            "Youth care contact person in every school",
            "Wellbeing monitor results",
            "Evaluation of school-based support",
        ),
        ("VWS", "OCW", "Municipalities"),
        (),
        18.0,
    ),
    _Objective(
        "GELIJK01",
        "Equal opportunities: school and community programmes",
        "Extended school day, homework support and parental involvement in neighbourhoods "
        "with many disadvantaged pupils.",
        "OCW",
        ("whole_school",),
        ("prevention", "compensation"),
        ("targeted",),
        ("disadvantaged", "migrant"),
        ("primary", "lower_secondary"),
        ("local", "school"),
        (
            "Extended school day pilots",
            "Parental involvement programme",
            "Programme in 500 schools",
            "Evaluation of extended school day",
            "Structural funding decision",
        ),
        ("Municipalities", "School boards", "OCW"),
        ("ERDF",),
        60.0,
        ("NL33",),
    ),
    _Objective(
        "SEGR01",
        "Reducing school segregation and early tracking effects",
        "Fair admission policies, broader school-advice classes and later selection options "
        "to limit the effects of early tracking.",
        "OCW",
        ("system_level", "governance"),
        ("prevention",),
        ("universal",),
        ("disadvantaged", "migrant"),
        ("primary", "lower_secondary"),
        ("national", "local"),
        (
            "Fair admission guidance",
            "Broad bridging classes available",
            "Segregation monitor",
            "Review of tracking age options",
        ),
        ("OCW", "Municipalities"),
        (),
        8.0,
    ),
    _Objective(
        "DATA01",
        "Early-warning and monitoring system on school success",
        "A national monitor linking absence, dropout, basic-skills results and wellbeing, "
        "published by region, with small-group suppression.",
        "OCW",
        ("data_monitoring",),
        ("prevention",),
        ("universal",),
        ("all_learners",),
        ("primary", "lower_secondary", "vet"),
        ("national", "regional"),
        (
            "Data protection impact assessment",
            "Absence registration standard",
            "Regional school success dashboard",
            "Early-warning indicators validated",
            "Monitor integrated in national statistics",
        ),
        ("DUO", "CBS", "OCW"),
        ("DIGITAL_EUROPE", "RRF"),
        10.0,
    ),
    _Objective(
        "GOV01",
        "Coordination of the strategy across ministries and governance levels",
        "An interministerial steering group and a national platform with regions, "
        "municipalities, school boards and youth organisations.",
        "OCW",
        ("governance",),
        ("prevention",),
        ("universal",),
        ("all_learners",),
        ("primary", "lower_secondary", "vet"),
        ("national",),
        (
            "Steering group installed",
            "Annual progress report to parliament",
            "Mid-term strategy review",
            "European Semester reporting",
            "Final evaluation",
        ),
        ("OCW", "VWS", "SZW"),
        ("TSI",),
        3.0,
    ),
)

# Deliberate late milestones: (objective code, milestone index) due before AS_OF, not completed.
LATE: dict[tuple[str, int], str] = {
    ("VSV01", 2): "delayed",
    ("LEES01", 1): "in_progress",
    ("LER01", 2): "delayed",
    ("PAS01", 2): "in_progress",
    ("PAS02", 1): "delayed",
    ("NIEUW01", 2): "not_started",
    ("DATA01", 1): "delayed",
    ("GELIJK01", 1): "in_progress",
}
NATIONAL_TARGETS = (
    ("ELET", 7.5, "VSV01"),
    ("LOWACH_READ", 20.0, "LEES01"),
    ("LOWACH_MATH", 18.0, "REK01"),
    ("LOWACH_SCI", 17.0, "NAT01"),
)
REGIONAL_TARGETS = (("ELET", "NL33", 8.0), ("ELET", "NL32", 7.5), ("ELET", "NL41", 6.5))
EU_FUND_SHARE = {
    "ESF_PLUS": 0.25,
    "RRF": 0.35,
    "ERASMUS_PLUS": 0.10,
    "ERDF": 0.15,
    "AMIF": 0.20,
    "DIGITAL_EUROPE": 0.20,
    "TSI": 0.30,
}
RRF_YEARS = range(2021, 2027)


def _due_dates(count: int, offset: int) -> list[dt.date]:
    """Spread ``count`` milestones over 2022-2030, shifted per objective."""
    first, last = dt.date(2022, 3, 31), dt.date(2030, 6, 30)
    span = (last - first).days
    out = []
    for i in range(count):
        day = first + dt.timedelta(days=int(span * (i + 0.15 * (offset % 5)) / max(count, 1)))
        out.append(
            dt.date(
                day.year,
                day.month,
                28 if day.month == 2 else 30 if day.month in (4, 6, 9, 11) else 31,
            )
        )
    return out


def _milestones(rng: random.Random) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for n, obj in enumerate(OBJECTIVES):
        for i, (title, due) in enumerate(
            zip(obj.milestones, _due_dates(len(obj.milestones), n), strict=True)
        ):
            status, completed = "not_started", None
            if (obj.code, i) in LATE:
                status = LATE[(obj.code, i)]
            elif due < AS_OF:
                status = "completed"
                completed = min(
                    due + dt.timedelta(days=rng.randint(-40, 60)), AS_OF - dt.timedelta(days=3)
                )
            elif due < dt.date(2028, 1, 1):
                status = "in_progress"
            region = obj.regions[i % len(obj.regions)] if obj.regions and i % 2 == 0 else None
            rows.append(
                {
                    "objective_code": obj.code,
                    "code": f"M{i + 1:02d}",
                    "title": title,
                    "due_date": due,
                    "status": status,
                    "completed_on": completed,
                    "responsible_body": obj.responsible[i % len(obj.responsible)],
                    "evidence_note": (
                        f"Illustrative: progress report {completed.year}" if completed else None
                    ),
                    "region": region,
                }
            )
    return rows


def _money(meur: float) -> Decimal:
    return (Decimal(str(round(meur, 4))) * Decimal(1_000_000)).quantize(Decimal("1000"))


def _budget(rng: random.Random) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    current = AS_OF.year
    for obj in OBJECTIVES:
        for year in range(PERIOD[0], PERIOD[1] + 1):
            growth = 1 + 0.03 * (year - PERIOD[0])
            sources = [("NATIONAL", obj.yearly_meur * growth)]
            for fund in obj.funds:
                if fund == "RRF" and year not in RRF_YEARS:
                    continue
                sources.append((fund, obj.yearly_meur * EU_FUND_SHARE[fund]))
            for source, meur in sources:
                planned = _money(meur)
                committed = spent = None
                if year <= current:
                    committed = _money(meur * (0.9 + rng.random() * 0.1))
                if year < current:
                    spent = _money(float(committed) / 1e6 * (0.8 + rng.random() * 0.2))  # type: ignore[arg-type]
                rows.append(
                    {
                        "objective_code": obj.code,
                        "year": year,
                        "funding_source": source,
                        "planned": planned,
                        "committed": committed,
                        "spent": spent,
                    }
                )
    return rows


def _targets() -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = [
        {
            "indicator": ind,
            "place": COUNTRY,
            "value": value,
            "year": 2030,
            "objective_code": obj,
            "note": "Illustrative national target",
        }
        for ind, value, obj in NATIONAL_TARGETS
    ]
    rows += [
        {
            "indicator": ind,
            "place": region,
            "value": value,
            "year": 2030,
            "objective_code": "VSV02",
            "note": "Illustrative regional target",
        }
        for ind, region, value in REGIONAL_TARGETS
    ]
    return rows


def example_content() -> StrategyContent:
    """The example strategy as template rows (deterministic)."""
    rng = random.Random(SEED)
    fields = {
        "country": COUNTRY,
        "title": TITLE,
        "version_note": "Example data for demonstration; not an official strategy.",
        "adopted_on": dt.date(2021, 6, 30),
        "period_start": PERIOD[0],
        "period_end": PERIOD[1],
        "status": "in_implementation",
        "coordination_body": "EXAMPLE: Interministerial steering group School Success (OCW, VWS, SZW)",
        "coordination_mechanism": (
            "EXAMPLE: a steering group of the ministries of education (OCW), health (VWS) and "
            "social affairs (SZW) meets quarterly; a national platform brings together the RMC "
            "regions, municipalities (VNG), school-board councils and youth organisations."
        ),
        "monitoring_arrangements": (
            "EXAMPLE: annual monitor of early school leaving (DUO/RMC data) and basic skills; "
            "PISA and the EU Labour Force Survey for the EU targets; mid-term review in 2026 and "
            "final evaluation in 2030."
        ),
        "summary": (
            "Illustrative example built for the Pathways Monitor demo. It combines prevention, "
            "intervention and compensation measures across all policy areas; it is not a policy "
            "document of the Dutch government."
        ),
        "is_example": "yes",
    }
    objectives = [
        {
            "code": o.code,
            "title": o.title,
            "description": o.description,
            "lead_body": o.lead,
            "policy_area": o.policy_area,
            "measure_type": o.measure_type,
            "reach": o.reach,
            "target_groups": o.target_groups,
            "education_levels": o.levels,
            "governance_level": o.governance,
        }
        for o in OBJECTIVES
    ]
    milestones = _milestones(rng)
    budget = _budget(rng)
    return StrategyContent(fields, objectives, milestones, budget, _targets())


def build_example_workbook(path: str | Path | IO[bytes], lang: str = "en") -> None:
    """Write the example strategy workbook (imports with zero problems)."""
    content = example_content()
    if lang == "nl":
        content.fields = {**content.fields, "is_example": "ja"}
    write_strategy_template(path, lang=lang, content=content)
