"""A sliding-window limiter for sign-in attempts per client address.

It lives on the Flask app (``app.extensions``), not in a module global, and it is per worker
process: with N gunicorn workers a client gets up to N times the rate. The per-account lock-out
in the database (``auth.accounts.verify_login``) is the main defence and is shared by all
workers; this limiter only slows down password spraying across many accounts.
"""

from __future__ import annotations

import threading
import time
from collections import deque


class SlidingWindowLimiter:
    def __init__(self, limit: int, window_seconds: float = 60.0, max_keys: int = 10_000) -> None:
        self.limit = limit
        self.window = window_seconds
        self.max_keys = max_keys
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def allow(self, key: str, now: float | None = None) -> bool:
        """Record an attempt by ``key``; False when it exceeds ``limit`` in the window."""
        moment = time.monotonic() if now is None else now
        with self._lock:
            if len(self._hits) > self.max_keys:
                self._forget_idle(moment)
            hits = self._hits.setdefault(key, deque())
            while hits and hits[0] <= moment - self.window:
                hits.popleft()
            if len(hits) >= self.limit:
                return False
            hits.append(moment)
            return True

    def _forget_idle(self, moment: float) -> None:
        stale = [k for k, h in self._hits.items() if not h or h[-1] <= moment - self.window]
        for key in stale:
            del self._hits[key]
