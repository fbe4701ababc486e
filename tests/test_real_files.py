"""Every shipped real Eurostat file imports unchanged, and right after its import the store
holds exactly the file's values and flags, whatever was imported before it."""

from __future__ import annotations

import math

from sqlalchemy import text
from sqlalchemy.orm import Session

from demo.load import DATA_DIR
from importers.engine import import_file
from importers.eurostat import read_eurostat

FILES = ("edat_lfse_14.tsv", "edat_lfse_16_total.tsv", "pisa_low_achievers_sdg_04_40.csv")


def _store(session: Session) -> dict[tuple, tuple]:
    rows = session.execute(
        text(
            "SELECT i.code, p.code, o.year, b.sex, o.value, o.flag FROM observation o "
            "JOIN indicator i ON i.id = o.indicator_id JOIN place p ON p.id = o.place_id "
            "JOIN breakdown b ON b.id = o.breakdown_id"
        )
    )
    return {(r[0], r[1], r[2], r[3]): (r[4], r[5]) for r in rows}


def test_store_equals_each_file_after_its_import(session: Session) -> None:
    for name in (*FILES, FILES[0]):  # and the national table again after the regional one
        data = (DATA_DIR / name).read_bytes()
        report = import_file(session, data, name, user="t")
        assert report.accepted, [p.as_dict() for p in report.errors]
        expected = read_eurostat(data, name).frame
        stored = _store(session)
        assert len(expected) > 500
        for r in expected.itertuples(index=False):
            value, flag = stored[(r.indicator, r.geo, int(r.year), r.sex)]
            want = None if isinstance(r.value, float) and math.isnan(r.value) else r.value
            assert (value is None and want is None) or math.isclose(value, want), (name, r)
            assert flag == (r.flag if isinstance(r.flag, str) and r.flag else None), (name, r)
