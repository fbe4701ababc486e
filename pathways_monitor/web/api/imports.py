"""``POST /api/v1/import``: a statistical office pushes a file with a bearer token.

Same engine as ``pathways import``, run as the token's user and limited to what that user may
change. Answers (INTERFACES.md): 200 + report when accepted, 422 + report when rejected, 401
without a valid token, 403 when the file touches a country or region the user may not change,
413 when the file is larger than the upload limit, 202 with a job's URL
(``GET /api/v1/jobs/ID``, ``api.jobs``) when the file is larger than ``PATHWAYS_SYNC_IMPORT_MB``
or the form says ``background=1``: the import then runs as a background job. Nothing is written in any refusal (the
engine rolls back), and a dry run (``dry_run=1``) writes nothing either. A file that would
revise many published values of a series (``large_revision``) answers 422 unless the form
says ``accept_revisions=1``. A restricted user's Eurostat download is filtered to their own
places (200 with a ``rows_outside_scope`` warning); one holding none of them answers 403
(``nothing_in_scope``).

Authentication is by the ``Authorization: Bearer`` header only, never by the session cookie,
which is why this route is exempt from the CSRF check. The route lives on the read API's
blueprint (``api.v1``), so it answers with the same JSON errors and cache headers.
"""

from __future__ import annotations

from typing import Any

import flask
from sqlalchemy.orm import Session
from werkzeug.exceptions import RequestEntityTooLarge

from pathways_monitor.accounts.users import verify_token
from pathways_monitor.core.access import Principal, can_upload, scope_for
from pathways_monitor.importers.engine import import_file
from pathways_monitor.importers.problems import render
from pathways_monitor.jobs.records import create_import_job
from pathways_monitor.web.api import errors
from pathways_monitor.web.api.errors import ApiError, json_response
from pathways_monitor.web.api.v1 import blueprint
from pathways_monitor.web.auth.web import bearer_token
from pathways_monitor.web.context import current_engine, current_settings, submit_job

# Problem codes with which the engine says "outside what this user may change".
FORBIDDEN_CODES = frozenset({"forbidden_country", "region_outside_country", "nothing_in_scope"})
TRUE_VALUES = frozenset({"1", "true", "yes", "on"})
MULTIPART_OVERHEAD = 64 * 1024


def _max_bytes() -> int:
    return current_settings().max_upload_bytes


def authenticate() -> Principal:
    """The user of the request's bearer token (401 without a valid one)."""
    token = bearer_token(flask.request.headers.get("Authorization"))
    if token is None:
        raise ApiError(401, errors.UNAUTHORIZED, "an Authorization: Bearer token is required")
    with Session(current_engine(), expire_on_commit=False) as session:
        user = verify_token(session, token)
        session.commit()
    if user is None:
        raise ApiError(401, errors.UNAUTHORIZED, "the token is unknown or revoked")
    return user


def _read_upload(limit: int) -> tuple[bytes, str]:
    request = flask.request
    if request.content_length is not None and request.content_length > limit + MULTIPART_OVERHEAD:
        raise errors.too_large(limit)
    try:
        upload = request.files.get("file")
    except RequestEntityTooLarge as exc:
        raise errors.too_large(limit) from exc
    if upload is None:
        raise errors.missing("file")
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise errors.too_large(limit)
    name = (upload.filename or "upload").replace("\\", "/").rsplit("/", 1)[-1] or "upload"
    return data, name


def _flag(name: str) -> bool:
    return flask.request.values.get(name, "").strip().lower() in TRUE_VALUES


def translated_problems(problems: list[dict[str, Any]], lang: str | None) -> list[dict[str, Any]]:
    """The problems with their messages in ``lang`` (codes and keys stay the same)."""
    if not lang:
        return problems
    return [{**p, "message": render(p, lang)} for p in problems]


def status_for(report: dict[str, Any], restricted: bool) -> int:
    """200 accepted; 403 refused for touching another place (restricted users); 422 otherwise."""
    if report["status"] == "accepted":
        return 200
    codes = {p["code"] for p in report["problems"] if p.get("severity", "error") == "error"}
    if restricted and codes & FORBIDDEN_CODES:
        return 403
    return 422


@blueprint.route("/import", methods=["POST"])
def import_upload() -> flask.Response:
    user = authenticate()
    if not can_upload(user):
        raise ApiError(403, "forbidden", f"the {user.role} role may not import data", user.email)
    limit = _max_bytes()
    data, name = _read_upload(limit)
    dry_run, accept_revisions = _flag("dry_run"), _flag("accept_revisions")
    lang = flask.request.values.get("lang") or None
    scope = scope_for(user)
    if len(data) > current_settings().sync_import_bytes or _flag("background"):
        return _queue_import(data, name, user, dry_run, accept_revisions, lang, limit)
    with Session(current_engine(), expire_on_commit=False) as session:
        report = import_file(
            session,
            data,
            name,
            user=user.email,
            dry_run=dry_run,
            scope=scope,
            max_bytes=limit,
            accept_revisions=accept_revisions,
        )
    payload = report.as_dict()
    payload["problems"] = translated_problems(payload["problems"], lang)
    status = status_for(payload, restricted=not scope.unrestricted)
    if status == 403:
        payload = {
            "error": "the file touches a country or region you may not change",
            "code": "forbidden",
            **payload,
        }
    return json_response(payload, status)


def _queue_import(
    data: bytes,
    name: str,
    user: Principal,
    dry_run: bool,
    accept_revisions: bool,
    lang: str | None,
    limit: int,
) -> flask.Response:
    """202: the import runs as a background job; the answer names the URL to ask."""
    from pathways_monitor.web.api.jobs import job_url

    job_id = create_import_job(
        current_engine(),
        data,
        name,
        requested_by=user.email,
        scope=scope_for(user),
        dry_run=dry_run,
        accept_revisions=accept_revisions,
        lang=lang,
        max_bytes=limit,
    )
    submit_job(job_id)
    url = job_url(job_id)
    response = json_response({"job": job_id, "state": "queued", "url": url}, 202)
    response.headers["Location"] = url
    return response
