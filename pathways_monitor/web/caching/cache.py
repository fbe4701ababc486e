"""The shared cache: Flask-Caching on Redis in production, a per-process dict in development.

Workers stay stateless: anything cached lives in Redis (``PATHWAYS_CACHE_URL``), never in a
module global. Entries are keyed by the store's *data version* (read once per request), so any
import or edit, committed by any worker, makes every earlier entry unreachable at once; nobody has
to delete anything, and entries simply expire after ``DEFAULT_TIMEOUT`` seconds.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

import flask
from flask_caching import Cache
from sqlalchemy import event
from sqlalchemy.orm import Session

from pathways_monitor.core.settings import Settings
from pathways_monitor.db import queries_cache
from pathways_monitor.db.data_version import DataVersion, data_version
from pathways_monitor.db.queries_cache import MAX_ENTRIES, QueryCache

CACHE_URL_ENV = "PATHWAYS_CACHE_URL"
EXTENSION_KEY = "pathways_cache"
DEFAULT_TIMEOUT = 600  # seconds: bounds staleness after changes the data version cannot see
REDIS_OPTIONS: dict[str, Any] = {
    "socket_timeout": 1.0,
    "socket_connect_timeout": 1.0,
    "health_check_interval": 30,
}
_VERSIONS_G = "pathways_data_versions"  # {database URL: data version} for this request
QUERY_CACHE_CONFIG = "PATHWAYS_QUERY_CACHE"  # app.config key: True/False, default off
QUERY_CACHE_KEY = "pathways_query_cache"

log = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass(frozen=True)
class CacheSetup:
    """What ``init_cache`` configured, kept on ``app.extensions`` for the helpers."""

    cache: Cache
    url: str | None
    prefix: str

    @property
    def shared(self) -> bool:
        return self.url is not None


def cache_url_from_env(environ: Mapping[str, str] | None = None) -> str | None:
    """``PATHWAYS_CACHE_URL`` checked (by the settings object): a redis://, rediss:// or unix://
    URL, or None (unset)."""
    return Settings.from_env(environ).cache_url


def key_prefix(database_url: str) -> str:
    """A prefix per store, so that two deployments (or test databases) sharing one Redis never
    read each other's entries even when their data versions happen to be equal."""
    digest = hashlib.sha256(database_url.encode("utf-8")).hexdigest()[:12]
    return f"pathways:{digest}:"


def flask_caching_config(cache_url: str | None, database_url: str) -> dict[str, Any]:
    """Flask-Caching settings: RedisCache for a URL, SimpleCache (this process only) without."""
    prefix = key_prefix(database_url)
    if cache_url is None:
        return {
            "CACHE_TYPE": "SimpleCache",
            "CACHE_DEFAULT_TIMEOUT": DEFAULT_TIMEOUT,
            "CACHE_THRESHOLD": 2000,
            "CACHE_KEY_PREFIX": prefix,
        }
    return {
        "CACHE_TYPE": "RedisCache",
        "CACHE_REDIS_URL": cache_url,
        "CACHE_KEY_PREFIX": prefix,
        "CACHE_DEFAULT_TIMEOUT": DEFAULT_TIMEOUT,
        "CACHE_OPTIONS": dict(REDIS_OPTIONS),
    }


def init_cache(server: flask.Flask, database_url: str, cache_url: str | None) -> CacheSetup:
    """Attach the cache to the Flask server; ``cache_url`` None means a per-process SimpleCache."""
    url = cache_url
    cache = Cache(config=flask_caching_config(url, database_url))
    cache.init_app(server)
    setup = CacheSetup(cache=cache, url=url, prefix=key_prefix(database_url))
    server.extensions[EXTENSION_KEY] = setup
    return setup


def current_setup() -> CacheSetup | None:
    """The cache of the current app, or None outside an app or before ``init_cache``."""
    if not flask.has_app_context():
        return None
    return flask.current_app.extensions.get(EXTENSION_KEY)


# --------------------------------------------------------------------------- data version


def session_data_version(session: Session) -> DataVersion:
    """The data version of ``session``'s database, read once per request (per database)."""
    if not flask.has_request_context():
        return data_version(session)
    versions = flask.g.setdefault(_VERSIONS_G, {})
    key = str(session.get_bind().url)
    if key not in versions:
        versions[key] = data_version(session)
    return versions[key]


def request_data_version() -> DataVersion:
    """The data version for this request, read from the store once and then reused."""
    from pathways_monitor.web.context import current_engine, read_session

    if flask.has_request_context():
        known = flask.g.get(_VERSIONS_G, {}).get(str(current_engine().url))
        if known is not None:
            return known
    with read_session() as session:
        return session_data_version(session)


def forget_request_data_version() -> None:
    """After this request changed the data itself, later lookups must see the new version."""
    if flask.has_request_context():
        flask.g.pop(_VERSIONS_G, None)


@event.listens_for(Session, "after_commit")
def _forget_versions_after_commit(_session: Session) -> None:
    """A commit inside a request changes the data: later reads in it must see the new version."""
    forget_request_data_version()


# --------------------------------------------------------------------------- read-query cache


def enable_query_cache(app: flask.Flask, max_entries: int = MAX_ENTRIES) -> QueryCache:
    """Turn the per-process read-query cache (``db.queries_cache``) on for this app."""
    cache = QueryCache(max_entries=max_entries)
    app.config[QUERY_CACHE_CONFIG] = True
    app.extensions[QUERY_CACHE_KEY] = cache
    queries_cache.use_cache(_query_cache_for)
    return cache


def active_query_cache() -> QueryCache | None:
    """The app's read-query cache when enabled in the current app context, else None."""
    if not flask.has_app_context():
        return None
    app = flask.current_app
    if not app.config.get(QUERY_CACHE_CONFIG):
        return None
    return app.extensions.get(QUERY_CACHE_KEY)


def _query_cache_for(session: Session) -> tuple[QueryCache, DataVersion] | None:
    cache = active_query_cache()
    if cache is None:
        return None
    return cache, session_data_version(session)


# --------------------------------------------------------------------------- keys and lookups


def _canonical(value: Any) -> Any:
    """JSON-ready form of a cache-key argument; refuses types whose text is not stable."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, tuple | list):
        return [_canonical(v) for v in value]
    raise TypeError(
        f"cache key arguments must be str, int, float, bool, None, tuples or lists; "
        f"not {type(value).__name__} (sets and objects have no stable text)"
    )


def cache_key(name: str, version: DataVersion, *parts: Any) -> str:
    """A short, stable key: the same name, version and arguments in every worker process."""
    text = json.dumps([name, list(version), _canonical(list(parts))], separators=(",", ":"))
    return f"{name}:{hashlib.sha256(text.encode('utf-8')).hexdigest()[:32]}"


def cache_get(key: str) -> Any:
    """The cached value, or ``None`` when absent or when the cache cannot be reached."""
    setup = current_setup()
    if setup is None:
        return None
    try:
        return setup.cache.get(key)
    except Exception:  # a cache outage must slow requests down, never fail them
        log.warning("cache read failed for %s", key, exc_info=True)
        return None


def cache_set(key: str, value: Any, timeout: int | None = None) -> None:
    setup = current_setup()
    if setup is None:
        return
    try:
        setup.cache.set(key, value, timeout=timeout)
    except Exception:
        log.warning("cache write failed for %s", key, exc_info=True)


def cached_query(name: str, fn: Callable[..., T], *args: Any) -> T:
    """``fn(session, *args)`` through the shared cache, keyed by name, arguments and data version.

    A read session is opened only on a miss. ``fn`` must be a pure read of the store and its
    result picklable (DataFrames, dataclasses, dicts); the caller gets a private copy.
    """
    from pathways_monitor.web.context import read_session

    if current_setup() is None:
        with read_session() as session:
            return fn(session, *args)
    key = cache_key(name, request_data_version(), *args)
    hit = cache_get(key)
    if hit is not None:
        return hit[0]  # stored in a 1-tuple, so that a cached None is still a hit
    with read_session() as session:
        value = fn(session, *args)
    cache_set(key, (value,))
    return value
