"""Write validated observations: insert new, revise changed, leave unchanged alone.

A changed value keeps its earlier state as an ``ObservationRevision`` (who, when, previous
value, flag, source and batch). Where two sources publish the same figure, the rule of
``domain.source_precedence`` decides (a stored value from a higher-ranked source is kept);
otherwise the last accepted file wins. ``plan_observations`` works out what would change
without writing, and reports it as a ``StoreDiff`` (``StorePlan.diff``; for the approval lock
``StorePlan.touched_periods`` and ``StorePlan.lock_diff``, which the engine checks, and the
plan with ``importers.revision_guard``, first); ``apply_plan`` writes it.

Set-based (issue 13): the validated rows are loaded, in unique-key order, into a temporary
staging table (``db.staging``: binary ``COPY`` on PostgreSQL, ``executemany`` on SQLite) and
compared with the stored rows inside the database:

- an index probe first: when the store holds nothing in the file's box of indicators, places
  and years (a first load), every row is new and nothing is compared;
- otherwise one join of the staging table with ``observation`` classifies every row (new,
  revised, credited to another source, kept by precedence, unchanged) and keeps the rows that
  differ from the store (none on a no-change re-import), with the stored state beside them, in
  a second temporary table, the *plan*; the counts come from the plan (every other row is
  unchanged), and the revision guard's per-series counts from one more join, over the series
  with a changed or blanked stored number only;
- ``apply_plan`` writes the previous state of every revised row as one ``INSERT ... SELECT``
  into ``observation_revision``, then the new and changed values as one ``INSERT ... SELECT ...
  ON CONFLICT DO UPDATE`` (a first load: a plain ``INSERT ... SELECT``); unchanged and kept
  rows are not touched.

No Python object per stored row exists at any point: what comes back to Python is counts, the
preview's first rows, the (country, year) pairs the file touches and, for the approval lock,
the first rows of approved periods. Foreign keys stay on ``observation``; before anything is
written the staged indicator and place ids are checked against their tables set-wise (on the
distinct ids), and a missing one is reported with its file rows, not as a database error.
Never commits: the caller's transaction makes a file all-or-nothing. A plan's temporary tables
live in that transaction; ``StorePlan.close`` (or ``with plan:``) drops them.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import Connection, DateTime, bindparam, select, text
from sqlalchemy.orm import Session

from pathways_monitor.db import staging
from pathways_monitor.db.models import Breakdown, ImportBatch
from pathways_monitor.domain.breakdowns import BREAKDOWN_COLUMNS
from pathways_monitor.domain.source_precedence import (
    SAME_SERIES_ORDER,
    SOURCE_PRECEDENCE,
    ranked_indicators,
    source_tie,
)
from pathways_monitor.importers.observation_validate import UNKNOWN_CODE, ObservationReference
from pathways_monitor.importers.period_lock import MAX_ROWS_PER_PERIOD
from pathways_monitor.importers.problems import ERROR, Problem, problem
from pathways_monitor.importers.store_diff import ADDED, CHANGED, CHANGES, REATTRIBUTED, StoreDiff

ID_KEY = ["indicator_id", "place_id", "year", "breakdown_id"]
CHUNK = staging.CHUNK
PREVIEW_LIMIT = 200
MAX_REFERENCE_PROBLEMS = 1000

# A staged row's change, as the classifying query codes it.
UNCHANGED, NEW, REVISED, RETAGGED, KEPT = 0, 1, 2, 3, 4
# What the revision guard sees in it (``importers.revision_guard``): not compared (new, decided
# by precedence or no stored number), compared and equal, compared and changed, blanked.
NOT_COMPARED, COMPARED, GUARD_CHANGED, GUARD_BLANKED = 0, 1, 2, 3
# The diff's change (``store_diff.CHANGES``) of each of those codes (-1: not in the diff).
_DIFF_CODES = np.array(
    [-1, CHANGES.index(ADDED), CHANGES.index(CHANGED), CHANGES.index(REATTRIBUTED), -1],
    dtype=np.int64,
)

# Staged in unique-key order (``seq``, the load order): the comparison probes the stored
# rows' index in order and a first load is written in key order without sorting again;
# ``pos`` is the row's place in the file (1-based), for everything that follows file order.
STAGE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("pos", staging.INT),
    ("indicator_id", staging.INT),
    ("place_id", staging.INT),
    ("year", staging.INT),
    ("breakdown_id", staging.INT),
    ("value", staging.FLOAT),
    ("flag", staging.TEXT),
    ("source", staging.TEXT),
)
_KEY_JOIN = " AND ".join(f"o.{c} = s.{c}" for c in ID_KEY)
_WRITTEN = ", ".join(
    ["indicator_id", "place_id", "year", "breakdown_id", "value", "flag", "source"]
)


@dataclass
class StoreCounts:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    changes: list[dict[str, Any]] = field(default_factory=list)
    kept: int = 0  # stored values left alone: their source takes precedence (also unchanged)
    kept_summary: list[dict[str, Any]] = field(default_factory=list)

    @property
    def changed_anything(self) -> bool:
        return bool(self.inserted or self.updated)


def breakdown_ids(session: Session, frame: pd.DataFrame) -> np.ndarray:
    """The breakdown id of every row; creates the (few) combinations not yet stored.

    Rows are grouped by one integer key built from the columns' category codes, so a
    million-row file costs one sort of integers, not string comparisons.
    """
    cols = list(BREAKDOWN_COLUMNS)
    key = np.zeros(len(frame), dtype=np.int64)
    multiplier = 1
    for col in cols:
        cat = frame[col].astype("category")
        key += cat.cat.codes.to_numpy(dtype=np.int64) * multiplier
        multiplier *= len(cat.cat.categories) + 1
    _uniq, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    combos = frame[cols].iloc[first].astype(object)
    existing = {
        tuple(getattr(b, c) for c in cols): b.id for b in session.scalars(select(Breakdown))
    }
    ids = np.empty(len(first), dtype=np.int32)
    for i, rec in enumerate(combos.itertuples(index=False, name=None)):
        combo = tuple(str(v) for v in rec)
        if combo not in existing:
            b = Breakdown(**dict(zip(cols, combo, strict=True)))
            session.add(b)
            session.flush()
            existing[combo] = b.id
        ids[i] = existing[combo]
    return ids[inverse]


def _codes_to_ids(codes: pd.Series, ids: Mapping[str, int]) -> tuple[np.ndarray, np.ndarray]:
    """Each row's id, and the distinct ids, mapped through the (few) distinct codes."""
    cat = codes.astype("category")
    lookup = np.array([ids[c] for c in cat.cat.categories], dtype=np.int32)
    return lookup[cat.cat.codes.to_numpy()], lookup


def _none(v: Any) -> Any:
    if v is None:
        return None
    if isinstance(v, float) and np.isnan(v):
        return None
    if isinstance(v, np.integer):
        return int(v)
    if isinstance(v, np.floating):
        return float(v)
    return v


@dataclass(eq=False)
class StorePlan:
    """What storing a validated frame would do, worked out in the database before anything
    is written; the staged rows and the plan live in temporary tables of the session's
    transaction until ``close``.

    ``counts`` are the report's counts (and the preview and the kept-by-precedence summary);
    ``series`` has one row per series (indicator and breakdown) with stored numbers the file
    may revise: ``compared``, ``changed`` and ``blanked`` (``importers.revision_guard``).
    ``problems``: staged ids their table does not hold (a place removed since validation),
    with their file rows; a plan with problems cannot be applied. ``frame`` is the validated
    frame the plan was made for (rows are located in it for the diff).
    """

    session: Session
    frame: pd.DataFrame
    ref: ObservationReference
    counts: StoreCounts
    series: pd.DataFrame
    breakdown: np.ndarray
    problems: list[Problem] = field(default_factory=list)
    stage: str | None = None  # the staging table (None: nothing staged)
    plan: str | None = None  # the rows that differ from the store (None: none, or all new)
    all_new: bool = False
    closed: bool = False
    source: str = "s.source"  # the SQL of a staged row's source (a parameter when constant)
    params: dict[str, Any] = field(default_factory=dict)

    def __enter__(self) -> StorePlan:
        return self

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        # After an error the caller rolls back, which takes the temporary tables with it.
        if exc_type is None:
            self.close()

    def close(self) -> None:
        """Drop the temporary tables (in the transaction; before its commit or rollback)."""
        if self.closed:
            return
        self.closed = True
        conn = self.session.connection()
        for name in (self.plan, self.stage):
            if name:
                staging.drop(conn, name)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def _differing(self) -> str | None:
        """The relation of the rows that differ from the store (with ``change``)."""
        if self.all_new:
            return (
                "(SELECT s.seq, s.pos, s.indicator_id, s.place_id, s.year, s.breakdown_id, s.value, "
                f"s.flag, {self.source} AS source, {NEW} AS change FROM {self.stage} s)"
            )
        return self.plan

    def _rows(self, sql: str, params: Mapping[str, Any] | None = None) -> list[Any]:
        self._check_open()
        return list(self.session.connection().execute(text(sql), self._params(sql, params)).all())

    def _params(self, sql: str, params: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """``params`` and, where the SQL names it, the file's constant source."""
        out = dict(params or {})
        out.update({k: v for k, v in self.params.items() if f":{k}" in sql})
        return out

    def _check_open(self) -> None:
        if self.closed:
            raise RuntimeError("the plan's temporary tables were dropped (StorePlan.close)")

    @functools.cached_property
    def diff(self) -> StoreDiff:
        """What ``apply_plan`` would write, row by row in the file's order: new observations
        (added), revised values or flags (changed), and the same figure credited to a
        higher-ranked source (reattributed). Kept and unchanged rows are not in it; nothing is
        ever removed. Keyed by indicator, place (``geo``), year and breakdown id."""
        if not self.counts.changed_anything:
            return self._diff_of(np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64))
        if self.all_new:
            n = len(self.frame)
            return self._diff_of(np.arange(n), np.full(n, NEW))
        rows = self._rows(
            f"SELECT pos, change FROM {self.plan} WHERE change IN ({NEW}, {REVISED}, {RETAGGED}) "
            "ORDER BY pos"
        )
        pos, change = _columns(rows, 2)
        return self._diff_of(pos - 1, change)

    def touched_periods(self, place_country: Mapping[str, str | None]) -> set[tuple[str, int]]:
        """The (country, year) pairs of the rows ``diff`` lists as added or changed (the pairs
        ``engine.diff_touches`` would find in it), from one ``GROUP BY``; a reattributed
        figure changes no data and an aggregate belongs to no country."""
        if not self.counts.changed_anything:
            return set()
        if self.all_new:
            geo = self.frame["geo"].astype("category")
            codes = geo.cat.codes.to_numpy(dtype=np.int64)
            years = self.frame["year"].to_numpy(dtype=np.int64)
            pairs = np.unique(codes * 10_000 + years)
            found = [(str(geo.cat.categories[int(p // 10_000)]), int(p % 10_000)) for p in pairs]
        else:
            code_of = {v: k for k, v in self.ref.place_ids.items()}
            rows = self._rows(
                f"SELECT place_id, year FROM {self.plan} WHERE change IN ({NEW}, {REVISED}) "
                "GROUP BY place_id, year"
            )
            found = [(code_of.get(int(p), ""), int(y)) for p, y in rows]
        out = set()
        for place, year in found:
            country = place_country.get(place)
            if country is not None:
                out.add((str(country), year))
        return out

    def lock_diff(
        self,
        place_country: Mapping[str, str | None],
        periods: Collection[tuple[str, int]],
        *,
        per_period: int = MAX_ROWS_PER_PERIOD,
    ) -> StoreDiff:
        """The part of ``diff`` the approval lock names for ``periods`` ((country, year), e.g.
        the approved ones of ``touched_periods``): for every place and year of those periods
        the first ``per_period`` added or changed rows in file order, a superset of the first
        ``per_period`` of each (country, year). ``engine.diff_touches`` gives the same touches
        of those periods from it as from the whole diff."""
        wanted = {(str(c).upper(), int(y)) for c, y in periods}
        if not wanted or not self.counts.changed_anything:
            return StoreDiff.nothing()
        countries = {c for c, _y in wanted}
        years = sorted({y for _c, y in wanted})
        places = sorted(
            {
                self.ref.place_ids[p]
                for p in self.frame["geo"].astype("category").cat.categories
                if str(place_country.get(p) or "").upper() in countries and p in self.ref.place_ids
            }
        )
        if not places:
            return StoreDiff.nothing()
        rows = self._rows(
            "SELECT pos, change, place_id, year FROM (SELECT d.pos, d.change, d.place_id, "
            "d.year, ROW_NUMBER() OVER (PARTITION BY d.place_id, d.year ORDER BY d.pos) AS rn "
            f"FROM {self._differing} d WHERE d.change IN ({NEW}, {REVISED}) "
            f"AND d.place_id IN ({_ints(places)}) AND d.year IN ({_ints(years)})) t "
            "WHERE rn <= :k ORDER BY pos",
            {"k": per_period},
        )
        code_of = {v: k for k, v in self.ref.place_ids.items()}
        kept = [
            (pos, change)
            for pos, change, place, year in rows
            if (str(place_country.get(code_of.get(int(place), "")) or "").upper(), int(year))
            in wanted
        ]
        pos, change = _columns(kept, 2)
        return self._diff_of(pos - 1, change)

    def _diff_of(self, at: np.ndarray, changes: np.ndarray) -> StoreDiff:
        """Diff rows for frame rows ``at`` (0-based, in file order) with their change codes."""
        at = np.asarray(at, dtype=np.int64)
        located = [c for c in ("sheet", "row", "column") if c in self.frame.columns]
        rows = self.frame[["indicator", "geo", "year", *located]].take(at)
        rows = rows.reset_index(drop=True).rename(columns={"geo": "place"})
        codes = _DIFF_CODES[np.asarray(changes, dtype=np.int64)]
        rows.insert(0, "change", pd.Categorical.from_codes(codes, categories=list(CHANGES)))
        rows["year"] = rows["year"].astype(np.int64)
        rows["breakdown_id"] = self.breakdown[at].astype(np.int64)
        for name in ("sheet", "row", "column", "label"):  # label: "{geo} {year}"
            if name not in rows.columns:
                rows[name] = None
        return StoreDiff(rows)

    def revision_examples(self, series: Collection[tuple[int, int]], limit: int) -> pd.DataFrame:
        """For the revision guard's message: per series ((indicator id, breakdown id)), the
        changed row with the largest change (first in file order among equals) and the first
        ``limit`` blanked rows. Columns: indicator_id, breakdown_id, guard, place_id, year,
        old, new."""
        columns = ["indicator_id", "breakdown_id", "guard", "place_id", "year", "old", "new"]
        if not series or self.plan is None:
            return pd.DataFrame(columns=columns)
        indicators = sorted({int(i) for i, _b in series})
        rows = self._rows(
            "SELECT indicator_id, breakdown_id, guard, place_id, year, old_value, value FROM ("
            "SELECT p.*, ROW_NUMBER() OVER (PARTITION BY indicator_id, breakdown_id, guard "
            f"ORDER BY CASE WHEN guard = {GUARD_CHANGED} THEN ABS(value - old_value) ELSE 0 END "
            f"DESC, pos) AS rn FROM {self.plan} p WHERE guard IN ({GUARD_CHANGED}, "
            f"{GUARD_BLANKED}) AND indicator_id IN ({_ints(indicators)})) t WHERE rn <= :k "
            "ORDER BY indicator_id, breakdown_id, guard, rn",
            {"k": max(limit, 1)},
        )
        wanted = {(int(i), int(b)) for i, b in series}
        out = pd.DataFrame([r for r in map(tuple, rows) if (int(r[0]), int(r[1])) in wanted])
        if out.empty:
            return pd.DataFrame(columns=columns)
        out.columns = columns
        return out


def _ints(values: Collection[int]) -> str:
    """A list of integers for an ``IN (...)`` (ids and years: never text from a file)."""
    return ", ".join(str(int(v)) for v in values)


def _columns(rows: list[Any], width: int) -> tuple[np.ndarray, ...]:
    if not rows:
        return tuple(np.empty(0, dtype=np.int64) for _ in range(width))
    array = np.asarray([tuple(r)[:width] for r in rows], dtype=np.int64)
    return tuple(array[:, i] for i in range(width))


def plan_observations(
    session: Session,
    frame: pd.DataFrame,
    ref: ObservationReference,
    *,
    collect_changes: bool = True,
    flags_known: bool = True,
) -> StorePlan:
    """Compare the frame with the store: new rows, revisions, precedence; writes nothing but
    the (few) breakdown combinations not yet stored, and the temporary tables.

    Passes over the staged rows: none when the store holds nothing in the file's box of
    indicators, places and years (a first load: everything is new); otherwise one join that
    keeps the rows that differ, and for the revision guard a per-series count (only when a
    stored number would change or be blanked)."""
    counts = StoreCounts()
    n = len(frame)
    if n == 0:
        return StorePlan(session, frame, ref, counts, _no_series(), np.empty(0, dtype=np.int64))
    indicator_id, indicators = _codes_to_ids(frame["indicator"], ref.indicator_ids)
    place_id, places = _codes_to_ids(frame["geo"], ref.place_ids)
    breakdown = breakdown_ids(session, frame)
    conn = session.connection()
    _in_transaction(conn)
    stage = staging.temp_name("pm_obs_stage")
    source = pd.Categorical(frame["source"])
    # One source for the whole file (a dataset code): a parameter, not a staged column.
    constant = len(source.categories) <= 1 and bool(
        (source.codes >= 0).all() or (source.codes < 0).all()
    )
    file_source = str(source.categories[0]) if constant and (source.codes >= 0).any() else None
    columns = [c for c in STAGE_COLUMNS if not (constant and c[0] == "source")]
    staging.create(conn, stage, columns, ordinal="seq")
    plan = StorePlan(session, frame, ref, counts, _no_series(), breakdown, stage=stage)
    years = frame["year"].to_numpy(dtype=np.int32)
    first_year, last_year = int(years.min()), int(years.max())
    order = np.lexsort((breakdown, years, place_id, indicator_id))
    staging.load(
        conn,
        stage,
        columns,
        {
            "pos": (order + 1).astype(np.int32),
            "indicator_id": indicator_id[order],
            "place_id": place_id[order],
            "year": years[order],
            "breakdown_id": breakdown[order],
            "value": frame["value"].to_numpy(dtype=np.float64)[order],
            "flag": pd.Categorical(frame["flag"]).take(order),
            "source": source.take(order),
        },
        ordinal="seq",
    )
    del order, indicator_id, place_id, years
    plan.source = "CAST(:file_source AS TEXT)" if constant else "s.source"
    plan.params = {"file_source": file_source} if constant else {}
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"ANALYZE {stage}")
    plan.problems = _reference_problems(conn, stage, frame, indicators, places)
    if plan.problems:
        return plan
    if not _anything_stored(conn, indicators, places, first_year, last_year):
        plan.all_new = True
        counts.inserted = n
        return plan
    classify = _Classifier(conn, plan, flags_known)
    try:
        plan.plan = classify.materialise()
        by_change, guard = classify.count()
        counts.inserted = by_change[NEW]
        counts.updated = by_change[REVISED] + by_change[RETAGGED]
        counts.kept = by_change[KEPT]
        counts.unchanged = n - counts.inserted - counts.updated
        plan.all_new = counts.inserted == n  # the stored rows were of other keys
        if guard[GUARD_CHANGED] or guard[GUARD_BLANKED]:
            plan.series = classify.series()
    finally:
        classify.drop_helpers()
    if counts.kept:
        counts.kept_summary = _kept_summary(plan, ref)
    if collect_changes and counts.updated:
        counts.changes = _preview(plan, ref)
    return plan


def _no_series() -> pd.DataFrame:
    return pd.DataFrame(columns=["indicator_id", "breakdown_id", "compared", "changed", "blanked"])


def _anything_stored(
    conn: Connection, indicators: np.ndarray, places: np.ndarray, first: int, last: int
) -> bool:
    """Whether the store holds any observation of the file's indicators and places in its
    years (an index range probe, no pass over the staged rows)."""
    sql = (
        f"SELECT 1 FROM observation WHERE indicator_id IN ({_ints(sorted(set(indicators.tolist())))}) "
        f"AND place_id IN ({_ints(sorted(set(places.tolist())))}) "
        "AND year BETWEEN :first AND :last LIMIT 1"
    )
    return conn.execute(text(sql), {"first": first, "last": last}).first() is not None


def _in_transaction(conn: Connection) -> None:
    """SQLite: open the transaction now, so that the temporary tables are created in it (and
    a rollback takes them away); pysqlite would begin only at the first write."""
    if conn.dialect.name != "sqlite":
        return
    raw = conn.connection.driver_connection
    if raw is not None and raw.isolation_level is not None and not raw.in_transaction:
        raw.execute("BEGIN")


class _Classifier:
    """The one query shape that compares the staged rows with the stored ones."""

    def __init__(self, conn: Connection, plan: StorePlan, flags_known: bool) -> None:
        self.conn = conn
        self.stage = plan.stage
        self.plan_table: str | None = None  # set by ``materialise``
        self.src = plan.source
        self.params: dict[str, Any] = dict(plan.params)
        self.rank_table = _rank_table(conn, plan.frame, plan.ref)
        sqlite = conn.dialect.name == "sqlite"
        # Keeps the classifying subquery from being merged into the query around it (each
        # use of ``change`` or ``guard`` would evaluate its CASE again).
        self.fence = " LIMIT -1" if sqlite else " OFFSET 0"
        same = "IS" if sqlite else "IS NOT DISTINCT FROM"
        same_value = f"(s.value {same} o.value)"
        self.flag = (
            "s.flag"
            if flags_known
            else f"CASE WHEN o.id IS NOT NULL AND {same_value} THEN o.flag ELSE s.flag END"
        )
        same_flag = f"(COALESCE(o.flag, '') = COALESCE({self.flag}, ''))"
        if self.rank_table:
            rank_new, rank_old = "COALESCE(rn.rnk, 0)", "COALESCE(ro.rnk, 0)"
            self.joins = (
                f" LEFT JOIN {self.rank_table} rn ON rn.indicator_id = s.indicator_id AND "
                f"rn.place_id = s.place_id AND rn.source = {self.src}"
                f" LEFT JOIN {self.rank_table} ro ON ro.indicator_id = s.indicator_id AND "
                "ro.place_id = s.place_id AND ro.source = o.source"
            )
        else:
            rank_new = rank_old = "0"
            self.joins = ""
        tie_new, tie_old = self._tie(self.src), self._tie("o.source")
        # A stored value from a higher-ranked source stays; a higher-ranked file replaces a
        # lower-ranked stored value (even an equal one: the source changes); among equals the
        # last accepted file wins and the earlier value is kept as a revision. An exact repeat
        # from a table of the same series earlier in SAME_SERIES_ORDER takes the attribution,
        # so the stored source does not depend on the order of imports.
        self.change = (
            f"CASE WHEN o.id IS NULL THEN {NEW} "
            f"WHEN NOT ({same_value} AND {same_flag}) THEN "
            f"CASE WHEN {rank_old} > {rank_new} THEN {KEPT} ELSE {REVISED} END "
            f"WHEN {rank_new} > {rank_old} OR ({rank_new} = {rank_old} AND {tie_new} > {tie_old}) "
            f"THEN {RETAGGED} ELSE {UNCHANGED} END"
        )
        # Compared: stored numbers the file may revise (not decided by precedence).
        self.guard = (
            f"CASE WHEN o.id IS NULL OR o.value IS NULL OR {rank_new} <> {rank_old} "
            f"THEN {NOT_COMPARED} WHEN s.value IS NULL THEN {GUARD_BLANKED} "
            f"WHEN ABS(s.value - o.value) > 1e-9 THEN {GUARD_CHANGED} ELSE {COMPARED} END"
        )

    def _tie(self, column: str) -> str:
        whens = []
        for i, source in enumerate(SAME_SERIES_ORDER):
            self.params[f"tie{i}"] = source
            whens.append(f"WHEN :tie{i} THEN {source_tie(source)}")
        return f"(CASE {column} {' '.join(whens)} ELSE 0 END)"

    def _from(self) -> str:
        return f"FROM {self.stage} s LEFT JOIN observation o ON {_KEY_JOIN}{self.joins}"

    def count(self) -> tuple[dict[int, int], dict[int, int]]:
        """Rows per change, and per guard case, counted in the plan (the rows that differ;
        every other staged row is unchanged)."""
        assert self.plan_table is not None, "materialise first"
        rows = self.conn.execute(
            text(f"SELECT change, guard, COUNT(*) FROM {self.plan_table} GROUP BY change, guard")
        ).all()
        by_change = dict.fromkeys((UNCHANGED, NEW, REVISED, RETAGGED, KEPT), 0)
        by_guard = dict.fromkeys((NOT_COMPARED, COMPARED, GUARD_CHANGED, GUARD_BLANKED), 0)
        for change, guard, n in rows:
            by_change[int(change)] += int(n)
            by_guard[int(guard)] += int(n)
        return by_change, by_guard

    def series(self) -> pd.DataFrame:
        """Per series with a stored number that would change or be blanked: compared,
        changed and blanked (a ``GROUP BY`` over those series' rows only)."""
        # Exact pairs come from the plan table; the staged rows are narrowed to their ids.
        assert self.plan_table is not None, "materialise first"
        sql = (
            "SELECT indicator_id, breakdown_id, "
            f"SUM(CASE WHEN guard <> {NOT_COMPARED} THEN 1 ELSE 0 END), "
            f"SUM(CASE WHEN guard = {GUARD_CHANGED} THEN 1 ELSE 0 END), "
            f"SUM(CASE WHEN guard = {GUARD_BLANKED} THEN 1 ELSE 0 END) FROM (SELECT "
            f"s.indicator_id, s.breakdown_id, {self.guard} AS guard {self._from()} "
            "WHERE s.indicator_id IN ({indicators}) AND s.breakdown_id IN ({breakdowns})"
            f"{self.fence}) t GROUP BY indicator_id, breakdown_id ORDER BY indicator_id, "
            "breakdown_id"
        )
        pairs = self.conn.execute(
            text(
                f"SELECT DISTINCT indicator_id, breakdown_id FROM {self.plan_table} WHERE guard "
                f"IN ({GUARD_CHANGED}, {GUARD_BLANKED})"
            )
        ).all()
        wanted = {(int(i), int(b)) for i, b in pairs}
        sql = sql.replace("{indicators}", _ints(sorted({i for i, _b in wanted}))).replace(
            "{breakdowns}", _ints(sorted({b for _i, b in wanted}))
        )
        rows = [tuple(int(v) for v in r) for r in self.conn.execute(text(sql), self.params)]
        out = pd.DataFrame(
            [r for r in rows if (r[0], r[1]) in wanted],
            columns=["indicator_id", "breakdown_id", "compared", "changed", "blanked"],
        )
        return out[out["compared"] > 0].reset_index(drop=True)

    def materialise(self) -> str:
        """The rows that differ from the store, with the stored state, as a temporary table."""
        name = staging.temp_name("pm_obs_plan")
        on_commit = " ON COMMIT DROP" if self.conn.dialect.name == "postgresql" else ""
        sql = (
            f"CREATE TEMPORARY TABLE {name}{on_commit} AS SELECT * FROM (SELECT s.pos, "
            "s.indicator_id, s.place_id, s.year, s.breakdown_id, s.value, "
            f"{self.flag} AS flag, {self.src} AS source, o.id AS obs_id, o.value AS old_value, "
            "o.flag AS old_flag, o.source AS old_source, o.batch_id AS old_batch, "
            f"{self.change} AS change, {self.guard} AS guard {self._from()}{self.fence}) t "
            f"WHERE change <> {UNCHANGED}"
        )
        self.conn.execute(text(sql), self.params)
        self.plan_table = name
        return name

    def drop_helpers(self) -> None:
        if self.rank_table:
            staging.drop(self.conn, self.rank_table)


def _rank_table(conn: Connection, frame: pd.DataFrame, ref: ObservationReference) -> str | None:
    """A small temporary table (indicator id, place id, source, rnk) of every source the rule
    ranks for the file's ranked indicators and places; None when the rule says nothing."""
    codes = [
        c for c in frame["indicator"].astype("category").cat.categories if c in ranked_indicators()
    ]
    if not codes:
        return None
    places = [p for p in frame["geo"].astype("category").cat.categories if p in ref.place_ids]
    rows = []
    for code in codes:
        for place in places:
            by_source = SOURCE_PRECEDENCE.get(code, {}).get(ref.place_kind.get(place, ""), {})
            for source, rank in by_source.items():
                if rank:
                    rows.append((ref.indicator_ids[code], ref.place_ids[place], source, rank))
    if not rows:
        return None
    name = staging.temp_name("pm_obs_rank")
    columns = (
        ("indicator_id", staging.INT),
        ("place_id", staging.INT),
        ("source", staging.TEXT),
        ("rnk", staging.INT),
    )
    staging.create(conn, name, columns)
    staging.load(
        conn,
        name,
        columns,
        {
            "indicator_id": np.array([r[0] for r in rows]),
            "place_id": np.array([r[1] for r in rows]),
            "source": pd.Categorical([r[2] for r in rows]),
            "rnk": np.array([r[3] for r in rows]),
        },
    )
    return name


def _reference_problems(
    conn: Connection,
    stage: str,
    frame: pd.DataFrame,
    indicators: np.ndarray,
    places: np.ndarray,
) -> list[Problem]:
    """Staged indicator and place ids their table does not hold (the foreign keys of
    ``observation``), checked set-wise on the distinct ids, each reported with its file rows
    (the first ``MAX_REFERENCE_PROBLEMS``) instead of failing as a database error."""
    problems: list[Problem] = []
    for column, table, code_column in (
        ("indicator_id", "indicator", "indicator"),
        ("place_id", "place", "geo"),
    ):
        ids = sorted({int(i) for i in (indicators if column == "indicator_id" else places)})
        present = {
            int(r[0])
            for r in conn.execute(text(f"SELECT id FROM {table} WHERE id IN ({_ints(ids)})"))
        }
        missing = [i for i in ids if i not in present]
        if not missing:
            continue
        room = MAX_REFERENCE_PROBLEMS - len(problems)
        rows = conn.execute(
            text(
                f"SELECT pos FROM {stage} WHERE {column} IN ({_ints(missing)}) ORDER BY pos "
                "LIMIT :room"
            ),
            {"room": max(room, 0)},
        ).all()
        empty, unknown, _hint = UNKNOWN_CODE[code_column]
        for (pos,) in rows:
            rec = frame.iloc[int(pos) - 1]
            code = rec[code_column]
            sheet, row = rec.get("sheet"), rec.get("row")
            problems.append(
                problem(
                    "unknown_indicator" if code_column == "indicator" else "unknown_place",
                    unknown if code else empty,
                    {"code": repr(str(code))} if code else {},
                    sheet=sheet if isinstance(sheet, str) else None,
                    row=int(row) if pd.notna(row) else None,
                    column=code_column,
                    value=str(code),
                )
            )
    return problems


def apply_plan(session: Session, plan: StorePlan, batch: ImportBatch, actor: str) -> StoreCounts:
    """Write a plan under ``batch``: the previous state of every revised row as a revision,
    then the new and changed rows in one upsert; unchanged and kept rows are left alone."""
    if plan.errors:
        raise ValueError(f"a plan with problems cannot be applied: {plan.errors[0].message}")
    counts = plan.counts
    if not counts.changed_anything:
        return counts
    plan._check_open()
    if batch.id is None:
        session.add(batch)
        session.flush()
    conn = session.connection()
    now = dt.datetime.now(dt.UTC)
    stamp = bindparam("now", now, type_=DateTime(timezone=True))
    params: dict[str, Any] = {"batch": batch.id, "actor": actor}
    if counts.updated:
        conn.execute(
            text(
                "INSERT INTO observation_revision (observation_id, previous_value, previous_flag, "
                "previous_source, previous_batch_id, replaced_by_batch_id, changed_by, "
                "changed_at) SELECT obs_id, old_value, old_flag, old_source, old_batch, :batch, "
                f":actor, :now FROM {plan.plan} WHERE change IN ({REVISED}, {RETAGGED}) "
                "ORDER BY pos"
            ).bindparams(stamp),
            params,
        )
    # New and changed values in one statement, in unique-key order (B-tree appends instead
    # of random page splits). On a first load nothing is stored to conflict with, and the
    # staged rows are already in key order (SQLite reads them so by rowid; PostgreSQL scans a
    # freshly loaded table in load order, and order only matters for speed here).
    if plan.all_new:
        upsert = ""
        order = " ORDER BY seq" if conn.dialect.name == "sqlite" else ""
    else:
        upsert = (
            f" ON CONFLICT ({', '.join(ID_KEY)}) DO UPDATE SET value = excluded.value, "
            "flag = excluded.flag, source = excluded.source, batch_id = excluded.batch_id, "
            "updated_at = excluded.updated_at"
        )
        order = f" ORDER BY {', '.join(ID_KEY)}"
    sql = (
        f"INSERT INTO observation ({_WRITTEN}, batch_id, updated_at) SELECT {_WRITTEN}, "
        f":batch, :now FROM {plan._differing} d WHERE change IN ({NEW}, {REVISED}, {RETAGGED})"
        f"{order}{upsert}"
    )
    conn.execute(text(sql).bindparams(stamp), plan._params(sql, params))
    return counts


def store_observations(
    session: Session,
    frame: pd.DataFrame,
    ref: ObservationReference,
    batch: ImportBatch,
    actor: str,
    *,
    collect_changes: bool = True,
) -> StoreCounts:
    """Upsert the frame's rows under ``batch``; returns what was inserted, updated, unchanged.

    No revision guard here (that is the import engine's job, ``importers.revision_guard``);
    source precedence applies.
    """
    if frame.empty:
        return StoreCounts()
    with plan_observations(session, frame, ref, collect_changes=collect_changes) as plan:
        return apply_plan(session, plan, batch, actor)


def _kept_summary(plan: StorePlan, ref: ObservationReference) -> list[dict[str, Any]]:
    """How many stored values were kept, per (stored source, file source, place kind)."""
    rows = plan._rows(
        f"SELECT old_source, source, place_id, COUNT(*) FROM {plan.plan} WHERE change = {KEPT} "
        "GROUP BY old_source, source, place_id"
    )
    kind_by_place = {ref.place_ids[c]: k for c, k in ref.place_kind.items()}
    frame = pd.DataFrame(
        {
            "kept_source": [r[0] for r in rows],
            "file_source": [r[1] for r in rows],
            "kind": [kind_by_place.get(int(r[2])) for r in rows],
            "n": [int(r[3]) for r in rows],
        }
    )
    frame[["kept_source", "file_source", "kind"]] = (
        frame[["kept_source", "file_source", "kind"]].astype(object).fillna("")
    )
    grouped = frame.groupby(["kept_source", "file_source", "kind"], sort=True)["n"].sum()
    return [
        {"kept_source": k, "file_source": f, "kind": kind, "n": int(n)}
        for (k, f, kind), n in grouped.items()
    ]


def _preview(plan: StorePlan, ref: ObservationReference) -> list[dict[str, Any]]:
    """The first changes, in codes a person reads, for the "what will change" preview."""
    rows = plan._rows(
        "SELECT indicator_id, place_id, year, breakdown_id, old_value, old_flag, value, flag "
        f"FROM {plan.plan} WHERE change IN ({REVISED}, {RETAGGED}) ORDER BY pos LIMIT :k",
        {"k": PREVIEW_LIMIT},
    )
    ind_code = {v: k for k, v in ref.indicator_ids.items()}
    geo_code = {v: k for k, v in ref.place_ids.items()}
    return [
        {
            "indicator": ind_code.get(int(r[0])),
            "geo": geo_code.get(int(r[1])),
            "year": int(r[2]),
            "breakdown_id": int(r[3]),
            "old_value": _none(r[4]),
            "old_flag": _none(r[5]),
            "new_value": _none(r[6]),
            "new_flag": _none(r[7]),
        }
        for r in rows
    ]
