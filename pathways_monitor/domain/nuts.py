"""NUTS regions (levels 1-3) known to the product, read from the shipped CSV files.

``data/nuts2016_codes_names.csv``, ``nuts2021_codes_names.csv`` and ``nuts2024_codes_names.csv``
are Eurostat's NUTS lists (with the statistical regions of the EFTA and candidate countries),
levels 0-3, names in the national language in Latin letters; ``nuts_extra_regions.csv`` holds
the few NUTS 2013 and 2010 codes that Eurostat's regional tables still publish; and
``nuts_correspondence.csv`` says which code became which between versions. Where each file came
from: ``data/README.md``.

Every code has one entry, with the name and version of the newest list it is in, NUTS 2021
first (the version of the boundaries the product draws): a code of NUTS 2021 is a 2021 region,
a code only in NUTS 2024 (NL35 Utrecht, NL36 Zuid-Holland, PT19, PT1A-PT1D ...) a 2024 region,
then 2016, 2013 and 2010.
"""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
NUTS2016_FILE = DATA_DIR / "nuts2016_codes_names.csv"
NUTS2021_FILE = DATA_DIR / "nuts2021_codes_names.csv"
NUTS2024_FILE = DATA_DIR / "nuts2024_codes_names.csv"
EXTRA_FILE = DATA_DIR / "nuts_extra_regions.csv"
CORRESPONDENCE_FILE = DATA_DIR / "nuts_correspondence.csv"

CURRENT_VERSION = "2021"
# A code in several lists takes the first of these that has it.
VERSION_PRECEDENCE: tuple[str, ...] = ("2021", "2024", "2016", "2013", "2010")
LIST_FILES: dict[str, Path] = {"2016": NUTS2016_FILE, "2021": NUTS2021_FILE, "2024": NUTS2024_FILE}


@dataclass(frozen=True)
class NutsRegion:
    code: str
    level: int
    country_code: str
    name: str
    version: str

    @property
    def parent_code(self) -> str:
        return self.code[:-1]


@dataclass(frozen=True)
class NutsChange:
    """One row of the correspondence: ``from_code`` (``from_version``) became, wholly or in
    part, ``to_code`` (``to_version``). ``change``: recoded, boundary_shift, split, merged or
    renamed (same code); ``basis``: how the pair was read from Eurostat's tables (official-row,
    official-adjacent, official-text) or derived from the level-3 regions (derived-level3)."""

    from_version: str
    from_code: str
    to_version: str
    to_code: str
    level: int
    change: str
    basis: str


def _read(path: Path, default_version: str) -> list[NutsRegion]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return [
        NutsRegion(
            code=r["nuts_id"].strip(),
            level=int(r["nuts_level"]),
            country_code=r["country_code"].strip(),
            name=r["name"].strip(),
            version=(r.get("nuts_version") or default_version).strip(),
        )
        for r in rows
    ]


@functools.cache
def nuts_list(version: str) -> tuple[NutsRegion, ...]:
    """The codes of one NUTS version as Eurostat lists them, levels 0-3 (for 2013 and 2010
    only the codes the product keeps), parents before children."""
    if version in LIST_FILES:
        regions = _read(LIST_FILES[version], version)
    else:
        regions = [r for r in _read(EXTRA_FILE, "") if r.version == version]
    return tuple(sorted(regions, key=lambda r: (r.level, r.code)))


@functools.cache
def nuts_regions() -> tuple[NutsRegion, ...]:
    """All regions (levels 1-3), parents before children, one entry per code: the name and
    version of the first list in VERSION_PRECEDENCE that has the code."""
    seen: dict[str, NutsRegion] = {}
    for version in VERSION_PRECEDENCE:
        for region in nuts_list(version):
            if region.level > 0:
                seen.setdefault(region.code, region)
    return tuple(sorted(seen.values(), key=lambda r: (r.level, r.code)))


@functools.cache
def _by_code() -> dict[str, NutsRegion]:
    return {r.code: r for r in nuts_regions()}


def nuts_region(code: str) -> NutsRegion | None:
    """The region a code names (its name and version), or None for an unknown code."""
    return _by_code().get(code.strip())


@functools.cache
def nuts_versions_of(code: str) -> tuple[str, ...]:
    """The NUTS versions whose list has ``code``, oldest first ('NL33': 2016, 2021)."""
    found = {r.version for v in VERSION_PRECEDENCE for r in nuts_list(v) if r.code == code}
    return tuple(sorted(found))


@functools.cache
def nuts_names_native() -> dict[str, str]:
    """Level 0 names in national languages (used as the country's native name)."""
    return {r.code: r.name for r in nuts_list(CURRENT_VERSION) if r.level == 0}


@functools.cache
def nuts_correspondence() -> tuple[NutsChange, ...]:
    """Every level 1-3 code that changed between consecutive versions (2016 -> 2021 and
    2021 -> 2024 in full; 2010 -> 2013 and 2013 -> 2016 for the older codes kept)."""
    if not CORRESPONDENCE_FILE.exists():
        return ()
    with CORRESPONDENCE_FILE.open(encoding="utf-8", newline="") as fh:
        return tuple(
            NutsChange(
                from_version=r["from_version"],
                from_code=r["from_code"],
                to_version=r["to_version"],
                to_code=r["to_code"],
                level=int(r["level"]),
                change=r["change"],
                basis=r["basis"],
            )
            for r in csv.DictReader(fh)
        )


def successors(code: str, from_version: str | None = None) -> tuple[str, ...]:
    """The codes of the next NUTS version that took over ``code`` wholly or in part
    ('NL31' -> ('NL35',), 'PT17' -> ('PT1A', 'PT1B')); () for a code that did not change."""
    return tuple(
        dict.fromkeys(
            c.to_code
            for c in nuts_correspondence()
            if c.from_code == code and from_version in (None, c.from_version)
        )
    )


def predecessors(code: str, to_version: str | None = None) -> tuple[str, ...]:
    """The codes of the previous NUTS version that ``code`` was made from ('NL36' -> ('NL33',),
    'PT1D' -> ('PT16', 'PT18')); () for a code that did not change."""
    return tuple(
        dict.fromkeys(
            c.from_code
            for c in nuts_correspondence()
            if c.to_code == code and to_version in (None, c.to_version)
        )
    )
