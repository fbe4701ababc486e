"""The tagging taxonomy for objectives and measures (DOMAIN.md, "Taxonomy").

This module is the single source of truth: the database's reference table, the upload
templates' drop-downs and the importers' validation are all filled from ``TAXONOMY``. Labels are
English message ids; the catalogs hold every other language (``domain.names.term_label``).
"""

from __future__ import annotations

from dataclasses import dataclass

from pathways_monitor.core.translation import N_


@dataclass(frozen=True)
class Term:
    """One allowed value of a taxonomy dimension, with its English label (a message id)."""

    code: str
    label_en: str  # message id


@dataclass(frozen=True)
class Dimension:
    """A taxonomy dimension; ``multiple`` says whether an objective may carry several terms."""

    code: str
    label_en: str  # message id
    multiple: bool
    required: bool
    terms: tuple[Term, ...]

    def codes(self) -> tuple[str, ...]:
        return tuple(t.code for t in self.terms)


POLICY_AREA = Dimension(
    "policy_area",
    N_("Policy area"),
    multiple=True,
    required=True,
    terms=(
        Term("learners", N_("Support for learners")),
        Term("school_staff", N_("School leaders, teachers and staff")),
        Term("whole_school", N_("Whole-school approach")),
        Term("system_level", N_("System-level measures")),
        Term("governance", N_("Governance and coordination")),
        Term("data_monitoring", N_("Data and monitoring")),
    ),
)

MEASURE_TYPE = Dimension(
    "measure_type",
    N_("Measure type"),
    multiple=True,
    required=True,
    terms=(
        Term("prevention", N_("Prevention")),
        Term("intervention", N_("Intervention")),
        Term("compensation", N_("Compensation")),
    ),
)

REACH = Dimension(
    "reach",
    N_("Reach"),
    multiple=True,
    required=True,
    terms=(
        Term("universal", N_("Universal (all learners)")),
        Term("targeted", N_("Targeted (groups)")),
        Term("individualised", N_("Individualised")),
    ),
)

TARGET_GROUP = Dimension(
    "target_group",
    N_("Target group"),
    multiple=True,
    required=False,
    terms=(
        Term("all_learners", N_("All learners")),
        Term("disadvantaged", N_("Socio-economically disadvantaged")),
        Term("migrant", N_("Migrant background")),
        Term("refugee", N_("Refugees and newly arrived")),
        Term("roma", N_("Roma")),
        Term("disability", N_("Learners with disabilities")),
        Term("sen", N_("Special educational needs")),
        Term("mental_health", N_("Mental health problems")),
        Term("remote", N_("Isolated, insular, remote or outermost regions")),
        Term("boys", N_("Boys")),
        Term("girls", N_("Girls")),
    ),
)

EDUCATION_LEVEL = Dimension(
    "education_level",
    N_("Education level"),
    multiple=True,
    required=False,
    terms=(
        Term("ecec", N_("Early childhood education and care")),
        Term("primary", N_("Primary")),
        Term("lower_secondary", N_("Lower secondary")),
        Term("upper_secondary", N_("Upper secondary (general)")),
        Term("vet", N_("Vocational education and training")),
        Term("second_chance", N_("Second-chance and adult education")),
        Term("ite", N_("Initial teacher education")),
    ),
)

GOVERNANCE_LEVEL = Dimension(
    "governance_level",
    N_("Governance level"),
    multiple=True,
    required=True,
    terms=(
        Term("national", N_("National")),
        Term("regional", N_("Regional")),
        Term("local", N_("Local")),
        Term("school", N_("School")),
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
