"""Real-world downloads (tests/fixtures/downloads/, see its README.md) through the real engine.

Each file is shaped like what Eurostat's data browser, its SDMX/TSV services and the OECD Data
Explorer really deliver (docs/eurostat-formats.md). Every file is imported into a fresh
database and the store is compared with values read off by hand from the published files,
written literally below; never with what a parser makes of the same fixture.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from pathways_monitor.core.access import UploadScope
from pathways_monitor.db.session import make_engine
from pathways_monitor.demo.load import example_strategy_bytes
from pathways_monitor.domain.breakdowns import BREAKDOWN_COLUMNS, TOTAL_BREAKDOWN
from pathways_monitor.importers.engine import import_file, import_path
from pathways_monitor.importers.problems import ImportReport

HERE = Path(__file__).resolve().parent
DOWNLOADS = HERE / "fixtures" / "downloads"
HOSTILE = DOWNLOADS / "hostile"
REAL_LFSE_14 = HERE / "fixtures" / "eurostat" / "edat_lfse_14.tsv"  # the published file

Key = tuple[str, str, int, frozenset[tuple[str, str]]]


def bd(breakdown: dict[str, str]) -> frozenset[tuple[str, str]]:
    return frozenset(breakdown.items())


def store(session: Session) -> dict[Key, tuple[float | None, str | None, str | None]]:
    """Every stored observation: (indicator, geo, year, non-total breakdowns) -> value, flag,
    source."""
    cols = ", ".join(f"b.{c}" for c in BREAKDOWN_COLUMNS)
    rows = session.execute(
        text(
            f"SELECT i.code, p.code, o.year, {cols}, o.value, o.flag, o.source "
            "FROM observation o JOIN indicator i ON i.id = o.indicator_id "
            "JOIN place p ON p.id = o.place_id JOIN breakdown b ON b.id = o.breakdown_id"
        )
    ).all()
    out = {}
    n = len(BREAKDOWN_COLUMNS)
    for r in rows:
        parts = dict(zip(BREAKDOWN_COLUMNS, r[3 : 3 + n], strict=True))
        key = frozenset((c, v) for c, v in parts.items() if v != TOTAL_BREAKDOWN[c])
        out[(r[0], r[1], int(r[2]), key)] = (r[3 + n], r[4 + n], r[5 + n])
    return out


def errors(report: ImportReport) -> list[dict[str, Any]]:
    return [p.as_dict() for p in report.errors]


def accepted(report: ImportReport) -> None:
    assert report.status == "accepted", (report.file, errors(report))


def corpus_files() -> list[Path]:
    """The downloads meant to be accepted (hostile ones live in hostile/)."""
    return sorted(
        p
        for p in DOWNLOADS.iterdir()
        if p.is_file() and p.suffix in {".csv", ".tsv", ".gz", ".xlsx"}
    )


# --------------------------------------------------------------------------- the corpus
# Every expected value below was read off by hand: totals and sexes from the published
# edat_lfse_14.tsv (2026 vintage), regions from edat_lfse_16_total.tsv, PISA from
# pisa_low_achievers_sdg_04_40.csv; citizenship NL/EU27_2020 2024 nationals (6.4, 8.0) from the
# issue; the other breakdown values are the illustrative ones of the fixture README.
T: dict[str, str] = {}
F = {"sex": "F"}
M = {"sex": "M"}
NAT = {"citizenship": "NAT"}
FOR = {"citizenship": "FOR"}
CB_NAT = {"country_of_birth": "NAT"}
CB_FOR = {"country_of_birth": "FOR"}
U1 = {"urbanisation": "DEG1"}
U2 = {"urbanisation": "DEG2"}
U3 = {"urbanisation": "DEG3"}
R = "LOWACH_READ"
MA = "LOWACH_MATH"
SCI = "LOWACH_SCI"
E = "ELET"


@dataclass(frozen=True)
class Case:
    file: str
    source: str
    values: int  # value cells with a number, counted by hand
    blanks: int  # ':' cells with a flag (stored as a flagged blank), counted by hand
    expected: tuple[tuple[str, str, int, dict[str, str], float | None, str | None], ...]
    absent: tuple[tuple[str, str, int, dict[str, str]], ...] = ()


CASES = (
    # --- edat_lfse_14 ------------------------------------------------------------------------
    Case(
        "edat_lfse_14__custom_15827364_page_spreadsheet.csv",  # GEO and SEX in rows
        "edat_lfse_14",
        97,
        5,
        (
            (E, "EU27_2020", 2021, T, 9.7, "b"),
            (E, "EU27_2020", 2025, T, 9.1, None),
            (E, "NL", 2024, T, 7.0, None),
            (E, "NL", 2021, F, 3.8, "b"),
            (E, "NL", 2025, M, 9.4, None),
            (E, "DE", 2024, T, 12.9, "b"),
            (E, "DE", 2023, M, 15.4, None),
            (E, "BE", 2024, F, 4.8, "b"),
            (E, "LU", 2023, T, 6.8, "u"),
            (E, "LU", 2025, T, None, "u"),
            (E, "LU", 2024, M, 10.7, "u"),
            (E, "LU", 2023, F, None, "u"),
            (E, "AT", 2025, M, 12.0, None),
            (E, "IS", 2024, T, 15.3, None),
        ),
        ((E, "IS", 2025, T), (E, "IS", 2025, F)),
    ),
    Case(
        "edat_lfse_14__custom_15827364_spreadsheet.csv",  # one table per sex, ';' and 8,3
        "edat_lfse_14",
        66,
        4,
        (
            (E, "EU27_2020", 2021, F, 7.9, "b"),
            (E, "EU27_2020", 2025, M, 10.6, None),
            (E, "BE", 2024, M, 9.2, "b"),
            (E, "DE", 2022, F, 11.0, None),
            (E, "EL", 2024, F, 2.4, "b"),
            (E, "EL", 2023, M, 3.8, None),
            (E, "NL", 2023, F, 5.2, None),
            (E, "NL", 2024, M, 8.8, None),
            (E, "LU", 2022, F, 7.3, None),
            (E, "LU", 2024, F, None, "u"),
            (E, "LU", 2023, M, 8.5, "u"),
            (E, "AT", 2025, F, 8.1, None),
        ),
        ((E, "NL", 2024, T),),
    ),
    Case(
        "edat_lfse_14__custom_15827364_spreadsheet.xlsx",
        "edat_lfse_14",
        56,
        4,
        (
            (E, "EU27_2020", 2023, T, 9.6, None),
            (E, "BE", 2021, T, 6.7, "b"),
            (E, "DE", 2025, T, 13.1, None),
            (E, "NL", 2022, T, 5.6, None),
            (E, "NL", 2025, T, 7.4, None),
            (E, "LU", 2024, T, 7.8, "u"),
            (E, "LU", 2025, T, None, "u"),
            (E, "AT", 2025, T, 10.0, None),
            (E, "AT", 2024, F, 7.0, None),
            (E, "DE", 2024, F, 10.7, "b"),
            (E, "LU", 2021, F, 8.1, "b"),
            (E, "LU", 2025, F, None, "u"),
        ),
        ((E, "NL", 2024, M),),
    ),
    Case(
        "edat_lfse_14_linear.csv",  # SDMX-CSV 1.0; EMP and NEMP skipped
        "edat_lfse_14",
        46,
        5,
        (
            (E, "DE", 2024, F, 10.7, "b"),
            (E, "DE", 2023, T, 13.0, None),
            (E, "EU27_2020", 2022, M, 11.1, None),
            (E, "EU27_2020", 2024, T, 9.4, None),
            (E, "LU", 2023, F, None, "u"),
            (E, "LU", 2025, T, None, "u"),
            (E, "LU", 2025, M, None, "u"),
            (E, "LU", 2024, M, 10.7, "u"),
            (E, "NL", 2022, T, 5.6, None),
            (E, "NL", 2025, T, 7.4, None),  # the employed share (5.2) is another quantity
            (E, "NL", 2025, F, 5.3, None),
            (E, "IS", 2023, T, 15.8, None),
        ),
        ((E, "IS", 2025, T), (E, "NL", 2021, T)),
    ),
    Case(
        "edat_lfse_14_linear_2_0.csv",  # SDMX-CSV 2.0; NEMP skipped
        "edat_lfse_14",
        48,
        0,
        (
            (E, "AT", 2021, T, 8.0, "b"),
            (E, "AT", 2023, M, 9.3, None),
            (E, "BE", 2024, T, 7.0, "b"),
            (E, "BE", 2021, F, 4.5, "b"),
            (E, "EL", 2022, T, 4.1, None),
            (E, "EL", 2024, M, 3.7, "b"),
            (E, "NL", 2021, T, 5.1, "b"),
            (E, "NL", 2022, T, 5.6, None),  # not the not-employed share 1.6
            (E, "NL", 2023, F, 5.2, None),
            (E, "NL", 2024, M, 8.8, None),
        ),
        ((E, "NL", 2025, T),),
    ),
    Case(
        "estat_edat_lfse_14.tsv",
        "edat_lfse_14",
        139,
        5,
        (
            (E, "AT", 2019, T, 7.8, None),
            (E, "DE", 2020, T, 10.1, "b"),
            (E, "DE", 2020, F, 8.3, "b"),
            (E, "EU27_2020", 2019, T, 10.1, None),
            (E, "IS", 2020, T, 14.8, "b"),
            (E, "LU", 2020, M, 10.7, None),
            (E, "LU", 2025, T, None, "u"),
            (E, "LU", 2024, F, None, "u"),
            (E, "NL", 2019, T, 7.5, "b"),
            (E, "NL", 2019, M, 9.5, "b"),
            (E, "NL", 2024, T, 7.0, None),
            (E, "BE", 2025, M, 9.6, None),
        ),
        ((E, "IS", 2025, T), (E, "IS", 2025, M), (E, "NL", 2018, T)),
    ),
    # --- edat_lfse_16 ------------------------------------------------------------------------
    Case(
        "edat_lfse_16__custom_16029384_page_spreadsheet.csv",  # GEO (Codes) and GEO (Labels)
        "edat_lfse_16",
        66,
        4,
        (
            (E, "EU27_2020", 2021, T, 9.7, "b"),
            (E, "BE10", 2024, T, 9.8, "b"),
            (E, "BE24", 2021, T, None, "bu"),
            (E, "BE24", 2024, T, 3.6, "bu"),
            (E, "DE14", 2025, T, None, "u"),
            (E, "DE14", 2022, T, 9.9, "u"),
            (E, "LU00", 2024, T, 7.8, "u"),
            (E, "NL32", 2023, T, 7.4, None),
            (E, "NL34", 2025, T, 8.9, "u"),
            (E, "NL35", 2022, T, 2.7, None),
            (E, "NL36", 2021, T, 5.5, "b"),
            (E, "NL42", 2025, T, 9.4, None),
            (E, "NL", 2025, T, 7.4, None),
        ),
        ((E, "NL33", 2021, T), (E, "NL33", 2025, T), (E, "NL31", 2021, T)),
    ),
    Case(
        "edat_lfse_16__custom_16029385_spreadsheet.csv",  # TIME in rows, ': u' glued
        "edat_lfse_16",
        34,
        1,
        (
            (E, "EU27_2020", 2024, T, 9.4, None),
            (E, "NL", 2021, T, 5.1, "b"),
            (E, "NL11", 2021, T, 3.4, "bu"),
            (E, "NL11", 2025, T, 4.6, None),
            (E, "NL23", 2021, T, 9.8, "b"),
            (E, "NL23", 2024, T, 6.8, None),
            (E, "NL32", 2023, T, 7.4, None),
            (E, "NL42", 2022, T, 9.0, None),
            (E, "DE14", 2021, T, 13.3, "bu"),
            (E, "DE14", 2023, T, 8.9, "u"),
            (E, "DE14", 2024, T, 7.8, "bu"),
            (E, "DE14", 2025, T, None, "u"),
        ),
    ),
    Case(
        "edat_lfse_16__custom_16029384_spreadsheet.xlsx",
        "edat_lfse_16",
        80,
        0,
        (
            (E, "NL", 2021, T, 5.1, "b"),
            (E, "NL1", 2024, T, 7.7, None),
            (E, "NL11", 2021, T, 3.4, "bu"),
            (E, "NL12", 2025, T, 9.9, None),
            (E, "NL13", 2022, T, 4.7, "u"),
            (E, "NL2", 2025, T, 8.0, None),
            (E, "NL21", 2021, T, 3.7, "b"),
            (E, "NL22", 2023, T, 5.9, None),
            (E, "NL3", 2024, T, 6.5, None),
            (E, "NL36", 2024, T, 6.2, None),
            (E, "NL4", 2025, T, 8.6, None),
            (E, "NL41", 2022, T, 5.8, None),
        ),
        ((E, "NL31", 2021, T), (E, "NL33", 2025, T)),
    ),
    Case(
        "edat_lfse_16_linear.csv",  # SDMX-CSV 1.0, codes and labels
        "edat_lfse_16",
        39,
        1,
        (
            (E, "AT13", 2022, T, 12.2, None),
            (E, "AT13", 2025, T, 14.1, None),
            (E, "BE10", 2024, T, 9.8, "b"),
            (E, "BE24", 2022, T, 3.8, "u"),
            (E, "BE24", 2024, T, 3.6, "bu"),
            (E, "DE14", 2025, T, None, "u"),
            (E, "EU27_2020", 2025, T, 9.1, None),
            (E, "NL", 2023, T, 6.2, None),
            (E, "NL32", 2024, T, 6.7, None),
            (E, "NL34", 2022, T, 8.5, "u"),
            (E, "NL35", 2025, T, 5.8, None),
            (E, "NL36", 2023, T, 6.2, None),
        ),
    ),
    Case(
        "edat_lfse_16_linear_2_0.csv",
        "edat_lfse_16",
        50,
        0,
        (
            (E, "AT", 2025, T, 10.0, None),
            (E, "AT1", 2021, T, 8.8, "b"),
            (E, "AT12", 2024, T, 5.6, None),
            (E, "AT13", 2023, T, 12.1, None),
            (E, "BE", 2024, T, 7.0, "b"),
            (E, "BE10", 2022, T, 7.4, None),
            (E, "DE", 2021, T, 12.3, "b"),
            (E, "DE3", 2024, T, 15.5, "b"),
            (E, "DE30", 2023, T, 15.0, None),
            (E, "NL41", 2021, T, 4.2, "b"),
            (E, "NL41", 2025, T, 8.3, None),
        ),
    ),
    Case(
        "estat_edat_lfse_16.tsv.gz",
        "edat_lfse_16",
        86,
        4,
        (
            (E, "BE", 2020, T, 8.1, None),
            (E, "BE2", 2021, T, 5.3, "b"),
            (E, "BE21", 2024, T, 7.9, "b"),
            (E, "BE22", 2021, T, 6.8, "bu"),
            (E, "BE22", 2025, T, 4.3, "u"),
            (E, "BE23", 2023, T, 4.1, "u"),
            (E, "BE24", 2021, T, None, "bu"),
            (E, "BE25", 2022, T, 4.6, "u"),
            (E, "LU0", 2025, T, None, "u"),
            (E, "LU00", 2020, T, 8.2, None),
            (E, "NL", 2020, T, 7.0, None),
            (E, "NL12", 2021, T, 5.2, "b"),
            (E, "NL13", 2025, T, 10.0, None),
        ),
        ((E, "NL31", 2020, T), (E, "NL33", 2024, T)),
    ),
    # --- sdg_04_10 ---------------------------------------------------------------------------
    Case(
        "sdg_04_10__custom_17263548_page_spreadsheet.csv",  # SEX in columns, codes, no flags
        "sdg_04_10",
        42,
        0,
        (
            (E, "EU27_2020", 2022, T, 9.6, None),
            (E, "EU27_2020", 2023, M, 11.3, None),
            (E, "BE", 2023, F, 4.4, None),
            (E, "DE", 2023, T, 13.0, None),
            (E, "DE", 2022, M, 13.9, None),
            (E, "EL", 2022, F, 4.5, None),
            (E, "NL", 2022, T, 5.6, None),
            (E, "NL", 2023, F, 5.2, None),
            (E, "AT", 2023, M, 9.3, None),
            (E, "IS", 2022, M, 21.7, None),
            (E, "IS", 2023, T, 15.8, None),
        ),
        ((E, "NL", 2024, T),),
    ),
    Case(
        "sdg_04_10__custom_17263548_spreadsheet.xlsx",
        "sdg_04_10",
        38,
        1,
        (
            (E, "EU27_2020", 2021, T, 9.7, "b"),
            (E, "BE", 2025, T, 7.3, None),
            (E, "DE", 2024, T, 12.9, "b"),
            (E, "NL", 2024, T, 7.0, None),
            (E, "LU", 2022, T, 8.2, None),
            (E, "LU", 2025, T, None, "u"),
            (E, "AT", 2022, T, 8.4, None),
            (E, "EL", 2024, T, 3.0, "b"),
            (E, "EL", 2025, T, 3.0, None),
            (E, "IS", 2021, T, 14.4, "b"),
        ),
        ((E, "IS", 2025, T),),
    ),
    Case(
        "sdg_04_10_linear.csv",
        "sdg_04_10",
        46,
        2,
        (
            (E, "DE", 2021, F, 10.2, "b"),
            (E, "DE", 2024, M, 14.9, "b"),
            (E, "DE", 2022, T, 12.5, None),
            (E, "EU27_2020", 2023, F, 7.7, None),
            (E, "EU27_2020", 2024, T, 9.4, None),
            (E, "LU", 2023, F, None, "u"),
            (E, "LU", 2024, F, None, "u"),
            (E, "LU", 2023, M, 8.5, "u"),
            (E, "LU", 2021, T, 9.3, "b"),
            (E, "NL", 2024, T, 7.0, None),
            (E, "NL", 2022, M, 6.8, None),
        ),
    ),
    Case(
        "sdg_04_10_linear_2_0.csv",
        "sdg_04_10",
        19,
        0,
        (
            (E, "AT", 2021, T, 8.0, "b"),
            (E, "AT", 2025, T, 10.0, None),
            (E, "BE", 2022, T, 6.4, None),
            (E, "BE", 2024, T, 7.0, "b"),
            (E, "BE", 2025, T, 7.3, None),
            (E, "EL", 2021, T, 3.2, "b"),
            (E, "EL", 2023, T, 3.7, None),
            (E, "EL", 2025, T, 3.0, None),
            (E, "IS", 2022, T, 16.5, None),
            (E, "IS", 2024, T, 15.3, None),
        ),
        ((E, "IS", 2025, T),),
    ),
    Case(
        "estat_sdg_04_10.tsv",  # the older layout: unit,sex,age,geo\time, years descending
        "sdg_04_10",
        72,
        0,
        (
            (E, "AT", 2019, F, 6.1, None),
            (E, "AT", 2021, F, 6.3, "b"),
            (E, "BE", 2020, M, 10.2, None),
            (E, "DE", 2020, T, 10.1, "b"),
            (E, "DE", 2020, M, 11.7, "b"),
            (E, "EU27_2020", 2019, T, 10.1, None),
            (E, "EU27_2020", 2022, F, 8.0, None),
            (E, "LU", 2019, F, 5.5, None),
            (E, "LU", 2021, T, 9.3, "b"),
            (E, "NL", 2019, T, 7.5, "b"),
            (E, "NL", 2020, F, 5.3, None),
            (E, "NL", 2022, M, 6.8, None),
        ),
    ),
    # --- sdg_04_10a --------------------------------------------------------------------------
    Case(
        "sdg_04_10a__custom_19283746_spreadsheet.csv",  # the file: nationals only
        "sdg_04_10a",
        23,
        1,
        (
            (E, "EU27_2020", 2021, NAT, 8.4, "b"),
            (E, "EU27_2020", 2024, NAT, 8.0, None),
            (E, "NL", 2021, NAT, 4.7, "b"),
            (E, "NL", 2024, NAT, 6.4, None),
            (E, "BE", 2024, NAT, 5.9, "b"),
            (E, "DE", 2023, NAT, 10.1, None),
            (E, "LU", 2022, NAT, 6.3, "u"),
            (E, "LU", 2024, NAT, None, "u"),
            (E, "AT", 2022, NAT, 6.2, None),
            (E, "AT", 2024, NAT, 5.9, None),
        ),
        ((E, "NL", 2024, T), (E, "EU27_2020", 2024, T), (E, "LU", 2024, T), (E, "LI", 2021, NAT)),
    ),
    Case(
        "sdg_04_10__custom_19283750_spreadsheet.csv",  # named sdg_04_10, states [sdg_04_10a]
        "sdg_04_10a",
        24,
        0,
        (
            (E, "EU27_2020", 2021, FOR, 21.1, "b"),
            (E, "EU27_2020", 2024, FOR, 19.4, None),
            (E, "BE", 2024, FOR, 14.9, "b"),
            (E, "DE", 2023, FOR, 27.3, None),
            (E, "NL", 2022, FOR, 10.6, "u"),
            (E, "NL", 2024, FOR, 12.5, "u"),
            (E, "LU", 2021, FOR, 13.0, "bu"),
            (E, "LU", 2023, FOR, 10.4, "u"),
            (E, "AT", 2021, FOR, 19.0, "b"),
            (E, "AT", 2023, FOR, 20.3, None),
        ),
        ((E, "NL", 2024, T), (E, "EU27_2020", 2021, T)),
    ),
    Case(
        "sdg_04_10a__custom_19283746_spreadsheet.xlsx",  # Sheet 1 nationals, Sheet 2 total
        "sdg_04_10a",
        47,
        1,
        (
            (E, "EU27_2020", 2024, NAT, 8.0, None),
            (E, "NL", 2024, NAT, 6.4, None),
            (E, "LU", 2024, NAT, None, "u"),
            (E, "LU", 2023, NAT, 5.4, "u"),
            (E, "DE", 2021, NAT, 9.8, "b"),
            (E, "NL", 2024, T, 7.0, None),
            (E, "EU27_2020", 2024, T, 9.4, None),
            (E, "LU", 2024, T, 7.8, "u"),
            (E, "DE", 2024, T, 12.9, "b"),
            (E, "BE", 2022, T, 6.4, None),
            (E, "AT", 2023, T, 8.6, None),
        ),
    ),
    Case(
        "sdg_04_10a_linear.csv",
        "sdg_04_10a",
        35,
        1,
        (
            (E, "EU27_2020", 2022, FOR, 20.8, None),
            (E, "LU", 2021, FOR, 13.0, "bu"),
            (E, "NL", 2023, FOR, 11.8, "u"),
            (E, "EU27_2020", 2024, NAT, 8.0, None),
            (E, "LU", 2024, NAT, None, "u"),
            (E, "NL", 2023, NAT, 5.8, None),
            (E, "NL", 2024, NAT, 6.4, None),
            (E, "EU27_2020", 2024, T, 9.4, None),
            (E, "LU", 2023, T, 6.8, "u"),
            (E, "NL", 2021, T, 5.1, "b"),
            (E, "NL", 2024, T, 7.0, None),
        ),
    ),
    Case(
        "sdg_04_10a_linear_2_0.csv",  # SDMX-CSV 2.0 with STRUCTURE_NAME and labels
        "sdg_04_10a",
        24,
        0,
        (
            (E, "AT", 2021, FOR, 19.0, "b"),
            (E, "AT", 2024, FOR, 18.7, None),
            (E, "BE", 2022, FOR, 14.7, None),
            (E, "DE", 2024, FOR, 26.8, "b"),
            (E, "AT", 2022, NAT, 6.2, None),
            (E, "AT", 2023, NAT, 6.3, None),
            (E, "BE", 2021, NAT, 5.6, "b"),
            (E, "BE", 2023, NAT, 5.1, None),
            (E, "DE", 2022, NAT, 9.9, None),
            (E, "DE", 2024, NAT, 10.2, "b"),
        ),
        ((E, "AT", 2021, T),),
    ),
    Case(
        "estat_sdg_04_10a.tsv",
        "sdg_04_10a",
        71,
        1,
        (
            (E, "AT", 2021, FOR, 19.0, "b"),
            (E, "DE", 2022, FOR, 26.5, None),
            (E, "LU", 2024, FOR, 11.5, "u"),
            (E, "NL", 2022, FOR, 10.6, "u"),
            (E, "BE", 2024, NAT, 5.9, "b"),
            (E, "EU27_2020", 2024, NAT, 8.0, None),
            (E, "LU", 2024, NAT, None, "u"),
            (E, "NL", 2024, NAT, 6.4, None),
            (E, "AT", 2024, T, 8.1, None),
            (E, "DE", 2021, T, 12.3, "b"),
            (E, "LU", 2024, T, 7.8, "u"),
            (E, "NL", 2024, T, 7.0, None),
        ),
        ((E, "LI", 2021, NAT), (E, "LI", 2024, T), (E, "LI", 2022, FOR)),
    ),
    # --- edat_lfse_02 ------------------------------------------------------------------------
    Case(
        "edat_lfse_02__custom_16583920_page_spreadsheet.csv",  # C_BIRTH in columns, "9,6"
        "edat_lfse_02",
        68,
        4,
        (
            (E, "EU27_2020", 2025, T, 9.1, None),
            (E, "BE", 2024, T, 7.0, "b"),
            (E, "LU", 2025, T, None, "u"),
            (E, "EU27_2020", 2022, CB_NAT, 8.0, None),
            (E, "BE", 2024, CB_NAT, 5.5, "b"),
            (E, "DE", 2025, CB_NAT, 9.9, None),
            (E, "NL", 2024, CB_NAT, 6.2, None),
            (E, "LU", 2022, CB_NAT, 6.4, "u"),
            (E, "LU", 2024, CB_NAT, None, "u"),
            (E, "AT", 2025, CB_NAT, 7.3, None),
            (E, "NL", 2023, CB_FOR, 10.4, "u"),
            (E, "DE", 2024, CB_FOR, 24.4, "b"),
            (E, "LU", 2025, CB_FOR, None, "u"),
            (E, "AT", 2022, CB_FOR, 17.1, None),
        ),
    ),
    Case(
        "edat_lfse_02__custom_16583920_spreadsheet.xlsx",
        "edat_lfse_02",
        45,
        3,
        (
            (E, "EU27_2020", 2023, CB_NAT, 8.0, None),
            (E, "BE", 2022, CB_NAT, 4.9, None),
            (E, "DE", 2024, CB_NAT, 9.6, "b"),
            (E, "NL", 2025, CB_NAT, 6.5, None),
            (E, "LU", 2023, CB_NAT, 5.0, "u"),
            (E, "LU", 2025, CB_NAT, None, "u"),
            (E, "EU27_2020", 2025, CB_FOR, 19.8, None),
            (E, "BE", 2025, CB_FOR, 14.0, None),
            (E, "NL", 2022, CB_FOR, 10.6, None),
            (E, "LU", 2024, CB_FOR, 11.8, "u"),
            (E, "AT", 2023, CB_FOR, 17.9, None),
        ),
        ((E, "NL", 2025, T),),
    ),
    Case(
        "edat_lfse_02_linear.csv",
        "edat_lfse_02",
        36,
        0,
        (
            (E, "DE", 2022, CB_FOR, 24.6, None),
            (E, "DE", 2024, CB_FOR, 24.4, "b"),
            (E, "EU27_2020", 2023, CB_FOR, 20.9, None),
            (E, "NL", 2025, CB_FOR, 12.0, None),
            (E, "DE", 2025, CB_NAT, 9.9, None),
            (E, "EU27_2020", 2024, CB_NAT, 7.9, None),
            (E, "NL", 2022, CB_NAT, 4.8, None),
            (E, "DE", 2024, T, 12.9, "b"),
            (E, "EU27_2020", 2022, T, 9.6, None),
            (E, "NL", 2025, T, 7.4, None),
        ),
    ),
    Case(
        "edat_lfse_02_linear_2_0.csv",
        "edat_lfse_02",
        21,
        3,
        (
            (E, "AT", 2024, CB_FOR, 16.5, None),
            (E, "BE", 2024, CB_FOR, 13.4, "b"),
            (E, "LU", 2022, CB_FOR, 11.6, "u"),
            (E, "LU", 2025, CB_FOR, None, "u"),
            (E, "AT", 2022, CB_NAT, 6.0, None),
            (E, "AT", 2023, CB_NAT, 6.1, None),
            (E, "BE", 2025, CB_NAT, 5.6, None),
            (E, "LU", 2023, CB_NAT, 5.0, "u"),
            (E, "LU", 2024, CB_NAT, None, "u"),
            (E, "LU", 2025, CB_NAT, None, "u"),
        ),
    ),
    Case(
        "estat_edat_lfse_02.tsv",
        "edat_lfse_02",
        92,
        4,
        (
            (E, "NL", 2023, {"sex": "F", "country_of_birth": "FOR"}, 8.9, "u"),
            (E, "NL", 2025, {"sex": "F", "country_of_birth": "NAT"}, 5.0, None),
            (E, "NL", 2024, F, 5.2, None),
            (E, "NL", 2025, {"sex": "M", "country_of_birth": "FOR"}, 13.8, None),
            (E, "NL", 2022, {"sex": "M", "country_of_birth": "NAT"}, 6.0, None),
            (E, "NL", 2024, M, 8.8, None),
            (E, "AT", 2025, CB_FOR, 19.8, None),
            (E, "BE", 2024, CB_NAT, 5.5, "b"),
            (E, "DE", 2023, CB_FOR, 25.1, None),
            (E, "LU", 2024, CB_NAT, None, "u"),
            (E, "LU", 2025, T, None, "u"),
            (E, "EU27_2020", 2023, T, 9.6, None),
        ),
    ),
    # --- edat_lfse_30 ------------------------------------------------------------------------
    Case(
        "edat_lfse_30__custom_16794021_spreadsheet.csv",  # a table per degree, no flags, ';'
        "edat_lfse_30",
        30,
        0,
        (
            (E, "EU27_2020", 2022, U1, 8.9, None),
            (E, "BE", 2023, U1, 7.9, None),
            (E, "DE", 2023, U1, 14.2, None),
            (E, "NL", 2022, U1, 6.1, None),
            (E, "AT", 2023, U1, 12.0, None),
            (E, "EU27_2020", 2023, U2, 10.1, None),
            (E, "DE", 2022, U2, 12.1, None),
            (E, "NL", 2023, U2, 6.0, None),
            (E, "BE", 2022, U3, 4.6, None),
            (E, "NL", 2023, U3, 5.4, None),
            (E, "AT", 2022, U3, 6.3, None),
        ),
        ((E, "NL", 2022, T), (E, "NL", 2024, U1)),
    ),
    Case(
        "edat_lfse_30__custom_16794021_spreadsheet.xlsx",
        "edat_lfse_30",
        42,
        6,
        (
            (E, "EU27_2020", 2021, U1, 9.0, "b"),
            (E, "BE", 2024, U1, 8.6, "b"),
            (E, "DE", 2022, U1, 13.6, None),
            (E, "NL", 2024, U1, 7.6, None),
            (E, "LU", 2021, U1, 10.6, "bu"),
            (E, "LU", 2022, U1, 9.1, "u"),
            (E, "LU", 2023, U1, None, "u"),
            (E, "AT", 2024, U1, 11.0, None),
            (E, "EU27_2020", 2024, U3, 9.8, None),
            (E, "DE", 2024, U3, 11.7, "b"),
            (E, "LU", 2021, U3, None, "bu"),
            (E, "NL", 2021, U3, 4.1, "b"),
        ),
        ((E, "NL", 2022, U2),),
    ),
    Case(
        "edat_lfse_30_linear.csv",  # thousands of persons (THS_PER) skipped
        "edat_lfse_30",
        32,
        0,
        (
            (E, "EU27_2020", 2021, U1, 9.0, "b"),
            (E, "EU27_2020", 2024, U2, 10.0, None),
            (E, "EU27_2020", 2023, U3, 10.1, None),
            (E, "EU27_2020", 2024, T, 9.4, None),
            (E, "NL", 2022, U1, 6.1, None),
            (E, "NL", 2024, U2, 6.8, None),
            (E, "NL", 2021, U3, 4.1, "b"),
            (E, "NL", 2023, U3, 5.4, None),
            (E, "NL", 2022, T, 5.6, None),  # not the 85.0 thousand persons
            (E, "NL", 2024, T, 7.0, None),
        ),
    ),
    Case(
        "edat_lfse_30_linear_2_0.csv",
        "edat_lfse_30",
        41,
        7,
        (
            (E, "AT", 2021, U1, 11.2, "b"),
            (E, "AT", 2023, U2, 7.8, None),
            (E, "AT", 2024, U3, 6.3, None),
            (E, "BE", 2024, U2, 6.4, "b"),
            (E, "BE", 2023, U3, 4.1, None),
            (E, "DE", 2024, U1, 13.9, "b"),
            (E, "DE", 2022, U3, 11.2, None),
            (E, "LU", 2021, U2, 8.7, "bu"),
            (E, "LU", 2023, U2, None, "u"),
            (E, "LU", 2024, U2, 6.9, "u"),
            (E, "LU", 2022, U3, None, "u"),
        ),
    ),
    Case(
        "estat_edat_lfse_30.tsv",
        "edat_lfse_30",
        89,
        7,
        (
            (E, "AT", 2022, U1, 11.6, None),
            (E, "BE", 2021, U2, 5.9, "b"),
            (E, "DE", 2023, U3, 11.5, None),
            (E, "EU27_2020", 2022, U2, 10.2, None),
            (E, "LU", 2024, U1, None, "u"),
            (E, "LU", 2022, U2, 7.9, "u"),
            (E, "LU", 2024, U3, None, "u"),
            (E, "NL", 2024, U1, 7.6, None),
            (E, "NL", 2022, U3, 4.6, None),
            (E, "NL", 2022, T, 5.6, None),
            (E, "LU", 2023, T, 6.8, "u"),
            (E, "DE", 2024, T, 12.9, "b"),
        ),
    ),
    # --- sdg_04_40 ---------------------------------------------------------------------------
    Case(
        "sdg_04_40__custom_18374652_page_spreadsheet.csv",  # the reading file
        "sdg_04_40",
        38,
        0,
        (
            (R, "EU27_2020", 2009, T, 19.7, "b"),
            (R, "EU27_2020", 2022, T, 26.2, None),
            (R, "BE", 2018, T, 21.3, "b"),
            (R, "DE", 2012, T, 14.5, None),
            (R, "EL", 2022, T, 37.6, None),
            (R, "LU", 2009, T, 26.0, "b"),
            (R, "LU", 2018, T, 29.3, "b"),
            (R, "NL", 2015, T, 18.1, None),
            (R, "NL", 2022, T, 34.6, None),
            (R, "AT", 2012, T, 19.5, None),
            (R, "FI", 2009, T, 8.1, "b"),
            (R, "FI", 2022, T, 21.4, None),
        ),
        ((R, "LU", 2022, T), (R, "AT", 2009, T), (MA, "NL", 2022, T), (SCI, "NL", 2022, T)),
    ),
    Case(
        "sdg_04_40__custom_18374653_page_spreadsheet.csv",  # the mathematics file
        "sdg_04_40",
        38,
        0,
        (
            (MA, "EU27_2020", 2009, T, 22.7, None),
            (MA, "EU27_2020", 2022, T, 29.5, None),
            (MA, "BE", 2015, T, 20.1, None),
            (MA, "DE", 2022, T, 29.5, None),
            (MA, "EL", 2012, T, 35.7, None),
            (MA, "EL", 2022, T, 47.2, None),
            (MA, "LU", 2018, T, 27.2, None),
            (MA, "NL", 2018, T, 15.8, None),
            (MA, "NL", 2022, T, 27.4, None),
            (MA, "AT", 2012, T, 18.7, None),
            (MA, "FI", 2009, T, 7.9, None),
            (MA, "FI", 2022, T, 24.9, None),
        ),
        ((MA, "LU", 2022, T), (MA, "AT", 2009, T), (R, "NL", 2022, T)),
    ),
    Case(
        "sdg_04_40__custom_18374652_spreadsheet.xlsx",
        "sdg_04_40",
        46,
        0,
        (
            (R, "EU27_2020", 2018, T, 22.5, "b"),
            (R, "BE", 2022, T, 25.3, None),
            (R, "DE", 2015, T, 16.2, None),
            (R, "NL", 2018, T, 24.1, "b"),
            (R, "LU", 2012, T, 22.2, None),
            (R, "AT", 2022, T, 25.3, None),
            (MA, "EU27_2020", 2012, T, 22.1, None),
            (MA, "BE", 2018, T, 19.7, None),
            (MA, "DE", 2018, T, 21.1, None),
            (MA, "NL", 2015, T, 16.7, None),
            (MA, "LU", 2015, T, 25.8, None),
            (MA, "AT", 2015, T, 21.8, None),
        ),
        ((R, "LU", 2022, T), (MA, "LU", 2022, T), (R, "NL", 2009, T)),
    ),
    Case(
        "sdg_04_40_linear.csv",  # SDMX-CSV 1.0, codes and labels; science rows empty
        "sdg_04_40",
        18,
        0,
        (
            (MA, "DE", 2015, T, 17.2, None),
            (MA, "DE", 2022, T, 29.5, None),
            (MA, "FI", 2015, T, 13.6, None),
            (MA, "FI", 2018, T, 15.0, None),
            (MA, "NL", 2022, T, 27.4, None),
            (R, "DE", 2018, T, 20.7, "b"),
            (R, "FI", 2015, T, 11.1, None),
            (R, "FI", 2022, T, 21.4, None),
            (R, "NL", 2018, T, 24.1, "b"),
            (R, "NL", 2022, T, 34.6, None),
        ),
        ((SCI, "NL", 2022, T), (SCI, "DE", 2018, T)),
    ),
    Case(
        "sdg_04_40_linear_2_0.csv",
        "sdg_04_40",
        38,
        0,
        (
            (MA, "AT", 2022, T, 24.9, None),
            (MA, "BE", 2012, T, 19.0, None),
            (MA, "EL", 2018, T, 35.8, None),
            (MA, "EU27_2020", 2015, T, 22.2, None),
            (MA, "LU", 2018, T, 27.2, None),
            (R, "AT", 2018, T, 23.6, "b"),
            (R, "BE", 2015, T, 19.5, None),
            (R, "EL", 2012, T, 22.6, None),
            (R, "EU27_2020", 2022, T, 26.2, None),
            (R, "LU", 2015, T, 25.6, None),
            (R, "LU", 2018, T, 29.3, "b"),
        ),
        ((R, "LU", 2022, T), (MA, "LU", 2022, T)),
    ),
    Case(
        "estat_sdg_04_40.tsv",  # science rows all ':'
        "sdg_04_40",
        76,
        0,
        (
            (MA, "AT", 2015, T, 21.8, None),
            (MA, "BE", 2009, T, 19.1, None),
            (MA, "DE", 2012, T, 17.7, None),
            (MA, "EL", 2009, T, 30.4, None),
            (MA, "EU27_2020", 2018, T, 22.9, None),
            (MA, "FI", 2012, T, 12.3, None),
            (MA, "LU", 2009, T, 23.9, None),
            (MA, "NL", 2009, T, 13.4, None),
            (R, "AT", 2015, T, 22.5, None),
            (R, "BE", 2009, T, 17.7, "b"),
            (R, "EL", 2018, T, 30.5, "b"),
            (R, "NL", 2012, T, 14.0, None),
        ),
        (
            (R, "AT", 2009, T),
            (MA, "LU", 2022, T),
            (SCI, "NL", 2018, T),
            (SCI, "EU27_2020", 2022, T),
        ),
    ),
    # --- educ_outc_pisa ----------------------------------------------------------------------
    Case(
        "educ_outc_pisa__custom_18649301_spreadsheet.csv",  # TIME in rows, a table per domain
        "educ_outc_pisa",
        48,
        0,
        (
            (R, "BE", 2012, T, 16.1, None),
            (R, "DE", 2018, T, 20.7, "b"),
            (R, "EL", 2015, T, 27.3, None),
            (R, "NL", 2022, T, 34.6, None),
            (R, "AT", 2018, T, 23.6, "b"),
            (R, "FI", 2012, T, 11.3, None),
            (MA, "BE", 2022, T, 25.0, None),
            (MA, "DE", 2015, T, 17.2, None),
            (MA, "EL", 2018, T, 35.8, None),
            (MA, "NL", 2012, T, 14.8, None),
            (MA, "AT", 2022, T, 24.9, None),
            (MA, "FI", 2018, T, 15.0, None),
        ),
    ),
    Case(
        "educ_outc_pisa__custom_18649301_spreadsheet.xlsx",
        "educ_outc_pisa",
        50,
        0,
        (
            (R, "EU27_2020", 2009, T, 19.7, "b"),
            (R, "BE", 2015, T, 19.5, None),
            (R, "DE", 2009, T, 18.5, "b"),
            (R, "NL", 2018, T, 24.1, "b"),
            (R, "FI", 2009, T, 8.1, "b"),
            (R, "FI", 2022, T, 21.4, None),
            (MA, "EU27_2020", 2022, T, 29.5, None),
            (MA, "BE", 2009, T, 19.1, None),
            (MA, "DE", 2012, T, 17.7, None),
            (MA, "NL", 2009, T, 13.4, None),
            (MA, "FI", 2015, T, 13.6, None),
        ),
    ),
    Case(
        "educ_outc_pisa_linear.csv",
        "educ_outc_pisa",
        12,
        0,
        (
            (MA, "EL", 2015, T, 35.8, None),
            (MA, "EL", 2018, T, 35.8, None),
            (MA, "LU", 2015, T, 25.8, None),
            (MA, "LU", 2018, T, 27.2, None),
            (MA, "NL", 2015, T, 16.7, None),
            (MA, "NL", 2018, T, 15.8, None),
            (R, "EL", 2015, T, 27.3, None),
            (R, "EL", 2018, T, 30.5, "b"),
            (R, "LU", 2015, T, 25.6, None),
            (R, "LU", 2018, T, 29.3, "b"),
            (R, "NL", 2015, T, 18.1, None),
            (R, "NL", 2018, T, 24.1, "b"),
        ),
    ),
    Case(
        "educ_outc_pisa_linear_2_0.csv",
        "educ_outc_pisa",
        24,
        0,
        (
            (MA, "AT", 2012, T, 18.7, None),
            (MA, "AT", 2018, T, 21.1, None),
            (MA, "BE", 2015, T, 20.1, None),
            (MA, "BE", 2022, T, 25.0, None),
            (MA, "FI", 2012, T, 12.3, None),
            (MA, "FI", 2022, T, 24.9, None),
            (R, "AT", 2015, T, 22.5, None),
            (R, "AT", 2022, T, 25.3, None),
            (R, "BE", 2018, T, 21.3, "b"),
            (R, "FI", 2012, T, 11.3, None),
            (R, "FI", 2018, T, 13.5, "b"),
        ),
    ),
    Case(
        "estat_educ_outc_pisa.tsv",
        "educ_outc_pisa",
        24,
        0,
        (
            (MA, "DE", 2012, T, 17.7, None),
            (MA, "DE", 2022, T, 29.5, None),
            (MA, "EU27_2020", 2015, T, 22.2, None),
            (MA, "EU27_2020", 2018, T, 22.9, None),
            (MA, "NL", 2018, T, 15.8, None),
            (MA, "NL", 2022, T, 27.4, None),
            (R, "DE", 2015, T, 16.2, None),
            (R, "EU27_2020", 2012, T, 18.0, None),
            (R, "EU27_2020", 2018, T, 22.5, "b"),
            (R, "NL", 2012, T, 14.0, None),
            (R, "NL", 2022, T, 34.6, None),
        ),
    ),
    # --- OECD Data Explorer ------------------------------------------------------------------
    Case(
        "OECD.EDU.IMEP,DSD_PISA@DF_PISA_LOWACH,1.0+all.csv",
        "oecd_pisa",
        54,
        0,
        (
            (R, "NL", 2022, T, 34.6, None),
            (R, "NL", 2018, T, 24.1, "b"),
            (R, "DE", 2012, T, 14.5, None),
            (R, "EL", 2022, T, 37.6, None),  # GRC
            (R, "EL", 2018, T, 30.5, "b"),
            (R, "LU", 2018, T, 29.3, "b"),
            (R, "BE", 2015, T, 19.5, None),
            (MA, "AT", 2022, T, 24.9, None),
            (MA, "FI", 2012, T, 12.3, None),
            (MA, "EL", 2015, T, 35.8, None),
            (MA, "NL", 2022, T, 27.4, None),
            (MA, "LU", 2015, T, 25.8, None),
        ),
        ((R, "OECD", 2022, T), (MA, "OECD", 2022, T), (SCI, "NL", 2022, T), (R, "LU", 2022, T)),
    ),
)


def test_every_download_in_the_folder_has_a_case() -> None:
    assert sorted(c.file for c in CASES) == sorted(p.name for p in corpus_files())


@pytest.mark.parametrize("case", CASES, ids=[c.file for c in CASES])
def test_download_is_stored_exactly(case: Case, sqlite_session: Session) -> None:
    report = import_path(sqlite_session, DOWNLOADS / case.file, user="admin")
    accepted(report)
    stored = store(sqlite_session)
    with_value = sum(1 for v, _f, _s in stored.values() if v is not None)
    blanks = sum(1 for v, f, _s in stored.values() if v is None and f)
    assert (with_value, blanks) == (case.values, case.blanks)
    assert {s for _v, _f, s in stored.values()} == {case.source}
    for ind, geo, year, breakdown, value, flag in case.expected:
        key = (ind, geo, year, bd(breakdown))
        assert key in stored, f"{key} not stored"
        got_value, got_flag, _source = stored[key]
        assert (got_value, got_flag) == (value, flag), key
    for ind, geo, year, breakdown in case.absent:
        assert (ind, geo, year, bd(breakdown)) not in stored
    # never a science value: none was published
    assert not any(k[0] == SCI for k in stored)


# --------------------------------------------------------------------------- the headline


def _headline(session: Session) -> dict[Key, tuple[float | None, str | None, str | None]]:
    return {k: v for k, v in store(session).items() if k[0] == E and not k[3]}


# Every download holding a breakdown of early leavers (citizenship, country of birth, degree of
# urbanisation, sex), and with it, as Eurostat publishes them, the same totals.
BREAKDOWN_FILES = [
    p
    for p in corpus_files()
    if p.name.startswith(("sdg_04_10", "estat_sdg_04_10", "edat_lfse_14", "estat_edat_lfse_14"))
    or "lfse_02" in p.name
    or "lfse_30" in p.name
]


def test_headline_series_survives_every_breakdown_download(sqlite_session: Session) -> None:
    accepted(import_path(sqlite_session, REAL_LFSE_14, user="admin"))
    before = _headline(sqlite_session)
    assert before[(E, "NL", 2024, bd(T))] == (7.0, None, "edat_lfse_14")
    assert before[(E, "EU27_2020", 2024, bd(T))] == (9.4, None, "edat_lfse_14")
    assert before[(E, "LU", 2024, bd(T))] == (7.8, "u", "edat_lfse_14")
    for path in BREAKDOWN_FILES:
        accepted(import_path(sqlite_session, path, user="admin"))
    after = store(sqlite_session)
    assert _headline(sqlite_session) == before
    # the breakdowns are there, beside the total, not instead of it
    assert after[(E, "NL", 2024, bd(NAT))][:2] == (6.4, None)
    assert after[(E, "EU27_2020", 2024, bd(NAT))][:2] == (8.0, None)
    assert after[(E, "LU", 2024, bd(NAT))][:2] == (None, "u")
    assert after[(E, "NL", 2024, bd(CB_NAT))][:2] == (6.2, None)
    assert after[(E, "NL", 2024, bd(U1))][:2] == (7.6, None)
    assert after[(E, "NL", 2024, bd(F))][:2] == (5.2, None)


# --------------------------------------------------------------------------- import order


def _fresh(template: Path, path: Path) -> Engine:
    shutil.copy(template, path)
    return make_engine(f"sqlite:///{path}")


# The reverse of the alphabetical order: the SDG table before the national one, the regional
# table before the national one, PISA from Eurostat before the OECD's.
ORDER_B = list(reversed(corpus_files()))


@pytest.fixture(scope="module")
def two_orders(
    sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, str]]:
    folder = tmp_path_factory.mktemp("two-orders")
    assert sorted(ORDER_B) == corpus_files()
    urls = []
    for name, order in (("a", corpus_files()), ("b", ORDER_B)):
        engine = _fresh(sqlite_template, folder / f"{name}.sqlite")
        with Session(engine) as session:
            for path in order:
                accepted(import_path(session, path, user="admin"))
            # The Semester report needs a strategy: the example one, the same in both stores.
            accepted(import_file(session, example_strategy_bytes(), "example.xlsx", user="admin"))
        engine.dispose()
        urls.append(f"sqlite:///{folder / f'{name}.sqlite'}")
    yield urls[0], urls[1]


def _dump(url: str) -> dict[Key, tuple[float | None, str | None, str | None]]:
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            return store(session)
    finally:
        engine.dispose()


def test_two_orders_give_the_same_values_and_flags(two_orders: tuple[str, str]) -> None:
    a, b = (_dump(u) for u in two_orders)
    assert len(a) == len(b)
    differ = {
        k: (a.get(k), b.get(k))
        for k in a.keys() | b.keys()
        if (a.get(k) or ())[:2] != (b.get(k) or ())[:2]
    }
    assert differ == {}


def test_two_orders_give_the_same_sources(two_orders: tuple[str, str]) -> None:
    a, b = (_dump(u) for u in two_orders)
    differ = {k: (a[k][2], b[k][2]) for k in a.keys() & b.keys() if a[k][2] != b[k][2]}
    assert differ == {}, f"{len(differ)} rows differ in source, e.g. {sorted(differ.items())[:4]}"


@pytest.mark.parametrize(
    "url",
    ["/api/v1/observations?indicator=ELET&geo=NL", "/api/v1/progress?indicator=ELET&geo=NL"],
)
def test_two_orders_answer_the_api_alike(two_orders: tuple[str, str], url: str) -> None:
    from pathways_monitor.core.settings import Settings
    from pathways_monitor.web.app import create_app

    bodies = []
    for db_url in two_orders:
        client = create_app(Settings(database_url=db_url)).server.test_client()
        response = client.get(url)
        assert response.status_code == 200, response.get_data(as_text=True)
        bodies.append(response.get_json())
    assert bodies[0] == bodies[1]


def _report_and_pages(url: str) -> dict[str, object]:
    """What the Semester report and the pages show for NL and the EU, from one store."""
    import datetime as dt

    from pathways_monitor.db import queries
    from pathways_monitor.reports.semester_data import collect
    from pathways_monitor.web.dashboard.country.data import load_headline, load_indicator

    engine = make_engine(url)
    try:
        with Session(engine) as session:
            report = collect(
                session,
                "NL",
                year=2025,
                today=dt.date(2026, 1, 15),
                now=dt.datetime(2026, 1, 15, tzinfo=dt.UTC),
            )
            rows = [
                (
                    r.code,
                    r.series,
                    r.eu_series,
                    r.latest_year,
                    r.latest_value,
                    r.latest_flag,
                    {k: (a.progress_class, a.ratio) for k, a in r.progress.items()},
                )
                for r in report.indicators
            ]
            place = {"code": "NL", "name_en": "Netherlands", "kind": "country"}
            headline = load_headline(session, place, dt.date(2026, 1, 15))
            pages: dict[str, object] = {"headline": repr(headline)}
            for code in ("ELET", "LOWACH_READ", "LOWACH_MATH", "LOWACH_SCI"):
                data = load_indicator(session, place, code, "sex")
                pages[code] = None if data is None else data.series.to_dict("records")
                pages[f"latest {code}"] = queries.latest_values(session, code).to_dict("records")
            return {"report": rows, "pages": pages}
    finally:
        engine.dispose()


def test_two_orders_give_the_same_report_and_pages(two_orders: tuple[str, str]) -> None:
    a, b = (_report_and_pages(u) for u in two_orders)
    assert a["report"] == b["report"]
    assert a["pages"] == b["pages"]
    # and they show the figures read off the published files: NL 2024 7.0, nationals not mixed in
    elet = next(r for r in a["report"] if r[0] == "ELET")
    assert (2024, 7.0, None) in elet[1]


# --------------------------------------------------------------------------- hostile files


@pytest.mark.parametrize(
    ("name", "code", "row", "column", "value"),
    [
        ("sdg_04_10a_linear.csv", "not_a_number", 24, "OBS_VALUE", "n/a"),
        ("edat_lfse_14__custom_15827399_page_spreadsheet.csv", "not_a_number", 18, "2023", "-"),
        (
            "sdg_04_10b__custom_19283799_spreadsheet.csv",
            "eurostat_unknown_dataset",
            None,
            None,
            "sdg_04_10b",
        ),
    ],
)
def test_hostile_file_is_rejected_and_writes_nothing(
    sqlite_session: Session, name: str, code: str, row: int | None, column: str | None, value: str
) -> None:
    report = import_path(sqlite_session, HOSTILE / name, user="admin")
    assert report.status == "rejected"
    found = [(p.code, p.row, p.column, p.value) for p in report.errors]
    assert found == [(code, row, column, value)]
    assert sqlite_session.scalar(text("SELECT count(*) FROM observation")) == 0
    assert sqlite_session.scalar(text("SELECT count(*) FROM import_batch")) == 0


# --------------------------------------------------------------------------- a national editor


def test_national_editor_keeps_only_own_country_of_a_national_download(
    sqlite_session: Session,
) -> None:
    scope = UploadScope(countries=frozenset({"NL"}))
    report = import_path(
        sqlite_session,
        DOWNLOADS / "edat_lfse_14__custom_15827364_page_spreadsheet.csv",
        user="nl-editor",
        scope=scope,
    )
    accepted(report)
    assert "rows_outside_scope" in [p.code for p in report.problems if p.severity == "warning"]
    stored = store(sqlite_session)
    assert {k[1] for k in stored} == {"NL"}
    assert len(stored) == 15  # NL: 3 sexes x 5 years, every cell a number
    assert stored[(E, "NL", 2024, bd(T))][:2] == (7.0, None)
    assert stored[(E, "NL", 2021, bd(F))][:2] == (3.8, "b")
    assert stored[(E, "NL", 2025, bd(M))][:2] == (9.4, None)


def test_national_editor_keeps_own_country_and_regions_of_a_regional_download(
    sqlite_session: Session,
) -> None:
    scope = UploadScope(countries=frozenset({"NL"}))
    report = import_path(
        sqlite_session,
        DOWNLOADS / "edat_lfse_16__custom_16029384_page_spreadsheet.csv",
        user="nl-editor",
        scope=scope,
    )
    accepted(report)
    assert "rows_outside_scope" in [p.code for p in report.problems if p.severity == "warning"]
    stored = store(sqlite_session)
    # NL33 is in the file, but only ':' without a flag
    assert {k[1] for k in stored} == {"NL", "NL32", "NL34", "NL35", "NL36", "NL42"}
    assert len(stored) == 30
    assert stored[(E, "NL34", 2025, bd(T))][:2] == (8.9, "u")
    assert stored[(E, "NL36", 2021, bd(T))][:2] == (5.5, "b")


# --------------------------------------------------------------------------- a changed definition


def test_nationals_labelled_as_the_headline_are_a_large_revision(sqlite_session: Session) -> None:
    accepted(import_path(sqlite_session, REAL_LFSE_14, user="admin"))
    before = store(sqlite_session)
    path = HOSTILE / "sdg_04_10__custom_19283746_spreadsheet.csv"
    report = import_file(sqlite_session, path.read_bytes(), path.name, user="admin", dry_run=True)
    assert report.status == "rejected"
    revisions = [p for p in report.errors if p.code == "large_revision"]
    assert len(revisions) == 1, errors(report)
    message = revisions[0].message
    assert "largest change DE 2023 13.0 -> 10.1" in message, message
    assert "LU 2024 7.8 -> no value" in message, message
    assert store(sqlite_session) == before
