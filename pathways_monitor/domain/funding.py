"""Funding sources named by the Recommendation (point 4, annex 1i): the single source of truth.

Names are English message ids; the catalogs hold every other language
(``domain.names.funding_name``).
"""

from __future__ import annotations

from dataclasses import dataclass

from pathways_monitor.core.translation import N_


@dataclass(frozen=True)
class FundingSource:
    code: str
    name_en: str  # message id
    is_eu: bool


FUNDING_SOURCES: tuple[FundingSource, ...] = (
    FundingSource("NATIONAL", N_("National budget"), False),
    FundingSource("REGIONAL", N_("Regional or local budget"), False),
    FundingSource("ERASMUS_PLUS", N_("Erasmus+"), True),
    FundingSource("RRF", N_("Recovery and Resilience Facility"), True),
    FundingSource("ESF_PLUS", N_("European Social Fund Plus"), True),
    FundingSource("ERDF", N_("European Regional Development Fund"), True),
    FundingSource("DIGITAL_EUROPE", N_("Digital Europe Programme"), True),
    FundingSource("HORIZON_EUROPE", N_("Horizon Europe"), True),
    FundingSource("TSI", N_("Technical Support Instrument"), True),
    FundingSource("AMIF", N_("Asylum, Migration and Integration Fund"), True),
    FundingSource("CEF2", N_("Connecting Europe Facility"), True),
    FundingSource("OTHER", N_("Other"), False),
)
FUNDING_BY_CODE: dict[str, FundingSource] = {f.code: f for f in FUNDING_SOURCES}
