"""An import killed in the middle of storing (SIGKILL of the ``pathways import`` process) leaves
the store exactly as it was, on SQLite and on PostgreSQL, and the same import run again is
complete.

The store is seeded first through the CLI with real-shaped files (an ELET sheet, a revision of
it, a Eurostat bulk TSV), so "as it was" is not empty: observations, revisions, import batches
and audit entries. A long indicator CSV is generated (``bench.imports.generate_frame``) for
places that hold nothing yet and imported by a ``python -m pathways_monitor.cli import``
subprocess. The test waits until that process is writing the observations:

- SQLite: its write-ahead log has grown past ``WAL_STORING`` bytes. Only the bulk ``INSERT``
  into ``observation`` spills that much to the log (the staging table is a temporary one,
  outside the log; batch and breakdown rows are a few pages in the page cache);
- PostgreSQL: its backend runs ``INSERT INTO observation`` holding the writer lock and the
  table's file has grown by ``PG_STORING`` bytes (the rows already written, not committed).

It then stops the process (SIGSTOP), checks that it is still inside its transaction (the write
lock is held, another connection sees nothing of the file), and kills it (SIGKILL). The stop
only makes that check race-free: a killed process cleans up nothing either way.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Connection, Engine, inspect, text

from bench.imports import generate_frame
from pathways_monitor.db.locks import WRITER_LOCK_KEY
from tests.conftest import FIXTURES, REPO

SEED = (
    FIXTURES / "workflow" / "nl_elet_2022_2023.csv",
    FIXTURES / "workflow" / "nl_elet_2023_revised.csv",  # revises two values: revisions
    FIXTURES / "downloads" / "estat_edat_lfse_14.tsv",
)
ROWS = {"sqlite": 600_000, "postgres": 300_000}  # each import takes a few seconds
COMPARED = ("observation", "observation_revision", "import_batch", "audit_log")
WAL_STORING = 4 << 20  # SQLite: log bytes that show the observation INSERT under way
PG_STORING = 2 << 20  # PostgreSQL: bytes the observation table grew by, uncommitted
TIMEOUT = 180.0  # seconds, any one wait: generous for a loaded 2-core machine
SPOT_CHECKS = 6
_BREAKDOWN_TOTALS = ("country_of_birth", "ses_quartile", "disability")


def _cli(url: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "pathways_monitor.cli", *args],
        cwd=REPO,
        env={**os.environ, "DATABASE_URL": url},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _run(url: str, *args: str) -> tuple[int, list[dict], str]:
    """Run the CLI to the end: its exit status, its JSON reports and its stderr."""
    proc = _cli(url, *args)
    try:
        out, err = proc.communicate(timeout=TIMEOUT)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    reports = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    return proc.returncode, reports, err


def _state(engine: Engine) -> dict[str, tuple[int, str]]:
    """Every table of the database: its row count and a checksum of all its rows in key
    order."""
    out = {}
    with engine.connect() as conn:
        found = inspect(conn)
        quote = conn.dialect.identifier_preparer.quote
        for table in sorted(found.get_table_names()):
            key = found.get_pk_constraint(table)["constrained_columns"]
            columns = key or [c["name"] for c in found.get_columns(table)]
            order = ", ".join(quote(c) for c in columns)
            digest = hashlib.sha256()
            n = 0
            for row in conn.exec_driver_sql(f"SELECT * FROM {quote(table)} ORDER BY {order}"):
                digest.update(repr(tuple(row)).encode())
                digest.update(b"\n")
                n += 1
            out[table] = (n, digest.hexdigest())
    return out


def _count(conn: Connection, table: str) -> int:
    return int(conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())


def _big_file(engine: Engine, path: Path, rows: int) -> None:
    """A long indicator CSV of ``rows`` rows for regions that hold no observation yet."""
    with engine.connect() as conn:
        places = list(
            conn.execute(
                text(
                    "SELECT code FROM place p WHERE kind = 'region' AND NOT EXISTS "
                    "(SELECT 1 FROM observation o WHERE o.place_id = p.id) ORDER BY code"
                )
            ).scalars()
        )
    generate_frame(rows, places).to_csv(path, index=False)


def _read_by_hand(path: Path) -> tuple[int, int, int, dict[int, dict[str, str]]]:
    """Straight from the file's text (csv module, not the import's parser): its number of
    data rows, the sum of its values in tenths, how many carry a flag, and a few rows by
    line number (header = line 1)."""
    with path.open(newline="") as f:
        lines = sum(1 for _ in f)
    rows = lines - 1
    pick = random.Random(20261206)
    wanted = {2, lines, 2 + rows // 2, *(pick.randint(2, lines) for _ in range(SPOT_CHECKS - 3))}
    tenths = flagged = 0
    spots: dict[int, dict[str, str]] = {}
    with path.open(newline="") as f:
        for line, rec in enumerate(csv.DictReader(f), start=2):
            tenths += round(float(rec["value"]) * 10)
            flagged += bool(rec["flag"])
            if line in wanted:
                spots[line] = rec
    assert len(spots) == len(wanted)
    return rows, tenths, flagged, spots


def _stored(conn: Connection, rec: dict[str, str]) -> list[tuple[float, str | None]]:
    """The stored value and flag of one file row, looked up by its codes."""
    totals = " ".join(f"AND b.{c} = 'TOTAL'" for c in _BREAKDOWN_TOTALS)
    sql = (
        "SELECT o.value, o.flag FROM observation o "
        "JOIN indicator i ON i.id = o.indicator_id JOIN place p ON p.id = o.place_id "
        "JOIN breakdown b ON b.id = o.breakdown_id "
        "WHERE i.code = :indicator AND p.code = :geo AND o.year = :year AND b.sex = :sex "
        "AND b.urbanisation = :urbanisation AND b.citizenship = :citizenship "
        f"AND b.custom_dimension = 'TOTAL' AND b.custom_value = 'TOTAL' {totals}"
    )
    params = {
        "indicator": rec["indicator"],
        "geo": rec["geo"],
        "year": int(rec["year"]),
        "sex": rec["sex"],
        "urbanisation": rec["urbanisation"],
        "citizenship": rec.get("citizenship") or "TOTAL",
    }
    return [(r[0], r[1]) for r in conn.execute(text(sql), params)]


def _wait_for(what: str, proc: subprocess.Popen[str], ready: Callable[[], bool]) -> float:
    """Poll until ``ready()``; fails when the import ends first or after ``TIMEOUT``."""
    start = time.monotonic()
    while not ready():
        if proc.poll() is not None:
            out, err = proc.communicate()
            raise AssertionError(
                f"the import ended (status {proc.returncode}) before {what}: {out[-500:]}"
                f"{err[-2000:]}"
            )
        if time.monotonic() - start > TIMEOUT:
            raise AssertionError(f"no sign of {what} after {TIMEOUT:.0f} s")
        time.sleep(0.002)
    return time.monotonic() - start


class _SQLite:
    """Watching an SQLite import from outside: its log file and its write lock."""

    def __init__(self, engine: Engine) -> None:
        self.path = Path(str(engine.url.database))
        self.wal = self.path.with_name(self.path.name + "-wal")

    def wal_size(self) -> int:
        return self.wal.stat().st_size if self.wal.exists() else 0

    def storing(self) -> bool:
        return self.wal_size() >= WAL_STORING

    def inside_transaction(self, observations: int) -> None:
        probe = sqlite3.connect(self.path, timeout=0, isolation_level=None)
        try:
            try:
                probe.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:
                assert "database is locked" in str(exc)
            else:
                probe.execute("ROLLBACK")
                raise AssertionError("the import holds no write lock: not inside its transaction")
            committed = probe.execute("SELECT count(*) FROM observation").fetchone()[0]
            assert committed == observations, "the import's rows are committed already"
        finally:
            probe.close()

    def after_kill(self) -> dict[str, float]:
        hot = self.wal_size()
        assert hot >= WAL_STORING, "the killed writer's log should be left behind"
        return {"hot_wal_mb": hot / 2**20}


class _Postgres:
    """Watching a PostgreSQL import from outside: its backend, the writer lock, the table."""

    def __init__(self, engine: Engine) -> None:
        self.conn = engine.execution_options(isolation_level="AUTOCOMMIT").connect()
        self.size = self._table_size()
        self.pid: int | None = None

    def close(self) -> None:
        self.conn.close()

    def _table_size(self) -> int:
        return int(self.conn.execute(text("SELECT pg_relation_size('observation')")).scalar_one())

    def _lock_holders(self) -> list[int]:
        return list(
            self.conn.execute(
                text(
                    "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted "
                    "AND objid::bigint = :key AND database = "
                    "(SELECT oid FROM pg_database WHERE datname = current_database())"
                ),
                {"key": WRITER_LOCK_KEY},
            ).scalars()
        )

    def storing(self) -> bool:
        self.pid = self.conn.execute(
            text(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                "AND state = 'active' AND query LIKE :insert"
            ),
            {"insert": "INSERT INTO observation (%"},
        ).scalar()
        if self.pid is None or self.pid not in self._lock_holders():
            return False
        return self._table_size() >= self.size + PG_STORING

    def inside_transaction(self, observations: int) -> None:
        assert self.pid in self._lock_holders(), "the import no longer holds the writer lock"
        assert _count(self.conn, "observation") == observations, "the import committed already"

    def after_kill(self) -> dict[str, float]:
        """The backend goes on with the statement it was running until it notices its client
        is gone, then rolls back and ends: wait for that."""
        linger = _wait_until(
            lambda: (
                self.conn.execute(
                    text("SELECT count(*) FROM pg_stat_activity WHERE pid = :pid"),
                    {"pid": self.pid},
                ).scalar_one()
                == 0
            )
        )
        assert self._lock_holders() == []
        return {"backend_linger_s": linger}


def _wait_until(ready: Callable[[], bool]) -> float:
    start = time.monotonic()
    while not ready():
        assert time.monotonic() - start < TIMEOUT, f"still waiting after {TIMEOUT:.0f} s"
        time.sleep(0.01)
    return time.monotonic() - start


def test_an_import_killed_while_storing_changes_nothing_and_its_rerun_is_complete(
    backend: str, engine: Engine, tmp_path: Path
) -> None:
    url = engine.url.render_as_string(hide_password=False)
    timings: dict[str, float] = {}
    start = time.monotonic()
    code, reports, err = _run(url, "import", *map(str, SEED), "--json")
    assert code == 0, err
    assert [r["status"] for r in reports] == ["accepted"] * len(SEED), reports
    timings["seed_s"] = time.monotonic() - start
    big = tmp_path / "indicators.csv"
    _big_file(engine, big, ROWS[backend])
    rows, tenths, flagged, spots = _read_by_hand(big)
    assert rows == ROWS[backend]
    if backend == "sqlite":
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    before = _state(engine)
    assert set(COMPARED) <= set(before)
    assert all(before[t][0] > 0 for t in COMPARED), before
    # No connection of this process stays open: after the kill, the next one to open an
    # SQLite file is the first and has to recover from the log the killed writer left.
    engine.dispose()

    watch = _SQLite(engine) if backend == "sqlite" else _Postgres(engine)
    try:
        start = time.monotonic()
        proc = _cli(url, "import", str(big), "--json")
        try:
            _wait_for("it was storing", proc, watch.storing)
            timings["storing_after_s"] = time.monotonic() - start
            os.kill(proc.pid, signal.SIGSTOP)
            watch.inside_transaction(before["observation"][0])
            os.kill(proc.pid, signal.SIGKILL)
            proc.communicate(timeout=TIMEOUT)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.communicate()
        assert proc.returncode == -signal.SIGKILL
        timings.update(watch.after_kill())
    finally:
        if isinstance(watch, _Postgres):
            watch.close()

    after = _state(engine)
    assert after == before
    if backend == "sqlite":
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"

    start = time.monotonic()
    code, reports, err = _run(url, "import", str(big), "--json")
    timings["rerun_s"] = time.monotonic() - start
    assert code == 0, err
    (report,) = reports
    assert report["status"] == "accepted", report["problems"]
    assert (report["rows"], report["inserted"], report["updated"]) == (rows, rows, 0)
    with engine.connect() as conn:
        counts = {t: _count(conn, t) for t in COMPARED}
        stored = conn.execute(
            text(
                "SELECT count(*), SUM(CAST(ROUND(value * 10) AS BIGINT)), count(flag) "
                "FROM observation WHERE batch_id = :batch"
            ),
            {"batch": report["batch_id"]},
        ).one()
        looked_up = {line: _stored(conn, rec) for line, rec in spots.items()}
    assert counts == {
        "observation": before["observation"][0] + rows,
        "observation_revision": before["observation_revision"][0],
        "import_batch": before["import_batch"][0] + 1,
        "audit_log": before["audit_log"][0] + 1,
    }
    assert tuple(stored) == (rows, tenths, flagged)
    for line, rec in spots.items():
        expected = [(float(rec["value"]), rec["flag"] or None)]
        assert looked_up[line] == expected, f"line {line} of the file: {rec}"
    print(backend, f"{rows:,} rows", {k: round(v, 2) for k, v in timings.items()})
