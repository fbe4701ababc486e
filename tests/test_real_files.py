"""Every shipped real Eurostat file imports unchanged, and right after its import the store
holds exactly the file's values and flags, whatever was imported before it, except where a
stored figure comes from a table that takes precedence (``domain.source_precedence``: the
national table's country rows beat the regional table's), which is kept."""

from __future__ import annotations

import math

from sqlalchemy import text
from sqlalchemy.orm import Session

from pathways_monitor.demo.load import DATA_DIR
from pathways_monitor.domain.source_precedence import source_rank
from pathways_monitor.importers.engine import import_file
from pathways_monitor.importers.eurostat import read_eurostat
from pathways_monitor.importers.observation_validate import load_observation_reference

FILES = ("edat_lfse_14.tsv", "edat_lfse_16_total.tsv", "pisa_low_achievers_sdg_04_40.csv")


def _store(session: Session) -> dict[tuple, tuple]:
    rows = session.execute(
        text(
            "SELECT i.code, p.code, o.year, b.sex, o.value, o.flag, o.source FROM observation o "
            "JOIN indicator i ON i.id = o.indicator_id JOIN place p ON p.id = o.place_id "
            "JOIN breakdown b ON b.id = o.breakdown_id"
        )
    )
    return {(r[0], r[1], r[2], r[3]): (r[4], r[5], r[6]) for r in rows}


def test_store_equals_each_file_after_its_import(session: Session) -> None:
    kinds = load_observation_reference(session).place_kind
    expected: dict[tuple, tuple] = {}  # what the store must hold: every file so far, by the rule
    for name in (*FILES, FILES[0]):  # and the national table again after the regional one
        data = (DATA_DIR / name).read_bytes()
        report = import_file(session, data, name, user="t")
        assert report.accepted, [p.as_dict() for p in report.errors]
        frame = read_eurostat(data, name).frame
        assert len(frame) > 500
        kept = 0
        for r in frame.itertuples(index=False):
            key = (r.indicator, r.geo, int(r.year), r.sex)
            value = None if isinstance(r.value, float) and math.isnan(r.value) else r.value
            flag = r.flag if isinstance(r.flag, str) and r.flag else None
            before = expected.get(key)
            kind = kinds[r.geo]
            if before is not None and source_rank(r.indicator, kind, before[2]) > source_rank(
                r.indicator, kind, r.source
            ):
                kept += (before[0], before[1]) != (value, flag)
                continue
            expected[key] = (value, flag, r.source)
        stored = _store(session)
        assert stored.keys() == expected.keys(), name
        for key, (value, flag, source) in expected.items():
            got_value, got_flag, got_source = stored[key]
            assert (got_value is None and value is None) or math.isclose(got_value, value), key
            assert (got_flag, got_source) == (flag, source), (name, key)
        if name == "edat_lfse_16_total.tsv":
            assert kept == 13  # country rows the regional table flags differently
            (warning,) = [p for p in report.problems if p.code == "kept_higher_precedence"]
            assert "13 values of countries were kept from edat_lfse_14" in warning.message
