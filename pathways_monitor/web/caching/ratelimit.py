"""Sign-in rate limit, counted by the `limits` library (the engine of Flask-Limiter).

With ``PATHWAYS_CACHE_URL`` set the count lives in Redis, so every gunicorn worker and every
machine shares it (a fixed window: at most twice the limit across a window boundary, enough to
stop password spraying; the per-account lock-out in the database is the main defence). Without
it the count is per process, in a moving window. When Redis cannot be reached the limiter
counts in this process rather than refusing every sign-in.

Flask-Limiter's route decorator is not used: the sign-in page answers a breach with its own
form (status 429, Retry-After), and the limit is per app (``app.extensions``), which the
decorator's module-level limiter does not fit.
"""

from __future__ import annotations

import hashlib
import logging
from typing import Protocol

import redis
from limits import RateLimitItemPerSecond
from limits.storage import MemoryStorage, storage_from_string
from limits.strategies import FixedWindowRateLimiter, MovingWindowRateLimiter, RateLimiter

from pathways_monitor.web.caching.cache import REDIS_OPTIONS, current_setup

log = logging.getLogger(__name__)


class LoginLimiter(Protocol):
    def allow(self, key: str) -> bool: ...


class AttemptLimiter:
    """At most ``limit`` attempts per key per ``window_seconds``; addresses are hashed, so no
    personal data reaches Redis."""

    def __init__(
        self,
        limit: int,
        window_seconds: int = 60,
        storage_uri: str | None = None,
        prefix: str = "pathways:",
    ) -> None:
        self.item = RateLimitItemPerSecond(limit, max(1, int(window_seconds)))
        self.prefix = f"{prefix}login-rate"
        self.shared = storage_uri is not None
        self._local: RateLimiter = MovingWindowRateLimiter(MemoryStorage())
        self._strategy: RateLimiter = self._local
        if storage_uri is not None:
            storage = storage_from_string(storage_uri, **REDIS_OPTIONS)
            self._strategy = FixedWindowRateLimiter(storage)

    def allow(self, key: str) -> bool:
        """Count an attempt by ``key``; False when it is over the limit in this window."""
        digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:24]
        try:
            return bool(self._strategy.hit(self.item, self.prefix, digest))
        except redis.RedisError:
            log.warning("Redis unreachable: sign-in rate limit counted per process", exc_info=True)
            return bool(self._local.hit(self.item, self.prefix, digest))


def login_limiter(limit: int, window_seconds: int = 60) -> AttemptLimiter:
    """The sign-in limiter for the current app: shared through Redis when the cache is."""
    setup = current_setup()
    if setup is None or setup.url is None:
        return AttemptLimiter(limit, window_seconds)
    return AttemptLimiter(limit, window_seconds, storage_uri=setup.url, prefix=setup.prefix)
