"""The one import engine behind the CLI, the upload page, the HTTP API and the tests.

``import_file`` detects the kind of file, parses it, validates it against the store and writes
it in the caller's session as one transaction: a rejected file writes nothing, an accepted one
is complete, the same file twice changes nothing the second time, ``dry_run`` reports without
writing.

Observations (issue #10): a restricted uploader's Eurostat download is filtered to their own
places (``rows_outside_scope`` warning; ``nothing_in_scope`` error when nothing is left),
while a ministry's own sheet with other places' rows is rejected; where two Eurostat tables
publish the same figure the rule of ``domain.source_precedence`` decides
(``kept_higher_precedence`` warning); a file that would revise much of a stored series or
blank a stored value is refused (``large_revision``, ``importers.revision_guard``) unless
``accept_revisions``.

Approved years are locked (issue 6): each store reports what it would write as a ``StoreDiff``
before writing, ``diff_touches`` turns that into the (country, year) pairs it changes, and
``period_lock.locked_problems`` refuses the file when one of them is approved (issue 12). For
observations the plan first names the (country, year) pairs it touches (one query) and gives
the diff rows of the approved ones only (``StorePlan.touched_periods``, ``lock_diff``).
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from pathways_monitor.core.access import UNRESTRICTED, UploadScope
from pathways_monitor.core.problems import joined, part
from pathways_monitor.core.translation import N_, N_plural
from pathways_monitor.db.locks import hold_writer_lock
from pathways_monitor.db.models import AuditLog, ImportBatch, Place
from pathways_monitor.db.queries_periods import approved_periods
from pathways_monitor.importers.detect import KIND_EUROSTAT, KIND_INDICATORS, KIND_STRATEGY, detect
from pathways_monitor.importers.observation_store import (
    StoreCounts,
    StorePlan,
    apply_plan,
    plan_observations,
)
from pathways_monitor.importers.observation_validate import (
    ObservationReference,
    load_observation_reference,
    validate_observations,
)
from pathways_monitor.importers.period_lock import MAX_ROWS_PER_PERIOD, Touch, locked_problems
from pathways_monitor.importers.problems import ERROR, WARNING, ImportReport, Problem, problem
from pathways_monitor.importers.store_diff import REATTRIBUTED, StoreDiff

DEFAULT_MAX_BYTES = 50 * 1024 * 1024


class ProgressCallback(Protocol):
    """Told how far an import is: a stage, a fraction (0-1) and, once known, the rows
    ``read``, ``validated`` and ``stored`` (a background job shows them as a progress bar)."""

    def __call__(self, stage: str, fraction: float, **rows: int) -> None: ...


def _quiet(stage: str, fraction: float, **rows: int) -> None:
    """The progress callback of an import nobody watches."""


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
    accept_revisions: bool = False,
) -> ImportReport:
    """Import one file; commits when accepted (and not a dry run), rolls back otherwise.

    ``accept_revisions``: store a file even when it would revise many stored values of a series
    or blank one (the ``large_revision`` problem is then a warning instead of an error).
    """
    say = progress or _quiet
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
                session,
                data,
                filename,
                found.kind,
                checksum,
                user,
                scope,
                dry_run,
                say,
                accept_revisions=accept_revisions,
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


def diff_touches(
    diff: StoreDiff,
    place_country: Mapping[str, str | None] | None = None,
    *,
    per_period: int = MAX_ROWS_PER_PERIOD,
) -> list[Touch]:
    """The (country, year) pairs a store's diff changes, for the approval lock: the one place
    that decides which changes touch a period.

    Every added, changed or removed element with a year touches the period of its place's
    country (``place_country``: a region's data belong to its country, an aggregate's to none;
    None when the places are countries). The same figure credited to another source
    (``REATTRIBUTED``) changes no data. In the diff's (the file's) order, at most
    ``per_period`` touches of each pair: the lock names no more.
    """
    rows = diff.rows
    if rows.empty:
        return []
    years = pd.array(rows["year"], dtype="Int64")
    counted = ~np.asarray(years.isna()) & (rows["change"] != REATTRIBUTED).to_numpy()
    # Each row's country as a small integer, worked out once per distinct place (-1: none).
    codes, places = pd.factorize(rows["place"].astype(object))
    countries: dict[str, int] = {}
    numbers = []
    for place in places:
        name = str(place) if place_country is None else place_country.get(str(place))
        numbers.append(-1 if name is None else countries.setdefault(name, len(countries)))
    country = np.array([*numbers, -1], dtype=np.int64)[codes]  # a missing place (-1): none
    at = np.flatnonzero(counted & (country >= 0))
    year = years.to_numpy(dtype=np.int64, na_value=0)[at]
    pair = country[at] * 10_000 + year
    first = at[pd.Series(pair).groupby(pair, sort=False).cumcount().to_numpy() < per_period]
    name_of = list(countries)
    out: list[Touch] = []
    for i, r in zip(first, rows.iloc[first].itertuples(index=False), strict=True):
        label = _text(r.label)
        out.append(
            Touch(
                name_of[country[i]],
                int(r.year),
                _text(r.sheet),
                _int(r.row),
                _text(r.column),
                label if label is not None else f"{r.place} {int(r.year)}",
            )
        )
    return out


def _text(value: object) -> str | None:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    return str(value)


def _int(value: object) -> int | None:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else int(number)


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
    *,
    accept_revisions: bool = False,
) -> ImportReport:
    from pathways_monitor.importers.revision_guard import CODE as LARGE_REVISION
    from pathways_monitor.importers.revision_guard import revision_problems

    say("reading", 0.05)
    if kind == KIND_EUROSTAT:
        from pathways_monitor.importers.eurostat import read_eurostat

        parsed = read_eurostat(data, filename)
    else:
        from pathways_monitor.importers.tabular import read_indicator_table

        parsed = read_indicator_table(data, filename)
    report = ImportReport(filename, kind, "rejected", format=parsed.format)
    report.problems.extend(parsed.problems)
    report.rows = len(parsed.frame)
    if any(p.severity == ERROR for p in parsed.problems):
        return report
    if parsed.frame.empty:
        report.problems.append(
            problem("empty_file", N_("{file} contains no values to import"), {"file": filename})
        )
        return report
    say("validating", 0.35, read=len(parsed.frame))
    hold_writer_lock(session)
    ref = load_observation_reference(session)
    # A Eurostat download holds every country: a restricted uploader's other places are left
    # out. A ministry's own sheet with another place's rows is a mistake and is rejected.
    checked = validate_observations(
        parsed.frame,
        ref,
        allowed_countries=scope.countries,
        allowed_regions=scope.regions,
        leave_out_outside_scope=kind == KIND_EUROSTAT,
    )
    report.problems.extend(checked.problems)
    report.rows = len(parsed.frame) - checked.left_out
    if report.errors:
        return report
    say("comparing", 0.5, validated=report.rows)
    plan = plan_observations(session, checked.frame, ref, flags_known=parsed.flags_known)
    with plan:  # its temporary tables are dropped before the caller commits or rolls back
        report.problems.extend(plan.problems)  # staged ids their table no longer holds
        if report.errors:
            return report
        counts = plan.counts
        report.problems.extend(_precedence_warnings(counts))
        report.problems.extend(locked_problems(session, _lock_touches(session, plan, ref)))
        if report.errors:
            return report
        report.problems.extend(revision_problems(plan, ref, session, accept=accept_revisions))
        _count(report, counts)
        if report.errors:
            # Refused only for revising published values: the counts and the preview stay in the
            # report, so a dry run shows what a confirmed (accepted) import would change.
            if any(p.code != LARGE_REVISION for p in report.errors):
                _count(report, StoreCounts())
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
        apply_plan(session, plan, batch, user)
        say("stored", 0.95, stored=0 if dry_run else counts.inserted + counts.updated)
        if counts.changed_anything:
            batch.inserted, batch.updated, batch.unchanged = (
                counts.inserted,
                counts.updated,
                counts.unchanged,
            )
            after: dict[str, object] = {
                "file": filename,
                "inserted": counts.inserted,
                "updated": counts.updated,
                "unchanged": counts.unchanged,
            }
            if any(p.code == LARGE_REVISION for p in report.problems):
                after["accepted_revisions"] = True
            session.add(
                AuditLog(
                    actor=user,
                    action="update" if counts.updated else "insert",
                    table_name="observation",
                    row_key=f"batch:{batch.id}",
                    before=None,
                    after=after,
                    batch_id=batch.id,
                    country_code=_country_code(checked.frame["geo"].unique().tolist(), ref),
                )
            )
            session.flush()
            report.batch_id = batch.id
        report.status = "accepted"
        return report


def _lock_touches(session: Session, plan: StorePlan, ref: ObservationReference) -> list[Touch]:
    """``diff_touches`` of the plan's diff, for the approved periods only (the others raise
    no problem): the pairs the plan touches come from one query, and rows are located only
    for the approved ones, so a million-row file costs no million-row diff."""
    periods = plan.touched_periods(ref.place_country)
    if not periods:
        return []
    approved = approved_periods(session, {c for c, _y in periods})
    locked = [p for p in periods if p in approved]
    if not locked:
        return []
    return diff_touches(plan.lock_diff(ref.place_country, locked), ref.place_country)


def _count(report: ImportReport, counts: StoreCounts) -> None:
    report.inserted, report.updated, report.unchanged = (
        counts.inserted,
        counts.updated,
        counts.unchanged,
    )
    report.changes = counts.changes


def _precedence_warnings(counts: StoreCounts) -> list[Problem]:
    """One ``kept_higher_precedence`` warning: which stored values were kept, from where."""
    if not counts.kept:
        return []
    from pathways_monitor.domain.source_precedence import KIND_LABELS, SOURCE_LABELS

    singular, plural = N_plural(
        "{count} value of {kind} was kept from {kept}, which takes precedence over {source} "
        "for {kind}",
        "{count} values of {kind} were kept from {kept}, which takes precedence over {source} "
        "for {kind}",
    )
    parts = []
    for s in counts.kept_summary:
        kind = KIND_LABELS.get(s["kind"])
        params = {
            "n": s["n"],
            "count": f"{s['n']:,}",
            "kind": part(kind) if kind else s["kind"],
            "kept": _source_part(s["kept_source"], SOURCE_LABELS),
            "source": s["file_source"] or part(N_("this file")),
        }
        parts.append(part(singular, params, plural=plural))
    return [
        problem(
            "kept_higher_precedence",
            N_("{parts} (the values of this file for them differ and were not stored)"),
            {"parts": joined(parts, "; ")},
            column="value",
            value=", ".join(
                sorted({f"{s['kept_source']} over {s['file_source']}" for s in counts.kept_summary})
            ),
            severity=WARNING,
        )
    ]


def _source_part(source: str | None, labels: Mapping[str, str]) -> Any:
    """How a source is named in messages: ``edat_lfse_14, the national table`` (translatable)."""
    if not source:
        return part(N_("an unnamed source"))
    label = labels.get(str(source))
    return part(N_("{code}, {label}"), {"code": source, "label": part(label)}) if label else source


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
    from pathways_monitor.importers.strategy_store import plan_strategy, store_strategy
    from pathways_monitor.importers.strategy_workbook import (
        load_strategy_reference,
        parse_strategy_workbook,
    )

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
            problem(
                "forbidden_country",
                N_("you may not change the strategy of {country}"),
                {"country": country},
                sheet="Strategy",
                column="country",
                value=country,
            )
        )
        return report
    if scope.countries is None and scope.regions is not None:
        report.problems.append(
            problem(
                "forbidden_country",
                N_("a regional coordinator may not upload a national strategy"),
                sheet="Strategy",
                column="country",
                value=country,
            )
        )
        return report
    hold_writer_lock(session)
    plan = plan_strategy(session, parsed)
    report.problems.extend(locked_problems(session, diff_touches(plan.diff)))
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
    result = store_strategy(session, parsed, batch, user, plan=plan)
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
