"""gunicorn settings for production: ``gunicorn -c deploy/gunicorn.conf.py 'app:server'``.

Workers are stateless (sessions are signed cookies, the cache and the sign-in rate limit are in
Redis, data is in PostgreSQL), so any number of workers, on any number of machines, can serve the
same users. Tunables come from the environment (README, "Deployment on PostgreSQL").
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

# The directory of the app (for 'app:server'), wherever gunicorn is started from.
chdir = str(Path(__file__).resolve().parent.parent)
sys.path.insert(0, chdir)

from pathways_monitor.core.settings import Settings, SettingsError  # noqa: E402 (needs the path above)


def _settings() -> Settings:
    """Every tunable below comes from the one settings object (README, "Configuration")."""
    try:
        return Settings.from_env()
    except SettingsError as exc:
        sys.exit(f"Pathways Monitor cannot start: {exc}")


_SETTINGS = _settings()
bind = _SETTINGS.bind
workers = _SETTINGS.workers
# Threads per worker: requests mostly wait on PostgreSQL, so a few threads per process keep the
# CPU busy; each thread takes at most one connection from the worker's SQLAlchemy pool (5 + 10).
worker_class = "gthread"
threads = _SETTINGS.threads
# An import of a 50 MB file can take a minute; a worker silent for longer is restarted.
timeout = _SETTINGS.worker_timeout
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
loglevel = _SETTINGS.log_level
# Client, request line, status, bytes, duration in ms, worker pid, user agent. No cookies, no
# Authorization header, no bodies: tokens and passwords never reach the log.
access_log_format = '%(h)s %(t)s "%(r)s" %(s)s %(b)s %(M)sms %(p)s "%(a)s"'


def on_starting(server: Any) -> None:
    """Check the settings in the master before forking, so a misconfiguration stops the start
    with one clear message instead of a crash loop of workers."""
    from pathways_monitor.web.caching.cache import cache_url_from_env

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
