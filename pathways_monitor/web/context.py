"""The web request context: settings bound to the Flask server, the engine, read sessions.

Every web module (pages, API, sign-in, cache) gets its database session here, from the Flask
app's settings, never from a global.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import Future
from contextlib import contextmanager

import flask
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from pathways_monitor.core.settings import Settings
from pathways_monitor.db.session import engine_for

SETTINGS_KEY = "PATHWAYS_SETTINGS"


def bind_settings(server: flask.Flask, settings: Settings) -> None:
    server.config[SETTINGS_KEY] = settings
    server.secret_key = settings.secret_key
    # Dash sends dropped files base64-encoded (4/3 of their size), up to 5 in one request.
    server.config["MAX_CONTENT_LENGTH"] = (settings.max_upload_bytes * 4 // 3 + 1_048_576) * 5


def current_settings() -> Settings:
    return flask.current_app.config[SETTINGS_KEY]


def current_engine() -> Engine:
    return engine_for(current_settings().database_url)


@contextmanager
def read_session() -> Iterator[Session]:
    """A short read-only unit of work for one callback or request."""
    session = Session(current_engine(), expire_on_commit=False)
    try:
        yield session
    finally:
        session.rollback()
        session.close()


def submit_job(job_id: str) -> Future[str | None] | None:
    """Start a background job created with ``jobs.records``: on the RQ workers when
    ``PATHWAYS_CACHE_URL`` is set, else in this process's job thread (``jobs.queue``)."""
    from pathways_monitor.jobs.queue import submit

    return submit(current_engine(), job_id, redis_url=current_settings().cache_url)
