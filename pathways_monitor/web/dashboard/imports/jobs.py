"""The import history's list of running and recent background work (checks, imports, reports).

Drawn with the page and redrawn every ``TICK_MS`` while something is waiting or running; the
tick stops when everything is finished. Who asked is shown by the audit log's rule
(``may_see_people``), like the uploaders of the batch list.
"""

from __future__ import annotations

from typing import Any

from dash import dcc, html

from pathways_monitor.core.access import Principal, may_see_people
from pathways_monitor.db.models_jobs import FAILED, KIND_SEMESTER, QUEUED, RUNNING
from pathways_monitor.jobs.records import INTERRUPTED, JobView
from pathways_monitor.web.dashboard.common import import_report as view
from pathways_monitor.web.dashboard.common.i18n import fmt_number
from pathways_monitor.web.dashboard.common.import_texts import t
from pathways_monitor.web.dashboard.common.job_progress import stage_text

SECTION = "imports-jobs"
TICK = "imports-jobs-tick"
GRID = "imports-jobs-grid"
TICK_MS = 2000
SHOWN = 20


def what(job: JobView, lang: str | None) -> str:
    if job.kind == KIND_SEMESTER:
        return t("job_what_semester", lang)
    return t("job_what_check" if job.dry_run else "job_what_import", lang)


def outcome(job: JobView, lang: str | None) -> str:
    """One line: the batch and counts, a refusal with its number of errors, or the error."""
    if job.state == FAILED:
        return t("job_stage_failed", lang) + (
            "" if job.error == INTERRUPTED else f": {job.error or ''}"
        )
    result = job.result or {}
    if job.kind == KIND_SEMESTER or not result:
        return str(result.get("file_name") or "")
    status = view.status_text(str(result.get("status") or "rejected"), lang)
    if result.get("status") != "accepted":
        errors = sum(1 for p in result.get("problems") or [] if p.get("severity") == "error")
        return f"{status}: {t('problems', lang, n=errors)}"
    counts = t(
        "job_rows",
        lang,
        read=fmt_number(job.rows_read, lang, 0),
        validated=fmt_number(job.rows_validated, lang, 0),
        stored=fmt_number(job.rows_stored, lang, 0),
    )
    batch = result.get("batch_id")
    return f"{status} · {counts}" + (f" · {t('job_batch', lang, batch=batch)}" if batch else "")


def job_rows(jobs: list[JobView], user: Principal | None, lang: str | None) -> list[dict[str, Any]]:
    rows = []
    for job in jobs:
        progress = f"{round(100 * job.fraction)} % · {stage_text(job.stage, lang)}"
        rows.append(
            {
                "key": job.id,
                "created": view._when(job.created_at, lang),
                "file": job.file_name,
                "by": job.requested_by
                if may_see_people(user, job.country_code)
                else t("uploader_hidden", lang),
                "what": what(job, lang),
                "state": t(f"job_state_{job.state}", lang),
                "progress": progress if job.state in (QUEUED, RUNNING) else "",
                "outcome": "" if job.state in (QUEUED, RUNNING) else outcome(job, lang),
            }
        )
    return rows


def column_defs(lang: str | None) -> list[dict[str, Any]]:
    names = ("created", "file", "by", "what", "state", "progress", "outcome")
    return [{"field": name, "headerName": t(f"job_col_{name}", lang)} for name in names]


def busy(jobs: list[JobView]) -> bool:
    return any(job.state in (QUEUED, RUNNING) for job in jobs)


def section_body(jobs: list[JobView], user: Principal | None, lang: str | None) -> list[Any]:
    heading = [
        html.H2(t("jobs_heading", lang), className="h5"),
        html.P(t("jobs_intro", lang), className="text-muted small mb-2"),
    ]
    if not jobs:
        return [*heading, html.P(t("jobs_none", lang), className="text-muted")]
    rows = job_rows(jobs[:SHOWN], user, lang)
    grid = view.grid(GRID, rows, column_defs(lang), height=320, small=8, getRowId="params.data.key")
    return [*heading, grid]


def section(jobs: list[JobView], user: Principal | None, lang: str | None) -> html.Section:
    """The section as the page first draws it, with its tick (off when nothing runs)."""
    return html.Section(
        [
            dcc.Interval(id=TICK, interval=TICK_MS, disabled=not busy(jobs)),
            html.Div(section_body(jobs, user, lang), id=SECTION),
        ],
        className="mb-4 imports-jobs",
        **{"aria-live": "polite"},  # type: ignore[arg-type]
    )
