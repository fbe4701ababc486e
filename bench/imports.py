"""Import benchmark: rows per second for parse, validate and store, next to the floor.

The floor is measured in the same run: a bare ``pandas.read_csv`` (``read_excel`` for xlsx) of
the same file plus a bare bulk insert of the same rows into a table with the same columns and
unique key but no foreign keys (``executemany`` on SQLite, ``COPY`` on PostgreSQL). Goals
(issue 13): the whole import within 1.5x that floor, a no-change re-import within 1x, and a
peak memory growth of at most 150 MB per million rows in every phase. Peak memory is the
process's peak RSS during a phase minus its RSS when the phase began (Linux: freed heap memory
is returned with ``malloc_trim`` and the peak reset through ``/proc/self/clear_refs`` before
each phase; elsewhere the growth of the lifetime peak, which hides a phase that stays below an
earlier one).

    python -m bench.imports                      # 1,000,000-row CSV, 100,000-row xlsx, SQLite
    python -m bench.imports --rows 200000 --xlsx-rows 20000 --postgres postgresql+psycopg://...
    python -m bench.imports --scaling 1000000 5000000 --postgres ...   # CSV only: cost per row
                                                                        # at each size (not CI)

``--repeat N`` runs everything N times on fresh stores and keeps each phase's shortest time
(a busy machine only ever makes a phase slower) and largest memory peak.
``--fk-floor`` adds, for information, the floor's insert into a table with four foreign keys
like ``observation`` (PostgreSQL checks each row's keys one by one; not part of the ratio).
``--revised`` adds a re-import in which 1 % of the values changed (revisions written).
"""

from __future__ import annotations

import argparse
import gc
import io
import os
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
CITIZENSHIP = ("TOTAL", "NAT", "FOR")  # only for files larger than the regions allow without
GOAL_WHOLE = 1.5  # whole import / floor
GOAL_REIMPORT = 1.0  # no-change re-import / floor
GOAL_MB_PER_MILLION = 150.0  # peak RSS growth in any phase, per million rows
_CLEAR_REFS = Path("/proc/self/clear_refs")


@dataclass
class Timing:
    seconds: float
    peak_rss_mb: float


def _status_mb(field: str) -> float | None:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def _trim() -> None:
    """Give freed heap memory back to the system (glibc), so that a phase's growth is not
    hidden by memory an earlier phase freed but the allocator kept."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


def _reset_peak() -> bool:
    """Reset the process's peak RSS (Linux); False where that is not possible."""
    try:
        _CLEAR_REFS.write_text("5")
    except OSError:
        return False
    return _status_mb("VmHWM") is not None


def measure(fn: Callable[[], Any]) -> tuple[Any, Timing]:
    """Run ``fn``: wall time, and peak RSS during it minus RSS before it."""
    gc.collect()
    _trim()
    if _reset_peak():
        before = _status_mb("VmRSS") or 0.0
        start = time.perf_counter()
        result = fn()
        seconds = time.perf_counter() - start
        peak = _status_mb("VmHWM") or before
    else:
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        start = time.perf_counter()
        result = fn()
        seconds = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result, Timing(seconds, max(peak - before, 0.0))


def generate_frame(rows: int, places: list[str], seed: int = 7) -> pd.DataFrame:
    """A realistic long indicator table: places x years 2000-2025 x sex x urbanisation (and x
    citizenship when there are not enough places for ``rows`` without)."""
    rng = np.random.default_rng(seed)
    years = np.arange(2000, 2026)
    per_place = len(INDICATORS) * len(years) * len(SEXES) * len(URBANISATION)
    levels: list[Any] = [INDICATORS, None, years, SEXES, URBANISATION]
    names = ["indicator", "geo", "year", "sex", "urbanisation"]
    if rows > per_place * len(places):
        levels.append(CITIZENSHIP)
        names.append("citizenship")
        per_place *= len(CITIZENSHIP)
    need = -(-rows // per_place)
    if need > len(places):
        raise ValueError(f"at most {per_place * len(places):,} rows can be generated")
    levels[1] = places[:need]
    idx = pd.MultiIndex.from_product(levels, names=names)
    frame = idx.to_frame(index=False).head(rows)
    frame["value"] = np.round(rng.uniform(2, 40, len(frame)), 1)
    flags = np.array(["", "", "", "", "", "", "", "b", "u", "p"])
    frame["flag"] = flags[rng.integers(0, len(flags), len(frame))]
    return frame


def revised_copy(frame: pd.DataFrame, share: float = 0.01, seed: int = 11) -> pd.DataFrame:
    """The frame with ``share`` of its values changed by 0.1 (a routine revision)."""
    rng = np.random.default_rng(seed)
    out = frame.copy()
    pick = rng.random(len(out)) < share
    out.loc[pick, "value"] = np.round(out.loc[pick, "value"] + 0.1, 1)
    return out


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


_FLOOR_COLUMNS = (
    "indicator_id, place_id, year, breakdown_id, value, flag, source, batch_id, updated_at"
)


def _floor_table(dialect: str, name: str, foreign_keys: bool) -> str:
    ref = " REFERENCES floor_ref (id)" if foreign_keys else ""
    if dialect == "sqlite":
        return (
            f"CREATE TABLE {name} (id INTEGER PRIMARY KEY, indicator_id INTEGER{ref}, "
            f"place_id INTEGER{ref}, year INTEGER, breakdown_id INTEGER{ref}, value FLOAT, "
            f"flag VARCHAR(8), source VARCHAR(200), batch_id INTEGER{ref}, "
            f"updated_at VARCHAR(40), CONSTRAINT uq_{name} UNIQUE (indicator_id, place_id, "
            "year, breakdown_id))"
        )
    return (
        f"CREATE TABLE {name} (id SERIAL PRIMARY KEY, indicator_id INTEGER{ref}, "
        f"place_id INTEGER{ref}, year INTEGER, breakdown_id INTEGER{ref}, value FLOAT, "
        f"flag VARCHAR(8), source VARCHAR(200), batch_id INTEGER{ref}, updated_at TIMESTAMPTZ, "
        f"CONSTRAINT uq_{name} UNIQUE (indicator_id, place_id, year, breakdown_id))"
    )


def floor(
    url: str, data: bytes, name: str, *, foreign_keys: bool = False
) -> tuple[Timing, Timing, Timing | None]:
    """Bare read plus bare bulk insert into a same-shaped table with the same unique key
    (and, with ``foreign_keys``, the same insert into a table with four foreign keys)."""
    frame, read = measure(lambda: bare_read(data, name))
    engine = make_engine(url)
    codes = {c: i + 1 for i, c in enumerate(frame["geo"].unique())}
    breakdown = frame.groupby(_breakdown_columns(frame), sort=True).ngroup() + 1
    ind = {c: i + 1 for i, c in enumerate(INDICATORS)}
    records = list(
        zip(
            frame["indicator"].map(ind).tolist(),
            frame["geo"].map(codes).tolist(),
            frame["year"].tolist(),
            breakdown.tolist(),
            frame["value"].tolist(),
            frame["flag"].fillna("").tolist(),
            ["bench"] * len(frame),
            [1] * len(frame),
            ["2026-01-01 00:00:00"] * len(frame),
            strict=True,
        )
    )
    dialect = engine.dialect.name

    def insert(table: str) -> None:
        with engine.begin() as conn:
            raw = conn.connection.driver_connection
            if dialect == "postgresql":
                sql = f"COPY {table} ({_FLOOR_COLUMNS}) FROM STDIN"
                with raw.cursor() as cur, cur.copy(sql) as copy:
                    for rec in records:
                        copy.write_row(rec)
            else:
                cur = raw.cursor()
                cur.executemany(
                    f"INSERT INTO {table} ({_FLOOR_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    records,
                )
                cur.close()

    with engine.begin() as conn:
        conn.exec_driver_sql(_floor_table(dialect, "floor_obs", False))
    _, store = measure(lambda: insert("floor_obs"))
    with_keys = None
    if foreign_keys:
        biggest = max(len(codes), int(breakdown.max()), len(ind), 1)
        with engine.begin() as conn:
            conn.exec_driver_sql("CREATE TABLE floor_ref (id INTEGER PRIMARY KEY)")
            conn.exec_driver_sql(
                "INSERT INTO floor_ref (id) SELECT * FROM (VALUES "
                + ", ".join(f"({i})" for i in range(1, biggest + 1))
                + ") v"
            )
            conn.exec_driver_sql(_floor_table(dialect, "floor_fk", True))
        _, with_keys = measure(lambda: insert("floor_fk"))
    with engine.begin() as conn:
        conn.exec_driver_sql("DROP TABLE floor_obs")
        if foreign_keys:
            conn.exec_driver_sql("DROP TABLE floor_fk")
            conn.exec_driver_sql("DROP TABLE floor_ref")
    engine.dispose()
    return read, store, with_keys


def _breakdown_columns(frame: pd.DataFrame) -> list[str]:
    return [c for c in ("sex", "urbanisation", "citizenship") if c in frame.columns]


def phases(
    url: str, data: bytes, name: str, *, revised: bytes | None = None, separate: bool = True
) -> dict[str, Timing]:
    """Parse, validate and store separately (same code the engine runs), then the whole
    import, a no-change re-import and (``revised``) a re-import with revisions."""
    from pathways_monitor.importers.tabular import read_indicator_table

    engine = make_engine(url)
    out: dict[str, Timing] = {}
    if separate:
        parsed, out["parse"] = measure(lambda: read_indicator_table(data, name))
        with Session(engine) as session:
            ref = load_observation_reference(session)
            checked, out["validate"] = measure(lambda: validate_observations(parsed.frame, ref))
            from pathways_monitor.db.models import ImportBatch

            batch = ImportBatch(
                file_name=name,
                checksum="bench",
                kind="indicators",
                uploaded_by="bench",
                outcome="accepted",
            )
            _, out["store"] = measure(
                lambda: store_observations(
                    session, checked.frame, ref, batch, "bench", collect_changes=False
                )
            )
            session.rollback()
        del parsed, checked
    report, out["whole import"] = measure(lambda: _whole(engine, data, name))
    assert report.accepted, report.problems[:3]
    again, out["re-import (no change)"] = measure(lambda: _whole(engine, data, name))
    assert again.accepted and not again.inserted and not again.updated, again.problems[:3]
    if revised is not None:
        changed, out["re-import (1% revised)"] = measure(lambda: _whole(engine, revised, name))
        assert changed.accepted and changed.updated, changed.problems[:3]
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


def loadavg() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())


@dataclass
class Result:
    label: str
    rows: int
    floor: float
    whole: float
    reimport: float
    peak_mb: float
    load: str

    @property
    def ratio(self) -> float:
        return self.whole / self.floor

    @property
    def reimport_ratio(self) -> float:
        return self.reimport / self.floor


def report(
    label: str,
    rows: int,
    timings: dict[str, Timing],
    floor_read: Timing,
    floor_store: Timing,
    floor_keys: Timing | None = None,
    load: str = "",
) -> Result:
    floor_total = floor_read.seconds + floor_store.seconds
    print(f"\n{label}: {rows:,} rows (load average {load})")
    print(f"{'phase':<26}{'seconds':>10}{'rows/s':>14}{'peak RSS +MB':>14}")
    shown = [("floor: bare read", floor_read), ("floor: bare insert", floor_store)]
    if floor_keys is not None:
        shown.append(("(insert with 4 FKs)", floor_keys))
    for phase, t in [*shown, *timings.items()]:
        rate = rows / t.seconds if t.seconds else 0
        print(f"{phase:<26}{t.seconds:>10.2f}{rate:>14,.0f}{t.peak_rss_mb:>14.0f}")
    whole = timings["whole import"].seconds
    again = timings["re-import (no change)"].seconds
    peak = max(t.peak_rss_mb for t in timings.values())
    limit = GOAL_MB_PER_MILLION * max(rows, 1_000_000) / 1_000_000
    print(
        f"whole import / floor = {whole / floor_total:.2f}x (goal <= {GOAL_WHOLE}x); "
        f"re-import / floor = {again / floor_total:.2f}x (goal <= {GOAL_REIMPORT}x); "
        f"largest phase peak +{peak:.0f} MB (goal <= {limit:.0f} MB)"
    )
    return Result(label, rows, floor_total, whole, again, peak, load)


def _fresh(
    label: str, tmpdir: Path, admin_url: str | None
) -> tuple[str, Callable[[], None] | None]:
    if label == "SQLite":
        return fresh_sqlite(tmpdir), None
    assert admin_url is not None
    return fresh_postgres(admin_url)


def _best(runs: list[Any]) -> Any:
    """Of repeated runs: the shortest time (the least disturbed by other work on the machine)
    and the largest memory peak."""
    if runs[0] is None:
        return None
    return Timing(min(t.seconds for t in runs), max(t.peak_rss_mb for t in runs))


def summary(results: list[Result]) -> None:
    print(f"\nratios in this run (load average now {loadavg()})")
    print(f"{'file':<22}{'rows':>11}{'whole/floor':>13}{'re-import/floor':>17}{'peak MB':>9}")
    for r in results:
        print(
            f"{r.label:<22}{r.rows:>11,}{r.ratio:>12.2f}x{r.reimport_ratio:>16.2f}x"
            f"{r.peak_mb:>9.0f}"
        )


def scaling(sizes: list[int], admin_url: str | None, tmpdir: Path) -> None:
    """The CSV import at several sizes on fresh stores: the cost per row should stay flat."""
    backends = ["SQLite"] + (["PostgreSQL"] if admin_url else [])
    for label in backends:
        print(f"\n{label}, CSV scaling (load average {loadavg()})")
        print(
            f"{'rows':>11}{'whole s':>10}{'us/row':>8}{'re-import s':>13}{'us/row':>8}"
            f"{'peak MB':>9}{'MB/M rows':>11}"
        )
        for rows in sizes:
            drop = None
            if label == "SQLite":
                url = fresh_sqlite(tmpdir)
            else:
                assert admin_url is not None
                url, drop = fresh_postgres(admin_url)
            frame = generate_frame(rows, places_for(url))
            data = frame.to_csv(index=False).encode()
            del frame
            t = phases(url, data, "bench.csv", separate=False)
            whole, again = t["whole import"], t["re-import (no change)"]
            peak = max(whole.peak_rss_mb, again.peak_rss_mb)
            print(
                f"{rows:>11,}{whole.seconds:>10.1f}{whole.seconds / rows * 1e6:>8.2f}"
                f"{again.seconds:>13.1f}{again.seconds / rows * 1e6:>8.2f}{peak:>9.0f}"
                f"{peak / rows * 1e6:>11.0f}"
            )
            del data
            if drop:
                drop()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--xlsx-rows", type=int, default=100_000)
    parser.add_argument("--postgres", default=None, help="admin URL; a scratch database is created")
    parser.add_argument(
        "--scaling",
        type=int,
        nargs="+",
        metavar="ROWS",
        help="only the CSV import at these sizes, e.g. 1000000 5000000 (not for CI)",
    )
    parser.add_argument("--fk-floor", action="store_true", help="also time an insert with FKs")
    parser.add_argument("--revised", action="store_true", help="also a re-import, 1%% revised")
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="runs per backend and file, each on a fresh store; the shortest time of each phase "
        "and the largest memory peak are shown (for a shared machine)",
    )
    args = parser.parse_args()
    print(f"load average at start: {loadavg()}")
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        if args.scaling:
            scaling(args.scaling, args.postgres, tmpdir)
            return
        url = fresh_sqlite(tmpdir)
        places = places_for(url)
        frame = generate_frame(args.rows, places)
        csv_bytes = frame.to_csv(index=False).encode()
        revised_csv = revised_copy(frame).to_csv(index=False).encode() if args.revised else None
        xlsx_buffer = io.BytesIO()
        frame.head(args.xlsx_rows).to_excel(xlsx_buffer, index=False, sheet_name="Observations")
        xlsx_bytes = xlsx_buffer.getvalue()
        print(
            f"generated {len(frame):,} CSV rows ({len(csv_bytes) / 1e6:.0f} MB), "
            f"{min(args.xlsx_rows, len(frame)):,} xlsx rows ({len(xlsx_bytes) / 1e6:.1f} MB)"
        )
        backends = ["SQLite"] + (["PostgreSQL"] if args.postgres else [])
        files = [
            ("CSV", csv_bytes, "bench.csv", len(frame), revised_csv),
            ("xlsx", xlsx_bytes, "bench.xlsx", min(args.xlsx_rows, len(frame)), None),
        ]
        results = []
        for label in backends:
            for kind, data, name, rows, revised in files:
                load = loadavg()
                floors: list[tuple[Timing, Timing, Timing | None]] = []
                runs: list[dict[str, Timing]] = []
                for _ in range(args.repeat):
                    db_url, drop = _fresh(label, tmpdir, args.postgres)
                    floors.append(floor(db_url, data, name, foreign_keys=args.fk_floor))
                    runs.append(phases(db_url, data, name, revised=revised))
                    if drop:
                        drop()
                fr, fs, fk = (_best([f[i] for f in floors]) for i in range(3))
                timings = {k: _best([r[k] for r in runs]) for k in runs[0]}
                results.append(report(f"{label}, {kind}", rows, timings, fr, fs, fk, load))
        summary(results)


if __name__ == "__main__":
    main()
