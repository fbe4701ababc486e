"""Countries and aggregates known to the product, with Eurostat codes and English/Dutch names.

NUTS regions (levels 1-3) come from the official NUTS 2016/2021/2024 lists in ``domain/data`` (see ``domain.nuts``);
this module holds level 0 and the aggregates Eurostat publishes. Single source of truth for
which places exist.
"""

from __future__ import annotations

from dataclasses import dataclass

EU27 = "eu27"
EFTA = "efta"
CANDIDATE = "candidate"
OTHER_EUROPE = "other_europe"
OECD_PARTNER = "oecd_partner"
AGGREGATE = "aggregate"
PLACE_GROUPS: tuple[str, ...] = (EU27, EFTA, CANDIDATE, OTHER_EUROPE, OECD_PARTNER, AGGREGATE)


@dataclass(frozen=True)
class Country:
    code: str  # Eurostat code: EL for Greece, UK for the United Kingdom
    name_en: str
    name_nl: str
    group: str
    iso2: str  # ISO 3166-1 alpha-2 (GR, GB) for other tools


@dataclass(frozen=True)
class Aggregate:
    code: str
    name_en: str
    name_nl: str


AGGREGATES: tuple[Aggregate, ...] = (
    Aggregate(
        "EU27_2020",
        "European Union - 27 countries (from 2020)",
        "Europese Unie - 27 landen (vanaf 2020)",
    ),
    Aggregate(
        "EU28", "European Union - 28 countries (2013-2020)", "Europese Unie - 28 landen (2013-2020)"
    ),
    Aggregate(
        "EU27_2007",
        "European Union - 27 countries (2007-2013)",
        "Europese Unie - 27 landen (2007-2013)",
    ),
    Aggregate(
        "EU15", "European Union - 15 countries (1995-2004)", "Europese Unie - 15 landen (1995-2004)"
    ),
    Aggregate("EA", "Euro area (evolving composition)", "Eurozone (wisselende samenstelling)"),
    Aggregate("EA21", "Euro area - 21 countries (from 2026)", "Eurozone - 21 landen (vanaf 2026)"),
    Aggregate("EA20", "Euro area - 20 countries (2023-2025)", "Eurozone - 20 landen (2023-2025)"),
    Aggregate("EA19", "Euro area - 19 countries (2015-2022)", "Eurozone - 19 landen (2015-2022)"),
    Aggregate("EA18", "Euro area - 18 countries (2014)", "Eurozone - 18 landen (2014)"),
    Aggregate("OECD", "OECD average", "OESO-gemiddelde"),
)

COUNTRIES: tuple[Country, ...] = (
    Country("BE", "Belgium", "België", EU27, "BE"),
    Country("BG", "Bulgaria", "Bulgarije", EU27, "BG"),
    Country("CZ", "Czechia", "Tsjechië", EU27, "CZ"),
    Country("DK", "Denmark", "Denemarken", EU27, "DK"),
    Country("DE", "Germany", "Duitsland", EU27, "DE"),
    Country("EE", "Estonia", "Estland", EU27, "EE"),
    Country("IE", "Ireland", "Ierland", EU27, "IE"),
    Country("EL", "Greece", "Griekenland", EU27, "GR"),
    Country("ES", "Spain", "Spanje", EU27, "ES"),
    Country("FR", "France", "Frankrijk", EU27, "FR"),
    Country("HR", "Croatia", "Kroatië", EU27, "HR"),
    Country("IT", "Italy", "Italië", EU27, "IT"),
    Country("CY", "Cyprus", "Cyprus", EU27, "CY"),
    Country("LV", "Latvia", "Letland", EU27, "LV"),
    Country("LT", "Lithuania", "Litouwen", EU27, "LT"),
    Country("LU", "Luxembourg", "Luxemburg", EU27, "LU"),
    Country("HU", "Hungary", "Hongarije", EU27, "HU"),
    Country("MT", "Malta", "Malta", EU27, "MT"),
    Country("NL", "Netherlands", "Nederland", EU27, "NL"),
    Country("AT", "Austria", "Oostenrijk", EU27, "AT"),
    Country("PL", "Poland", "Polen", EU27, "PL"),
    Country("PT", "Portugal", "Portugal", EU27, "PT"),
    Country("RO", "Romania", "Roemenië", EU27, "RO"),
    Country("SI", "Slovenia", "Slovenië", EU27, "SI"),
    Country("SK", "Slovakia", "Slowakije", EU27, "SK"),
    Country("FI", "Finland", "Finland", EU27, "FI"),
    Country("SE", "Sweden", "Zweden", EU27, "SE"),
    Country("IS", "Iceland", "IJsland", EFTA, "IS"),
    Country("LI", "Liechtenstein", "Liechtenstein", EFTA, "LI"),
    Country("NO", "Norway", "Noorwegen", EFTA, "NO"),
    Country("CH", "Switzerland", "Zwitserland", EFTA, "CH"),
    Country("AL", "Albania", "Albanië", CANDIDATE, "AL"),
    Country("BA", "Bosnia and Herzegovina", "Bosnië en Herzegovina", CANDIDATE, "BA"),
    Country("GE", "Georgia", "Georgië", CANDIDATE, "GE"),
    Country("MD", "Moldova", "Moldavië", CANDIDATE, "MD"),
    Country("ME", "Montenegro", "Montenegro", CANDIDATE, "ME"),
    Country("MK", "North Macedonia", "Noord-Macedonië", CANDIDATE, "MK"),
    Country("RS", "Serbia", "Servië", CANDIDATE, "RS"),
    Country("TR", "Türkiye", "Turkije", CANDIDATE, "TR"),
    Country("UA", "Ukraine", "Oekraïne", CANDIDATE, "UA"),
    Country("XK", "Kosovo", "Kosovo", CANDIDATE, "XK"),
    Country("UK", "United Kingdom", "Verenigd Koninkrijk", OTHER_EUROPE, "GB"),
    Country("RU", "Russia", "Rusland", OTHER_EUROPE, "RU"),
    Country("US", "United States", "Verenigde Staten", OECD_PARTNER, "US"),
    Country("JP", "Japan", "Japan", OECD_PARTNER, "JP"),
    Country("KR", "South Korea", "Zuid-Korea", OECD_PARTNER, "KR"),
    Country("CA", "Canada", "Canada", OECD_PARTNER, "CA"),
    Country("AU", "Australia", "Australië", OECD_PARTNER, "AU"),
    Country("NZ", "New Zealand", "Nieuw-Zeeland", OECD_PARTNER, "NZ"),
    Country("MX", "Mexico", "Mexico", OECD_PARTNER, "MX"),
    Country("CL", "Chile", "Chili", OECD_PARTNER, "CL"),
    Country("CO", "Colombia", "Colombia", OECD_PARTNER, "CO"),
    Country("CR", "Costa Rica", "Costa Rica", OECD_PARTNER, "CR"),
    Country("IL", "Israel", "Israël", OECD_PARTNER, "IL"),
)
COUNTRY_BY_CODE: dict[str, Country] = {c.code: c for c in COUNTRIES}
AGGREGATE_BY_CODE: dict[str, Aggregate] = {a.code: a for a in AGGREGATES}
EU27_CODES: tuple[str, ...] = tuple(c.code for c in COUNTRIES if c.group == EU27)
# Eurostat writes EL and UK; ISO writers (and people) bring GR and GB.
ISO_TO_EUROSTAT: dict[str, str] = {"GR": "EL", "GB": "UK"}
