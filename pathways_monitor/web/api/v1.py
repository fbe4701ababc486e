"""Version 1 of the read-only HTTP API (INTERFACES.md, "HTTP API").

Routes are thin: parse and check the parameters, ask ``db.queries``/``db.queries_api``, compute
with ``analysis.progress`` and hand the result to ``api.serializers``. Every refusal is an
``ApiError`` turned into the same JSON shape.
"""

from __future__ import annotations

import datetime as dt

import flask
import pandas as pd
from sqlalchemy.orm import Session
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from pathways_monitor.analysis.progress import WINDOW_YEARS, assess
from pathways_monitor.core.translation import LANGS
from pathways_monitor.db import queries, queries_api
from pathways_monitor.db.models import Indicator, Place
from pathways_monitor.domain.breakdowns import BREAKDOWN_DIMS, SEX
from pathways_monitor.domain.indicators import TARGET_YEAR, UNIT_PERCENT
from pathways_monitor.domain.names import indicator_name
from pathways_monitor.web.api import errors
from pathways_monitor.web.api.errors import ApiError, json_response
from pathways_monitor.web.api.serializers import (
    frame_to_csv,
    observation_rows,
    progress_dict,
    records_frame,
    strategy_dict,
)
from pathways_monitor.web.context import current_settings, read_session

blueprint = flask.Blueprint("api_v1", __name__, url_prefix="/api/v1")

FORMATS: tuple[str, ...] = ("json", "csv")
TARGET_CHOICES: tuple[str, ...] = ("eu", "national")
CACHE_CONTROL = "public, max-age=60"
INDICATOR_COLUMNS = [
    "code",
    "name",
    "name_nl",
    "unit",
    "direction",
    "eu_target_value",
    "eu_target_year",
]
# Breakdown columns a client may ask all values of (a ministry's custom dimension is a pair of
# columns that only make sense together, so it is not offered here yet).
BREAKDOWN_CHOICES: tuple[str, ...] = tuple(d.column for d in BREAKDOWN_DIMS)
PROGRESS_CSV_COLUMNS = [
    "indicator",
    "geo",
    "sex",
    "window",
    "window_start",
    "window_end",
    "base_value",
    "latest_year",
    "latest_value",
    "latest_flag",
    "target_value",
    "target_year",
    "target_scope",
    "distance_to_target",
    "cagr_observed",
    "cagr_required",
    "ratio",
    "class",
    "break_years",
    "explanation",
]


# --------------------------------------------------------------------------- access and caching


def request_may_read() -> bool:
    """Whether this request may read the API.

    Open to everyone when PATHWAYS_PUBLIC_READ is on; otherwise a signed-in session, a
    trusted-header user or a valid ``Authorization: Bearer`` token is needed.
    """
    from pathways_monitor.web.auth.web import may_read

    return may_read(current_settings().public_read)


# The write route and its job status authenticate themselves (bearer token only) and say so in
# their own 401.
SELF_AUTHENTICATED = frozenset({"api_v1.import_upload", "api_v1.job_status"})
# Answers that change from one second to the next (a running job) are never cached.
NEVER_CACHED = frozenset({"api_v1.job_status"})


@blueprint.before_request
def _guard() -> flask.Response | None:
    if flask.request.endpoint in SELF_AUTHENTICATED:
        return None
    if not request_may_read():
        return errors.error_response(
            ApiError(401, errors.UNAUTHORIZED, "authentication required", None)
        )
    return None


@blueprint.after_request
def _cache_headers(response: flask.Response) -> flask.Response:
    cacheable = flask.request.endpoint not in NEVER_CACHED
    if flask.request.method == "GET" and response.status_code == 200 and cacheable:
        response.headers["Cache-Control"] = CACHE_CONTROL
    else:
        response.headers["Cache-Control"] = "no-store"
    return response


@blueprint.errorhandler(ApiError)
def _api_error(err: ApiError) -> flask.Response:
    return errors.error_response(err)


@blueprint.errorhandler(HTTPException)
def _http_error(err: HTTPException) -> flask.Response:
    """Werkzeug errors (405, 413 ...) in the API's JSON shape rather than an HTML page."""
    if isinstance(err, RequestEntityTooLarge):
        return errors.error_response(errors.too_large(current_settings().max_upload_bytes))
    code = err.code or 500
    return errors.error_response(ApiError(code, (err.name or "error").lower(), err.description))


# --------------------------------------------------------------------------- parameters


def _arg(name: str) -> str | None:
    raw = flask.request.args.get(name)
    if raw is None:
        return None
    raw = raw.strip()
    return raw or None


def _language() -> str | None:
    """``lang=nl|fr|de|en``; another value is a 400 (a typo must not silently give English)."""
    lang = _arg("lang")
    if lang is None:
        return None
    if lang.lower() not in LANGS:
        raise errors.bad("lang", lang, f"lang must be one of {', '.join(LANGS)}")
    return lang.lower()


def _required(name: str) -> str:
    value = _arg(name)
    if value is None:
        raise errors.missing(name)
    return value


def _code_list(name: str) -> list[str]:
    codes = [c.strip() for c in _required(name).split(",") if c.strip()]
    if not codes:
        raise errors.missing(name)
    return list(dict.fromkeys(codes))


def _int_arg(name: str) -> int | None:
    raw = _arg(name)
    if raw is None:
        return None
    try:
        return int(raw)
    except ValueError:
        raise errors.bad(name, raw, f"parameter '{name}' must be a whole number (a year)") from None


def _choice(name: str, choices: tuple[str, ...], default: str) -> str:
    value = _arg(name) or default
    if value not in choices:
        raise errors.bad(name, value, f"parameter '{name}' must be one of {', '.join(choices)}")
    return value


def _format() -> str:
    value = _arg("format") or "json"
    if value not in FORMATS:
        raise ApiError(400, errors.BAD_FORMAT, f"format must be one of {', '.join(FORMATS)}", value)
    return value


def _sex() -> str:
    return _choice("sex", tuple(SEX.values), SEX.total)


def _unknown_indicators(session: Session, unknown: list[str]) -> ApiError:
    return errors.not_found(
        errors.UNKNOWN_INDICATOR,
        ",".join(unknown),
        f"unknown indicator: {', '.join(unknown)}",
        queries_api.indicator_codes(session),
    )


def _check_indicators(session: Session, codes: list[str]) -> None:
    unknown = queries_api.unknown_codes(session, Indicator, codes)
    if unknown:
        raise _unknown_indicators(session, unknown)


def _check_places(session: Session, codes: list[str]) -> None:
    unknown = queries_api.unknown_codes(session, Place, codes)
    if unknown:
        raise errors.not_found(
            errors.UNKNOWN_PLACE,
            ",".join(unknown),
            f"unknown place: {', '.join(unknown)}",
            queries_api.place_codes(session),
        )


def _csv(frame: pd.DataFrame, name: str) -> flask.Response:
    response = flask.Response(frame_to_csv(frame), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    response.charset = "utf-8"
    return response


# --------------------------------------------------------------------------- routes


@blueprint.get("/indicators")
def list_indicators() -> flask.Response:
    """Every indicator with its EU target (null for national indicators)."""
    fmt = _format()
    with read_session() as session:
        frame = queries.indicators(session)
        targets = queries.eu_targets(session)
    rows = [
        {
            "code": r.code,
            "name": r.name_en,
            "name_nl": indicator_name(r.code, r.name_en, "nl"),  # from the Dutch catalog
            "unit": r.unit,
            "direction": r.direction,
            "eu_target_value": targets[r.code].value if r.code in targets else None,
            "eu_target_year": targets[r.code].year if r.code in targets else None,
        }
        for r in frame.itertuples(index=False)
    ]
    if fmt == "csv":
        return _csv(records_frame(rows, INDICATOR_COLUMNS), "indicators")
    return json_response(rows)


@blueprint.get("/observations")
def list_observations() -> flask.Response:
    """Observations of one or more indicators for one or more places, totals unless asked."""
    indicators = _code_list("indicator")
    geos = _code_list("geo")
    sex = _sex()
    breakdown = _arg("breakdown")
    if breakdown is not None and breakdown not in BREAKDOWN_CHOICES:
        raise errors.bad(
            "breakdown", breakdown, f"breakdown must be one of {', '.join(BREAKDOWN_CHOICES)}"
        )
    year_from, year_to = _int_arg("from"), _int_arg("to")
    if year_from is not None and year_to is not None and year_from > year_to:
        raise errors.bad("from", year_from, f"'from' ({year_from}) is after 'to' ({year_to})")
    fmt = _format()
    with read_session() as session:
        _check_indicators(session, indicators)
        _check_places(session, geos)
        frame = queries.observations(
            session,
            indicators,
            geos,
            sex=sex,
            breakdown=breakdown,
            year_from=year_from,
            year_to=year_to,
        )
    if fmt == "csv":
        return _csv(frame, "observations")
    return json_response(observation_rows(frame))


@blueprint.get("/progress")
def progress() -> flask.Response:
    """Progress of one place towards the EU (default) or national target, Eurostat's method."""
    code = _required("indicator")
    geo = _required("geo")
    window = _choice("window", tuple(WINDOW_YEARS), "short")
    scope = _choice("target", TARGET_CHOICES, "eu")
    sex = _sex()
    fmt = _format()
    with read_session() as session:
        indicator = queries_api.indicator_row(session, code)
        if indicator is None:
            raise _unknown_indicators(session, [code])
        _check_places(session, [geo])
        targets = (
            queries.eu_targets(session) if scope == "eu" else queries.national_targets(session, geo)
        )
        frame = queries.observations(session, [code], [geo], sex=sex)
    target = targets.get(code)
    if target is None:
        where = "an EU target" if scope == "eu" else f"a national target for {geo}"
        raise ApiError(404, errors.NO_TARGET, f"{code} has no {where}", code, target=scope)
    assessment = assess(
        frame[["year", "value", "flag"]],
        target.value,
        target.year or TARGET_YEAR,
        indicator.direction,
        window,
        operator=target.operator,
        unit="%" if indicator.unit == UNIT_PERCENT else indicator.unit,
        indicator=code,
    )
    body = progress_dict(
        assessment,
        indicator=code,
        geo=geo,
        sex=sex,
        target_scope=target.scope,
        target_operator=target.operator,
        lang=_language(),
    )
    if fmt == "csv":
        return _csv(records_frame([body], PROGRESS_CSV_COLUMNS), "progress")
    return json_response(body)


@blueprint.get("/strategies/<country>")
def strategy(country: str) -> flask.Response:
    """A country's current strategy (or ``?version=N``) with objectives, milestones and budget."""
    version = _int_arg("version")
    if _arg("format") not in (None, "json"):
        raise ApiError(
            400, errors.BAD_FORMAT, "strategies are available as JSON only", _arg("format")
        )
    with read_session() as session:
        if not queries_api.place_exists(session, country):
            _check_places(session, [country])
        versions = queries_api.strategy_versions(session, country)
        found = queries_api.strategy_detail(session, country, version) if versions else None
        if found is None:
            which = "" if version is None else f" version {version}"
            raise ApiError(
                404,
                errors.NO_STRATEGY,
                f"no strategy{which} stored for {country}",
                country,
                versions=versions,
            )
        body = strategy_dict(found, country, versions, dt.date.today())
    return json_response(body)
