"""The progress of a background check or import, as the upload page shows it while it runs.

A panel per job: a heading naming the file, a progress bar (the engine's stage and fraction)
with the rows read, checked and stored, and the reassurance that the work goes on without the
page. The page's tick callback (``upload.page.on_tick``) redraws it from the job row until
the job is finished, then puts the file's card (a check) or the outcome (an import) instead.
"""

from __future__ import annotations

from typing import Any

import dash_bootstrap_components as dbc
from dash import dcc, html

from pathways_monitor.jobs.records import JobView
from pathways_monitor.web.dashboard.common.i18n import fmt_number
from pathways_monitor.web.dashboard.common.import_texts import TEXTS, t

PANEL = "upload-job-panel"
TICK = "upload-job-tick"
JOB = "upload-job"
TICK_MS = 500
PURPOSE_CHECK, PURPOSE_IMPORT = "check", "import"


def stage_text(stage: str, lang: str | None) -> str:
    key = f"job_stage_{stage}"
    return t(key, lang) if key in TEXTS else stage


def rows_text(job: JobView, lang: str | None) -> str:
    return t(
        "job_rows",
        lang,
        read=fmt_number(job.rows_read, lang, 0),
        validated=fmt_number(job.rows_validated, lang, 0),
        stored=fmt_number(job.rows_stored, lang, 0),
    )


def progress_body(job: JobView, purpose: str, lang: str | None) -> list[Any]:
    """Heading, bar and row counts of a job that is not finished yet."""
    percent = round(100 * job.fraction)
    heading = t("job_checking" if purpose == PURPOSE_CHECK else "job_importing", lang)
    return [
        html.H3(heading.format(file=job.file_name), className="h6 text-break"),
        dbc.Progress(
            value=max(percent, 3),
            label=f"{percent} %",
            striped=True,
            animated=True,
            className="mb-2 upload-job-bar",
            style={"height": "1.25rem"},
        ),
        html.P(
            [
                html.Strong(stage_text(job.stage, lang), className="upload-job-stage me-2"),
                html.Span(rows_text(job, lang), className="upload-job-rows"),
            ],
            className="small mb-1",
        ),
        html.P(t("job_keeps_running", lang), className="small text-muted mb-0"),
    ]


def job_panel(key: str | int, job: JobView, purpose: str, lang: str | None) -> html.Div:
    """The panel of one running job: its progress, its job id and the tick that redraws it."""
    return html.Div(
        [
            dcc.Store(id={"type": JOB, "index": key}, data={"job": job.id, "purpose": purpose}),
            dcc.Interval(id={"type": TICK, "index": key}, interval=TICK_MS),
            html.Div(
                progress_body(job, purpose, lang),
                id={"type": PANEL, "index": key},
                className="border rounded p-3 mb-4 upload-job",
                role="status",
                **{"aria-live": "polite"},  # type: ignore[arg-type]
            ),
        ]
    )


def failed_alert(job: JobView, lang: str | None) -> dbc.Alert:
    """Why a job stopped without a report (an interrupted worker, an unexpected error)."""
    from pathways_monitor.jobs.records import INTERRUPTED

    if job.error == INTERRUPTED:
        text = t("job_interrupted", lang, file=job.file_name)
    else:
        text = t("job_failed", lang, file=job.file_name, error=job.error or "")
    return dbc.Alert(text, color="danger", className="upload-job-failed")
