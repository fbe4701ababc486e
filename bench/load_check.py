"""After a load run: is every accepted upload in the store exactly once, and nothing else?

The uploaders of ``bench.load`` write ELET values for years no real data covers (1970-1979), for
their own country and two of its regions, each key by one uploader only. So the expected final
value of a key is the value of the last accepted upload (in that uploader's order) that held it,
and the number of import batches is the number of accepted uploads that changed something.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from pathways_monitor.db.models import Breakdown, ImportBatch, Indicator, Observation, Place

INDICATOR = "ELET"
YEARS = range(1970, 1980)
SEXES = ("T", "M", "F")
Key = tuple[str, int, str]  # geo, year, sex (indicator ELET, other breakdowns total)


@dataclass(frozen=True)
class AcceptedUpload:
    """One upload the server answered 200 (accepted) to, with what it sent."""

    uploader: str
    values: dict[Key, float]
    changed: bool  # inserted or updated something (else: an identical re-upload)
    batch_id: int | None


@dataclass
class DataCheck:
    expected_keys: int = 0
    stored_keys: int = 0
    missing: list[Key] = field(default_factory=list)
    unexpected: list[Key] = field(default_factory=list)
    wrong_value: list[tuple[Key, float, float | None]] = field(default_factory=list)
    duplicate_keys: int = 0
    expected_batches: int = 0
    stored_batches: int = 0
    batch_ids_match: bool = True

    @property
    def ok(self) -> bool:
        return (
            not self.missing
            and not self.unexpected
            and not self.wrong_value
            and self.duplicate_keys == 0
            and self.expected_batches == self.stored_batches
            and self.batch_ids_match
        )

    def summary(self) -> str:
        verdict = "OK" if self.ok else "FAILED"
        return (
            f"data check {verdict}: {self.stored_keys}/{self.expected_keys} keys stored, "
            f"{len(self.missing)} missing, {len(self.unexpected)} unexpected, "
            f"{len(self.wrong_value)} wrong values, {self.duplicate_keys} duplicated keys, "
            f"{self.stored_batches}/{self.expected_batches} import batches"
            + ("" if self.batch_ids_match else ", batch ids differ from the answers")
        )


def expected_values(uploads: Iterable[AcceptedUpload]) -> dict[Key, float]:
    """The last accepted value of every key, uploads taken in the order they were answered."""
    final: dict[Key, float] = {}
    for upload in uploads:
        final.update(upload.values)
    return final


def stored_values(session: Session, geos: Sequence[str]) -> dict[Key, list[float | None]]:
    """Every stored ELET total-by-sex value of the load test's years for ``geos``."""
    others_total = [
        getattr(Breakdown, c) == "TOTAL"
        for c in (
            "citizenship",
            "country_of_birth",
            "urbanisation",
            "ses_quartile",
            "disability",
            "custom_dimension",
        )
    ]
    rows = session.execute(
        select(Place.code, Observation.year, Breakdown.sex, Observation.value)
        .join(Place, Observation.place_id == Place.id)
        .join(Indicator, Observation.indicator_id == Indicator.id)
        .join(Breakdown, Observation.breakdown_id == Breakdown.id)
        .where(
            Indicator.code == INDICATOR,
            Place.code.in_(list(geos)),
            Observation.year.between(YEARS.start, YEARS.stop - 1),
            *others_total,
        )
    )
    found: dict[Key, list[float | None]] = {}
    for geo, year, sex, value in rows:
        found.setdefault((geo, int(year), sex), []).append(value)
    return found


def duplicate_key_count(session: Session) -> int:
    """Observation keys stored more than once anywhere in the store (must be 0)."""
    dupes = (
        select(Observation.indicator_id)
        .group_by(
            Observation.indicator_id,
            Observation.place_id,
            Observation.year,
            Observation.breakdown_id,
        )
        .having(func.count() > 1)
    ).subquery()
    return int(session.scalar(select(func.count()).select_from(dupes)) or 0)


def check_data(
    engine: Engine,
    uploads: Sequence[AcceptedUpload],
    geos: Sequence[str],
    uploader_emails: Sequence[str],
) -> DataCheck:
    """Compare the store with what the server accepted (see the module docstring)."""
    expected = expected_values(uploads)
    with Session(engine) as session:
        stored = stored_values(session, geos)
        duplicates = duplicate_key_count(session)
        batch_ids = set(
            session.scalars(
                select(ImportBatch.id).where(ImportBatch.uploaded_by.in_(list(uploader_emails)))
            )
        )
    check = DataCheck(expected_keys=len(expected), stored_keys=len(stored))
    check.duplicate_keys = duplicates + sum(1 for v in stored.values() if len(v) > 1)
    check.missing = sorted(set(expected) - set(stored))
    check.unexpected = sorted(set(stored) - set(expected))
    for key, value in sorted(expected.items()):
        got = stored.get(key)
        if got and (got[0] is None or not math.isclose(got[0], value, abs_tol=1e-9)):
            check.wrong_value.append((key, value, got[0]))
    changed = [u for u in uploads if u.changed]
    check.expected_batches = len(changed)
    check.stored_batches = len(batch_ids)
    check.batch_ids_match = {u.batch_id for u in changed} == batch_ids
    return check
