"""The JSON API (INTERFACES.md): reads and the import route. Registered by ``create_app``."""

from __future__ import annotations

import flask


def register_api(server: flask.Flask) -> None:
    from pathways_monitor.web.api import imports, jobs  # noqa: F401  (routes on the same blueprint)
    from pathways_monitor.web.api.v1 import blueprint

    server.register_blueprint(blueprint)
