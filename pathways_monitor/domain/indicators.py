"""Canonical indicators and the EU-level 2030 targets: the single source of truth.

Source: Council Recommendation on Pathways to School Success (2022), recital 4, and the Council
Resolution on the strategic framework for the European Education Area (2021-2030).

Names and definitions are English message ids; the catalogs hold every other language
(``domain.names.indicator_name``).
"""

from __future__ import annotations

from dataclasses import dataclass

from pathways_monitor.core.translation import N_

LOWER_IS_BETTER = "lower_is_better"
HIGHER_IS_BETTER = "higher_is_better"
DIRECTIONS: tuple[str, ...] = (LOWER_IS_BETTER, HIGHER_IS_BETTER)

UNIT_PERCENT = "percent"
UNITS: tuple[str, ...] = (UNIT_PERCENT, "number", "rate", "score", "eur", "ratio", "index")

EU_AGGREGATE = "EU27_2020"
TARGET_YEAR = 2030


@dataclass(frozen=True)
class IndicatorDef:
    code: str
    name_en: str  # message id
    unit: str
    direction: str
    definition_en: str  # message id
    source: str
    eu_target: float | None
    eu_target_year: int | None
    # None follows the direction: "lt" (met when strictly below) for lower-is-better,
    # "gt" for higher-is-better.
    target_operator: str | None = None

    @property
    def operator(self) -> str:
        if self.target_operator:
            return self.target_operator
        return "lt" if self.direction == LOWER_IS_BETTER else "gt"


INDICATORS: tuple[IndicatorDef, ...] = (
    IndicatorDef(
        code="ELET",
        name_en=N_("Early leavers from education and training"),
        unit=UNIT_PERCENT,
        direction=LOWER_IS_BETTER,
        definition_en=N_(
            "Share of 18-24 year olds with at most lower secondary education (ISCED 2011 levels "
            "0-2) who were not in formal or non-formal education or training in the four weeks "
            "before the EU Labour Force Survey."
        ),
        source="Eurostat edat_lfse_14, edat_lfse_16, sdg_04_10 (EU Labour Force Survey)",
        eu_target=9.0,
        eu_target_year=TARGET_YEAR,
    ),
    IndicatorDef(
        code="LOWACH_READ",
        name_en=N_("Low achievement in reading (15-year-olds)"),
        unit=UNIT_PERCENT,
        direction=LOWER_IS_BETTER,
        definition_en=N_(
            "Share of 15-year-olds below proficiency Level 2 on the OECD PISA reading scale."
        ),
        source="OECD PISA via Eurostat sdg_04_40",
        eu_target=15.0,
        eu_target_year=TARGET_YEAR,
    ),
    IndicatorDef(
        code="LOWACH_MATH",
        name_en=N_("Low achievement in mathematics (15-year-olds)"),
        unit=UNIT_PERCENT,
        direction=LOWER_IS_BETTER,
        definition_en=N_(
            "Share of 15-year-olds below proficiency Level 2 on the OECD PISA mathematics scale."
        ),
        source="OECD PISA via Eurostat sdg_04_40",
        eu_target=15.0,
        eu_target_year=TARGET_YEAR,
    ),
    IndicatorDef(
        code="LOWACH_SCI",
        name_en=N_("Low achievement in science (15-year-olds)"),
        unit=UNIT_PERCENT,
        direction=LOWER_IS_BETTER,
        definition_en=N_(
            "Share of 15-year-olds below proficiency Level 2 on the OECD PISA science scale."
        ),
        source="OECD PISA via Eurostat sdg_04_40",
        eu_target=15.0,
        eu_target_year=TARGET_YEAR,
    ),
)
INDICATOR_BY_CODE: dict[str, IndicatorDef] = {i.code: i for i in INDICATORS}
CANONICAL_CODES: tuple[str, ...] = tuple(INDICATOR_BY_CODE)
PISA_CODES: tuple[str, ...] = ("LOWACH_READ", "LOWACH_MATH", "LOWACH_SCI")


# Datasets the importers map onto the canonical indicators (attribution in exports); the
# tables themselves live in domain.eurostat_datasets.
def _published_datasets() -> frozenset[str]:
    from pathways_monitor.domain.eurostat_datasets import DATASETS

    return frozenset(d.code for d in DATASETS if d.publisher == "Eurostat")


EUROSTAT_DATASETS: frozenset[str] = _published_datasets()
