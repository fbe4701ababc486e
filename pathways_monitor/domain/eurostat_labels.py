"""English labels Eurostat writes in its exports, mapped back to codes.

The data browser and the older database export can name places and dimension values by label
("Netherlands", "Euro area – 20 countries (from 2023)", "Females") instead of by code. These
maps turn them back into the codes the product stores. Places come from ``domain.places`` plus
Eurostat's own spellings and the NUTS names shipped in ``domain/data``.
"""

from __future__ import annotations

import csv
import functools
import re
from pathlib import Path

from pathways_monitor.domain.eurostat_datasets import DATASETS, DIMENSION_IDS
from pathways_monitor.domain.places import AGGREGATES, COUNTRIES, ISO_TO_EUROSTAT

DATA_DIR = Path(__file__).resolve().parent / "data"
NUTS_FILES: tuple[tuple[Path, str], ...] = (
    (DATA_DIR / "nuts2021_codes_names.csv", "2021"),
    (DATA_DIR / "nuts2024_codes_names.csv", "2024"),
    (DATA_DIR / "nuts2016_codes_names.csv", "2016"),
    (DATA_DIR / "nuts_extra_regions.csv", "2013"),  # has its own nuts_version column
)

# Spellings Eurostat uses (or used) that differ from the names in domain.places.
PLACE_SPELLINGS: dict[str, str] = {
    "Germany (until 1990 former territory of the FRG)": "DE",
    "Germany (including former GDR)": "DE",
    "Czech Republic": "CZ",
    "Turkey": "TR",
    "Kosovo*": "XK",
    "Kosovo (under United Nations Security Council Resolution 1244/99)": "XK",
    "Former Yugoslav Republic of Macedonia, the": "MK",
    "Former Yugoslav Republic of Macedonia": "MK",
    "North Macedonia (from 2019)": "MK",
    "Republic of Moldova": "MD",
    "Moldova, Republic of": "MD",
    "Russian Federation": "RU",
    "United States of America": "US",
    "Korea, Republic of": "KR",
    "Republic of Korea": "KR",
    "Türkiye (from 2022)": "TR",
    "European Union - 27 countries (from 2020)": "EU27_2020",
    "European Union (EU6-1958, EU9-1973, EU10-1981, EU12-1986, EU15-1995, EU25-2004, "
    "EU27-2007, EU28-2013, EU27-2020)": "EU27_2020",
    "European Union - 28 countries": "EU28",
    "European Union - 28 countries (2013-2020)": "EU28",
    "European Union - 27 countries (2007-2013)": "EU27_2007",
    "European Union - 15 countries (1995-2004)": "EU15",
    "Euro area - 21 countries (from 2026)": "EA21",
    "Euro area - 20 countries (from 2023)": "EA20",
    "Euro area - 20 countries (2023-2025)": "EA20",
    "Euro area - 19 countries (2015-2022)": "EA19",
    "Euro area - 19 countries (from 2015)": "EA19",
    "Euro area - 18 countries (2014)": "EA18",
    "Euro area (EA11-1999, EA12-2001, EA13-2007, EA15-2008, EA16-2009, EA17-2011, "
    "EA18-2014, EA19-2015, EA20-2023)": "EA",
    "Euro area (EA11-1999, EA12-2001, EA13-2007, EA15-2008, EA16-2009, EA17-2011, "
    "EA18-2014, EA19-2015, EA20-2023, EA21-2026)": "EA",
    "OECD - Total": "OECD",
}


def normalise_label(label: str) -> str:
    """Case, dash and whitespace variants of one label compare equal ("Euro area – 20")."""
    text = re.sub(r"[\u2010-\u2015\u2212]", "-", str(label))
    text = text.replace("\u00a0", " ").replace("\u202f", " ")
    return re.sub(r"\s+", " ", text).strip().casefold()


def _read_nuts(path: Path, default_version: str) -> list[tuple[str, int, str, str]]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        return [
            (
                r["nuts_id"].strip(),
                int(r["nuts_level"]),
                r["name"].strip(),
                (r.get("nuts_version") or default_version).strip(),
            )
            for r in csv.DictReader(fh)
        ]


@functools.cache
def place_label_candidates() -> dict[str, tuple[str, ...]]:
    """Normalised label -> the codes it may name, most likely first.

    English names and Eurostat spellings win; then NUTS names by level (a country before its
    identically named level-1 region) and NUTS 2021 before older or newer versions.
    """
    ranked: dict[str, list[tuple[tuple[int, int, int], str]]] = {}

    def add(label: str, code: str, rank: tuple[int, int, int]) -> None:
        ranked.setdefault(normalise_label(label), []).append((rank, code))

    for country in COUNTRIES:
        add(country.name_en, country.code, (0, 0, 0))
    for aggregate in AGGREGATES:
        add(aggregate.name_en, aggregate.code, (0, 0, 0))
    for label, code in PLACE_SPELLINGS.items():
        add(label, code, (0, 0, 1))
    for file_rank, (path, version) in enumerate(NUTS_FILES):
        for code, level, name, _ in _read_nuts(path, version):
            add(name, code, (1, level, file_rank))
    out: dict[str, tuple[str, ...]] = {}
    for label, entries in ranked.items():
        codes: list[str] = []
        for _, code in sorted(entries):
            if code not in codes:
                codes.append(code)
        out[label] = tuple(codes)
    return out


@functools.cache
def nuts_level_of() -> dict[str, int]:
    """NUTS level of every shipped code (countries and aggregates are level 0)."""
    levels = {c.code: 0 for c in COUNTRIES} | {a.code: 0 for a in AGGREGATES}
    for path, version in NUTS_FILES:
        for code, level, _, _ in _read_nuts(path, version):
            levels.setdefault(code, level)
    return levels


@functools.cache
def _dimension_lookup() -> dict[str, dict[str, str]]:
    """Dimension id -> normalised English label -> code, from the dataset tables."""
    out: dict[str, dict[str, str]] = {}
    for table in DATASETS:
        for dim in table.dimensions:
            for dim_id in (dim.id, *dim.aliases):
                labels = out.setdefault(dim_id, {})
                for value in dim.values:
                    for label in (*value.labels, value.code, *value.aliases):
                        labels.setdefault(normalise_label(label), value.code)
    return out


def dimension_code(dim: str, value: str) -> str:
    """The code for a dimension value given as code or English label; unknown labels unchanged."""
    text = str(value).strip()
    return _dimension_lookup().get(dim, {}).get(normalise_label(text), text)


def dimension_key(key: str) -> str | None:
    """The dimension a data-browser metadata key names ("Country of citizenship" -> citizen)."""
    return DIMENSION_IDS.get(normalise_label(key).rstrip(":").strip())


@functools.cache
def iso3_to_eurostat() -> dict[str, str]:
    """ISO 3166 alpha-3 (as the OECD writes places) -> the Eurostat code of a known country.

    Uses pycountry for the ISO table; Eurostat's own exceptions (EL, UK, XK) come from
    ``domain.places``. Codes of places this product does not track are absent.
    """
    import pycountry

    known = {c.code for c in COUNTRIES}
    out: dict[str, str] = {}
    for country in pycountry.countries:
        code = ISO_TO_EUROSTAT.get(country.alpha_2, country.alpha_2)
        if code in known:
            out[country.alpha_3] = code
    if "XK" in known:
        out["XKX"] = "XK"  # Kosovo: a user-assigned ISO code, as the OECD writes it
    return out
