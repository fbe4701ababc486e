"""``GET /api/v1/jobs/ID``: how far a background import sent to ``POST /api/v1/import`` got.

A file larger than ``PATHWAYS_SYNC_IMPORT_MB`` (or any file sent with ``background=1``) is not
imported within the request: the import route answers 202 with this route's URL, and the client
asks here until the state is ``done`` or ``failed``. Once done, the answer holds the same report
the synchronous route gives and the status it would have answered with (``report_status``: 200,
403 or 422). Authentication as for the import: a bearer token; a job is shown to the user who
sent it and to administrators. Never cached: the answer changes while the job runs.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import flask

from pathways_monitor.core.access import Principal
from pathways_monitor.jobs import records
from pathways_monitor.jobs.records import JobView
from pathways_monitor.web.api.errors import ApiError, json_response
from pathways_monitor.web.api.imports import authenticate, status_for, translated_problems
from pathways_monitor.web.api.v1 import blueprint
from pathways_monitor.web.context import current_engine

UNKNOWN_JOB = "unknown_job"


def job_url(job_id: str) -> str:
    return flask.url_for("api_v1.job_status", job_id=job_id)


def _iso(value: dt.datetime | None) -> str | None:
    return value.isoformat(timespec="seconds") if value is not None else None


def job_payload(job: JobView, lang: str | None) -> dict[str, Any]:
    """The job as JSON: state and progress always, the report and its status once done."""
    payload: dict[str, Any] = {
        "job": job.id,
        "kind": job.kind,
        "state": job.state,
        "stage": job.stage,
        "file": job.file_name,
        "dry_run": job.dry_run,
        "progress": {
            "fraction": round(job.fraction, 4),
            "rows_read": job.rows_read,
            "rows_validated": job.rows_validated,
            "rows_stored": job.rows_stored,
        },
        "created_at": _iso(job.created_at),
        "started_at": _iso(job.started_at),
        "finished_at": _iso(job.finished_at),
        "report": None,
        "report_status": None,
        "error": job.error,
    }
    if job.state == records.DONE and job.result is not None and job.kind == "import":
        report = {k: v for k, v in job.result.items() if k != "changes"}
        report["problems"] = translated_problems(report.get("problems") or [], lang)
        restricted = not records.scope_from(job.options.get("scope")).unrestricted
        payload["report"] = report
        payload["report_status"] = status_for(report, restricted=restricted)
    return payload


def _visible_to(job: JobView, user: Principal) -> bool:
    return user.is_admin or job.requested_by == user.email


@blueprint.route("/jobs/<job_id>", methods=["GET"])
def job_status(job_id: str) -> flask.Response:
    user = authenticate()
    job = records.read_job(current_engine(), job_id) if len(job_id) <= 64 else None
    if job is None:
        raise ApiError(404, UNKNOWN_JOB, "no background job has this id", job_id)
    if not _visible_to(job, user):
        raise ApiError(403, "forbidden", "this job was sent by another user", job_id)
    lang = flask.request.values.get("lang") or job.options.get("lang")
    response = json_response(job_payload(job, lang))
    response.headers["Cache-Control"] = "no-store"
    return response
