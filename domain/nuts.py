"""NUTS regions (levels 1-3) known to the product, read from the shipped CSV files.

``nuts2021_codes_names.csv`` is Eurostat's NUTS 2021 list (national-language names);
``nuts_extra_regions.csv`` adds the 2013/2016/2024 and non-EU statistical-region codes that
Eurostat's regional tables still publish, each with its NUTS version.
"""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
NUTS2021_FILE = DATA_DIR / "nuts2021_codes_names.csv"
EXTRA_FILE = DATA_DIR / "nuts_extra_regions.csv"


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


def _read(path: Path, default_version: str) -> list[NutsRegion]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    out = []
    for r in rows:
        level = int(r["nuts_level"])
        if level == 0:
            continue
        out.append(
            NutsRegion(
                code=r["nuts_id"].strip(),
                level=level,
                country_code=r["country_code"].strip(),
                name=r["name"].strip(),
                version=(r.get("nuts_version") or default_version).strip(),
            )
        )
    return out


@functools.cache
def nuts_regions() -> tuple[NutsRegion, ...]:
    """All regions, parents before children, one entry per code (NUTS 2021 wins)."""
    seen: dict[str, NutsRegion] = {}
    for region in _read(NUTS2021_FILE, "2021") + _read(EXTRA_FILE, "2016"):
        seen.setdefault(region.code, region)
    return tuple(sorted(seen.values(), key=lambda r: (r.level, r.code)))


@functools.cache
def nuts_names_native() -> dict[str, str]:
    """Level 0 names in national languages (used as the country's native name)."""
    with NUTS2021_FILE.open(encoding="utf-8", newline="") as fh:
        return {r["nuts_id"]: r["name"] for r in csv.DictReader(fh) if r["nuts_level"] == "0"}
