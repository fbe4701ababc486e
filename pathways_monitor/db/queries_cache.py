"""A small read-through cache for read queries, invalidated by every import.

Store-wide reads (which countries have regional data, which breakdowns an indicator has, its
year span, the places with data) scan many rows and grow with the size of the store, yet change
only when something is imported. ``@cached`` keys a query function's answer by its arguments
and the store's *data version* (``db.data_version``). Every import, edit or deletion of a batch
changes the version, so a page never shows stale data. Deliberately per process and bounded
(LRU); gunicorn workers each keep their own.

Caching happens only where the web layer installed a cache (``use_cache``: the app enables it
per Flask app and reads the data version once per request); elsewhere (CLI, exports, tests
without an app) the wrapped functions run exactly as before. This module knows nothing of
Flask. Frames are copied on the way out, so a caller that modifies the answer never changes
the cached one.
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

import pandas as pd
from sqlalchemy.orm import Session

P = ParamSpec("P")
R = TypeVar("R")

MAX_ENTRIES = 512


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


def _no_cache(_session: Session) -> tuple[QueryCache, Hashable] | None:
    return None


# Which cache (and which data version) applies to a call; the web layer installs its own with
# ``use_cache`` (per app, per request). Below the web layer nothing is cached.
_lookup: Callable[[Session], tuple[QueryCache, Hashable] | None] = _no_cache


def use_cache(lookup: Callable[[Session], tuple[QueryCache, Hashable] | None] | None) -> None:
    """Install how a call finds its cache and the store's data version (None: never cache)."""
    global _lookup
    _lookup = lookup or _no_cache


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
        if not args or not isinstance(args[0], Session):
            return fn(*args, **kwargs)
        session = args[0]
        found_cache = _lookup(session)
        if found_cache is None:
            return fn(*args, **kwargs)
        cache, version = found_cache
        try:
            key = (name, freeze(list(args[1:])), freeze(dict(kwargs)), version)
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
