"""A small read-through cache for read queries, invalidated by every import.

Store-wide reads (which countries have regional data, which breakdowns an indicator has, its
year span, the places with data) scan many rows and grow with the size of the store, yet change
only when something is imported. ``@cached`` keys a query function's answer by its arguments
and the store's *data version*: the newest ``import_batch`` id and the number of batches, read
at most once per Flask request. Every import, edit or deletion of a batch changes the version, so
a page never shows stale data. Deliberately per process and bounded (LRU); gunicorn workers each
keep their own.

Caching happens only inside a Flask app context whose config enables it (``create_app`` sets
``QUERY_CACHE_CONFIG``); elsewhere (CLI, exports, tests without an app) the wrapped functions run
exactly as before. Frames are copied on the way out, so a caller that modifies the answer never
changes the cached one.
"""

from __future__ import annotations

import copy
import datetime as dt
import decimal
import functools
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any, ParamSpec, TypeVar

import flask
import pandas as pd
from sqlalchemy import event
from sqlalchemy.orm import Session

P = ParamSpec("P")
R = TypeVar("R")

QUERY_CACHE_CONFIG = "PATHWAYS_QUERY_CACHE"  # app.config key: True/False, default off
EXTENSION_KEY = "pathways_query_cache"
MAX_ENTRIES = 512
_G_VERSIONS = "_pathways_data_versions"
SHARED_VERSION_G = "pathways_data_version"  # caching.cache's per-request version


class Uncacheable(Exception):
    """An argument that cannot be part of a key (the call then runs uncached)."""


@dataclass
class QueryCache:
    """Bounded LRU of (function, arguments, data version) -> answer; thread-safe."""

    max_entries: int = MAX_ENTRIES
    entries: OrderedDict[Hashable, Any] = field(default_factory=OrderedDict)
    hits: int = 0
    misses: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def get(self, key: Hashable) -> tuple[bool, Any]:
        with self.lock:
            if key in self.entries:
                self.entries.move_to_end(key)
                self.hits += 1
                return True, self.entries[key]
            self.misses += 1
            return False, None

    def put(self, key: Hashable, value: Any) -> None:
        with self.lock:
            self.entries[key] = value
            self.entries.move_to_end(key)
            while len(self.entries) > self.max_entries:
                self.entries.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()


def data_version(session: Session) -> tuple[int, ...]:
    """The store's data version: one definition for both caches (``caching.cache``)."""
    from pathways_monitor.web.caching.cache import data_version as shared_data_version

    return shared_data_version(session)


@event.listens_for(Session, "after_commit")
def _forget_versions_after_commit(_session: Session) -> None:
    """A commit inside a request changes the data: later reads in it must see the new version."""
    if flask.has_request_context():
        flask.g.pop(_G_VERSIONS, None)
        flask.g.pop(SHARED_VERSION_G, None)


def enable(app: flask.Flask, max_entries: int = MAX_ENTRIES) -> QueryCache:
    """Turn caching on for this app (call from ``create_app``); returns the cache."""
    cache = QueryCache(max_entries=max_entries)
    app.config[QUERY_CACHE_CONFIG] = True
    app.extensions[EXTENSION_KEY] = cache
    return cache


def active_cache() -> QueryCache | None:
    """The app's cache when caching is enabled in the current app context, else None."""
    if not flask.has_app_context():
        return None
    app = flask.current_app
    if not app.config.get(QUERY_CACHE_CONFIG):
        return None
    return app.extensions.get(EXTENSION_KEY)


def _version_for(session: Session) -> tuple[int, ...]:
    """The data version, read once per request (per database) when in a request."""
    bind_key = str(session.get_bind().url)
    if flask.has_request_context():
        versions = flask.g.setdefault(_G_VERSIONS, {})
        if bind_key not in versions:
            versions[bind_key] = data_version(session)
        return versions[bind_key]
    return data_version(session)


def freeze(value: Any) -> Hashable:
    """A hashable, order-preserving form of an argument (lists/sets/dicts included)."""
    if value is None or isinstance(value, str | int | float | bool | dt.date | decimal.Decimal):
        return value
    if isinstance(value, list | tuple):
        return ("seq", tuple(freeze(v) for v in value))
    if isinstance(value, set | frozenset):
        return ("set", tuple(sorted(freeze(v) for v in value)))  # type: ignore[type-var]
    if isinstance(value, dict):
        return ("map", tuple(sorted((str(k), freeze(v)) for k, v in value.items())))
    raise Uncacheable(type(value).__name__)


def _copy_out(value: Any) -> Any:
    if isinstance(value, pd.DataFrame | pd.Series):
        return value.copy()
    if isinstance(value, list | dict | set):
        return copy.deepcopy(value)
    return value


def cached(fn: Callable[P, R]) -> Callable[P, R]:
    """Cache ``fn(session, *args, **kwargs)`` by arguments and data version (see module doc).

    Only for functions whose answer is plain data (frames, lists, dicts, numbers, frozen
    dataclasses) and depends on nothing but the store and the arguments.
    """
    name = f"{fn.__module__}.{fn.__qualname__}"

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        cache = active_cache()
        if cache is None or not args or not isinstance(args[0], Session):
            return fn(*args, **kwargs)
        session = args[0]
        try:
            key = (name, freeze(list(args[1:])), freeze(dict(kwargs)), _version_for(session))
        except Uncacheable:
            return fn(*args, **kwargs)
        found, value = cache.get(key)
        if not found:
            value = fn(*args, **kwargs)
            cache.put(key, value)
        return _copy_out(value)

    wrapper.__wrapped_uncached__ = fn  # type: ignore[attr-defined]
    return wrapper


def install(module: Any, names: list[str]) -> list[str]:
    """Wrap ``module.<name>`` in place with :func:`cached` (benchmark/prototype helper);
    returns the names wrapped. Callers that hold their own reference are not affected."""
    done = []
    for attr in names:
        fn = getattr(module, attr, None)
        if fn is None or hasattr(fn, "__wrapped_uncached__"):
            continue
        setattr(module, attr, cached(fn))
        done.append(attr)
    return done
