"""Read-only JSON API (INTERFACES.md). Registered on the Flask server by ``create_app``."""

from __future__ import annotations

import flask


def register_api(server: flask.Flask) -> None:
    from pathways_monitor.web.api.v1 import blueprint

    server.register_blueprint(blueprint)
