"""The one import engine behind the CLI, the upload page, the HTTP API and the tests.

``import_file`` detects the kind of file, parses it, validates it against the store and writes
it in the caller's session as one transaction: a rejected file writes nothing, an accepted one
is complete, the same file twice changes nothing the second time, ``dry_run`` reports without
writing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from db.models import AuditLog, ImportBatch, Place
from importers.detect import KIND_EUROSTAT, KIND_INDICATORS, KIND_STRATEGY, detect
from importers.observation_store import store_observations
from importers.observation_validate import load_observation_reference, validate_observations
from importers.problems import ERROR, ImportReport, Problem

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
IMPORT_LOCK_KEY = 727_270_001  # PostgreSQL advisory lock: imports run one at a time


@dataclass(frozen=True)
class UploadScope:
    """What the uploading user may change; None fields mean unrestricted."""

    countries: frozenset[str] | None = None
    regions: frozenset[str] | None = None

    @property
    def unrestricted(self) -> bool:
        return self.countries is None and self.regions is None


UNRESTRICTED = UploadScope()
ProgressCallback = Callable[[str, float], None]


def import_path(session: Session, path: str | Path, **kwargs: object) -> ImportReport:
    p = Path(path)
    return import_file(session, p.read_bytes(), p.name, **kwargs)  # type: ignore[arg-type]


def import_file(
    session: Session,
    data: bytes,
    filename: str,
    *,
    user: str = "cli",
    dry_run: bool = False,
    scope: UploadScope = UNRESTRICTED,
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: ProgressCallback | None = None,
) -> ImportReport:
    """Import one file; commits when accepted (and not a dry run), rolls back otherwise."""
    say = progress or (lambda _stage, _fraction: None)
    found = detect(data, filename, max_bytes)
    if found.kind is None:
        return ImportReport(
            filename, None, "rejected", problems=list(found.problems), dry_run=dry_run
        )
    checksum = hashlib.sha256(data).hexdigest()
    try:
        if found.kind == KIND_STRATEGY:
            report = _import_strategy(session, data, filename, checksum, user, scope, dry_run)
        else:
            report = _import_observations(
                session, data, filename, found.kind, checksum, user, scope, dry_run, say
            )
    except BaseException:
        session.rollback()
        raise
    report.dry_run = dry_run
    # Commit only what changed something: a file seen before leaves no trace at all.
    if report.status == "accepted" and not dry_run and (report.inserted or report.updated):
        session.commit()
    else:
        session.rollback()
    say("done", 1.0)
    return report


def _lock(session: Session) -> None:
    """Serialise writers on PostgreSQL so two concurrent files never interleave."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": IMPORT_LOCK_KEY})


def _reject(report: ImportReport) -> ImportReport:
    report.status = "rejected" if report.errors else "accepted"
    return report


def _import_observations(
    session: Session,
    data: bytes,
    filename: str,
    kind: str,
    checksum: str,
    user: str,
    scope: UploadScope,
    dry_run: bool,
    say: ProgressCallback,
) -> ImportReport:
    say("reading", 0.05)
    if kind == KIND_EUROSTAT:
        from importers.eurostat import read_eurostat

        parsed = read_eurostat(data, filename)
    else:
        from importers.tabular import read_indicator_table

        parsed = read_indicator_table(data, filename)
    report = ImportReport(filename, kind, "rejected", format=parsed.format)
    report.problems.extend(parsed.problems)
    report.rows = len(parsed.frame)
    if any(p.severity == ERROR for p in parsed.problems):
        return report
    if parsed.frame.empty:
        report.problems.append(
            Problem(code="empty_file", message=f"{filename} contains no values to import")
        )
        return report
    say("validating", 0.35)
    _lock(session)
    ref = load_observation_reference(session)
    checked = validate_observations(
        parsed.frame, ref, allowed_countries=scope.countries, allowed_regions=scope.regions
    )
    report.problems.extend(checked.problems)
    if report.errors:
        return report
    from workflow.periods import locked_problems  # approved years are locked (issue 6)

    report.problems.extend(locked_problems(session, checked.frame))
    if report.errors:
        return report
    say("storing", 0.6)
    batch = ImportBatch(
        file_name=filename,
        checksum=checksum,
        kind=kind,
        format=parsed.format,
        uploaded_by=user,
        row_count=len(checked.frame),
        outcome="dry_run" if dry_run else "accepted",
        problems=[p.as_dict() for p in report.problems],
        country_id=_single_country_id(session, checked.frame["geo"].unique().tolist(), ref),
    )
    counts = store_observations(session, checked.frame, ref, batch, user)
    report.inserted, report.updated, report.unchanged = (
        counts.inserted,
        counts.updated,
        counts.unchanged,
    )
    report.changes = counts.changes
    if counts.changed_anything:
        batch.inserted, batch.updated, batch.unchanged = (
            counts.inserted,
            counts.updated,
            counts.unchanged,
        )
        session.add(
            AuditLog(
                actor=user,
                action="update" if counts.updated else "insert",
                table_name="observation",
                row_key=f"batch:{batch.id}",
                before=None,
                after={
                    "file": filename,
                    "inserted": counts.inserted,
                    "updated": counts.updated,
                    "unchanged": counts.unchanged,
                },
                batch_id=batch.id,
                country_code=_country_code(checked.frame["geo"].unique().tolist(), ref),
            )
        )
        session.flush()
        report.batch_id = batch.id
    report.status = "accepted"
    return report


def _country_code(geos: list[str], ref: object) -> str | None:
    countries = {ref.place_country.get(g) for g in geos}  # type: ignore[attr-defined]
    countries.discard(None)
    return countries.pop() if len(countries) == 1 else None


def _single_country_id(session: Session, geos: list[str], ref: object) -> int | None:
    code = _country_code(geos, ref)
    if code is None:
        return None
    return session.scalar(select(Place.id).where(Place.code == code))


def _import_strategy(
    session: Session,
    data: bytes,
    filename: str,
    checksum: str,
    user: str,
    scope: UploadScope,
    dry_run: bool,
) -> ImportReport:
    from importers.strategy_store import store_strategy
    from importers.strategy_workbook import load_strategy_reference, parse_strategy_workbook

    report = ImportReport(filename, KIND_STRATEGY, "rejected", format="strategy_xlsx")
    reference = load_strategy_reference(session)
    parsed = parse_strategy_workbook(data, filename, reference)
    report.problems.extend(parsed.problems)
    report.rows = parsed.row_count
    if report.errors:
        return report
    country = parsed.country_code
    if scope.countries is not None and country not in scope.countries:
        report.problems.append(
            Problem(
                code="forbidden_country",
                message=f"you may not change the strategy of {country}",
                sheet="Strategy",
                column="country",
                value=country,
            )
        )
        return report
    if scope.countries is None and scope.regions is not None:
        report.problems.append(
            Problem(
                code="forbidden_country",
                message="a regional coordinator may not upload a national strategy",
                sheet="Strategy",
                column="country",
                value=country,
            )
        )
        return report
    _lock(session)
    from workflow.periods import locked_problems, strategy_touches  # issue 6

    report.problems.extend(locked_problems(session, strategy_touches(session, parsed)))
    if report.errors:
        return report
    batch = ImportBatch(
        file_name=filename,
        checksum=checksum,
        kind=KIND_STRATEGY,
        format="strategy_xlsx",
        uploaded_by=user,
        row_count=parsed.row_count,
        outcome="dry_run" if dry_run else "accepted",
        problems=[p.as_dict() for p in report.problems],
    )
    result = store_strategy(session, parsed, batch, user)
    report.changes = result.changes
    if result.created:
        report.inserted = parsed.row_count
        report.batch_id = batch.id
    else:
        report.unchanged = parsed.row_count
    report.status = "accepted"
    return report


__all__ = [
    "KIND_EUROSTAT",
    "KIND_INDICATORS",
    "KIND_STRATEGY",
    "UNRESTRICTED",
    "UploadScope",
    "import_file",
    "import_path",
]
