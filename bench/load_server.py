"""Start what the load test and the production test run against, on loopback only.

A scratch PostgreSQL database (created, and dropped afterwards), and gunicorn with
``deploy/gunicorn.conf.py`` as a child process on a free 127.0.0.1 port. Nothing here touches
anything it did not create: the database has a random name, the server is our own child.
"""

from __future__ import annotations

import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

REPO = Path(__file__).resolve().parent.parent
GUNICORN_CONF = REPO / "deploy" / "gunicorn.conf.py"
DEFAULT_PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
DEFAULT_REDIS = "redis://127.0.0.1:6379/0"
# Variables of the parent environment that would change the server under test.
_SERVER_VARIABLES = re.compile(r"^(PATHWAYS_|DATABASE_URL$|WEB_CONCURRENCY$|GUNICORN_CMD_ARGS$)")
# Access log line of deploy/gunicorn.conf.py: ... "GET /x HTTP/1.1" 200 123 4ms <1234> "agent"
ACCESS_LINE = re.compile(
    r'"(?P<request>[A-Z]+ \S+) HTTP/[\d.]+" (?P<status>\d{3}) .* <(?P<pid>\d+)> "(?P<agent>[^"]*)"'
)

READY_LINE = re.compile(r"Worker (\d+) ready")


def pg_unreachable(admin_url: str) -> str | None:
    """Why PostgreSQL cannot be used (None when it can)."""
    try:
        engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
    except Exception as exc:
        return f"PostgreSQL not reachable at {admin_url}: {exc.__class__.__name__}"
    return None


def redis_unreachable(url: str) -> str | None:
    """Why Redis cannot be used (None when it answers PING)."""
    import redis

    try:
        client = redis.Redis.from_url(url, socket_timeout=1.0, socket_connect_timeout=1.0)
        client.ping()
        client.close()
    except Exception as exc:
        return f"Redis not reachable at {url}: {exc.__class__.__name__}"
    return None


@contextmanager
def scratch_database(admin_url: str, prefix: str = "pathways_load") -> Iterator[str]:
    """A new, empty database on the server of ``admin_url``; dropped on exit."""
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = :n AND pid <> pg_backend_pid()"
                ),
                {"n": name},
            )
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def production_env(
    database_url: str,
    cache_url: str | None,
    *,
    workers: int,
    port: int,
    extra: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """The environment of a production server: this process's, minus any PATHWAYS_* setting."""
    env = {k: v for k, v in os.environ.items() if not _SERVER_VARIABLES.match(k)}
    env.update(
        {
            "PATHWAYS_MODE": "production",
            "PATHWAYS_SECRET_KEY": secrets.token_urlsafe(48),
            "DATABASE_URL": database_url,
            "PATHWAYS_WORKERS": str(workers),
            "PATHWAYS_BIND": f"127.0.0.1:{port}",
            "PYTHONUNBUFFERED": "1",
        }
    )
    if cache_url:
        env["PATHWAYS_CACHE_URL"] = cache_url
    env.update(extra or {})
    return env


@dataclass
class Server:
    """A running gunicorn child: its base URL and its combined log file."""

    process: subprocess.Popen[bytes]
    base_url: str
    log_path: Path

    def log_text(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def ready_workers(self) -> int:
        """How many workers logged "Worker N ready" (deploy/gunicorn.conf.py, post_worker_init)."""
        return len(READY_LINE.findall(self.log_text()))

    def worker_pids(self) -> set[str]:
        """Pids of the workers that answered at least one request (access log)."""
        return {m["pid"] for m in map(ACCESS_LINE.search, self.log_text().splitlines()) if m}

    def worker_pids_by_agent(self) -> dict[str, str]:
        """User agent -> pid of the worker that served it, from the access log."""
        found: dict[str, str] = {}
        for line in self.log_text().splitlines():
            match = ACCESS_LINE.search(line)
            if match:
                found[match["agent"]] = match["pid"]
        return found


def gunicorn_command(app_target: str = "app:server") -> list[str]:
    return [sys.executable, "-m", "gunicorn", "-c", str(GUNICORN_CONF), app_target]


def run_gunicorn_until_exit(env: Mapping[str, str], timeout: float = 60.0) -> tuple[int, str]:
    """Start gunicorn and wait for it to stop by itself (for refusal tests): exit code, output."""
    done = subprocess.run(
        gunicorn_command(),
        cwd=REPO,
        env=dict(env),
        capture_output=True,
        timeout=timeout,
        check=False,
    )
    return done.returncode, (done.stdout + done.stderr).decode("utf-8", errors="replace")


def _ready(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # loopback only
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


@contextmanager
def gunicorn_server(
    env: Mapping[str, str],
    *,
    app_target: str = "app:server",
    ready_path: str = "/login",
    start_timeout: float = 90.0,
) -> Iterator[Server]:
    """gunicorn on ``PATHWAYS_BIND`` (a 127.0.0.1 address), stopped (SIGTERM) on exit."""
    bind = env["PATHWAYS_BIND"]
    if not bind.startswith("127.0.0.1:"):
        raise ValueError(f"the test server binds to loopback only, not {bind!r}")
    base_url = f"http://{bind}"
    handle, log_name = tempfile.mkstemp(prefix="pathways-gunicorn-", suffix=".log")
    log_path = Path(log_name)
    with os.fdopen(handle, "wb") as log_file:
        process = subprocess.Popen(
            gunicorn_command(app_target),
            cwd=REPO,
            env=dict(env),
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    server = Server(process, base_url, log_path)
    try:
        deadline = time.monotonic() + start_timeout
        workers = int(env.get("PATHWAYS_WORKERS", "1"))
        while not _ready(base_url + ready_path) or server.ready_workers() < workers:
            if process.poll() is not None:
                raise RuntimeError(f"gunicorn exited ({process.returncode}):\n{server.log_text()}")
            if time.monotonic() > deadline:
                raise RuntimeError(
                    f"gunicorn not ready after {start_timeout} s:\n{server.log_text()}"
                )
            time.sleep(0.2)
        yield server
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=40)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
        log_path.unlink(missing_ok=True)
