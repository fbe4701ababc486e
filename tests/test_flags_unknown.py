"""A download with flags switched off says nothing about flags: stored flags are kept.

Eurostat's data browser and SDMX-CSV downloads can leave the flag columns out. Importing such a
file after the published table must not erase the break-in-series flag of NL 2021 (``5.1 b`` in
edat_lfse_14), while a value the file really changes is still revised.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from pathways_monitor.importers.engine import import_file, import_path
from tests.test_downloads_corpus import REAL_LFSE_14, E, T, accepted, bd, store

NO_FLAGS_CSV = (
    "\ufeff"
    '"Early leavers from education and training by sex [sdg_04_10__custom_1]"\r\n'
    '""\r\n'
    '"Dataset:","Early leavers from education and training by sex [sdg_04_10]"\r\n'
    '""\r\n'
    '"Time frequency","Annual"\r\n'
    '"Age class","From 18 to 24 years"\r\n'
    '"Unit of measure","Percentage"\r\n'
    '"Sex","Total"\r\n'
    '""\r\n'
    '"TIME","2021","2022","2023"\r\n'
    '"GEO (Codes)","","",""\r\n'
    '"NL","5.1","5.6","6.2"\r\n'
    '"BE","6.7","6.4","6.3"\r\n'
    '""\r\n'
)


def test_download_without_flags_keeps_stored_flags(sqlite_session: Session) -> None:
    accepted(import_path(sqlite_session, REAL_LFSE_14, user="admin"))
    before = store(sqlite_session)
    # Read off edat_lfse_14.tsv by hand: NL 2021 "5.1 b", BE 2021 "6.7 b", BE 2023 "6.2 ".
    assert before[(E, "NL", 2021, bd(T))][:2] == (5.1, "b")
    assert before[(E, "BE", 2021, bd(T))][:2] == (6.7, "b")
    assert before[(E, "BE", 2023, bd(T))][:2] == (6.2, None)
    report = import_file(
        sqlite_session, NO_FLAGS_CSV.encode("utf-8"), "sdg_04_10__custom_1_spreadsheet.csv"
    )
    accepted(report)
    assert "flags_not_in_file" in [p.code for p in report.problems if p.severity == "warning"]
    after = store(sqlite_session)
    assert after[(E, "NL", 2021, bd(T))][:2] == (5.1, "b")
    assert after[(E, "BE", 2021, bd(T))][:2] == (6.7, "b")
    # BE 2023 is 6.3 in this file, not 6.2: a real revision, stored without a flag.
    assert after[(E, "BE", 2023, bd(T))][:2] == (6.3, None)
    assert report.updated == 1
