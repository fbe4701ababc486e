"""Write validated observations: insert new, revise changed, leave unchanged alone.

A changed value keeps its earlier state as an ``ObservationRevision`` (who, when, previous
value, flag, source and batch). Where two sources publish the same figure, the rule of
``domain.source_precedence`` decides (a stored value from a higher-ranked source is kept);
otherwise the last accepted file wins. ``plan_observations`` works out what would change
without writing, and reports it as a ``StoreDiff`` (``StorePlan.diff``: the engine checks it
against the approval lock, and the plan with ``importers.revision_guard``, first);
``apply_plan`` writes it. Bulk paths: ``executemany`` on SQLite, ``COPY`` on PostgreSQL.
Never commits: the caller's transaction makes a file all-or-nothing.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from pathways_monitor.db.models import Breakdown, ImportBatch
from pathways_monitor.domain.breakdowns import BREAKDOWN_COLUMNS
from pathways_monitor.domain.source_precedence import ranked_indicators, source_rank, source_tie
from pathways_monitor.importers.observation_validate import ObservationReference
from pathways_monitor.importers.store_diff import ADDED, CHANGED, CHANGES, REATTRIBUTED, StoreDiff

ID_KEY = ["indicator_id", "place_id", "year", "breakdown_id"]
CHUNK = 50_000
PREVIEW_LIMIT = 200


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
    ids = np.empty(len(first), dtype=np.int64)
    for i, rec in enumerate(combos.itertuples(index=False, name=None)):
        combo = tuple(str(v) for v in rec)
        if combo not in existing:
            b = Breakdown(**dict(zip(cols, combo, strict=True)))
            session.add(b)
            session.flush()
            existing[combo] = b.id
        ids[i] = existing[combo]
    return ids[inverse]


def _existing(session: Session, rows: pd.DataFrame) -> pd.DataFrame:
    """Stored observations for the indicators, places and years the file touches."""
    conn = session.connection()
    ind = sorted({int(x) for x in rows["indicator_id"].unique()})
    years = (int(rows["year"].min()), int(rows["year"].max()))
    places = sorted({int(x) for x in rows["place_id"].unique()})
    cols = "id, indicator_id, place_id, year, breakdown_id, value, flag, source, batch_id"
    frames = []
    for i in range(0, len(places), 900):
        chunk = places[i : i + 900]
        sql = (
            f"SELECT {cols} FROM observation WHERE indicator_id IN ({','.join(map(str, ind))}) "
            f"AND place_id IN ({','.join(map(str, chunk))}) AND year BETWEEN {years[0]} AND {years[1]}"
        )
        cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
        try:
            cursor.execute(sql)
            frames.append(pd.DataFrame.from_records(cursor.fetchall(), columns=cols.split(", ")))
        finally:
            cursor.close()
    if not frames:
        return pd.DataFrame(columns=cols.split(", "))
    return pd.concat(frames, ignore_index=True)


def _codes_to_ids(codes: pd.Series, ids: dict[str, int]) -> np.ndarray:
    """Map codes to ids through the (few) distinct values."""
    cat = codes.astype("category")
    lookup = np.array([ids[c] for c in cat.cat.categories], dtype=np.int64)
    return lookup[cat.cat.codes.to_numpy()]


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


@dataclass
class StorePlan:
    """What storing a validated frame would do, worked out before anything is written.

    ``merged`` has one row per frame row, in the frame's order: the new ids, value, flag and
    source, and (``*_old``, ``id``, ``batch_id``) the stored observation with the same key. The
    boolean masks say which rows are new, which revise a stored value, which stored values are
    kept because their source takes precedence (``domain.source_precedence``), which rows
    were decided by precedence at all (kept, or a higher-ranked source replacing a lower one)
    and which stored rows the file repeats with the same value and flag (``same_figure``).
    ``frame`` is the validated frame the plan was made for (for ``diff``).
    """

    merged: pd.DataFrame
    is_new: np.ndarray
    changed: np.ndarray
    kept: np.ndarray
    by_precedence: np.ndarray
    counts: StoreCounts
    frame: pd.DataFrame
    same_figure: np.ndarray

    @property
    def upgraded(self) -> np.ndarray:
        """Rows revised because a higher-ranked source replaces a lower-ranked stored one."""
        return self.changed & self.by_precedence

    @functools.cached_property
    def diff(self) -> StoreDiff:
        """What ``apply_plan`` would write, row by row in the file's order: new observations
        (added), revised values or flags (changed), and the same figure credited to a
        higher-ranked source (reattributed). Kept and unchanged rows are not in it; nothing is
        ever removed. Keyed by indicator, place (``geo``), year and breakdown id."""
        written = np.flatnonzero(self.is_new | self.changed)
        codes = np.where(
            self.is_new[written],
            CHANGES.index(ADDED),
            np.where(
                self.same_figure[written], CHANGES.index(REATTRIBUTED), CHANGES.index(CHANGED)
            ),
        )
        located = [c for c in ("sheet", "row", "column") if c in self.frame.columns]
        rows = self.frame[["indicator", "geo", "year", *located]].take(written)
        rows = rows.reset_index(drop=True).rename(columns={"geo": "place"})
        rows.insert(0, "change", pd.Categorical.from_codes(codes, categories=list(CHANGES)))
        rows["year"] = rows["year"].astype(np.int64)
        rows["breakdown_id"] = self.merged["breakdown_id"].to_numpy()[written]
        for name in ("sheet", "row", "column", "label"):  # label: "{geo} {year}"
            if name not in rows.columns:
                rows[name] = None
        return StoreDiff(rows)


def plan_observations(
    session: Session,
    frame: pd.DataFrame,
    ref: ObservationReference,
    *,
    collect_changes: bool = True,
    flags_known: bool = True,
) -> StorePlan:
    """Compare the frame with the store: new rows, revisions, precedence; writes nothing but
    the (few) breakdown combinations not yet stored."""
    counts = StoreCounts()
    n = len(frame)
    rows = pd.DataFrame(
        {
            "indicator_id": _codes_to_ids(frame["indicator"], ref.indicator_ids),
            "place_id": _codes_to_ids(frame["geo"], ref.place_ids),
            "year": frame["year"].astype("int64"),
            "breakdown_id": breakdown_ids(session, frame) if n else np.empty(0, dtype=np.int64),
            "value": frame["value"].astype("float64"),
            "flag": frame["flag"].where(frame["flag"].notna(), None).astype(object),
            "source": frame["source"].where(frame["source"].notna(), None).astype(object),
        }
    )
    none = np.zeros(n, dtype=bool)
    existing = _existing(session, rows) if n else pd.DataFrame()
    if existing.empty:
        # First load of these series: everything is new, no merge needed.
        counts.inserted = n
        return StorePlan(rows, ~none, none, none, none, counts, frame, none)
    merged = rows.merge(existing, on=ID_KEY, how="left", suffixes=("", "_old"), indicator=True)
    is_new = (merged["_merge"] == "left_only").to_numpy()
    old_val = pd.to_numeric(merged["value_old"], errors="coerce")
    same_value = (merged["value"] == old_val) | (merged["value"].isna() & old_val.isna())
    if not flags_known:
        # The file says nothing about flags: an unchanged value keeps its stored flag.
        keep_flag = ~is_new & same_value.to_numpy()
        merged.loc[keep_flag, "flag"] = merged.loc[keep_flag, "flag_old"]
    old_flag = merged["flag_old"].where(merged["flag_old"].notna(), "")
    new_flag = merged["flag"].where(merged["flag"].notna(), "")
    same_flag = old_flag.astype(str) == new_flag.astype(str)
    differs = ~(same_value & same_flag).to_numpy() & ~is_new
    rank_new, rank_old = _ranks(merged, is_new, ref)
    # A stored value from a higher-ranked source stays; a higher-ranked file replaces a
    # lower-ranked stored value (even an equal one: the source changes); among equals the
    # last accepted file wins and the earlier value is kept as a revision.
    kept = differs & (rank_old > rank_new)
    tie_new = _ties(merged["source"])
    tie_old = _ties(merged["source_old"])
    # An exact repeat from a table of the same series earlier in SAME_SERIES_ORDER takes the
    # attribution, so the stored source does not depend on the order of imports.
    retag = ~is_new & ~differs & (rank_new == rank_old) & (tie_new > tie_old)
    upgrade = ~is_new & ((rank_new > rank_old) | retag)
    changed = (differs & ~kept) | upgrade
    counts.inserted = int(is_new.sum())
    counts.updated = int(changed.sum())
    counts.unchanged = int(len(merged) - counts.inserted - counts.updated)
    counts.kept = int(kept.sum())
    if counts.kept:
        counts.kept_summary = _kept_summary(merged[kept], ref)
    if collect_changes:
        counts.changes = _preview(merged[changed], ref)
    by_precedence = ~is_new & (rank_new != rank_old)
    same_figure = ~is_new & ~differs
    return StorePlan(merged, is_new, changed, kept, by_precedence, counts, frame, same_figure)


def apply_plan(session: Session, plan: StorePlan, batch: ImportBatch, actor: str) -> StoreCounts:
    """Write a plan under ``batch``: insert the new rows, revise the changed ones."""
    counts = plan.counts
    if not counts.changed_anything:
        return counts
    if batch.id is None:
        session.add(batch)
        session.flush()
    now = dt.datetime.now(dt.UTC)
    if plan.is_new.all():
        _insert_new(session, plan.merged, batch.id, now)
        return counts
    _insert_new(session, plan.merged[plan.is_new], batch.id, now)
    _revise_changed(session, plan.merged[plan.changed], batch.id, actor, now)
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
    plan = plan_observations(session, frame, ref, collect_changes=collect_changes)
    return apply_plan(session, plan, batch, actor)


def _ties(sources: pd.Series) -> np.ndarray:
    codes, uniques = pd.factorize(sources, use_na_sentinel=True)
    small = np.array([source_tie(u) for u in uniques] + [0], dtype=np.int64)
    return small[codes]


def _ranks(
    merged: pd.DataFrame, is_new: np.ndarray, ref: ObservationReference
) -> tuple[np.ndarray, np.ndarray]:
    """Precedence rank of each row's new and stored source (0 where the rule says nothing).

    Worked out once per distinct (indicator, place kind, source), never per row."""
    n = len(merged)
    rank_new = np.zeros(n, dtype=np.int64)
    rank_old = np.zeros(n, dtype=np.int64)
    code_by_id = {ref.indicator_ids[c]: c for c in ranked_indicators() if c in ref.indicator_ids}
    if not code_by_id:
        return rank_new, rank_old
    relevant = ~is_new & merged["indicator_id"].isin(list(code_by_id)).to_numpy()
    if not relevant.any():
        return rank_new, rank_old
    sub = merged.loc[relevant]
    ind_codes, ind_values = pd.factorize(sub["indicator_id"])
    kind_by_place = {ref.place_ids[c]: k for c, k in ref.place_kind.items()}
    place_codes, place_values = pd.factorize(sub["place_id"])
    kinds = np.array([kind_by_place.get(int(p)) for p in place_values], dtype=object)
    kind_codes, kind_values = pd.factorize(kinds[place_codes])
    for column, target in (("source", rank_new), ("source_old", rank_old)):
        src_codes, src_values = pd.factorize(sub[column].astype(object))
        # One integer per (indicator, kind, source); NaN sources factorise to -1 (rank 0).
        width_s, width_k = len(src_values) + 1, len(kind_values) + 1
        key = (ind_codes * width_k + (kind_codes + 1)) * width_s + (src_codes + 1)
        uniq, inverse = np.unique(key, return_inverse=True)
        ranks = np.empty(len(uniq), dtype=np.int64)
        for j, k in enumerate(uniq.tolist()):
            s_code, rest = k % width_s - 1, k // width_s
            k_code, i_code = rest % width_k - 1, rest // width_k
            ranks[j] = source_rank(
                code_by_id[int(ind_values[i_code])],
                kind_values[k_code] if k_code >= 0 else None,
                src_values[s_code] if s_code >= 0 else None,
            )
        target[relevant] = ranks[inverse.ravel()]
    return rank_new, rank_old


def _kept_summary(kept: pd.DataFrame, ref: ObservationReference) -> list[dict[str, Any]]:
    """How many stored values were kept, per (stored source, file source, place kind)."""
    kind_by_place = {ref.place_ids[c]: k for c, k in ref.place_kind.items()}
    frame = pd.DataFrame(
        {
            "kept_source": kept["source_old"].astype(object).to_numpy(),
            "file_source": kept["source"].astype(object).to_numpy(),
            "kind": kept["place_id"].map(kind_by_place).astype(object).to_numpy(),
        }
    ).fillna("")
    grouped = frame.groupby(["kept_source", "file_source", "kind"], sort=True).size()
    return [
        {"kept_source": k, "file_source": f, "kind": kind, "n": int(n)}
        for (k, f, kind), n in grouped.items()
    ]


def _column_list(series: pd.Series) -> list[Any]:
    """A column as a Python list with NaN/NA as None, without per-cell Python calls."""
    if series.dtype.kind in "iu":
        return series.tolist()
    if series.dtype.kind == "f":
        values = series.to_numpy(dtype="float64")
        out = values.astype(object)
        out[np.isnan(values)] = None
        return out.tolist()
    obj = series.astype(object)
    return obj.where(obj.notna(), None).tolist()


def _insert_new(session: Session, new: pd.DataFrame, batch_id: int, now: dt.datetime) -> None:
    if new.empty:
        return
    cols = ["indicator_id", "place_id", "year", "breakdown_id", "value", "flag", "source"]
    # In unique-key order: B-tree appends instead of random page splits.
    new = new.sort_values(ID_KEY, kind="stable")
    conn = session.connection()
    names = [*cols, "batch_id", "updated_at"]
    if conn.dialect.name == "postgresql":
        raw = conn.connection.driver_connection
        assert raw is not None  # a live connection always has its driver connection
        with (
            raw.cursor() as cur,
            cur.copy(f"COPY observation ({', '.join(names)}) FROM STDIN") as copy,
        ):
            for start in range(0, len(new), CHUNK):
                part = new.iloc[start : start + CHUNK]
                n = len(part)
                columns = [_column_list(part[c]) for c in cols]
                for rec in zip(*columns, [batch_id] * n, [now] * n, strict=True):
                    copy.write_row(rec)
        return
    # SQLite stores DateTime as naive ISO text (what SQLAlchemy reads back).
    stamp = now.replace(tzinfo=None).isoformat(" ")
    placeholders = ", ".join("?" for _ in names)
    sql = f"INSERT INTO observation ({', '.join(names)}) VALUES ({placeholders})"
    raw_cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        # Chunks keep the Python tuples for at most CHUNK rows alive at a time.
        for start in range(0, len(new), CHUNK):
            part = new.iloc[start : start + CHUNK]
            n = len(part)
            columns = [_column_list(part[c]) for c in cols]
            raw_cursor.executemany(sql, zip(*columns, [batch_id] * n, [stamp] * n, strict=True))
    finally:
        raw_cursor.close()


def _revise_changed(
    session: Session, changed: pd.DataFrame, batch_id: int, actor: str, now: dt.datetime
) -> None:
    if changed.empty:
        return
    conn = session.connection()
    revisions = [
        {
            "observation_id": int(r.id),
            "previous_value": _none(r.value_old),
            "previous_flag": _none(r.flag_old),
            "previous_source": _none(r.source_old),
            "previous_batch_id": _none(r.batch_id),
            "replaced_by_batch_id": batch_id,
            "changed_by": actor,
            "changed_at": now,
        }
        for r in changed.itertuples(index=False)
    ]
    conn.execute(
        text(
            "INSERT INTO observation_revision (observation_id, previous_value, previous_flag, "
            "previous_source, previous_batch_id, replaced_by_batch_id, changed_by, changed_at) "
            "VALUES (:observation_id, :previous_value, :previous_flag, :previous_source, "
            ":previous_batch_id, :replaced_by_batch_id, :changed_by, :changed_at)"
        ),
        revisions,
    )
    updates = [
        {
            "id": int(r.id),
            "value": _none(r.value),
            "flag": _none(r.flag),
            "source": _none(r.source),
            "batch_id": batch_id,
            "updated_at": now,
        }
        for r in changed.itertuples(index=False)
    ]
    conn.execute(
        text(
            "UPDATE observation SET value = :value, flag = :flag, source = :source, "
            "batch_id = :batch_id, updated_at = :updated_at WHERE id = :id"
        ),
        updates,
    )


def _preview(changed: pd.DataFrame, ref: ObservationReference) -> list[dict[str, Any]]:
    """The first changes, in codes a person reads, for the "what will change" preview."""
    if changed.empty:
        return []
    ind_code = {v: k for k, v in ref.indicator_ids.items()}
    geo_code = {v: k for k, v in ref.place_ids.items()}
    out = []
    for r in changed.head(PREVIEW_LIMIT).itertuples(index=False):
        out.append(
            {
                "indicator": ind_code.get(int(r.indicator_id)),
                "geo": geo_code.get(int(r.place_id)),
                "year": int(r.year),
                "breakdown_id": int(r.breakdown_id),
                "old_value": _none(r.value_old),
                "old_flag": _none(r.flag_old),
                "new_value": _none(r.value),
                "new_flag": _none(r.flag),
            }
        )
    return out
