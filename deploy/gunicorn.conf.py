"""gunicorn settings for production: ``gunicorn -c deploy/gunicorn.conf.py 'app:server'``.

Workers are stateless (sessions are signed cookies, the cache and the sign-in rate limit are in
Redis, data is in PostgreSQL), so any number of workers, on any number of machines, can serve the
same users. Tunables come from the environment (README, "Deployment on PostgreSQL").
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any


def _int_env(name: str, default: int, low: int = 1) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        sys.exit(f"{name} must be a whole number, not {raw!r}")
    if value < low:
        sys.exit(f"{name} must be at least {low}, not {value}")
    return value


bind = os.environ.get("PATHWAYS_BIND", "").strip() or "127.0.0.1:8050"
workers = _int_env("PATHWAYS_WORKERS", _int_env("WEB_CONCURRENCY", 4))
# Threads per worker: requests mostly wait on PostgreSQL, so a few threads per process keep the
# CPU busy; each thread takes at most one connection from the worker's SQLAlchemy pool (5 + 10).
worker_class = "gthread"
threads = _int_env("PATHWAYS_THREADS", 4)
# An import of a 50 MB file can take a minute; a worker silent for longer is restarted.
timeout = _int_env("PATHWAYS_WORKER_TIMEOUT", 120)
graceful_timeout = 30
keepalive = 5
# No preload: each worker opens its own database pool and Redis connections after the fork
# (sockets must never be shared between processes), and the app is built inside the worker.
preload_app = False
# Heartbeat files on tmpfs: a worker blocked on disk I/O is not taken for dead.
worker_tmp_dir = "/dev/shm" if Path("/dev/shm").is_dir() else None
# Recycle workers now and then so that a slow leak (pandas, plotly) never builds up.
max_requests = 10000
max_requests_jitter = 1000
limit_request_line = 8190
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("PATHWAYS_LOG_LEVEL", "info")
# Client, request line, status, bytes, duration in ms, worker pid, user agent. No cookies, no
# Authorization header, no bodies: tokens and passwords never reach the log.
access_log_format = '%(h)s %(t)s "%(r)s" %(s)s %(b)s %(M)sms %(p)s "%(a)s"'
# The directory of the app (for 'app:server'), wherever gunicorn is started from.
chdir = str(Path(__file__).resolve().parent.parent)


def on_starting(server: Any) -> None:
    """Check the settings in the master before forking, so a misconfiguration stops the start
    with one clear message instead of a crash loop of workers."""
    sys.path.insert(0, chdir)
    from caching.cache import cache_url_from_env
    from settings import Settings, SettingsError

    try:
        Settings.from_env()
        cache_url_from_env()
    except SettingsError as exc:
        server.log.error("Pathways Monitor cannot start: %s", exc)
        sys.exit(f"Pathways Monitor cannot start: {exc}")


def post_worker_init(worker: Any) -> None:
    """Serve one request inside each new worker before it accepts connections.

    Dash finishes its set-up (callbacks of the pages, scripts) in a hook on the first request,
    and that hook is not thread-safe: two concurrent first requests in a gthread worker can fail
    with 500 ("dictionary changed size during iteration"). Every worker, also one restarted by
    ``max_requests``, is therefore warmed up before its threads take requests.
    The "Worker N ready" log line tells scripts that the worker is serving.
    """
    from werkzeug.test import Client

    client = Client(worker.wsgi)
    # The first path finishes Dash's set-up; the second loads the API's modules and opens the
    # worker's first database connection (a refusal or an error here is harmless).
    for path in ("/_dash-layout", "/api/v1/indicators"):
        client.get(path).close()
    worker.log.info("Worker %s ready", worker.pid)
