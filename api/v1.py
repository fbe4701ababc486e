"""Version 1 of the HTTP API: grows with the dashboard issue."""

from __future__ import annotations

import flask

from dashboard.store import read_session
from db import queries

blueprint = flask.Blueprint("api_v1", __name__, url_prefix="/api/v1")


@blueprint.get("/indicators")
def list_indicators() -> flask.Response:
    with read_session() as session:
        frame = queries.indicators(session)
        targets = queries.eu_targets(session)
    rows = [
        {
            "code": r.code,
            "name": r.name_en,
            "name_nl": r.name_nl,
            "unit": r.unit,
            "direction": r.direction,
            "eu_target_value": targets[r.code].value if r.code in targets else None,
            "eu_target_year": targets[r.code].year if r.code in targets else None,
        }
        for r in frame.itertuples(index=False)
    ]
    return flask.jsonify(rows)
