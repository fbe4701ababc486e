"""`pathways demo` loads the real shipped figures, exactly, and a second run changes no row."""

from __future__ import annotations

import csv
import math
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from pathways_monitor.demo.load import DATA_DIR, load_demo
from pathways_monitor.domain.places import EU27_CODES

TABLES = (
    "place",
    "indicator",
    "target",
    "breakdown",
    "observation",
    "observation_revision",
    "import_batch",
    "audit_log",
    "strategy",
    "objective",
    "objective_tag",
    "objective_indicator",
    "milestone",
    "budget_line",
    "taxonomy_term",
    "funding_source",
    "app_user",
    "api_token",
)


def _dump(engine: Engine) -> dict[str, list[tuple]]:
    with engine.connect() as conn:
        return {
            t: sorted(tuple(map(str, r)) for r in conn.execute(text(f"SELECT * FROM {t}")))
            for t in TABLES
        }


def _tsv_values(
    path: Path, sex: str | None = None
) -> dict[tuple[str, int], tuple[float | None, str | None]]:
    """Parse the bulk TSV independently of the importer: (geo, year) -> (value, flag)."""
    out = {}
    with path.open(encoding="utf-8") as fh:
        reader = csv.reader(fh, delimiter="\t")
        header = next(reader)
        dims = header[0].split("\\")[0].split(",")
        years = [int(h.strip()) for h in header[1:]]
        for row in reader:
            key = dict(zip(dims, row[0].split(","), strict=True))
            if sex is not None and key.get("sex") != sex:
                continue
            if key.get("wstatus", "POP") != "POP":
                continue
            for year, cell in zip(years, row[1:], strict=True):
                cell = cell.strip()
                parts = cell.split(" ")
                value = None if parts[0] == ":" else float(parts[0])
                flag = parts[1] if len(parts) > 1 and parts[1] else None
                if value is None and flag is None:
                    continue
                out[(key["geo"], year)] = (value, flag)
    return out


@pytest.fixture(scope="module")
def demo_engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    from pathways_monitor.db.session import make_engine

    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.sqlite'}")
    load_demo(engine)
    return engine


def _stored(engine: Engine, indicator: str, sex: str = "T") -> dict[tuple[str, int], tuple]:
    sql = text(
        "SELECT p.code, o.year, o.value, o.flag FROM observation o "
        "JOIN place p ON p.id = o.place_id JOIN indicator i ON i.id = o.indicator_id "
        "JOIN breakdown b ON b.id = o.breakdown_id "
        "WHERE i.code = :ind AND b.sex = :sex AND b.citizenship = 'TOTAL' "
        "AND b.country_of_birth = 'TOTAL' AND b.urbanisation = 'TOTAL'"
    )
    with engine.connect() as conn:
        return {
            (r[0], r[1]): (r[2], r[3]) for r in conn.execute(sql, {"ind": indicator, "sex": sex})
        }


@pytest.mark.parametrize("sex", ["T", "M", "F"])
def test_national_elet_by_sex_equals_the_file(demo_engine: Engine, sex: str) -> None:
    expected = _tsv_values(DATA_DIR / "edat_lfse_14.tsv", sex)
    stored = _stored(demo_engine, "ELET", sex)
    for geo in [*EU27_CODES, "EU27_2020"]:
        rows = {k: v for k, v in expected.items() if k[0] == geo}
        assert rows, f"no {geo} rows in the file"
        for key, (value, flag) in rows.items():
            assert key in stored, key
            got_value, got_flag = stored[key]
            assert (got_value is None and value is None) or math.isclose(got_value, value), key
            assert got_flag == flag, key


def test_regional_series_loaded_with_low_reliability_flags(demo_engine: Engine) -> None:
    expected = _tsv_values(DATA_DIR / "edat_lfse_16_total.tsv")
    stored = _stored(demo_engine, "ELET")
    regional = {k: v for k, v in expected.items() if len(k[0]) > 2 and not k[0].startswith("E")}
    assert len(regional) > 8000
    for key, (value, flag) in regional.items():
        assert stored[key][0] == value and stored[key][1] == flag, key
    assert stored[("AT11", 2000)] == (None, "u")
    assert stored[("NL32", 2023)][0] is not None


def test_pisa_per_domain_and_no_science(demo_engine: Engine) -> None:
    read = _stored(demo_engine, "LOWACH_READ")
    math_ = _stored(demo_engine, "LOWACH_MATH")
    assert _stored(demo_engine, "LOWACH_SCI") == {}
    with (DATA_DIR / "pisa_low_achievers_sdg_04_40.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    for r in rows:
        target = read if r["field"] == "READING" else math_
        value = float(r["value"]) if r["value"] else None
        assert target[(r["geo"], int(r["year"]))] == (value, r["flag"] or None)
    assert ("LU", 2022) not in read  # Luxembourg did not take part in PISA 2022


def test_example_strategy_loaded_and_labelled(demo_engine: Engine) -> None:
    with demo_engine.connect() as conn:
        title, is_example = conn.execute(text("SELECT title, is_example FROM strategy")).one()
        objectives = conn.execute(text("SELECT count(*) FROM objective")).scalar_one()
        milestones = conn.execute(text("SELECT count(*) FROM milestone")).scalar_one()
    assert is_example
    assert "EXAMPLE" in title.upper() and "not an official" in title.lower()
    assert 15 <= objectives <= 30
    assert milestones >= 80


def test_second_run_changes_no_row(demo_engine: Engine) -> None:
    before = _dump(demo_engine)
    load_demo(demo_engine)
    after = _dump(demo_engine)
    for table in TABLES:
        assert after[table] == before[table], f"{table} changed on the second demo run"
