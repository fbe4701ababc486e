"""Build the Dash app. `python app.py` serves it; `server` is the WSGI entry for gunicorn."""

from __future__ import annotations

from dash import Dash, State

from pathways_monitor.core.settings import Settings
from pathways_monitor.web.caching.cache import enable_query_cache
from pathways_monitor.web.context import bind_settings
from pathways_monitor.web.dashboard.common import ids
from pathways_monitor.web.dashboard.common.language import MEMORY_ARG
from pathways_monitor.web.dashboard.common.layout import app_shell


def create_app(settings: Settings | None = None) -> Dash:
    settings = settings or Settings.from_env()
    app = Dash(
        # The package name (not __name__): Dash then imports the pages under their real dotted
        # path, so a page module is loaded once, not a second time under a guessed name.
        __package__,
        use_pages=True,
        pages_folder="dashboard",
        # Bootstrap 5.3.3 CSS is shipped in assets/ (no CDN: the app must work offline).
        external_stylesheets=[],
        suppress_callback_exceptions=True,
        title="Pathways Monitor",
        update_title=None,
        # The language is a routing input: the page is drawn again, in one language, when the
        # address changes (see web/dashboard/common/language.py).
        routing_callback_inputs={MEMORY_ARG: State(ids.LANG_STORE, "data")},
    )
    bind_settings(app.server, settings)
    enable_query_cache(app.server)  # read-through cache, invalidated by every import
    app.layout = app_shell
    from pathways_monitor.web.api.routes import register_api

    register_api(app.server)
    from pathways_monitor.web.auth.register import register_auth

    register_auth(app.server, settings)
    from pathways_monitor.web.caching import install_cache

    install_cache(app.server, settings)
    return app


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser(description="Run the Pathways Monitor web app")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8050)
    args = parser.parse_args()
    create_app().run(host=args.host, port=args.port, debug=False)


def __getattr__(name: str) -> object:
    """`app:server` for gunicorn, built on first access (never at import time)."""
    if name == "server":
        return create_app().server
    raise AttributeError(name)


if __name__ == "__main__":
    main()
