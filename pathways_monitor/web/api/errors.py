"""API errors as one exception type, so every route answers failures in the same JSON shape.

Shape: ``{"error": message, "code": machine code, "value": what was asked, ...extra}``.
"""

from __future__ import annotations

import json
from typing import Any

import flask

from pathways_monitor.importers.problems import suggest

# Machine-readable codes; clients branch on these, never on the message.
UNKNOWN_INDICATOR = "unknown_indicator"
UNKNOWN_PLACE = "unknown_place"
NO_STRATEGY = "no_strategy"
NO_TARGET = "no_target"
MISSING_PARAMETER = "missing_parameter"
BAD_PARAMETER = "bad_parameter"
BAD_FORMAT = "bad_format"
UNAUTHORIZED = "unauthorized"


class ApiError(Exception):
    """A refusal with an HTTP status; raised in routes, turned into JSON by the blueprint."""

    def __init__(
        self, status: int, code: str, message: str, value: Any = None, **extra: Any
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.value = value
        self.extra = extra

    def payload(self) -> dict[str, Any]:
        return {"error": self.message, "code": self.code, "value": self.value, **self.extra}


def json_response(payload: Any, status: int = 200) -> flask.Response:
    """JSON with keys in the order written and no NaN (a NaN would be invalid JSON)."""
    body = json.dumps(payload, ensure_ascii=False, allow_nan=False)
    return flask.Response(body, status=status, mimetype="application/json")


def error_response(err: ApiError) -> flask.Response:
    response = json_response(err.payload(), err.status)
    if err.status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="pathways"'
    return response


def missing(parameter: str) -> ApiError:
    return ApiError(
        400, MISSING_PARAMETER, f"parameter '{parameter}' is required", None, parameter=parameter
    )


def bad(parameter: str, value: Any, message: str) -> ApiError:
    return ApiError(400, BAD_PARAMETER, message, value, parameter=parameter)


def not_found(code: str, value: Any, message: str, choices: list[str] | None = None) -> ApiError:
    """A 404; with ``choices`` it names the closest valid code ("did you mean")."""
    extra: dict[str, Any] = {}
    if choices and isinstance(value, str):
        hint = suggest(value, choices)
        if hint:
            extra["did_you_mean"] = hint
    return ApiError(404, code, message, value, **extra)


def too_large(limit: int) -> ApiError:
    """413 for an upload over the limit, naming the limit in bytes and MB."""
    return ApiError(
        413,
        "file_too_large",
        f"the upload limit is {limit} bytes ({limit / 1024 / 1024:g} MB)",
        None,
        max_bytes=limit,
    )
