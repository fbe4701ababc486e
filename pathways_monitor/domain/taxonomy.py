"""The tagging taxonomy for objectives and measures (DOMAIN.md, "Taxonomy").

This module is the single source of truth: the database's reference table, the upload
templates' drop-downs and the importers' validation are all filled from ``TAXONOMY``.
"""

from __future__ import annotations

from dataclasses import dataclass

from pathways_monitor.core.translation import N_


@dataclass(frozen=True)
class Term:
    """One allowed value of a taxonomy dimension, with its English and Dutch label."""

    code: str
    label_en: str
    label_nl: str


@dataclass(frozen=True)
class Dimension:
    """A taxonomy dimension; ``multiple`` says whether an objective may carry several terms."""

    code: str
    label_en: str
    label_nl: str
    multiple: bool
    required: bool
    terms: tuple[Term, ...]

    def codes(self) -> tuple[str, ...]:
        return tuple(t.code for t in self.terms)


POLICY_AREA = Dimension(
    "policy_area",
    "Policy area",
    "Beleidsterrein",
    multiple=True,
    required=True,
    terms=(
        Term("learners", "Support for learners", "Ondersteuning van leerlingen"),
        Term(
            "school_staff",
            "School leaders, teachers and staff",
            "Schoolleiders, leraren en personeel",
        ),
        Term("whole_school", "Whole-school approach", "Schoolbrede aanpak"),
        Term("system_level", "System-level measures", "Maatregelen op systeemniveau"),
        Term("governance", "Governance and coordination", "Bestuur en coördinatie"),
        Term("data_monitoring", "Data and monitoring", "Gegevens en monitoring"),
    ),
)

MEASURE_TYPE = Dimension(
    "measure_type",
    "Measure type",
    "Type maatregel",
    multiple=True,
    required=True,
    terms=(
        Term("prevention", "Prevention", "Preventie"),
        Term("intervention", "Intervention", "Interventie"),
        Term("compensation", "Compensation", "Compensatie"),
    ),
)

REACH = Dimension(
    "reach",
    "Reach",
    "Bereik",
    multiple=True,
    required=True,
    terms=(
        Term("universal", "Universal (all learners)", "Universeel (alle leerlingen)"),
        Term("targeted", "Targeted (groups)", "Gericht (groepen)"),
        Term("individualised", "Individualised", "Individueel"),
    ),
)

TARGET_GROUP = Dimension(
    "target_group",
    "Target group",
    "Doelgroep",
    multiple=True,
    required=False,
    terms=(
        Term("all_learners", "All learners", "Alle leerlingen"),
        Term(
            "disadvantaged", "Socio-economically disadvantaged", "Sociaaleconomisch achtergesteld"
        ),
        Term("migrant", "Migrant background", "Migratieachtergrond"),
        Term("refugee", "Refugees and newly arrived", "Vluchtelingen en nieuwkomers"),
        Term("roma", "Roma", "Roma"),
        Term("disability", "Learners with disabilities", "Leerlingen met een beperking"),
        Term("sen", "Special educational needs", "Specifieke onderwijsbehoeften"),
        Term("mental_health", "Mental health problems", "Psychische problemen"),
        Term(
            "remote",
            "Isolated, insular, remote or outermost regions",
            "Geïsoleerde, insulaire, afgelegen of ultraperifere gebieden",
        ),
        Term("boys", "Boys", "Jongens"),
        Term("girls", "Girls", "Meisjes"),
    ),
)

EDUCATION_LEVEL = Dimension(
    "education_level",
    "Education level",
    "Onderwijsniveau",
    multiple=True,
    required=False,
    terms=(
        Term("ecec", "Early childhood education and care", "Voor- en vroegschoolse educatie"),
        Term("primary", "Primary", "Primair onderwijs"),
        Term("lower_secondary", "Lower secondary", "Lager secundair onderwijs"),
        Term(
            "upper_secondary", "Upper secondary (general)", "Hoger secundair onderwijs (algemeen)"
        ),
        Term("vet", "Vocational education and training", "Beroepsonderwijs"),
        Term(
            "second_chance",
            "Second-chance and adult education",
            "Tweedekansonderwijs en volwassenenonderwijs",
        ),
        Term("ite", "Initial teacher education", "Lerarenopleiding"),
    ),
)

GOVERNANCE_LEVEL = Dimension(
    "governance_level",
    "Governance level",
    "Bestuursniveau",
    multiple=True,
    required=True,
    terms=(
        Term("national", "National", "Nationaal"),
        Term("regional", "Regional", "Regionaal"),
        Term("local", "Local", "Lokaal"),
        Term("school", "School", "School"),
    ),
)

TAXONOMY: tuple[Dimension, ...] = (
    POLICY_AREA,
    MEASURE_TYPE,
    REACH,
    TARGET_GROUP,
    EDUCATION_LEVEL,
    GOVERNANCE_LEVEL,
)
DIMENSIONS: dict[str, Dimension] = {d.code: d for d in TAXONOMY}

# Statuses are closed vocabularies too; the database CHECKs are generated from these tuples.
STRATEGY_STATUSES: tuple[str, ...] = (
    "draft",
    "adopted",
    "in_implementation",
    "under_revision",
    "completed",
)
MILESTONE_STATUSES: tuple[str, ...] = (
    "not_started",
    "in_progress",
    "completed",
    "delayed",
    "cancelled",
)
MILESTONE_STATUS_LABELS: dict[str, tuple[str, str]] = {
    "not_started": ("Not started", "Niet gestart"),
    "in_progress": ("In progress", "Bezig"),
    "completed": ("Completed", "Afgerond"),
    "delayed": ("Delayed", "Vertraagd"),
    "cancelled": ("Cancelled", "Geannuleerd"),
}
# The label of each status as a message id (the catalogs hold every language's wording); the
# English/Dutch pairs above are the spellings an upload may use.
MILESTONE_STATUS_NAMES: dict[str, str] = {
    "not_started": N_("Not started"),
    "in_progress": N_("In progress"),
    "completed": N_("Completed"),
    "delayed": N_("Delayed"),
    "cancelled": N_("Cancelled"),
}
STRATEGY_STATUS_NAMES: dict[str, str] = {
    "draft": N_("Draft"),
    "adopted": N_("Adopted"),
    "in_implementation": N_("In implementation"),
    "under_revision": N_("Under revision"),
    "completed": N_("Completed"),
}
assert set(MILESTONE_STATUS_NAMES) == set(MILESTONE_STATUSES)
assert set(STRATEGY_STATUS_NAMES) == set(STRATEGY_STATUSES)
OPEN_MILESTONE_STATUSES: tuple[str, ...] = ("not_started", "in_progress", "delayed")
