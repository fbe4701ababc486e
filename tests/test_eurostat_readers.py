"""Eurostat readers: every supported layout parses to the canonical frame, values equal the file.

No database and no ../shared at runtime: the real files are copied under tests/fixtures/eurostat.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from pathways_monitor.domain.eurostat_labels import normalise_label, place_label_candidates
from pathways_monitor.importers.eurostat import read_eurostat, sniff_eurostat
from pathways_monitor.importers.frame import OBS_COLUMNS, ParsedObservations

HERE = Path(__file__).resolve().parent
FIX = HERE / "fixtures" / "eurostat"
DOMAIN_DATA = HERE.parent / "pathways_monitor" / "domain" / "data"


def read(name: str) -> ParsedObservations:
    return read_eurostat((FIX / name).read_bytes(), name)


def one(frame: pd.DataFrame, **where: object) -> dict[str, object]:
    mask = pd.Series(True, index=frame.index)
    for col, value in where.items():
        mask &= frame[col] == value
    rows = frame[mask]
    assert len(rows) == 1, f"{len(rows)} rows for {where}"
    return rows.iloc[0].to_dict()


def codes(parsed: ParsedObservations, severity: str = "error") -> list[str]:
    return [p.code for p in parsed.problems if p.severity == severity]


# --- the real files -------------------------------------------------------------------------


def test_edat_lfse_14_values_equal_the_file() -> None:
    parsed = read("edat_lfse_14.tsv")
    f = parsed.frame
    assert parsed.format == "eurostat_tsv" and parsed.dataset == "edat_lfse_14"
    assert list(f.columns) == list(OBS_COLUMNS)
    assert codes(parsed) == []
    assert set(f["indicator"]) == {"ELET"} and set(f["source"]) == {"edat_lfse_14"}
    at = one(f, geo="AT", sex="F", year=2004)
    assert (at["value"], at["flag"], at["row"], at["column"], at["sheet"]) == (
        9.1,
        "b",
        2,
        "2004",
        None,
    )
    eu = one(f, geo="EU27_2020", sex="T", year=2023)
    assert eu["value"] == 9.6 and eu["flag"] is None
    assert one(f, geo="CY", sex="F", year=2014)["flag"] == "bu"
    # ':' without flag is no observation; 1992 for AT is ':'
    assert f[(f.geo == "AT") & (f.sex == "F") & (f.year == 1992)].empty
    assert set(f["citizenship"]) == {"TOTAL"} and set(f["sex"]) == {"T", "M", "F"}


def test_employed_and_not_employed_series_are_skipped_with_one_warning() -> None:
    parsed = read("edat_lfse_14.tsv")
    warnings = [p for p in parsed.problems if p.code == "eurostat_series_skipped"]
    assert len(warnings) == 1 and warnings[0].severity == "warning"
    assert "wstatus=EMP" in warnings[0].message and "wstatus=NEMP" in warnings[0].message
    # T/POP for DE 2022 is 12.5; EMP for DE 2022 is 6.9 and must not appear as a total.
    de = parsed.frame[
        (parsed.frame.geo == "DE") & (parsed.frame.sex == "T") & (parsed.frame.year == 2022)
    ]
    assert de["value"].tolist() == [12.5]


def _independent_cells(path: Path) -> dict[tuple[str, int], tuple[float | None, str | None]]:
    """Every non-empty cell of a regional TSV, parsed with plain string operations."""
    lines = path.read_text(encoding="utf-8").splitlines()
    years = [int(h) for h in lines[0].split("\t")[1:]]
    out = {}
    for line in lines[1:]:
        key, *cells = line.split("\t")
        geo = key.split(",")[-1]
        for year, cell in zip(years, cells, strict=True):
            number, _, flag = cell.strip().partition(" ")
            if number == ":" and not flag:
                continue
            out[(geo, year)] = (None if number == ":" else float(number), flag or None)
    return out


def test_edat_lfse_16_every_value_equals_the_file() -> None:
    parsed = read("edat_lfse_16_total.tsv")
    f = parsed.frame
    assert codes(parsed) == [] and parsed.dataset == "edat_lfse_16"
    expected = _independent_cells(FIX / "edat_lfse_16_total.tsv")
    got = {
        (r.geo, r.year): (None if math.isnan(r.value) else r.value, r.flag)
        for r in f.itertuples(index=False)
    }
    assert got == expected
    at11 = one(f, geo="AT11", year=2000)
    assert math.isnan(at11["value"]) and at11["flag"] == "u" and at11["row"] == 4
    assert (
        one(f, geo="NL36", year=2021)["value"] == 5.5
        and one(f, geo="NL36", year=2021)["flag"] == "b"
    )


def test_pisa_long_csv() -> None:
    data = (FIX / "pisa_low_achievers_sdg_04_40.csv").read_bytes()
    assert sniff_eurostat(data, "pisa.csv") == "pisa_long_csv"
    parsed = read_eurostat(data, "pisa.csv")
    f = parsed.frame
    assert codes(parsed) == [] and len(f) == 542
    assert set(f["indicator"]) == {"LOWACH_READ", "LOWACH_MATH"}  # no science series exists
    assert set(f["source"]) == {"sdg_04_40"}
    nl = one(f, geo="NL", indicator="LOWACH_READ", year=2018)
    assert (nl["value"], nl["flag"], nl["column"]) == (24.1, "b", "value")
    eu = one(f, geo="EU27_2020", indicator="LOWACH_READ", year=2006)
    assert (eu["value"], eu["flag"], eu["row"]) == (23.7, None, 2)


def test_a_large_bulk_file_parses_completely() -> None:
    """340,000 cells (the speed of this is measured by ``python -m bench.imports``)."""
    years = list(range(1990, 2024))
    cells = ["9.1 b", ": u", ": ", "12.3 ", "7.0 bu", "15.5 "]
    lines = ["freq,unit,sex,age,geo\\TIME_PERIOD\t" + "\t".join(f"{y} " for y in years)]
    for i in range(10_000):
        lines.append(
            f"A,PC,T,Y18-24,X{i:05d}\t" + "\t".join(cells[(i + j) % 6] for j in range(len(years)))
        )
    data = "\n".join(lines).encode()
    parsed = read_eurostat(data, "edat_lfse_16.tsv")
    assert len(parsed.frame) == sum(
        1 for i in range(10_000) for j in range(len(years)) if cells[(i + j) % 6] != ": "
    )


# --- hand-made fixtures, one per layout ---------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("edat_lfse_14.tsv", "eurostat_tsv"),
        ("edat_lfse_14_old_layout.tsv", "eurostat_tsv"),
        ("edat_lfse_14_sdmx.csv", "sdmx_csv"),
        ("edat_lfse_14_sdmx_labels.csv", "sdmx_csv"),
        ("edat_lfse_14_databrowser.csv", "databrowser_csv"),
        ("edat_lfse_16_databrowser_regions.csv", "databrowser_csv"),
        ("edat_lfse_14_1_Data.csv", "legacy_csv"),
        ("sdg_04_10_1_Data.csv", "legacy_csv"),
        ("pisa_low_achievers_sdg_04_40.csv", "pisa_long_csv"),
    ],
)
def test_sniff(name: str, fmt: str) -> None:
    assert sniff_eurostat((FIX / name).read_bytes(), name) == fmt


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"a,b\n1,2\n",
        b"PK\x03\x04\x14\x00\x06\x00binary",
        b"Indicator;Land;Jaar\nVSV;NL;2022\n",
    ],
)
def test_sniff_refuses_other_files(data: bytes) -> None:
    assert sniff_eurostat(data, "upload.csv") is None


def test_old_layout_tsv_with_descending_years() -> None:
    parsed = read("edat_lfse_14_old_layout.tsv")
    f = parsed.frame
    assert codes(parsed) == [] and codes(parsed, "warning") == ["eurostat_series_skipped"]
    assert sorted(f[f.geo == "NL"]["year"]) == [2021, 2022, 2023]
    nl = one(f, geo="NL", year=2021)
    assert (nl["value"], nl["flag"], nl["row"], nl["column"]) == (5.1, "b", 3, "2021")


def test_sdmx_csv() -> None:
    parsed = read("edat_lfse_14_sdmx.csv")
    f = parsed.frame
    assert parsed.dataset == "edat_lfse_14" and codes(parsed) == []
    assert codes(parsed, "warning") == ["eurostat_series_skipped"]
    assert len(f) == 6  # EMP skipped; LI ':' without flag dropped
    nl = one(f, geo="NL", sex="T", year=2021)
    assert (nl["value"], nl["flag"], nl["row"], nl["column"]) == (5.1, "b", 2, "OBS_VALUE")
    assert one(f, geo="NL", sex="F", year=2022)["value"] == 4.3
    xk = one(f, geo="XK", year=2022)
    assert math.isnan(xk["value"]) and xk["flag"] == "u" and xk["row"] == 8


def test_sdmx_csv_with_code_label_cells() -> None:
    parsed = read("edat_lfse_14_sdmx_labels.csv")
    f = parsed.frame
    assert codes(parsed) == []
    assert sorted(f["geo"]) == ["DE", "EU27_2020", "NL"]
    nl = one(f, geo="NL")
    assert (nl["value"], nl["flag"], nl["sex"]) == (5.1, "b", "T")
    assert one(f, geo="DE")["sex"] == "F"


def test_databrowser_csv_with_labels_decimal_commas_and_notes() -> None:
    parsed = read("edat_lfse_14_databrowser.csv")
    f = parsed.frame
    assert parsed.format == "databrowser_csv" and parsed.dataset == "edat_lfse_14"
    assert parsed.problems == []
    assert sorted(f["geo"].unique()) == ["CZ", "DE", "EA21", "EU27_2020", "NL", "TR"]
    eu = one(f, geo="EU27_2020", year=2021)
    assert (eu["value"], eu["flag"], eu["row"], eu["column"]) == (9.7, "b", 12, "2021")
    assert one(f, geo="CZ", year=2022)["flag"] == "b"
    assert one(f, geo="TR", year=2022)["value"] == 21.2
    assert set(f["sex"]) == {"T"}


def test_databrowser_regions_by_name() -> None:
    parsed = read("edat_lfse_16_databrowser_regions.csv")
    f = parsed.frame
    assert parsed.problems == [] and parsed.dataset == "edat_lfse_16"
    # "Berlin" names DE3 and DE30, "Wien" AT13 and AT130: the file is a NUTS 2 table.
    assert sorted(f["geo"].unique()) == ["AT13", "DE30", "DEA1", "DEA2", "NL35"]
    # "Utrecht" twice: NL31 (NUTS 2021, all missing) then NL35 (NUTS 2024).
    nl = one(f, geo="NL35", year=2021)
    assert (nl["value"], nl["flag"], nl["row"]) == (4.1, "b", 14)
    assert one(f, geo="DE30", year=2020)["flag"] == "bu"


def test_legacy_export_cp1252_with_labels() -> None:
    data = (FIX / "edat_lfse_14_1_Data.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    parsed = read_eurostat(data, "edat_lfse_14_1_Data.csv")
    f = parsed.frame
    assert parsed.format == "legacy_csv" and codes(parsed) == []
    assert codes(parsed, "warning") == ["eurostat_series_skipped"]
    tr = one(f, geo="TR", year=2021)
    assert (tr["sex"], tr["value"], tr["flag"], tr["row"], tr["column"]) == (
        "F",
        22.2,
        "b",
        4,
        "Value",
    )
    assert one(f, geo="DE", year=2022)["sex"] == "M"
    assert len(f) == 5


def test_legacy_export_with_codes_and_thousands_separators() -> None:
    parsed = read("sdg_04_10_1_Data.csv")
    assert sorted(parsed.frame["geo"]) == ["CZ", "NL", "NL", "XK"]
    text = (
        '"TIME","GEO","GEO_LABEL","UNIT","SEX","AGE","Value","Flag and Footnotes"\n'
        '"2022","NL","Netherlands","PC","T","Y18-24","1,234.5",""\n'
        '"2021","NL","Netherlands","PC","T","Y18-24","5.1","b"\n'
    )
    parsed = read_eurostat(text.encode("cp1252"), "sdg_04_10_1_Data.csv")
    assert codes(parsed) == []
    assert one(parsed.frame, year=2022)["value"] == 1234.5


def test_citizenship_tsv() -> None:
    parsed = read("edat_lfse_01.tsv")
    f = parsed.frame
    assert codes(parsed) == [] and parsed.dataset == "edat_lfse_01"
    assert set(f["citizenship"]) == {"TOTAL", "NAT", "FOR", "EU27_2020_FOR", "NEU27_2020_FOR"}
    missing = one(f, citizenship="EU27_2020_FOR", year=2022)
    assert math.isnan(missing["value"]) and missing["flag"] == "u"
    assert one(f, citizenship="NAT", year=2021)["value"] == 4.5
    assert set(f["country_of_birth"]) == {"TOTAL"}


def test_country_of_birth_tsv() -> None:
    parsed = read("edat_lfse_02.tsv")
    f = parsed.frame
    assert codes(parsed) == []
    born_abroad = one(f, country_of_birth="FOR", sex="M", year=2022)
    assert (born_abroad["value"], born_abroad["citizenship"]) == (12.9, "TOTAL")


def test_degree_of_urbanisation_tsv() -> None:
    parsed = read("edat_lfse_30.tsv")
    f = parsed.frame
    assert codes(parsed) == [] and codes(parsed, "warning") == ["eurostat_series_skipped"]
    assert "unit=THS_PER" in parsed.problems[0].message
    assert set(f["urbanisation"]) == {"TOTAL", "DEG1", "DEG2", "DEG3"}
    rural = one(f, urbanisation="DEG3", year=2021)
    assert (rural["value"], rural["flag"]) == (5.0, "bu")
    assert one(f, urbanisation="TOTAL", year=2022)["value"] == 5.6  # not the 80.0 thousands


def test_pisa_domains_tsv() -> None:
    parsed = read("sdg_04_40.tsv")
    f = parsed.frame
    assert codes(parsed) == [] and parsed.dataset == "sdg_04_40"
    assert one(f, indicator="LOWACH_MATH", geo="NL", year=2022)["value"] == 27.4
    assert one(f, indicator="LOWACH_READ", geo="NL", year=2018)["flag"] == "b"
    sci = one(f, indicator="LOWACH_SCI", geo="NL")
    assert math.isnan(sci["value"]) and sci["flag"] == "u" and sci["year"] == 2018


# --- broken files ----------------------------------------------------------------------------------


def _tsv(*rows: str, header: str = "freq,unit,sex,age,geo\\TIME_PERIOD\t2021 \t2022 ") -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode()


def test_bad_values_and_flags_are_all_reported_with_lines() -> None:
    data = _tsv(
        "A,PC,T,Y18-24,NL\t5.1 b\tabc",
        "A,PC,T,Y18-24,BE\t9.1 x\t6.0 ",
        "A,PC,T,Y18-24,DE\t1,2,3 \t12.5 ",
    )
    parsed = read_eurostat(data, "edat_lfse_16.tsv")
    found = sorted(
        (p.code, p.row, p.column, p.value) for p in parsed.problems if p.severity == "error"
    )
    assert found == [
        ("bad_flag", 3, "2021", "9.1 x"),
        ("not_a_number", 2, "2022", "abc"),
        ("not_a_number", 4, "2021", "1,2,3 "),
    ]
    # the good cells are still there for the report
    assert sorted(parsed.frame["geo"] + parsed.frame["year"].astype(str)) == [
        "BE2022",
        "DE2022",
        "NL2021",
    ]


def test_header_without_years() -> None:
    parsed = read_eurostat(
        _tsv("A,PC,T,Y18-24,NL\t5.1\t5.6", header="freq,unit,sex,age,geo\\TIME_PERIOD\tfoo\tbar"),
        "edat_lfse_16.tsv",
    )
    assert codes(parsed)[-1] == "bad_header" and "no year" in parsed.problems[-1].message
    assert all(p.row == 1 for p in parsed.problems) and parsed.frame.empty


def test_series_key_with_wrong_parts() -> None:
    parsed = read_eurostat(
        _tsv("A,PC,T,NL\t5.1\t5.6", "A,PC,T,Y18-24,BE\t6.0\t6.1"), "edat_lfse_16.tsv"
    )
    assert [(p.code, p.row) for p in parsed.problems] == [("bad_row", 2)]
    assert set(parsed.frame["geo"]) == {"BE"}


def test_unknown_dataset() -> None:
    tsv = _tsv(
        "A,CP_MEUR,B1GQ,NL\t900000\t950000",
        header="freq,unit,na_item,geo\\TIME_PERIOD\t2021 \t2022 ",
    )
    parsed = read_eurostat(tsv, "nama_10_gdp.tsv")
    assert codes(parsed) == ["eurostat_unknown_dataset"] and parsed.frame.empty
    sdmx = (
        (FIX / "edat_lfse_14_sdmx.csv")
        .read_text(encoding="utf-8")
        .replace("EDAT_LFSE_14", "NAMA_10_GDP")
    )
    parsed = read_eurostat(sdmx.encode(), "data.csv")
    assert codes(parsed) == ["eurostat_unknown_dataset"]
    assert parsed.problems[0].value == "nama_10_gdp"


def test_dataset_guessed_from_columns() -> None:
    parsed = read_eurostat(_tsv("A,PC,T,Y18-24,NL\t5.1 b\t5.6 "), "download.tsv")
    assert codes(parsed) == [] and codes(parsed, "warning") == ["eurostat_dataset_guessed"]
    assert one(parsed.frame, year=2021)["indicator"] == "ELET"


def test_unknown_place_label_in_databrowser() -> None:
    text = (FIX / "edat_lfse_14_databrowser.csv").read_text(encoding="utf-8")
    text = text.replace("Netherlands,", "Atlantis,").replace('"6,2",b', "abc,b")
    parsed = read_eurostat(text.encode(), "edat_lfse_14_databrowser.csv")
    errors = [(p.code, p.row, p.column, p.value) for p in parsed.problems if p.severity == "error"]
    assert errors == [
        ("unknown_place_label", 15, "GEO (Labels)", "Atlantis"),
        ("not_a_number", 16, "2022", "abc"),
    ]


def test_sdmx_bad_flag_and_year() -> None:
    text = (FIX / "edat_lfse_14_sdmx.csv").read_text(encoding="utf-8")
    text = text.replace(",NL,2022,5.6,", ",NL,2022,5.6,q").replace(
        ",EU27_2020,2023,", ",EU27_2020,20x3,"
    )
    parsed = read_eurostat(text.encode(), "edat_lfse_14.csv")
    errors = sorted((p.code, p.row) for p in parsed.problems if p.severity == "error")
    assert errors == [("bad_flag", 3), ("bad_year", 7)]


# --- labels and the extra NUTS regions -----------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "code"),
    [
        ("Euro area – 20 countries (from 2023)", "EA20"),
        ("Euro area - 20 countries (from 2023)", "EA20"),
        ("European Union - 27 countries (from 2020)", "EU27_2020"),
        ("Germany (until 1990 former territory of the FRG)", "DE"),
        ("Czechia", "CZ"),
        ("Türkiye", "TR"),
        ("Kosovo*", "XK"),
        ("Noord-Holland", "NL32"),
        ("Tees Valley and Durham", "UKC1"),
        ("İstanbul", "TR1"),
    ],
)
def test_place_labels(label: str, code: str) -> None:
    assert place_label_candidates()[normalise_label(label)][0] == code


def test_every_region_of_the_regional_file_has_a_name_and_version() -> None:
    """Every code Eurostat's regional table publishes resolves to a named region of a known
    NUTS version (2021 first, else 2024, 2016, 2013, 2010), read off the official lists."""
    from pathways_monitor.domain.nuts import nuts_regions

    regions = {r.code: r for r in nuts_regions()}
    geos = set(read("edat_lfse_16_total.tsv").frame["geo"]) | {
        line.split("\t")[0].split(",")[-1]
        for line in (FIX / "edat_lfse_16_total.tsv").read_text(encoding="utf-8").splitlines()[1:]
    }
    countries_and_aggregates = {g for g in geos if len(g) == 2} | {"EA21", "EU27_2020"}
    missing = geos - set(regions) - countries_and_aggregates
    assert missing == set()
    for code in geos - countries_and_aggregates:
        r = regions[code]
        assert r.level == len(code) - 2 and r.country_code == code[:2] and r.name
    versions = {
        c: regions[c].version for c in ("HR04", "NL35", "PT1D", "LT00", "TR10", "UKC1", "SI01")
    }
    assert versions == {
        "HR04": "2016",
        "NL35": "2024",
        "PT1D": "2024",
        "LT00": "2013",
        "TR10": "2021",
        "UKC1": "2021",
        "SI01": "2010",
    }
    assert (regions["NL35"].name, regions["NL36"].name) == ("Utrecht", "Zuid-Holland")


def test_gzipped_bulk_download_reads_like_the_plain_file() -> None:
    import gzip

    plain = (FIX / "edat_lfse_14_old_layout.tsv").read_bytes()
    packed = gzip.compress(plain)
    assert sniff_eurostat(packed, "edat_lfse_14.tsv.gz") == "eurostat_tsv"
    pd.testing.assert_frame_equal(
        read_eurostat(packed, "edat_lfse_14.tsv.gz").frame,
        read_eurostat(plain, "edat_lfse_14.tsv").frame,
    )
