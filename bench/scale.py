"""Scale benchmark: p50/p95 latency of every page callback and API route, server memory and
first render in headless Chromium, at 10 %, 50 % and 100 % of the generated data set.

    # one existing store (already generated with bench.generate)
    python -m bench.scale --url sqlite:////tmp/bench.sqlite --fraction 1.0
    # fresh scratch stores per fraction, generated here (SQLite files; PostgreSQL databases
    # created and dropped through the admin URL)
    python -m bench.scale --sqlite /tmp/bench --postgres postgresql+psycopg://postgres@127.0.0.1:5432/test \
        --fractions 0.1 0.5 1.0

Each (store, fraction) is measured in a fresh child process (``measure`` sub-command) so the peak
RSS reported is that of a process that served only the benchmark, the way a server process would.
Callbacks are called as plain functions inside ``app.server.app_context()``; API routes through
``app.server.test_client()``. Every case runs once cold (``first``), then ``--repeat`` times.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parent.parent
COUNTRY = "DE"
NATIONAL = "NAT_ATTEND"
GOAL_PG_MS = 300.0
GOAL_SQLITE_MS = 1000.0
GOAL_RENDER_S = 2.0
GOAL_RSS_MB = 1024.0


@dataclass(frozen=True)
class Case:
    group: str  # page or "api"
    name: str
    call: Callable[[], Any]


@dataclass
class Result:
    backend: str
    fraction: float
    group: str
    name: str
    first_ms: float
    p50_ms: float
    p95_ms: float
    error: str | None = None


# --- the cases ----------------------------------------------------------------------------------


def _page(name: str) -> Any:
    return sys.modules[f"pathways_monitor.web.dashboard.{name}.page"]


def _bench_targets(url: str) -> dict[str, Any]:
    """Realistic arguments read from the store: the country's regions, a batch to inspect."""
    engine = create_engine(url)
    with engine.connect() as conn:
        regions = [
            r[0]
            for r in conn.execute(
                text(
                    "SELECT p.code FROM place p JOIN place c ON c.id = p.country_id "
                    "WHERE c.code = :c AND p.kind = 'region' AND p.nuts_level = 2 ORDER BY p.code"
                ),
                {"c": COUNTRY},
            )
        ]
        batch = conn.execute(
            text(
                "SELECT b.id FROM import_batch b JOIN place c ON c.id = b.country_id "
                "WHERE c.code = :c AND b.kind = 'indicators' ORDER BY b.row_count DESC LIMIT 1"
            ),
            {"c": COUNTRY},
        ).scalar()
    engine.dispose()
    return {"regions": regions, "batch": batch}


def callback_cases(targets: dict[str, Any]) -> list[Case]:
    """Every server-side callback that reads the store, with the arguments a visitor sends."""
    home, overview, country = _page("home"), _page("overview"), _page("country")
    regions, explorer, imports = _page("regions"), _page("explorer"), _page("imports")
    geo = COUNTRY
    places = [geo, *targets["regions"][:6]]
    batch = targets["batch"]
    store: dict[str, Any] = {}

    def overview_render() -> Any:
        out = overview.render("ELET", "short", "en", None)
        store["records"] = out[-1]
        return out

    cases = [
        Case("home", "home.render", lambda: home.render("en")),
        Case("overview", "overview.layout", lambda: overview.layout(indicator="ELET")),
        Case("overview", "overview.labels", lambda: overview.labels("en")),
        Case("overview", "overview.render ELET", overview_render),
        Case(
            "overview",
            "overview.render LOWACH_READ long",
            lambda: overview.render("LOWACH_READ", "long", "nl", None),
        ),
        Case(
            "overview",
            "overview.render_map",
            lambda: overview.render_map(store.get("records"), "class", "en"),
        ),
        Case("country", "country.layout", lambda: country.layout(geo=geo)),
        Case("country", "country.translate", lambda: country.translate("en")),
        Case(
            "country",
            "country.indicator_controls",
            lambda: country.indicator_controls("en", geo, "ELET", None),
        ),
        Case("country", "country.render_headline", lambda: country.render_headline("en", geo)),
        Case(
            "country",
            "country.render_indicator ELET sex",
            lambda: country.render_indicator("en", geo, "ELET", "sex"),
        ),
        Case(
            "country",
            f"country.render_indicator {NATIONAL}",
            lambda: country.render_indicator("en", geo, NATIONAL, "none"),
        ),
        Case(
            "country",
            "country.render_strategy",
            lambda: country.render_strategy("en", geo, None),
        ),
        Case(
            "country",
            "country.render_milestones",
            lambda: country.render_milestones("en", geo, None, None, None, None),
        ),
        Case("country", "country.render_budget", lambda: country.render_budget("en", geo, None)),
        Case("regions", "regions.layout", lambda: regions.layout(geo=geo)),
        Case(
            "regions",
            "regions.render_controls",
            lambda: regions.render_controls("en", {"geo": geo}, None),
        ),
        Case(
            "regions",
            "regions.update ELET",
            lambda: regions.update(geo, "ELET", None, None, None, False, "en", {"geo": geo}),
        ),
        Case(
            "regions",
            f"regions.update {NATIONAL} NUTS3",
            lambda: regions.update(geo, NATIONAL, 3, None, None, False, "en", {"geo": geo}),
        ),
        Case("explorer", "explorer.layout", lambda: explorer.layout(indicator="ELET")),
        Case(
            "explorer",
            "explorer.render_controls",
            lambda: explorer.render_controls("en", {"indicator": "ELET"}, None),
        ),
        Case(
            "explorer",
            "explorer.update ELET urbanisation",
            lambda: explorer.update("ELET", places, "urbanisation", None, "en", {}),
        ),
        Case(
            "explorer",
            f"explorer.update {NATIONAL} sex",
            lambda: explorer.update(NATIONAL, places, "sex", [2010, 2025], "en", {}),
        ),
        Case("imports", "imports.layout", lambda: imports.layout()),
        Case(
            "imports",
            "imports.render_controls",
            lambda: imports.render_controls("en", {}, None),
        ),
        Case("imports", "imports.update_list", lambda: imports.update_list(None, None, "en", None)),
        Case(
            "imports",
            f"imports.render_detail {COUNTRY} batch",
            lambda: imports.render_detail(batch, "en"),
        ),
    ]
    return cases


def api_cases(client: Any, targets: dict[str, Any]) -> list[Case]:
    regs = ",".join([COUNTRY, *targets["regions"]])

    def get(path: str) -> Callable[[], Any]:
        def call() -> Any:
            response = client.get(path)
            if response.status_code != 200:
                raise RuntimeError(f"{path} answered {response.status_code}")
            return response.data

        return call

    paths = [
        "/api/v1/indicators",
        f"/api/v1/observations?indicator=ELET&geo={COUNTRY}",
        f"/api/v1/observations?indicator=ELET&geo={regs}&sex=M&from=2010",
        f"/api/v1/observations?indicator={NATIONAL}&geo={COUNTRY}&breakdown=country_of_birth"
        "&format=csv",
        f"/api/v1/progress?indicator=ELET&geo={COUNTRY}",
        f"/api/v1/progress?indicator=LOWACH_MATH&geo={COUNTRY}",
        f"/api/v1/strategies/{COUNTRY}",
    ]
    return [Case("api", "GET " + p.replace(regs, f"{COUNTRY}+NUTS2"), get(p)) for p in paths]


NOT_MEASURED = {
    "sync_url": "no store access (URL text)",
    "reset_for_new_country": "no store access",
    "mirror_language": "no store access",
    "render_not_found": "error path",
    "on_select": "no store access",
    "on_upload": "import path: bench/imports.py",
    "on_confirm": "import path: bench/imports.py",
    "on_problems_download": "no store access",
    "download_template": "no store access (template file)",
    "download_csv": "client rows, no store access",
    "download_xlsx": "client rows, no store access",
    "download_list": "export of update_list's query",
    "download_batch": "export of render_detail's query",
    "render_head": "no store access",
    "navigation": "no store access",
    "language_from_url_or_memory": "no store access",
    "remember_language": "no store access",
}


def registered_callbacks() -> list[tuple[str, str]]:
    """(module, function) of every server-side callback the app registered."""
    import dash._callback as dash_callback

    seen = set()
    for spec in dash_callback.GLOBAL_CALLBACK_MAP.values():
        fn = spec.get("callback")
        if fn is not None:
            inner = getattr(fn, "__wrapped__", fn)
            seen.add((inner.__module__, inner.__name__))
    return sorted(seen)


# --- proposals, prototyped at run time (the lead applies them to the real modules) -------------

PROPOSED_CACHE: dict[str, list[str]] = {
    "pathways_monitor.db.queries": [
        "observations",
        "latest_values",
        "eu_targets",
        "national_targets",
        "places",
        "indicators",
    ],
    "pathways_monitor.db.queries_regions": [
        "countries_with_regional_data",
        "regional_indicators",
        "country_regions",
        "regional_series",
        "places_with_data",
        "breakdowns_present",
        "year_span",
        "explorer_observations",
    ],
    "pathways_monitor.db.queries_strategy": [
        "place_info",
        "strategy_versions",
        "objectives",
        "objective_indicators",
        "milestones",
        "budget_lines",
        "indicators_observed",
        "breakdowns_present",
        "strategy_targets",
        "indicator_meta",
    ],
}


def apply_proposals(server: Any) -> list[str]:
    """Prototype of the proposed changes: the query cache on the functions above, and the
    plot template as plotly's default instead of an explicit (validated, ~50 ms) template per
    figure. Returns what was applied."""
    import importlib

    import plotly.graph_objects as go
    import plotly.io as pio

    from pathways_monitor.db import queries_cache
    from pathways_monitor.presentation.theme import PLOT_TEMPLATE
    from pathways_monitor.web.caching.cache import enable_query_cache

    enable_query_cache(server)
    applied = []
    for module_name, names in PROPOSED_CACHE.items():
        module = importlib.import_module(module_name)
        applied += [f"{module_name}.{n}" for n in queries_cache.install(module, names)]
    pio.templates.default = PLOT_TEMPLATE
    original = go.Figure.update_layout

    def update_layout(
        self: go.Figure, dict1: Any = None, overwrite: bool = False, **kw: Any
    ) -> Any:
        if kw.get("template") == PLOT_TEMPLATE:
            kw.pop("template")
        return original(self, dict1, overwrite, **kw)

    go.Figure.update_layout = update_layout  # type: ignore[method-assign]
    applied.append("plotly default template")
    return applied


# --- measuring ----------------------------------------------------------------------------------


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (p95 of 20 samples is the 19th smallest)."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), int(-(-q * len(ordered) // 100))))
    return ordered[rank - 1]


def time_case(case: Case, repeat: int) -> tuple[float, float, float]:
    start = time.perf_counter()
    case.call()
    first = (time.perf_counter() - start) * 1000
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        case.call()
        samples.append((time.perf_counter() - start) * 1000)
    return first, statistics.median(samples), percentile(samples, 95)


def backend_name(url: str) -> str:
    return "PostgreSQL" if url.startswith("postgresql") else "SQLite"


def measure_store(
    url: str, fraction: float, repeat: int, proposals: bool = False
) -> dict[str, Any]:
    """Run every case against one store in this process; returns results and peak RSS."""
    sys.path.insert(0, str(ROOT))
    from pathways_monitor.core.settings import Settings
    from pathways_monitor.web.app import create_app

    app = create_app(Settings(database_url=url))
    if proposals:
        apply_proposals(app.server)
    targets = _bench_targets(url)
    results: list[Result] = []
    with app.server.app_context():
        cases = callback_cases(targets)
    client = app.server.test_client()
    cases += api_cases(client, targets)
    backend = backend_name(url)
    for case in cases:
        try:
            # A request context per call, as Dash gives each callback: the data version is
            # read once per request.
            def in_request(fn: Callable[[], Any] = case.call) -> Any:
                with app.server.test_request_context():
                    return fn()

            first, p50, p95 = time_case(Case(case.group, case.name, in_request), repeat)
            results.append(Result(backend, fraction, case.group, case.name, first, p50, p95))
        except Exception as exc:
            results.append(
                Result(backend, fraction, case.group, case.name, 0, 0, 0, repr(exc)[:120])
            )
    measured = {c.name.split(" ")[0].split(".")[-1] for c in cases}
    missing = [
        f"{m}.{f}: {NOT_MEASURED.get(f, 'NOT MEASURED')}"
        for m, f in registered_callbacks()
        if f not in measured
    ]
    return {
        "results": [asdict(r) for r in results],
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "not_measured": missing,
    }


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def first_render(url: str, paths: list[str], chromium: str = "/usr/bin/chromium") -> dict[str, Any]:
    """Serve the store with ``app.py`` and time navigation -> main graph drawn, per path; then
    the served process's RSS (psutil)."""
    import psutil
    from playwright.sync_api import sync_playwright

    from pathways_monitor.web.dashboard.country.ids import INDICATOR_GRAPH
    from pathways_monitor.web.dashboard.overview.page import RANKING

    graph_for = {"/targets": RANKING, "/country": INDICATOR_GRAPH}
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": url}
    server = subprocess.Popen(
        [sys.executable, str(ROOT / "app.py"), "--port", str(port)],
        env=env,
        cwd=str(ROOT),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    out: dict[str, Any] = {}
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.3)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=chromium,
                args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
            )
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(base + "/", wait_until="load")  # warm the server and the browser cache
            for path in paths:
                graph = graph_for[path.split("?")[0]]
                times = []
                for _ in range(3):
                    start = time.perf_counter()
                    page.goto(base + path, wait_until="commit")
                    page.wait_for_selector(f"#{graph} g.trace", state="attached", timeout=30_000)
                    times.append(time.perf_counter() - start)
                out[path] = {"first_s": times[0], "median_s": statistics.median(times)}
            browser.close()
        proc = psutil.Process(server.pid)
        out["server_rss_mb"] = proc.memory_info().rss / 2**20
    finally:
        server.terminate()
        server.wait(timeout=20)
    return out


# --- scratch stores -----------------------------------------------------------------------------


def _generate(url: str, fraction: float) -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "bench.generate", "--url", url, "--fraction", str(fraction)],
        cwd=str(ROOT),
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - start


def _create_pg(admin_url: str) -> tuple[str, Callable[[], None]]:
    name = f"pathways_scale_{uuid.uuid4().hex[:8]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(admin_url).set(database=name).render_as_string(hide_password=False)

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return url, drop


def _child_measure(
    url: str, fraction: float, repeat: int, browser: bool, proposals: bool
) -> dict[str, Any]:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as tmp:
        out = tmp.name
    cmd = [sys.executable, "-m", "bench.scale", "measure", "--url", url]
    cmd += ["--fraction", str(fraction), "--repeat", str(repeat), "--json", out]
    if browser:
        cmd.append("--browser")
    if proposals:
        cmd.append("--proposals")
    subprocess.run(cmd, cwd=str(ROOT), check=True)
    data = json.loads(Path(out).read_text())
    Path(out).unlink()
    return data


# --- report -------------------------------------------------------------------------------------


def print_table(runs: list[dict[str, Any]]) -> None:
    rows = [r for run in runs for r in run["results"]]
    fractions = sorted({r["fraction"] for r in rows})
    backends = sorted({r["backend"] for r in rows}, reverse=True)
    names = list(dict.fromkeys(r["name"] for r in rows))
    by = {(r["backend"], r["fraction"], r["name"]): r for r in rows}
    head = f"{'callback / route':<52}"
    for b in backends:
        for f in fractions:
            head += f"{b[:2]} {int(f * 100):>3}% p50/p95".rjust(22)
    print(head)
    for name in names:
        line = f"{name[:52]:<52}"
        for b in backends:
            goal = GOAL_PG_MS if b == "PostgreSQL" else GOAL_SQLITE_MS
            for f in fractions:
                r = by.get((b, f, name))
                if r is None:
                    cell = "–"
                elif r["error"]:
                    cell = "ERROR"
                else:
                    mark = "!" if r["p95_ms"] > goal else " "
                    cell = f"{r['p50_ms']:.0f}/{r['p95_ms']:.0f}{mark}"
                line += cell.rjust(22)
        print(line)
    print("\n'!' = p95 over the goal (PostgreSQL 300 ms, SQLite 1 s); ms; first call in the JSON")
    for run in runs:
        extra = ""
        if "browser" in run:
            br = run["browser"]
            pages = ", ".join(
                f"{p} {v['first_s']:.2f}/{v['median_s']:.2f} s"
                for p, v in br.items()
                if isinstance(v, dict)
            )
            extra = f"; first render (first/median of 3) {pages}; served RSS {br['server_rss_mb']:.0f} MB"
        print(
            f"{run['backend']} {int(run['fraction'] * 100)}%: {run.get('observations', '?'):,} obs, "
            f"peak RSS {run['peak_rss_mb']:.0f} MB{extra}; load avg {run['loadavg']}"
        )
        for r in run["results"]:
            if r["error"]:
                print(f"  ERROR {r['name']}: {r['error']}")
    if runs and runs[0].get("not_measured"):
        print("not measured: " + "; ".join(runs[0]["not_measured"]))


def _count_obs(url: str) -> int:
    engine = create_engine(url)
    with engine.connect() as conn:
        n = int(conn.execute(text("SELECT count(*) FROM observation")).scalar() or 0)
    engine.dispose()
    return n


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command")
    m = sub.add_parser("measure", help="measure one store in this process (used internally)")
    m.add_argument("--url", required=True)
    m.add_argument("--fraction", type=float, default=1.0)
    m.add_argument("--repeat", type=int, default=20)
    m.add_argument("--json", required=True)
    m.add_argument("--browser", action="store_true")
    m.add_argument("--proposals", action="store_true")
    parser.add_argument("--url", action="append", default=[], help="existing store (repeatable)")
    parser.add_argument("--fraction", type=float, action="append", default=[])
    parser.add_argument("--sqlite", help="directory for scratch SQLite stores")
    parser.add_argument("--postgres", help="admin URL: scratch databases are created and dropped")
    parser.add_argument("--fractions", type=float, nargs="+", default=[0.1, 0.5, 1.0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--browser", action="store_true", help="first render in headless Chromium")
    parser.add_argument("--json-out", help="write all results here too")
    parser.add_argument(
        "--proposals", action="store_true", help="prototype the proposed cache and plot template"
    )
    args = parser.parse_args(argv)

    if args.command == "measure":
        data = measure_store(args.url, args.fraction, args.repeat, args.proposals)
        if args.browser:
            data["browser"] = first_render(args.url, ["/targets", f"/country?geo={COUNTRY}"])
        Path(args.json).write_text(json.dumps(data))
        return

    plan: list[tuple[str, float, Callable[[], None] | None]] = []
    for i, url in enumerate(args.url):
        plan.append((url, args.fraction[i] if i < len(args.fraction) else 1.0, None))
    for fraction in args.fractions if (args.sqlite or args.postgres) else []:
        if args.sqlite:
            path = Path(args.sqlite) / f"scale-{int(fraction * 100)}-{uuid.uuid4().hex[:6]}.sqlite"
            path.parent.mkdir(parents=True, exist_ok=True)
            url = f"sqlite:///{path}"
            print(f"generating {url} ({_generate(url, fraction):.0f} s)", flush=True)
            plan.append((url, fraction, path.unlink))
        if args.postgres:
            url, drop = _create_pg(args.postgres)
            print(f"generating {url} ({_generate(url, fraction):.0f} s)", flush=True)
            plan.append((url, fraction, drop))
    runs = []
    try:
        for url, fraction, _cleanup in plan:
            data = _child_measure(url, fraction, args.repeat, args.browser, args.proposals)
            data["backend"] = backend_name(url)
            data["fraction"] = fraction
            data["observations"] = _count_obs(url)
            data["loadavg"] = " ".join(f"{x:.1f}" for x in os.getloadavg())
            runs.append(data)
            print(f"measured {data['backend']} {fraction}", flush=True)
    finally:
        for _url, _fraction, cleanup in plan:
            if cleanup is not None:
                cleanup()
    print_table(runs)
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(runs, indent=1))


if __name__ == "__main__":
    main()
