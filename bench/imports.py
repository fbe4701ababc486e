"""Import benchmark: rows per second for parse, validate and store, next to the floor.

The floor is measured in the same run: a bare ``pandas.read_csv`` of the same file plus a bare
bulk insert of the same rows into a table with the same columns and unique key
(``executemany`` on SQLite, ``COPY`` on PostgreSQL). Goal: the whole import within 2x that
floor. Peak memory is the process's peak RSS growth during each phase.

    python -m bench.imports                      # 1,000,000-row CSV, 100,000-row xlsx, SQLite
    python -m bench.imports --rows 200000 --xlsx-rows 20000 --postgres postgresql+psycopg://...
"""

from __future__ import annotations

import argparse
import gc
import io
import resource
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from pathways_monitor.db import migrate
from pathways_monitor.db.reference import sync_reference_data
from pathways_monitor.db.session import make_engine
from pathways_monitor.importers.engine import import_file
from pathways_monitor.importers.observation_store import store_observations
from pathways_monitor.importers.observation_validate import (
    load_observation_reference,
    validate_observations,
)

INDICATORS = ("ELET", "LOWACH_READ", "LOWACH_MATH", "LOWACH_SCI")
SEXES = ("T", "M", "F")
URBANISATION = ("TOTAL", "DEG1", "DEG2", "DEG3")


@dataclass
class Timing:
    seconds: float
    peak_rss_mb: float


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(fn: Callable[[], Any]) -> tuple[Any, Timing]:
    gc.collect()
    before = _rss_mb()
    start = time.perf_counter()
    result = fn()
    return result, Timing(time.perf_counter() - start, max(_rss_mb() - before, 0.0))


def generate_frame(rows: int, places: list[str], seed: int = 7) -> pd.DataFrame:
    """A realistic long indicator table: places x years 2000-2025 x sex x urbanisation."""
    rng = np.random.default_rng(seed)
    years = np.arange(2000, 2026)
    per_place = len(INDICATORS) * len(years) * len(SEXES) * len(URBANISATION)
    need = -(-rows // per_place)
    chosen = places[:need]
    idx = pd.MultiIndex.from_product(
        [INDICATORS, chosen, years, SEXES, URBANISATION],
        names=["indicator", "geo", "year", "sex", "urbanisation"],
    )
    frame = idx.to_frame(index=False).head(rows)
    frame["value"] = np.round(rng.uniform(2, 40, len(frame)), 1)
    flags = np.array(["", "", "", "", "", "", "", "b", "u", "p"])
    frame["flag"] = flags[rng.integers(0, len(flags), len(frame))]
    return frame


def fresh_sqlite(directory: Path) -> str:
    url = f"sqlite:///{directory / f'bench-{uuid.uuid4().hex[:6]}.sqlite'}"
    _prepare(url)
    return url


def fresh_postgres(admin_url: str) -> tuple[str, Callable[[], None]]:
    name = f"pathways_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    _prepare(url)

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return url, drop


def _prepare(url: str) -> None:
    engine = make_engine(url)
    migrate.upgrade(engine)
    with Session(engine) as session:
        sync_reference_data(session)
        session.commit()
    engine.dispose()


def bare_read(data: bytes, name: str) -> pd.DataFrame:
    if name.endswith(".xlsx"):
        return pd.read_excel(io.BytesIO(data), engine="calamine")
    return pd.read_csv(io.BytesIO(data))


def floor(url: str, data: bytes, name: str) -> tuple[Timing, Timing]:
    """Bare read plus bare bulk insert into a same-shaped table with the same unique key."""
    frame, read = measure(lambda: bare_read(data, name))
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "CREATE TABLE floor_obs (id INTEGER PRIMARY KEY, indicator_id INTEGER, place_id INTEGER, "
            "year INTEGER, breakdown_id INTEGER, value FLOAT, flag VARCHAR(8), source VARCHAR(200), "
            "batch_id INTEGER, updated_at VARCHAR(40), "
            "CONSTRAINT uq_floor UNIQUE (indicator_id, place_id, year, breakdown_id))"
            if engine.dialect.name == "sqlite"
            else "CREATE TABLE floor_obs (id SERIAL PRIMARY KEY, indicator_id INTEGER, "
            "place_id INTEGER, year INTEGER, breakdown_id INTEGER, value FLOAT, flag VARCHAR(8), "
            "source VARCHAR(200), batch_id INTEGER, updated_at TIMESTAMPTZ, "
            "CONSTRAINT uq_floor UNIQUE (indicator_id, place_id, year, breakdown_id))"
        )
    codes = {c: i for i, c in enumerate(frame["geo"].unique())}
    bd = {(s, u): i for i, (s, u) in enumerate((s, u) for s in SEXES for u in URBANISATION)}
    ind = {c: i for i, c in enumerate(INDICATORS)}
    records = list(
        zip(
            frame["indicator"].map(ind).tolist(),
            frame["geo"].map(codes).tolist(),
            frame["year"].tolist(),
            [bd[(s, u)] for s, u in zip(frame["sex"], frame["urbanisation"], strict=True)],
            frame["value"].tolist(),
            frame["flag"].fillna("").tolist(),
            ["bench"] * len(frame),
            [1] * len(frame),
            ["2026-01-01 00:00:00"] * len(frame),
            strict=True,
        )
    )
    cols = "indicator_id, place_id, year, breakdown_id, value, flag, source, batch_id, updated_at"

    def insert() -> None:
        with engine.begin() as conn:
            raw = conn.connection.driver_connection
            if engine.dialect.name == "postgresql":
                with raw.cursor() as cur, cur.copy(f"COPY floor_obs ({cols}) FROM STDIN") as copy:
                    for rec in records:
                        copy.write_row(rec)
            else:
                cur = raw.cursor()
                cur.executemany(
                    f"INSERT INTO floor_obs ({cols}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", records
                )
                cur.close()

    _, store = measure(insert)
    with engine.begin() as conn:
        conn.exec_driver_sql("DROP TABLE floor_obs")
    engine.dispose()
    return read, store


def phases(url: str, data: bytes, name: str) -> dict[str, Timing]:
    """Parse, validate and store separately (same code the engine runs), then the whole import."""
    from pathways_monitor.importers.tabular import read_indicator_table

    parsed, t_parse = measure(lambda: read_indicator_table(data, name))
    engine = make_engine(url)
    out = {"parse": t_parse}
    with Session(engine) as session:
        ref = load_observation_reference(session)
        checked, t_val = measure(lambda: validate_observations(parsed.frame, ref))
        out["validate"] = t_val
        from pathways_monitor.db.models import ImportBatch

        batch = ImportBatch(
            file_name=name,
            checksum="bench",
            kind="indicators",
            uploaded_by="bench",
            outcome="accepted",
        )
        _, t_store = measure(
            lambda: store_observations(
                session, checked.frame, ref, batch, "bench", collect_changes=False
            )
        )
        out["store"] = t_store
        session.rollback()
    report, t_total = measure(lambda: _whole(engine, data, name))
    out["whole import"] = t_total
    out["re-import (no change)"] = measure(lambda: _whole(engine, data, name))[1]
    assert report.accepted, report.problems[:3]
    engine.dispose()
    return out


def _whole(engine: Any, data: bytes, name: str) -> Any:
    with Session(engine) as session:
        return import_file(session, data, name, user="bench", max_bytes=1 << 31)


def places_for(url: str) -> list[str]:
    engine = make_engine(url)
    with engine.connect() as conn:
        codes = [
            r[0]
            for r in conn.execute(
                text("SELECT code FROM place WHERE kind = 'region' ORDER BY code")
            )
        ]
    engine.dispose()
    return codes


def report(
    label: str, rows: int, timings: dict[str, Timing], floor_read: Timing, floor_store: Timing
) -> None:
    floor_total = floor_read.seconds + floor_store.seconds
    print(f"\n{label}: {rows:,} rows")
    print(f"{'phase':<24}{'seconds':>10}{'rows/s':>14}{'peak RSS +MB':>14}")
    for phase, t in [
        ("floor: bare read", floor_read),
        ("floor: bare insert", floor_store),
        *timings.items(),
    ]:
        print(
            f"{phase:<24}{t.seconds:>10.2f}{rows / t.seconds if t.seconds else 0:>14,.0f}{t.peak_rss_mb:>14.0f}"
        )
    whole = timings["whole import"].seconds
    print(f"whole import / floor = {whole / floor_total:.2f}x (goal <= 2x)")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--xlsx-rows", type=int, default=100_000)
    parser.add_argument("--postgres", default=None, help="admin URL; a scratch database is created")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        url = fresh_sqlite(tmpdir)
        places = places_for(url)
        frame = generate_frame(args.rows, places)
        csv_bytes = frame.to_csv(index=False).encode()
        xlsx_buffer = io.BytesIO()
        frame.head(args.xlsx_rows).to_excel(xlsx_buffer, index=False, sheet_name="Observations")
        xlsx_bytes = xlsx_buffer.getvalue()
        print(
            f"generated {len(frame):,} CSV rows ({len(csv_bytes) / 1e6:.0f} MB), "
            f"{min(args.xlsx_rows, len(frame)):,} xlsx rows ({len(xlsx_bytes) / 1e6:.1f} MB)"
        )
        backends: list[tuple[str, str, Callable[[], None] | None]] = [("SQLite", url, None)]
        if args.postgres:
            pg_url, drop = fresh_postgres(args.postgres)
            backends.append(("PostgreSQL", pg_url, drop))
        for label, db_url, drop in backends:
            fr, fs = floor(db_url, csv_bytes, "bench.csv")
            report(f"{label}, CSV", len(frame), phases(db_url, csv_bytes, "bench.csv"), fr, fs)
            drop_xlsx = None
            if label == "SQLite":
                fresh = fresh_sqlite(tmpdir)
            else:
                fresh, drop_xlsx = fresh_postgres(args.postgres)
            xr = min(args.xlsx_rows, len(frame))
            frx, fsx = floor(fresh, xlsx_bytes, "bench.xlsx")
            report(f"{label}, xlsx", xr, phases(fresh, xlsx_bytes, "bench.xlsx"), frx, fsx)
            for cleanup in (drop, drop_xlsx):
                if cleanup:
                    cleanup()


if __name__ == "__main__":
    main()
