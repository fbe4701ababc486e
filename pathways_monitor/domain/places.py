"""Countries and aggregates known to the product, with Eurostat codes and English names.

NUTS regions (levels 1-3) come from the official NUTS 2016/2021/2024 lists in ``domain/data`` (see ``domain.nuts``);
this module holds level 0 and the aggregates Eurostat publishes. Single source of truth for
which places exist.

Each English name is a message id: the catalogs hold it in every other language (read it with
``domain.names.place_name``). NUTS region names are proper names, the same in every language.
"""

from __future__ import annotations

from dataclasses import dataclass

from pathways_monitor.core.translation import N_

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
    name_en: str  # message id
    group: str
    iso2: str  # ISO 3166-1 alpha-2 (GR, GB) for other tools


@dataclass(frozen=True)
class Aggregate:
    code: str
    name_en: str  # message id


AGGREGATES: tuple[Aggregate, ...] = (
    Aggregate("EU27_2020", N_("European Union - 27 countries (from 2020)")),
    Aggregate("EU28", N_("European Union - 28 countries (2013-2020)")),
    Aggregate("EU27_2007", N_("European Union - 27 countries (2007-2013)")),
    Aggregate("EU15", N_("European Union - 15 countries (1995-2004)")),
    Aggregate("EA", N_("Euro area (evolving composition)")),
    Aggregate("EA21", N_("Euro area - 21 countries (from 2026)")),
    Aggregate("EA20", N_("Euro area - 20 countries (2023-2025)")),
    Aggregate("EA19", N_("Euro area - 19 countries (2015-2022)")),
    Aggregate("EA18", N_("Euro area - 18 countries (2014)")),
    Aggregate("OECD", N_("OECD average")),
)

COUNTRIES: tuple[Country, ...] = (
    Country("BE", N_("Belgium"), EU27, "BE"),
    Country("BG", N_("Bulgaria"), EU27, "BG"),
    Country("CZ", N_("Czechia"), EU27, "CZ"),
    Country("DK", N_("Denmark"), EU27, "DK"),
    Country("DE", N_("Germany"), EU27, "DE"),
    Country("EE", N_("Estonia"), EU27, "EE"),
    Country("IE", N_("Ireland"), EU27, "IE"),
    Country("EL", N_("Greece"), EU27, "GR"),
    Country("ES", N_("Spain"), EU27, "ES"),
    Country("FR", N_("France"), EU27, "FR"),
    Country("HR", N_("Croatia"), EU27, "HR"),
    Country("IT", N_("Italy"), EU27, "IT"),
    Country("CY", N_("Cyprus"), EU27, "CY"),
    Country("LV", N_("Latvia"), EU27, "LV"),
    Country("LT", N_("Lithuania"), EU27, "LT"),
    Country("LU", N_("Luxembourg"), EU27, "LU"),
    Country("HU", N_("Hungary"), EU27, "HU"),
    Country("MT", N_("Malta"), EU27, "MT"),
    Country("NL", N_("Netherlands"), EU27, "NL"),
    Country("AT", N_("Austria"), EU27, "AT"),
    Country("PL", N_("Poland"), EU27, "PL"),
    Country("PT", N_("Portugal"), EU27, "PT"),
    Country("RO", N_("Romania"), EU27, "RO"),
    Country("SI", N_("Slovenia"), EU27, "SI"),
    Country("SK", N_("Slovakia"), EU27, "SK"),
    Country("FI", N_("Finland"), EU27, "FI"),
    Country("SE", N_("Sweden"), EU27, "SE"),
    Country("IS", N_("Iceland"), EFTA, "IS"),
    Country("LI", N_("Liechtenstein"), EFTA, "LI"),
    Country("NO", N_("Norway"), EFTA, "NO"),
    Country("CH", N_("Switzerland"), EFTA, "CH"),
    Country("AL", N_("Albania"), CANDIDATE, "AL"),
    Country("BA", N_("Bosnia and Herzegovina"), CANDIDATE, "BA"),
    Country("GE", N_("Georgia"), CANDIDATE, "GE"),
    Country("MD", N_("Moldova"), CANDIDATE, "MD"),
    Country("ME", N_("Montenegro"), CANDIDATE, "ME"),
    Country("MK", N_("North Macedonia"), CANDIDATE, "MK"),
    Country("RS", N_("Serbia"), CANDIDATE, "RS"),
    Country("TR", N_("Türkiye"), CANDIDATE, "TR"),
    Country("UA", N_("Ukraine"), CANDIDATE, "UA"),
    Country("XK", N_("Kosovo"), CANDIDATE, "XK"),
    Country("UK", N_("United Kingdom"), OTHER_EUROPE, "GB"),
    Country("RU", N_("Russia"), OTHER_EUROPE, "RU"),
    Country("US", N_("United States"), OECD_PARTNER, "US"),
    Country("JP", N_("Japan"), OECD_PARTNER, "JP"),
    Country("KR", N_("South Korea"), OECD_PARTNER, "KR"),
    Country("CA", N_("Canada"), OECD_PARTNER, "CA"),
    Country("AU", N_("Australia"), OECD_PARTNER, "AU"),
    Country("NZ", N_("New Zealand"), OECD_PARTNER, "NZ"),
    Country("MX", N_("Mexico"), OECD_PARTNER, "MX"),
    Country("CL", N_("Chile"), OECD_PARTNER, "CL"),
    Country("CO", N_("Colombia"), OECD_PARTNER, "CO"),
    Country("CR", N_("Costa Rica"), OECD_PARTNER, "CR"),
    Country("IL", N_("Israel"), OECD_PARTNER, "IL"),
)
COUNTRY_BY_CODE: dict[str, Country] = {c.code: c for c in COUNTRIES}
AGGREGATE_BY_CODE: dict[str, Aggregate] = {a.code: a for a in AGGREGATES}
EU27_CODES: tuple[str, ...] = tuple(c.code for c in COUNTRIES if c.group == EU27)
# Eurostat writes EL and UK; ISO writers (and people) bring GR and GB.
ISO_TO_EUROSTAT: dict[str, str] = {"GR": "EL", "GB": "UK"}
