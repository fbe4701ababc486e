"""NUTS codes and names (domain.nuts): spot checks read off by hand, one name per code and level
within a version, the lists against GISCO's boundary files (an independent publication), every
code of the regional Eurostat table resolved, the correspondence between versions, and the
reference loader correcting names and versions in an existing database."""

from __future__ import annotations

import csv
import json
import re
import unicodedata
from collections import defaultdict
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from pathways_monitor.db.models import Place
from pathways_monitor.db.reference import sync_reference_data
from pathways_monitor.domain import nuts
from pathways_monitor.domain.eurostat_labels import NUTS_FILES, nuts_level_of
from pathways_monitor.domain.places import AGGREGATES, COUNTRY_BY_CODE

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
GEO = SHARED / "geo"
REGIONAL_TSV = SHARED / "eurostat" / "edat_lfse_16_total.tsv"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "nuts"
LIST_VERSIONS = ("2016", "2021", "2024")


def _names(version: str) -> dict[str, str]:
    return {r.code: r.name for r in nuts.nuts_list(version)}


def _loose(name: str) -> str:
    """Case, accents, dash and apostrophe forms and spaces around '-' and '/' ignored."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"[\u2010-\u2015\u2212]", "-", text).replace("\u2019", "'")
    text = re.sub(r"\s*([-/])\s*", r"\1", text)
    return " ".join(text.split()).casefold()


def _gisco(version: str) -> dict[str, tuple[int, str]]:
    with (FIXTURES / f"gisco_nuts_{version}_names.csv").open(encoding="utf-8") as fh:
        return {r["NUTS_ID"]: (int(r["LEVL_CODE"]), r["NAME_LATN"]) for r in csv.DictReader(fh)}


# --------------------------------------------------------------------------- (a) spot checks


@pytest.mark.parametrize(
    ("code", "name", "version", "level"),
    [
        ("NL31", "Utrecht", "2021", 2),
        ("NL32", "Noord-Holland", "2021", 2),
        ("NL33", "Zuid-Holland", "2021", 2),
        ("NL35", "Utrecht", "2024", 2),
        ("NL36", "Zuid-Holland", "2024", 2),
        ("NL3", "West-Nederland", "2021", 1),
        ("PT19", "Centro (PT)", "2024", 2),
        ("PT1A", "Grande Lisboa", "2024", 2),
        ("PT1D", "Oeste e Vale do Tejo", "2024", 2),
        ("PT16", "Centro (PT)", "2021", 2),
        ("HR04", "Kontinentalna Hrvatska", "2016", 2),
        ("NO01", "Oslo og Akershus", "2016", 2),
        ("HU10", "Közép-Magyarország", "2013", 2),
        ("IE01", "Border, Midland and Western", "2013", 2),
        ("SI01", "Vzhodna Slovenija", "2010", 2),
        ("UKI1", "Inner London", "2010", 2),
        ("UKI3", "Inner London — West", "2021", 2),
        ("NL329", "Groot-Amsterdam", "2021", 3),
        ("NL364", "Zuidoost-Zuid-Holland", "2024", 3),
        ("BE100", "Arr. de Bruxelles-Capitale/Arr. Brussel-Hoofdstad", "2021", 3),
        ("EL30", "Attiki", "2021", 2),
        ("RS11", "City of Belgrade", "2021", 2),
    ],
)
def test_spot_checks(code: str, name: str, version: str, level: int) -> None:
    region = nuts.nuts_region(code)
    assert region is not None
    assert (region.name, region.version, region.level, region.country_code) == (
        name,
        version,
        level,
        code[:2],
    )


def test_noord_holland_is_listed_once_per_version() -> None:
    for version in LIST_VERSIONS:
        holland = [r.code for r in nuts.nuts_list(version) if r.name == "Noord-Holland"]
        assert holland == ["NL32"], version
    assert [r.code for r in nuts.nuts_regions() if r.name == "Noord-Holland"] == ["NL32"]


def test_a_region_keeps_its_code_and_version() -> None:
    in_2021 = {r.code for r in nuts.nuts_list("2021")}
    in_2024 = {r.code for r in nuts.nuts_list("2024")}
    in_2016 = {r.code for r in nuts.nuts_list("2016")}
    names = {v: _names(v) for v in LIST_VERSIONS}
    regions = nuts.nuts_regions()
    assert len({r.code for r in regions}) == len(regions)
    for region in regions:
        if region.code in in_2021:
            expected = "2021"
        elif region.code in in_2024:
            expected = "2024"
        elif region.code in in_2016:
            expected = "2016"
        else:
            expected = region.version
            assert expected in ("2013", "2010"), region
        assert region.version == expected, region
        if expected in names:
            assert region.name == names[expected][region.code]
    assert nuts.nuts_versions_of("NL33") == ("2016", "2021")
    assert nuts.nuts_versions_of("NL32") == ("2016", "2021", "2024")


# ------------------------------------------------------- (b) one name per country and level


@pytest.mark.parametrize("version", LIST_VERSIONS)
def test_no_two_codes_of_a_country_and_level_share_a_name(version: str) -> None:
    # Eurostat's own lists have no such pair in 2016, 2021 or 2024; a shared name here would
    # be an error like "Noord-Holland" for NL36.
    by_name: dict[tuple[str, int, str], list[str]] = defaultdict(list)
    for r in nuts.nuts_list(version):
        assert r.name, r
        by_name[(r.country_code, r.level, r.name.casefold())].append(r.code)
    assert {k: v for k, v in by_name.items() if len(v) > 1} == {}


def test_a_name_shared_across_the_resolved_regions_is_of_different_versions() -> None:
    by_name: dict[tuple[str, int, str], list[nuts.NutsRegion]] = defaultdict(list)
    for r in nuts.nuts_regions():
        by_name[(r.country_code, r.level, r.name.casefold())].append(r)
    for key, regions in by_name.items():
        versions = [r.version for r in regions]
        assert len(set(versions)) == len(versions), (key, regions)
    utrecht = by_name[("NL", 2, "utrecht")]
    assert sorted((r.code, r.version) for r in utrecht) == [("NL31", "2021"), ("NL35", "2024")]


# ------------------------------------------------------------- (c) independent sources


def test_2021_list_equals_gisco_nuts2021_boundaries() -> None:
    """GISCO's NUTS 2021 boundaries (shared/data/geo): every level-2 and level-0 code and
    name is the 2021 list's, and every non-Extra-Regio level-2 code of the list has a polygon
    (apart from the outermost regions the 1:60 million file leaves out)."""
    names = _names("2021")
    levels = {r.code: r.level for r in nuts.nuts_list("2021")}
    for level in (0, 2):
        path = GEO / f"nuts2021_60M_4326_level{level}.geojson"
        features = json.loads(path.read_text(encoding="utf-8"))["features"]
        geo = {f["properties"]["id"]: f["properties"]["na"].strip() for f in features}
        assert len(geo) == (37 if level == 0 else 328)
        assert {c: names.get(c) for c in geo} == geo
        assert {c for c in geo if levels[c] != level} == set()
    listed = {c for c, lv in levels.items() if lv == 2 and not c.endswith("ZZ")}
    assert listed - set(geo) == {"ES70", "FRY1", "FRY2", "FRY3", "FRY4", "FRY5"}


# Differences that GISCO's files have from the classification (tests/fixtures/nuts/README.md).
GISCO_2024_NAMES_DIFFER = {
    "EL421",
    "EL422",
    "XK0",
    "XK00",
    *(f"XK00{i}" for i in range(1, 8)),
}
GISCO_2024_NOT_LISTED = {"BA", "BA0", "BA01", "BA02", "BA03", "UA", "XK"}
GISCO_2016_NAMES_DIFFER = {"IE", "NL332"}
GISCO_2016_NOT_LISTED = {"NO060"}
# 2016 names of the statistical regions outside the EU28 are written as in 2021 (README).
NON_EU28_2016 = ("AL", "CH", "IS", "LI", "ME", "MK", "RS", "TR")


@pytest.mark.parametrize("version", ["2024", "2016"])
def test_lists_match_gisco_boundary_names(version: str) -> None:
    """GISCO's NUTS 2024 and 2016 files (copied from giscoR, tests/fixtures/nuts): the same
    codes at the same levels (Extra-Regio aside) and the same names, up to case, accents and
    dash forms, except the known differences listed above."""
    gisco = _gisco(version)
    listed = {r.code: r for r in nuts.nuts_list(version)}
    not_listed = GISCO_2024_NOT_LISTED if version == "2024" else GISCO_2016_NOT_LISTED
    assert set(gisco) - set(listed) == not_listed
    missing = {c for c in set(listed) - set(gisco) if not re.search("Z+$", c)}
    assert missing == (set() if version == "2024" else {"NO061", "NO062"})
    assert {c: lv for c, (lv, _) in gisco.items() if c in listed and listed[c].level != lv} == {}
    differ = {
        code
        for code, (_, name) in gisco.items()
        if code in listed
        and not (version == "2016" and code.startswith(NON_EU28_2016))
        and _loose(name) != _loose(listed[code].name)
    }
    expected = GISCO_2024_NAMES_DIFFER if version == "2024" else GISCO_2016_NAMES_DIFFER
    assert differ == expected
    assert len(gisco) == (1798 if version == "2024" else 2016)


def test_gisco_2024_exact_names_for_the_changed_dutch_and_portuguese_regions() -> None:
    gisco = _gisco("2024")
    for code in ("NL32", "NL35", "NL36", "NL364", "PT19", "PT1A", "PT1B", "PT1C", "PT1D"):
        assert gisco[code][1] == nuts.nuts_region(code).name  # type: ignore[union-attr]


# -------------------------------------------------------- (d) the regional table resolves


def test_every_geo_code_of_the_regional_table_resolves_to_a_named_place() -> None:
    lines = REGIONAL_TSV.read_text(encoding="utf-8").splitlines()[1:]
    codes = {line.split("\t")[0].split(",")[-1].strip() for line in lines if line.strip()}
    assert len(codes) > 300
    aggregates = {a.code: a.name_en for a in AGGREGATES}
    unresolved = []
    for code in sorted(codes):
        region = nuts.nuts_region(code)
        if region is not None:
            assert region.name and region.level == len(code) - 2, region
        elif code in COUNTRY_BY_CODE:
            assert COUNTRY_BY_CODE[code].name_en
        elif code not in aggregates:
            unresolved.append(code)
    assert unresolved == []
    versions = {c: nuts.nuts_region(c).version for c in codes if nuts.nuts_region(c)}  # type: ignore[union-attr]
    assert {c for c, v in versions.items() if v == "2024"} == {
        "NL35",
        "NL36",
        "PT19",
        "PT1A",
        "PT1B",
        "PT1C",
        "PT1D",
    }
    assert {c for c, v in versions.items() if v in ("2013", "2010")} == {
        "HU10",
        "IE01",
        "IE02",
        "LT00",
        "UKM2",
        "UKM3",
        "SI01",
        "SI02",
        "UKI1",
        "UKI2",
    }


def test_label_lookup_knows_every_version() -> None:
    assert [v for _, v in NUTS_FILES] == ["2021", "2024", "2016", "2013"]
    assert all(path.exists() for path, _ in NUTS_FILES)
    levels = nuts_level_of()
    assert levels["NL36"] == 2 and levels["HR04"] == 2 and levels["UKI1"] == 2
    assert levels["NL364"] == 3


# -------------------------------------------------------------- (e) the correspondence


def test_correspondence_maps_the_dutch_and_portuguese_recodings() -> None:
    assert nuts.successors("NL31") == ("NL35",)
    assert nuts.successors("NL33") == ("NL36",)
    assert nuts.predecessors("NL35") == ("NL31",)
    assert nuts.predecessors("NL36") == ("NL33",)
    assert nuts.successors("NL32") == ()
    assert nuts.successors("NL33C") == ("NL366",)
    assert nuts.successors("PT17") == ("PT1A", "PT1B")
    assert set(nuts.predecessors("PT1D")) == {"PT16", "PT18"}
    assert nuts.successors("HR04", "2016") == ("HR02", "HR05", "HR06")
    assert nuts.successors("HU10") == ("HU11", "HU12")
    assert nuts.successors("UKI1") == ("UKI3", "UKI4")
    changes = {(c.from_code, c.to_code): c for c in nuts.nuts_correspondence()}
    nl31 = changes[("NL31", "NL35")]
    assert (nl31.from_version, nl31.to_version, nl31.change) == ("2021", "2024", "boundary_shift")
    assert changes[("PT17", "PT1A")].change == "split"
    assert changes[("PT16", "PT1D")].basis == "derived-level3"
    assert changes[("BE31", "BE31")].change == "renamed"


@pytest.mark.parametrize(("old", "new"), [("2016", "2021"), ("2021", "2024")])
def test_correspondence_covers_every_changed_code(old: str, new: str) -> None:
    before = {r.code: r for r in nuts.nuts_list(old) if r.level >= 1}
    after = {r.code: r for r in nuts.nuts_list(new) if r.level >= 1}
    rows = [c for c in nuts.nuts_correspondence() if (c.from_version, c.to_version) == (old, new)]
    assert {c.from_code for c in rows} <= set(before)
    assert {c.to_code for c in rows} <= set(after)
    assert all(c.level == len(c.to_code) - 2 for c in rows)
    countries_after = {c[:2] for c in after}
    countries_before = {c[:2] for c in before}
    gone = {c for c in set(before) - set(after) if c[:2] in countries_after}
    assert gone - {c.from_code for c in rows} == set()
    new_codes = {c for c in set(after) - set(before) if c[:2] in countries_before}
    without = new_codes - {c.to_code for c in rows}
    assert without == ({"NO0B", "NO0B1", "NO0B2"} if new == "2021" else set())


# ------------------------------------------------------------------ (4) the database


def test_reference_sync_corrects_names_and_versions_of_existing_places(
    sqlite_engine: Engine,
) -> None:
    """An existing database seeded from the old list (NL36 named "Noord-Holland", HU10 marked
    2016) is corrected by the reference loader that `pathways db upgrade` runs."""
    with Session(sqlite_engine) as session:
        places = {p.code: p for p in session.scalars(select(Place))}
        assert places["NL36"].name_en == "Zuid-Holland"
        assert places["NL36"].nuts_version == "2024"
        assert places["NL36"].parent_id == places["NL3"].id
        places["NL36"].name_en = "Noord-Holland"
        places["NL36"].name_native = "Noord-Holland"
        places["HU10"].nuts_version = "2016"
        session.commit()
        counts = sync_reference_data(session)
        session.commit()
        assert counts.updated >= 2 and counts.inserted == 0
        nl36 = session.scalar(select(Place).where(Place.code == "NL36"))
        hu10 = session.scalar(select(Place).where(Place.code == "HU10"))
        assert nl36 is not None and hu10 is not None
        assert (nl36.name_en, nl36.name_native) == ("Zuid-Holland",) * 2
        assert nl36.nuts_version == "2024" and hu10.nuts_version == "2013"
        assert sync_reference_data(session).updated == 0
