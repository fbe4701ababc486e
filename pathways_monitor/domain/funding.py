"""Funding sources named by the Recommendation (point 4, annex 1i): the single source of truth."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FundingSource:
    code: str
    name_en: str
    name_nl: str
    is_eu: bool


FUNDING_SOURCES: tuple[FundingSource, ...] = (
    FundingSource("NATIONAL", "National budget", "Nationale begroting", False),
    FundingSource("REGIONAL", "Regional or local budget", "Regionale of lokale begroting", False),
    FundingSource("ERASMUS_PLUS", "Erasmus+", "Erasmus+", True),
    FundingSource(
        "RRF", "Recovery and Resilience Facility", "Herstel- en veerkrachtfaciliteit", True
    ),
    FundingSource("ESF_PLUS", "European Social Fund Plus", "Europees Sociaal Fonds Plus", True),
    FundingSource(
        "ERDF",
        "European Regional Development Fund",
        "Europees Fonds voor Regionale Ontwikkeling",
        True,
    ),
    FundingSource("DIGITAL_EUROPE", "Digital Europe Programme", "Programma Digitaal Europa", True),
    FundingSource("HORIZON_EUROPE", "Horizon Europe", "Horizon Europa", True),
    FundingSource(
        "TSI", "Technical Support Instrument", "Instrument voor technische ondersteuning", True
    ),
    FundingSource(
        "AMIF",
        "Asylum, Migration and Integration Fund",
        "Fonds voor asiel, migratie en integratie",
        True,
    ),
    FundingSource(
        "CEF2",
        "Connecting Europe Facility",
        "Financieringsinstrument voor Europese verbindingen",
        True,
    ),
    FundingSource("OTHER", "Other", "Overig", False),
)
FUNDING_BY_CODE: dict[str, FundingSource] = {f.code: f for f in FUNDING_SOURCES}
