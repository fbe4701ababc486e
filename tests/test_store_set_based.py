"""Issue 13: the set-based store (staging table, comparison and writes inside the database)
keeps every rule of the store, on SQLite and PostgreSQL (the ``session`` fixture).

The rules are restated here as a small row-by-row model (``Model``: new, revised, kept by
source precedence, credited to a same-series table, a file without flags keeping stored
flags), fed the same validated rows as the engine; after every import the store, its revision
rows and the report's counts must equal the model's.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import openpyxl
import pandas as pd
import pytest
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from pathways_monitor.db.models import AuditLog, ImportBatch, Observation, ObservationRevision
from pathways_monitor.domain.breakdowns import BREAKDOWN_COLUMNS
from pathways_monitor.domain.source_precedence import source_rank, source_tie
from pathways_monitor.importers import engine as engine_module
from pathways_monitor.importers.detect import KIND_EUROSTAT, detect
from pathways_monitor.importers.engine import diff_touches, import_file
from pathways_monitor.importers.frame import finish_frame
from pathways_monitor.importers.observation_store import apply_plan, plan_observations
from pathways_monitor.importers.observation_validate import (
    ObservationReference,
    load_observation_reference,
    validate_observations,
)
from tests.conftest import FIXTURES

DOWNLOADS = FIXTURES / "downloads"
FIRST = FIXTURES / "workflow" / "nl_elet_2022_2023.csv"

Key = tuple[str, str, int, tuple[str, ...]]
Cell = tuple[float | None, str | None, str | None]


def corpus() -> list[Path]:
    return sorted(
        p
        for p in DOWNLOADS.iterdir()
        if p.is_file() and p.suffix in {".csv", ".tsv", ".gz", ".xlsx"}
    )


# --------------------------------------------------------------------------- helpers


def stored(session: Session) -> dict[Key, Cell]:
    cols = ", ".join(f"b.{c}" for c in BREAKDOWN_COLUMNS)
    rows = session.execute(
        text(
            f"SELECT i.code, p.code, o.year, {cols}, o.value, o.flag, o.source FROM observation o "
            "JOIN indicator i ON i.id = o.indicator_id JOIN place p ON p.id = o.place_id "
            "JOIN breakdown b ON b.id = o.breakdown_id"
        )
    ).all()
    n = len(BREAKDOWN_COLUMNS)
    return {
        (r[0], r[1], int(r[2]), tuple(r[3 : 3 + n])): (r[3 + n], r[4 + n], r[5 + n]) for r in rows
    }


def revisions(session: Session) -> list[tuple[Key, Cell]]:
    cols = ", ".join(f"b.{c}" for c in BREAKDOWN_COLUMNS)
    rows = session.execute(
        text(
            f"SELECT i.code, p.code, o.year, {cols}, r.previous_value, r.previous_flag, "
            "r.previous_source FROM observation_revision r JOIN observation o ON "
            "o.id = r.observation_id JOIN indicator i ON i.id = o.indicator_id JOIN place p ON "
            "p.id = o.place_id JOIN breakdown b ON b.id = o.breakdown_id"
        )
    ).all()
    n = len(BREAKDOWN_COLUMNS)
    return sorted(
        (
            ((r[0], r[1], int(r[2]), tuple(r[3 : 3 + n])), (r[3 + n], r[4 + n], r[5 + n]))
            for r in rows
        ),
        key=repr,
    )


def snapshot(session: Session) -> list[tuple[Any, ...]]:
    """Every observation column, the revision, batch and audit counts."""
    rows = session.execute(
        select(
            Observation.id,
            Observation.indicator_id,
            Observation.place_id,
            Observation.year,
            Observation.breakdown_id,
            Observation.value,
            Observation.flag,
            Observation.source,
            Observation.batch_id,
            Observation.updated_at,
        ).order_by(Observation.id)
    ).all()
    counts = [
        session.scalar(select(func.count()).select_from(m))
        for m in (ObservationRevision, ImportBatch, AuditLog)
    ]
    return [*map(tuple, rows), tuple(counts)]


def temp_tables(session: Session) -> list[str]:
    """The staging and plan tables left on this session's connection."""
    if session.get_bind().dialect.name == "sqlite":
        sql = "SELECT name FROM sqlite_temp_master WHERE type = 'table' AND name LIKE 'pm_obs_%'"
    else:
        sql = (
            "SELECT relname FROM pg_class WHERE relnamespace = pg_my_temp_schema() "
            "AND relkind = 'r' AND relname LIKE 'pm_obs_%'"
        )
    return [r[0] for r in session.execute(text(sql))]


def validated(session: Session, data: bytes, name: str) -> tuple[pd.DataFrame, bool]:
    """The rows the engine stores for a file, read and validated the way it does."""
    from pathways_monitor.importers.eurostat import read_eurostat
    from pathways_monitor.importers.tabular import read_indicator_table

    kind = detect(data, name, 1 << 30).kind
    parsed = (
        read_eurostat(data, name) if kind == KIND_EUROSTAT else read_indicator_table(data, name)
    )
    checked = validate_observations(
        parsed.frame,
        load_observation_reference(session),
        leave_out_outside_scope=kind == KIND_EUROSTAT,
    )
    return checked.frame, parsed.flags_known


def _text(value: Any) -> str | None:
    return None if value is None or pd.isna(value) else str(value)


@dataclasses.dataclass
class Model:
    """The store's rules, row by row: what the set-based store must do."""

    ref: ObservationReference
    store: dict[Key, Cell] = dataclasses.field(default_factory=dict)
    revisions: list[tuple[Key, Cell]] = dataclasses.field(default_factory=list)
    seen: dict[str, int] = dataclasses.field(
        default_factory=lambda: {"kept": 0, "revised": 0, "credited": 0, "flag kept": 0}
    )

    def apply(self, frame: pd.DataFrame, flags_known: bool) -> tuple[int, int, int, int]:
        inserted = updated = kept = 0
        for r in frame.itertuples(index=False):
            breakdown = tuple(str(getattr(r, c)) for c in BREAKDOWN_COLUMNS)
            key: Key = (str(r.indicator), str(r.geo), int(r.year), breakdown)
            value = None if pd.isna(r.value) else float(r.value)
            flag, source = _text(r.flag), _text(r.source)
            old = self.store.get(key)
            if old is None:
                inserted += 1
                self.store[key] = (value, flag, source)
                continue
            old_value, old_flag, old_source = old
            same_value = old_value == value
            if not flags_known and same_value and flag != old_flag:
                flag = old_flag
                self.seen["flag kept"] += 1
            same = same_value and (old_flag or "") == (flag or "")
            kind = self.ref.place_kind.get(str(r.geo))
            rank_new = source_rank(str(r.indicator), kind, source)
            rank_old = source_rank(str(r.indicator), kind, old_source)
            if not same:
                if rank_old > rank_new:
                    kept += 1
                    self.seen["kept"] += 1
                    continue
                self.seen["revised"] += 1
            elif rank_new > rank_old or (
                rank_new == rank_old and source_tie(source) > source_tie(old_source)
            ):
                self.seen["credited"] += 1
            else:
                continue
            updated += 1
            self.revisions.append((key, old))
            self.store[key] = (value, flag, source)
        return inserted, updated, len(frame) - inserted - updated, kept


# --------------------------------------------------------------------------- same result


def test_the_downloads_corpus_in_both_orders_is_stored_as_the_rules_say(session: Session) -> None:
    """Every real-shaped download, in name order and back: national and regional tables of
    the same figures (precedence), same-series tables (attribution), downloads without flag
    columns, blanks with flags. Counts, stored values and revisions follow the model."""
    model = Model(load_observation_reference(session))
    files = corpus()
    for path in [*files, *reversed(files)]:
        data = path.read_bytes()
        frame, flags_known = validated(session, data, path.name)
        report = import_file(session, data, path.name, user="t", accept_revisions=True)
        assert report.status == "accepted", (path.name, [p.as_dict() for p in report.errors])
        inserted, updated, unchanged, kept = model.apply(frame, flags_known)
        assert (report.inserted, report.updated, report.unchanged) == (
            inserted,
            updated,
            unchanged,
        ), path.name
        assert any(p.code == "kept_higher_precedence" for p in report.problems) == bool(kept)
        assert stored(session) == model.store, path.name
    assert revisions(session) == sorted(model.revisions, key=repr)
    assert model.seen["credited"]  # sdg_04_10 after edat_lfse_14: the same figures
    assert temp_tables(session) == []


def _random_rows(rng: np.random.Generator, n: int) -> pd.DataFrame:
    """``n`` distinct keys out of 2 indicators x 6 places (countries, an aggregate, regions)
    x 6 years x 2 sexes, with few distinct values, flags and sources, so that equal figures,
    flag-only changes, blanks and every precedence case occur."""
    keys = [
        (ind, geo, year, sex)
        for ind in ("ELET", "LOWACH_READ")
        for geo in ("NL", "BE", "EU27_2020", "NL32", "NL33", "BE21")
        for year in range(2018, 2024)
        for sex in ("T", "F")
    ]
    chosen = [keys[i] for i in rng.choice(len(keys), size=n, replace=False)]
    values = rng.choice([5.0, 5.5, 6.0, np.nan], size=n, p=[0.3, 0.3, 0.3, 0.1])
    flags = rng.choice(np.array([None, "b", "u"], dtype=object), size=n, p=[0.6, 0.2, 0.2])
    sources = rng.choice(
        np.array(["edat_lfse_14", "edat_lfse_16", "sdg_04_10", "cbs", None], dtype=object),
        size=n,
    )
    rows = []
    for i, (ind, geo, year, sex) in enumerate(chosen):
        flag = flags[i] if not np.isnan(values[i]) else (flags[i] or "u")
        rows.append(
            {
                "indicator": ind,
                "geo": geo,
                "year": year,
                "sex": sex,
                "value": values[i],
                "flag": flag,
                "source": sources[i],
                "sheet": None,
                "row": i + 2,
                "column": "value",
            }
        )
    return finish_frame(pd.DataFrame(rows))


@pytest.mark.parametrize("seed", [1, 2])
def test_random_rounds_follow_every_rule(session: Session, seed: int) -> None:
    """Twelve rounds of random files over the same keys, some without flags: counts, the
    preview (in file order), the kept summary, stored values and revisions follow the model,
    and every rule is met on the way."""
    rng = np.random.default_rng(seed)
    ref = load_observation_reference(session)
    model = Model(ref)
    for round_ in range(12):
        frame = validate_observations(
            _random_rows(rng, int(rng.integers(20, 140))), ref, today=dt.date(2026, 11, 23)
        )
        assert not frame.problems, frame.problems
        flags_known = bool(rng.random() > 0.3)
        before = len(model.revisions)
        with plan_observations(session, frame.frame, ref, flags_known=flags_known) as plan:
            expected = model.apply(frame.frame, flags_known)
            counts = plan.counts
            assert (counts.inserted, counts.updated, counts.unchanged, counts.kept) == expected
            changed = [
                (
                    c["indicator"],
                    c["geo"],
                    c["year"],
                    (c["old_value"], c["old_flag"]),
                    (c["new_value"], c["new_flag"]),
                )
                for c in counts.changes
            ]
            assert changed == [
                (k[0], k[1], k[2], old[:2], model.store[k][:2])
                for k, old in model.revisions[before:]
            ]
            assert sum(s["n"] for s in counts.kept_summary) == counts.kept
            batch = ImportBatch(
                file_name=f"round{round_}.csv",
                checksum="x",
                kind="indicators",
                uploaded_by="t",
                outcome="accepted",
            )
            apply_plan(session, plan, batch, "t")
        session.commit()
        assert stored(session) == model.store, round_
    assert revisions(session) == sorted(model.revisions, key=repr)
    assert all(model.seen.values()), model.seen
    assert temp_tables(session) == []


def _long_csv(rows: list[tuple[str, str, int, str, str]]) -> bytes:
    lines = ["indicator,geo,year,value,flag"] + [",".join(map(str, r)) for r in rows]
    return ("\n".join(lines) + "\n").encode()


def _regions(session: Session, n: int) -> list[str]:
    return list(
        session.scalars(
            text("SELECT code FROM place WHERE kind = 'region' ORDER BY code LIMIT :n"), {"n": n}
        )
    )


@pytest.fixture
def series(session: Session) -> list[tuple[str, str, int, str, str]]:
    """120 ELET values (20 regions x 2017-2022), a few flagged."""
    return [
        ("ELET", geo, year, f"{5 + i * 0.1 + (year - 2017) * 0.3:.1f}", "b" if i % 7 == 0 else "")
        for i, geo in enumerate(_regions(session, 20))
        for year in range(2017, 2023)
    ]


def test_revisions_are_written_for_the_changed_rows_only(
    session: Session, series: list[tuple[str, str, int, str, str]]
) -> None:
    first = import_file(session, _long_csv(series), "first.csv", user="alice")
    assert (first.inserted, first.updated, first.unchanged) == (120, 0, 0)
    before = {r[1:5]: r for r in snapshot(session)[:-1]}
    revised = list(series)
    changes = {0: ("9.9", ""), 7: (revised[7][3], "p"), 30: ("", "u"), 31: ("7.7", "b")}
    for i, (value, flag) in changes.items():
        revised[i] = (*revised[i][:3], value, flag)
    revised += [("ELET", series[0][1], 2023, "4.4", ""), ("ELET", series[6][1], 2023, "", "c")]
    report = import_file(
        session, _long_csv(revised), "second.csv", user="bob", accept_revisions=True
    )
    assert report.status == "accepted", [p.as_dict() for p in report.errors]
    assert (report.inserted, report.updated, report.unchanged) == (2, 4, 116)
    assert [c["old_value"] for c in report.changes] == [
        float(series[i][3]) for i in sorted(changes)
    ]
    revs = session.execute(
        select(ObservationRevision, Observation)
        .join(Observation, Observation.id == ObservationRevision.observation_id)
        .order_by(ObservationRevision.id)
    ).all()
    batches = session.scalars(select(ImportBatch.id).order_by(ImportBatch.id)).all()
    assert [(o.year, r.previous_value, r.previous_flag) for r, o in revs] == [
        (series[i][2], float(series[i][3]), series[i][4] or None) for i in sorted(changes)
    ]
    assert {(r.changed_by, r.previous_batch_id, r.replaced_by_batch_id) for r, _o in revs} == {
        ("bob", batches[0], batches[1])
    }
    after = {r[1:5]: r for r in snapshot(session)[:-1]}
    changed_keys = {(o.indicator_id, o.place_id, o.year, o.breakdown_id) for _r, o in revs}
    for key, row in before.items():
        if key in changed_keys:  # same observation (id), new value, this batch
            assert after[key][0] == row[0] and after[key][8] == batches[1]
        else:  # untouched: same batch and time stamp
            assert after[key] == row
    new = [row for key, row in after.items() if key not in before]
    assert len(new) == 2 and min(r[0] for r in new) > max(r[0] for r in before.values())
    assert temp_tables(session) == []


def test_an_unchanged_reimport_writes_nothing(
    session: Session, series: list[tuple[str, str, int, str, str]]
) -> None:
    data = _long_csv(series)
    assert import_file(session, data, "first.csv", user="t").accepted
    before = snapshot(session)
    again = import_file(session, data, "again.csv", user="t")
    assert again.accepted and (again.inserted, again.updated, again.unchanged) == (0, 0, 120)
    assert again.batch_id is None and again.changes == []
    assert snapshot(session) == before
    dry = import_file(session, data, "again.csv", user="t", dry_run=True)
    assert dry.accepted and dry.unchanged == 120 and snapshot(session) == before
    assert temp_tables(session) == []


def test_a_rejected_import_leaves_no_staging_behind(session: Session) -> None:
    assert import_file(session, FIRST.read_bytes(), FIRST.name, user="t").accepted
    before = snapshot(session)
    bad = FIRST.read_bytes().replace(b"5.6", b"56.0", 1).replace(b"6.2", b"", 1)
    report = import_file(session, bad, "bad.csv", user="t")
    assert report.status == "rejected"
    assert snapshot(session) == before and temp_tables(session) == []


# --------------------------------------------------------------------------- references


@pytest.fixture
def stale_reference(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> Iterator[ObservationReference]:
    """The reference the engine validates against names NL32 and ELET by ids their tables do
    not hold (as if they were removed after validation)."""
    real = load_observation_reference(session)
    top = int(session.scalar(text("SELECT MAX(id) FROM place")) or 0)
    stale = dataclasses.replace(
        real,
        place_ids={**real.place_ids, "NL32": top + 1000},
        indicator_ids={**real.indicator_ids, "ELET": 99_999},
    )
    monkeypatch.setattr(engine_module, "load_observation_reference", lambda _s: stale)
    yield stale


def test_a_missing_reference_is_a_problem_with_its_file_row(
    session: Session, stale_reference: ObservationReference
) -> None:
    before = snapshot(session)
    report = import_file(session, FIRST.read_bytes(), FIRST.name, user="t")
    assert report.status == "rejected"
    found = [(p.code, p.row, p.column, p.value) for p in report.errors]
    # Every row is ELET; the one NL32 row is line 6 of the file.
    assert found[:5] == [("unknown_indicator", row, "indicator", "ELET") for row in range(2, 7)]
    assert found[5:] == [("unknown_place", 6, "geo", "NL32")]
    assert "'ELET'" in report.errors[0].message
    assert snapshot(session) == before and temp_tables(session) == []


def test_a_plan_with_missing_references_cannot_be_applied(
    session: Session, stale_reference: ObservationReference
) -> None:
    frame, _flags = validated(session, FIRST.read_bytes(), FIRST.name)
    with plan_observations(session, frame, stale_reference) as plan:
        assert [p.code for p in plan.errors][:1] == ["unknown_indicator"]
        batch = ImportBatch(
            file_name="f.csv", checksum="x", kind="indicators", uploaded_by="t", outcome="accepted"
        )
        with pytest.raises(ValueError, match="cannot be applied"):
            apply_plan(session, plan, batch, "t")
    assert temp_tables(session) == []


# --------------------------------------------------------------------------- empty values


def _xlsx(rows: list[list[Any]]) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Observations"
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@pytest.mark.parametrize("kind", ["csv", "csv without flag column", "xlsx"])
def test_a_row_without_value_or_flag_is_a_problem_not_a_crash(session: Session, kind: str) -> None:
    header = ["indicator", "geo", "year", "value", "flag"]
    rows: list[list[Any]] = [["ELET", "NL", 2022, 5.6, None], ["ELET", "NL", 2023, None, None]]
    if kind == "xlsx":
        data, name = _xlsx([header, *rows]), "empty.xlsx"
    elif kind == "csv":
        data, name = b"indicator,geo,year,value,flag\nELET,NL,2022,5.6,\nELET,NL,2023,,\n", "e.csv"
    else:
        data, name = b"indicator,geo,year,value\nELET,NL,2022,5.6\nELET,NL,2023,\n", "e.csv"
    before = snapshot(session)
    report = import_file(session, data, name, user="t")
    assert report.status == "rejected"
    assert [(p.code, p.row, p.column) for p in report.errors] == [("missing_value", 3, "value")]
    assert snapshot(session) == before
    # With a flag saying why the value is missing, the same row is stored.
    flagged = b"indicator,geo,year,value,flag\nELET,NL,2022,5.6,\nELET,NL,2023,,u\n"
    assert import_file(session, flagged, "flagged.csv", user="t").accepted
    assert stored(session)[("ELET", "NL", 2023, ("T",) + ("TOTAL",) * 7)][:2] == (None, "u")


# --------------------------------------------------------------------------- the lock's view


@pytest.mark.parametrize("stage", ["first load", "revised"])
def test_the_lock_sees_the_same_touches_as_in_the_whole_diff(session: Session, stage: str) -> None:
    """``touched_periods`` and ``lock_diff`` give ``diff_touches`` exactly what the whole
    diff gives it for the periods asked about, capped per period, in file order."""
    national = DOWNLOADS / "estat_edat_lfse_14.tsv"
    regional = DOWNLOADS / "estat_edat_lfse_16.tsv.gz"
    if stage == "revised":
        assert import_file(session, regional.read_bytes(), regional.name, user="t").accepted
    ref = load_observation_reference(session)
    frame, flags_known = validated(session, national.read_bytes(), national.name)
    with plan_observations(session, frame, ref, flags_known=flags_known) as plan:
        pc = ref.place_country
        everything = diff_touches(plan.diff, pc, per_period=len(frame))
        assert everything, "the file must change something"
        assert plan.touched_periods(pc) == {(t.country, t.year) for t in everything}
        asked = sorted(plan.touched_periods(pc))[::3]
        for cap in (1, 2, 5):
            whole = [
                t
                for t in diff_touches(plan.diff, pc, per_period=cap)
                if (t.country, t.year) in asked
            ]
            assert (
                diff_touches(plan.lock_diff(pc, asked, per_period=cap), pc, per_period=cap) == whole
            )
        assert len(plan.lock_diff(pc, [])) == 0


def test_a_locked_period_names_its_first_rows_in_a_large_file(session: Session) -> None:
    """A 3,000-row file into an approved year: the problems name the first five rows of the
    locked period (as before), although the lock never sees the whole diff."""
    from pathways_monitor.workflow import periods as wf
    from tests.test_workflow import EDITOR_NL, EDITOR_NL2

    assert import_file(session, FIRST.read_bytes(), FIRST.name, user="t").accepted
    wf.submit(session, EDITOR_NL, "NL", 2023)
    wf.approve(session, EDITOR_NL2, "NL", 2023)
    session.commit()
    places = ["NL", *[p for p in _regions(session, 400) if p.startswith("NL")]]
    rows = [
        ("ELET", geo, year, f"{4 + (i % 30) * 0.1:.1f}", "")
        for i, geo in enumerate(places)
        for year in range(2000, 2024)
    ]
    report = import_file(session, _long_csv(rows), "many.csv", user="t")
    assert report.status == "rejected"
    locked = [p for p in report.errors if p.code == "period_locked"]
    expected = [i + 2 for i, r in enumerate(rows) if r[2] == 2023][:5]
    assert [p.row for p in locked] == expected
    assert temp_tables(session) == []


def test_plans_report_what_they_would_write_without_writing(session: Session) -> None:
    """Planning twice in one transaction: independent staging, nothing written."""
    ref = load_observation_reference(session)
    frame, _flags = validated(session, FIRST.read_bytes(), FIRST.name)
    before = snapshot(session)
    with (
        plan_observations(session, frame, ref) as one,
        plan_observations(session, frame, ref) as two,
    ):
        assert one.stage != two.stage
        assert one.counts.inserted == two.counts.inserted == len(frame)
        assert len(one.diff) == len(two.diff) == len(frame)
    assert snapshot(session) == before and temp_tables(session) == []


# --------------------------------------------------------------------------- staging


@pytest.mark.parametrize("layouts", ["fixed layouts", "row by row"])
def test_staging_loads_numbers_blanks_and_texts_exactly(
    session: Session, layouts: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Binary COPY grouped by row layout (PostgreSQL) or executemany (SQLite), and psycopg's
    row-by-row COPY when texts are too many for fixed layouts: the same rows come back."""
    from pathways_monitor.db import staging

    if layouts == "row by row":
        monkeypatch.setattr(staging, "MAX_LAYOUTS", 2)
    n = 1_000
    rng = np.random.default_rng(3)
    ints = rng.integers(-(2**31), 2**31 - 1, n)
    floats = rng.normal(size=n) * 1e6
    floats[::7] = np.nan
    floats[3] = 0.1 + 0.2  # not a short decimal: must come back bit for bit
    texts = np.array([None, "", "b", "ü é", "x" * 200], dtype=object)[rng.integers(0, 5, n)]
    columns = (("i", staging.INT), ("f", staging.FLOAT), ("t", staging.TEXT))
    conn = session.connection()
    name = staging.temp_name("pm_obs_test")
    staging.create(conn, name, columns, ordinal="seq")
    assert (
        staging.load(conn, name, columns, {"i": ints, "f": floats, "t": texts}, ordinal="seq") == n
    )
    rows = conn.execute(text(f"SELECT seq, i, f, t FROM {name} ORDER BY seq")).all()
    staging.drop(conn, name)
    assert [r[0] for r in rows] == list(range(1, n + 1))
    assert [r[1] for r in rows] == ints.tolist()
    assert [r[2] for r in rows] == [None if np.isnan(v) else v for v in floats.tolist()]
    assert [r[3] for r in rows] == texts.tolist()
    with pytest.raises(ValueError, match="32 bits"):
        staging.load(conn, name, columns[:1], {"i": np.array([2**31])})
