"""Sign-in rate limit shared by every worker process, through Redis.

``auth.ratelimit.SlidingWindowLimiter`` counts per process, so with N gunicorn workers a client
gets N times the limit. With ``PATHWAYS_CACHE_URL`` set, :func:`login_limiter` returns a
fixed-window counter in Redis instead (``INCR`` + ``EXPIRE`` in one transaction: atomic across
workers and machines). A fixed window lets a client make up to twice the limit across a window
boundary; that is enough to stop password spraying, which is its only job (the per-account
lock-out in the database is the main defence).

When Redis cannot be reached the limiter falls back to the per-process one rather than refusing
every sign-in.
"""

from __future__ import annotations

import hashlib
import logging
import time
from typing import Any, Protocol

import redis

from auth.ratelimit import SlidingWindowLimiter
from caching.cache import REDIS_OPTIONS, current_setup

log = logging.getLogger(__name__)


class LoginLimiter(Protocol):
    def allow(self, key: str, now: float | None = None) -> bool: ...


class RedisFixedWindowLimiter:
    """At most ``limit`` attempts per ``key`` per window of ``window_seconds``, in Redis."""

    def __init__(
        self,
        client: Any,
        limit: int,
        window_seconds: float = 60.0,
        prefix: str = "pathways:",
        fallback: LoginLimiter | None = None,
    ) -> None:
        self.client = client
        self.limit = limit
        self.window = max(1, int(window_seconds))
        self.prefix = f"{prefix}login-rate:"
        self.fallback = fallback or SlidingWindowLimiter(limit, window_seconds)

    def redis_key(self, key: str, moment: float) -> str:
        """One counter per client and window; the address is hashed (no personal data in Redis)."""
        digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:24]
        return f"{self.prefix}{int(moment // self.window)}:{digest}"

    def allow(self, key: str, now: float | None = None) -> bool:
        """Count an attempt by ``key``; False when it is over the limit in this window."""
        moment = time.time() if now is None else now
        counter = self.redis_key(key, moment)
        try:
            pipe = self.client.pipeline(transaction=True)
            pipe.incr(counter)
            pipe.expire(counter, self.window + 1)
            count, _ = pipe.execute()
        except redis.RedisError:
            log.warning("Redis unreachable: sign-in rate limit counted per process", exc_info=True)
            return self.fallback.allow(key)
        return int(count) <= self.limit


def login_limiter(limit: int, window_seconds: float = 60.0) -> LoginLimiter:
    """The sign-in limiter for the current app: shared through Redis when the cache is."""
    setup = current_setup()
    if setup is None or setup.url is None:
        return SlidingWindowLimiter(limit, window_seconds)
    client = redis.Redis.from_url(setup.url, **REDIS_OPTIONS)
    return RedisFixedWindowLimiter(client, limit, window_seconds, prefix=setup.prefix)
