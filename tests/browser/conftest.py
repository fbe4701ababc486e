"""Browser tests: the real app on the demo data, driven by Playwright in Debian's Chromium.

The app runs in a child process (werkzeug ``make_server``, one thread per request), not in the
pytest process: Dash keeps page callbacks in module-level lists that the first app to serve
takes over, so an app built by another test in the same run would otherwise steal or duplicate
callbacks. Another child process lists ``dash.page_registry`` at collection, so pages added
later are tested without touching this file.

Everything here is marked ``browser``. Without /usr/bin/chromium the tests skip, except under
``CI=true`` where they fail. Screenshots go to ``test-output/screenshots/<test>.png``.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = REPO / "test-output" / "screenshots"
IN_CI = os.environ.get("CI", "").lower() == "true"
BROWSER_DIR = Path(__file__).resolve().parent
SERVER_START_SECONDS = 60
# Network failures that say nothing about the app (the browser asks for a favicon by itself).
IGNORED_URLS = re.compile(r"/favicon\.ico(\?|$)")
# Clear local storage on a tab's first page only (sessionStorage lives as long as the tab).
FRESH_STORAGE = """
if (!window.sessionStorage.getItem('pathways-test-tab')) {
    window.localStorage.clear();
    window.sessionStorage.setItem('pathways-test-tab', '1');
}
"""

_SERVE = """
import json, sys, threading
from werkzeug.serving import make_server
from pathways_monitor.web.app import create_app
from pathways_monitor.core.settings import Settings

app = create_app(Settings(database_url=sys.argv[1], mode="demo"))
# Dev tools in the page: callback errors and invalid component props show as
# .dash-fe-error__title instead of passing silently.
app.enable_dev_tools(debug=True, dev_tools_hot_reload=False, dev_tools_serve_dev_bundles=False)
server = make_server("127.0.0.1", 0, app.server, threaded=True)
print(json.dumps({"port": server.server_port}), flush=True)
threading.Thread(target=lambda: sys.stdin.read() or server.shutdown(), daemon=True).start()
server.serve_forever()
"""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if BROWSER_DIR in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.browser)


def _require_chromium() -> None:
    if CHROMIUM.exists():
        return
    reason = f"{CHROMIUM} not found (apt-get install -y chromium)"
    if IN_CI:
        pytest.fail(f"CI=true but {reason}")
    pytest.skip(reason)


@dataclass(frozen=True)
class LiveServer:
    url: str
    log: Path
    database_url: str = ""  # the demo database the app serves (tests read expectations from it)


def _load_demo(path: Path) -> str:
    """A fresh SQLite file with the whole demo data set (never the developer's own database)."""
    from pathways_monitor.demo.load import load_demo

    url = f"sqlite:///{path}"
    engine = create_engine(url)
    try:
        load_demo(engine)
    finally:
        engine.dispose()
    return url


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The app on a free port, started while the demo data load (the app reads them lazily)."""
    _require_chromium()
    path = tmp_path_factory.mktemp("browser-db") / "demo.sqlite"
    env = {**os.environ, "PYTHONPATH": str(REPO), "PATHWAYS_MODE": "demo"}
    log = REPO / "test-output" / "browser-server.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "w", encoding="utf-8") as log_file:
        proc = subprocess.Popen(
            [sys.executable, "-c", _SERVE, f"sqlite:///{path}"],
            cwd=REPO,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=log_file,  # werkzeug logs every request: a file never fills up like a pipe
            text=True,
        )
    try:
        database_url = _load_demo(path)
        assert proc.stdout is not None
        line = proc.stdout.readline()
        if not line:
            proc.wait(timeout=SERVER_START_SECONDS)
            pytest.fail(f"the app did not start:\n{log.read_text(encoding='utf-8')[-4000:]}")
        info = json.loads(line)
        yield LiveServer(f"http://127.0.0.1:{info['port']}", log, database_url)
    finally:
        if proc.stdin is not None:
            proc.stdin.close()  # the child shuts its server down when its stdin closes
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="session")
def browser_context(live_server: LiveServer) -> Iterator[Any]:
    """One Chromium context for the run, so the large scripts (plotly.js) are fetched once.

    Each new tab starts with empty local storage (the remembered language), so tests do not
    depend on their order.
    """
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = chromium.new_context(
            viewport={"width": 1400, "height": 1000}, locale="en-GB", service_workers="block"
        )
        context.set_default_timeout(10_000)
        context.add_init_script(FRESH_STORAGE)
        yield context
        context.close()
        chromium.close()


@dataclass
class PageWatch:
    """What went wrong in the page: console errors, uncaught exceptions, failed requests."""

    base_url: str
    problems: list[str] = field(default_factory=list)

    def console(self, message: Any) -> None:
        if message.type == "error" and not IGNORED_URLS.search(message.location.get("url", "")):
            self.add(f"console error: {message.text}")

    def page_error(self, error: Any) -> None:
        self.add(f"uncaught exception: {error}")

    def request_failed(self, request: Any) -> None:
        if not IGNORED_URLS.search(request.url):
            self.add(f"request failed: {request.url} ({request.failure})")

    def response(self, response: Any) -> None:
        if response.status >= 400 and not IGNORED_URLS.search(response.url):
            self.add(f"HTTP {response.status}: {response.url}")

    def external(self, route: Any) -> None:
        """The app must work offline: any request off the test server is refused and reported."""
        self.add(f"external request (ship it in assets/ instead): {route.request.url}")
        route.abort()

    def add(self, problem: str) -> None:
        """Keep the first lines of a problem: React's component stacks run to hundreds."""
        lines = problem.splitlines() or [""]
        short = ("\n    ".join(lines[:4]) + (" …" if len(lines) > 4 else ""))[:800]
        if short not in self.problems:  # a re-rendering component repeats its error
            self.problems.append(short)

    def take(self) -> list[str]:
        found, self.problems = self.problems, []
        return found


def screenshot_path(name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS / (re.sub(r"[^A-Za-z0-9_.-]+", "_", name).strip("_") + ".png")


@pytest.fixture
def watch(live_server: LiveServer) -> PageWatch:
    return PageWatch(live_server.url)


@pytest.fixture
def page(
    browser_context: Any, live_server: LiveServer, watch: PageWatch, request: pytest.FixtureRequest
) -> Iterator[Any]:
    """A new tab whose console errors and failed requests fail the test at teardown."""
    tab = browser_context.new_page()
    local = live_server.url
    tab.route(lambda url: not url.startswith(local), watch.external)
    tab.on("console", watch.console)
    tab.on("pageerror", watch.page_error)
    tab.on("requestfailed", watch.request_failed)
    tab.on("response", watch.response)
    try:
        yield tab
    finally:
        try:
            tab.screenshot(path=str(screenshot_path(request.node.name)), full_page=True)
        finally:
            tab.close()
    problems = watch.take()
    assert not problems, "problems in the browser:\n" + "\n".join(problems)


def wait_until_settled(page: Any) -> None:
    """Dash has rendered: no request in flight for 500 ms (callbacks chain over the network)."""
    page.wait_for_load_state("networkidle")
    time.sleep(0.05)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """``registered_page`` runs a test once per page of ``dash.page_registry``."""
    if "registered_page" in metafunc.fixturenames:
        # `-m "not browser"` deselects these anyway: do not start a child process for nothing.
        skipping = "not browser" in (metafunc.config.option.markexpr or "")
        pages = [] if skipping else _registered_pages()
        metafunc.parametrize("registered_page", pages, ids=[p["path"] for p in pages])


def _registered_pages() -> list[dict[str, str]]:
    """The page registry as the app builds it, read in a child process (see module docstring)."""
    code = (
        "import json, dash\n"
        "from pathways_monitor.web.app import create_app\n"
        "from pathways_monitor.core.settings import Settings\n"
        "create_app(Settings(database_url='sqlite://', mode='demo'))\n"
        "print(json.dumps([{'path': p['path'], 'name': p['name']} "
        "for p in dash.page_registry.values()]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        timeout=SERVER_START_SECONDS,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"could not list the app's pages:\n{done.stderr[-4000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])
