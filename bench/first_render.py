"""First-render time of dashboard pages in headless Chromium (issues 4 and 7).

Serves the app in a child process on the given database (read-only use) and, per URL, times
navigation until the main content is rendered: on the country page the headline cards and the
indicator graph's svg are visible and no ``dcc.Loading`` spinner shows; elsewhere until the
``/_dash-update-component`` requests have gone quiet. It also counts those callback requests
and the bytes of their responses (everything fired until the network is idle).

    python3 bench/first_render.py --db sqlite:////tmp/fr_demo.sqlite --port 8077 \
        /country?geo=NL /targets
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, sync_playwright

REPO = Path(__file__).resolve().parents[1]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
CALLBACK_PATH = "/_dash-update-component"
DEMO_URLS = [
    "/",
    "/targets",
    "/country?geo=NL",
    "/regions?geo=NL",
    "/explorer",
    "/upload",
    "/imports",
]
# The country page's main content: headline cards and the indicator graph, and no spinner
# over them (sections below the fold may still be loading; ``settled_s`` waits for those).
COUNTRY_READY = """() => {
    const cards = document.querySelectorAll('#country-headline .card');
    const svg = document.querySelector('#country-indicator-graph svg.main-svg');
    const main = ['#country-headline', '#country-indicator-body'].map(
        s => document.querySelector(s)?.closest('.dash-loading-container, div'));
    const spin = main.some(m => m && m.parentElement && [...m.parentElement.querySelectorAll(
        '.dash-spinner, .dash-default-spinner, [data-dash-is-loading="true"]')]
        .some(e => e.offsetParent !== null));
    const visible = (e) => e && e.getBoundingClientRect().height > 0;
    return cards.length > 0 && visible(cards[0]) && visible(svg) && !spin;
}"""
QUIET_SECONDS = 0.5


@dataclass
class Result:
    """One measured page load."""

    url: str
    first_render_s: float
    settled_s: float
    callbacks: int
    response_kb: float


def wait_for_port(port: int, timeout: float = 60.0) -> None:
    """The child process needs a few seconds to import Dash and register pages."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            socket.create_connection(("127.0.0.1", port), 1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"server on port {port} did not start")


def measure(page: Page, base: str, url: str, timeout: float = 60.0) -> Result:
    """Navigate to ``url`` and time first render and settling of callback traffic."""
    stats: dict[str, Any] = {"n": 0, "bytes": 0, "pending": 0, "last": time.perf_counter()}

    def on_request(request: Any) -> None:
        if CALLBACK_PATH in request.url:
            stats["n"] += 1
            stats["pending"] += 1
            stats["last"] = time.perf_counter()

    def on_finished(request: Any) -> None:
        if CALLBACK_PATH not in request.url:
            return
        stats["pending"] -= 1
        stats["last"] = time.perf_counter()
        try:
            response = request.response()
            stats["bytes"] += len(response.body()) if response else 0
        except Exception:  # a page navigating away drops bodies
            pass

    def on_failed(request: Any) -> None:
        if CALLBACK_PATH in request.url:
            stats["pending"] -= 1

    page.on("request", on_request)
    page.on("requestfinished", on_finished)
    page.on("requestfailed", on_failed)
    start = time.perf_counter()
    page.goto(base + url, wait_until="commit")
    first: float | None = None
    if url.startswith("/country"):
        page.wait_for_function(COUNTRY_READY, timeout=timeout * 1000, polling=50)
        first = time.perf_counter() - start
    page.wait_for_load_state("load")
    end = start + timeout
    while time.perf_counter() < end:
        idle = stats["pending"] <= 0 and time.perf_counter() - stats["last"] > QUIET_SECONDS
        if idle and stats["n"] > 0:
            break
        page.wait_for_timeout(50)
    settled = stats["last"] - start
    page.remove_listener("request", on_request)
    page.remove_listener("requestfinished", on_finished)
    page.remove_listener("requestfailed", on_failed)
    return Result(
        url=url,
        first_render_s=round(first if first is not None else settled, 2),
        settled_s=round(settled, 2),
        callbacks=int(stats["n"]),
        response_kb=round(stats["bytes"] / 1024, 1),
    )


def run(db_url: str, port: int, urls: list[str], repeat: int) -> list[Result]:
    """Serve the app on ``db_url``, warm it up, then measure each URL ``repeat`` times."""
    env = {**os.environ, "DATABASE_URL": db_url}
    server = subprocess.Popen(
        [sys.executable, str(REPO / "app.py"), "--port", str(port)],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    results: list[Result] = []
    try:
        wait_for_port(port)
        base = f"http://127.0.0.1:{port}"
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            measure(page, base, "/")  # warm-up: assets, first DB connection
            for url in urls:
                runs = [measure(page, base, url) for _ in range(repeat)]
                results.append(min(runs, key=lambda r: r.first_render_s))
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=20)
    return results


def table(results: list[Result]) -> str:
    """A Markdown table for the report."""
    lines = [
        "| URL | first render s | settled s | callback requests | response KB |",
        "|---|---|---|---|---|",
    ]
    lines += [
        f"| {r.url} | {r.first_render_s} | {r.settled_s} | {r.callbacks} | {r.response_kb} |"
        for r in results
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("urls", nargs="*", default=DEMO_URLS)
    parser.add_argument("--db", required=True, help="DATABASE_URL to serve")
    parser.add_argument("--port", type=int, default=8077)
    parser.add_argument("--repeat", type=int, default=2, help="best of N per URL")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)
    results = run(args.db, args.port, args.urls, args.repeat)
    sys.stdout.write(table(results) + "\n")
    if args.json:
        args.json.write_text(json.dumps([asdict(r) for r in results], indent=1))


if __name__ == "__main__":
    main()
