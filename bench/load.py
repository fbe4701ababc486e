"""Load test: many people browsing and a few ministries uploading, against 127.0.0.1.

Starts everything itself: a scratch PostgreSQL database with the demo data, national-editor
accounts with API tokens, and gunicorn (``deploy/gunicorn.conf.py``) with Redis as the shared
cache. Then, for a fixed time, ``--users`` threads browse (page shells, Dash's layout and
dependency requests, and the API reads the pages' data comes from) and ``--uploaders`` threads
push small CSV files through ``POST /api/v1/import``, each for its own country, sometimes sending
the same file again. Afterwards it checks the store: every accepted value present exactly once,
the last accepted value per key, one import batch per upload that changed something.

    python -m bench.load                                  # 60 s, 50 browsing, 5 uploading
    python -m bench.load --duration 10 --users 10 --uploaders 2 --workers 2

Exit status 0 when there was no error and the data check passed. Not a stress test: browsing
users pause between page visits (``--think``), as people do.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests
from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from bench.load_check import SEXES, YEARS, AcceptedUpload, DataCheck, Key, check_data
from bench.load_server import (
    DEFAULT_PG_ADMIN,
    DEFAULT_REDIS,
    free_port,
    gunicorn_server,
    pg_unreachable,
    production_env,
    redis_unreachable,
    scratch_database,
)
from pathways_monitor.db.models import Place
from pathways_monitor.db.session import make_engine

PREFERRED_COUNTRIES = ("NL", "BE", "DE", "FR", "AT", "ES", "IT", "PL", "SE", "PT", "IE", "FI")
BROWSE_COUNTRIES = ("NL", "BE", "DE", "FR", "AT", "ES", "IT", "PL")
REQUEST_TIMEOUT = 30.0
REPEAT_SHARE = 0.2  # share of uploads that send the uploader's previous file again
KINDS = ("page", "dash", "api", "upload")
WITH_STRATEGY = frozenset({"NL"})  # the demo's example strategy


@dataclass(frozen=True)
class LoadConfig:
    duration: float = 60.0
    users: int = 50
    uploaders: int = 5
    workers: int = 4
    think: float = 1.0  # mean pause between two page visits of one browsing user, seconds
    upload_pause: float = 2.0  # mean pause between two uploads of one uploader, seconds
    pg_admin: str = DEFAULT_PG_ADMIN
    redis_url: str | None = DEFAULT_REDIS
    seed: int = 2030
    app_target: str = "app:server"


@dataclass(frozen=True)
class Sample:
    kind: str
    seconds: float
    ok: bool
    cache: str | None = None


@dataclass(frozen=True)
class Uploader:
    email: str
    token: str
    country: str
    geos: tuple[str, ...]


@dataclass(frozen=True)
class KindStats:
    kind: str
    count: int
    errors: int
    p50: float
    p95: float
    p99: float
    worst: float


@dataclass
class LoadResult:
    config: LoadConfig
    elapsed: float
    samples: list[Sample]
    errors: list[str]
    uploads: list[AcceptedUpload]
    repeats: int
    check: DataCheck
    workers_seen: int = 0

    @property
    def error_count(self) -> int:
        return len(self.errors)

    @property
    def ok(self) -> bool:
        return self.error_count == 0 and self.check.ok

    def stats(self) -> list[KindStats]:
        return summarise(self.samples)

    def throughput(self) -> float:
        return len(self.samples) / self.elapsed if self.elapsed > 0 else 0.0


# --------------------------------------------------------------------------- figures


def percentile(sorted_values: Sequence[float], share: float) -> float:
    """Nearest-rank percentile of already sorted values (0 for none)."""
    if not sorted_values:
        return 0.0
    rank = max(1, min(len(sorted_values), round(share * len(sorted_values) + 0.5)))
    return sorted_values[rank - 1]


def summarise(samples: Sequence[Sample]) -> list[KindStats]:
    """Latency figures per route type, then for everything together (milliseconds)."""
    groups: list[tuple[str, list[Sample]]] = [
        (kind, [s for s in samples if s.kind == kind]) for kind in KINDS
    ]
    groups.append(("all", list(samples)))
    out = []
    for kind, group in groups:
        if not group:
            continue
        times = sorted(s.seconds * 1000 for s in group)
        out.append(
            KindStats(
                kind=kind,
                count=len(group),
                errors=sum(1 for s in group if not s.ok),
                p50=percentile(times, 0.50),
                p95=percentile(times, 0.95),
                p99=percentile(times, 0.99),
                worst=times[-1],
            )
        )
    return out


def format_report(result: LoadResult) -> str:
    """The table printed after a run."""
    cfg = result.config
    lines = [
        f"load test: {cfg.users} browsing + {cfg.uploaders} uploading users, "
        f"{cfg.workers} gunicorn workers x gthread, PostgreSQL, "
        f"cache {'Redis' if cfg.redis_url else 'per process'}, {result.elapsed:.1f} s",
        f"{'route type':<10} {'requests':>9} {'errors':>7} {'p50 ms':>8} {'p95 ms':>8} "
        f"{'p99 ms':>8} {'max ms':>8}",
    ]
    for s in result.stats():
        lines.append(
            f"{s.kind:<10} {s.count:>9} {s.errors:>7} {s.p50:>8.1f} {s.p95:>8.1f} "
            f"{s.p99:>8.1f} {s.worst:>8.1f}"
        )
    api = [s for s in result.samples if s.kind == "api" and s.ok]
    hits = sum(1 for s in api if s.cache == "hit")
    changed = sum(1 for u in result.uploads if u.changed)
    lines += [
        f"throughput: {result.throughput():.1f} requests/s; API cache hits: "
        f"{hits}/{len(api)}; workers that served requests: {result.workers_seen}",
        f"uploads accepted: {len(result.uploads)} ({changed} changed data, "
        f"{result.repeats} identical re-uploads sent)",
        f"errors: {result.error_count}"
        + (f" (first: {result.errors[0]})" if result.errors else ""),
        result.check.summary(),
    ]
    return "\n".join(lines)


# --------------------------------------------------------------------------- set-up


def _regions(session: Session, country: str, how_many: int = 2) -> list[str]:
    land = aliased(Place)
    return list(
        session.scalars(
            select(Place.code)
            .join(land, Place.country_id == land.id)
            .where(land.code == country, Place.kind == "region", Place.nuts_level == 2)
            .order_by(Place.code)
            .limit(how_many)
        )
    )


def create_uploaders(engine: Any, how_many: int) -> list[Uploader]:
    """A national editor with an API token for each of ``how_many`` countries with regions."""
    from pathways_monitor.accounts.users import create_token, create_user

    made: list[Uploader] = []
    with Session(engine) as session:
        for country in PREFERRED_COUNTRIES:
            if len(made) == how_many:
                break
            regions = _regions(session, country)
            if len(regions) < 2:
                continue
            email = f"load.{country.lower()}@load.example"
            password = f"load-{country}-{os.urandom(8).hex()}"
            user = create_user(session, email, "national_editor", password, country=country)
            token = create_token(session, user, actor="bench.load")
            made.append(Uploader(email, token, country, (country, *regions)))
        session.commit()
    if len(made) < how_many:
        raise RuntimeError(f"only {len(made)} countries with regions for {how_many} uploaders")
    return made


def browse_plan(country: str, regions: Sequence[str]) -> list[tuple[str, list[str]]]:
    """Page visits: the page shell and the API reads that bring its data."""
    obs = "/api/v1/observations?indicator={ind}&geo={geo}"
    progress = "/api/v1/progress?indicator={ind}&geo={geo}"
    country_reads = [progress.format(ind="ELET", geo=country), obs.format(ind="ELET", geo=country)]
    if country in WITH_STRATEGY:  # the others answer 404 (no strategy), as they should
        country_reads.insert(0, f"/api/v1/strategies/{country}")
    return [
        ("/", [obs.format(ind="ELET", geo=f"EU27_2020,{country}")]),
        (
            "/targets",
            [progress.format(ind=i, geo=country) for i in ("ELET", "LOWACH_READ", "LOWACH_MATH")],
        ),
        (f"/country?geo={country}", country_reads),
        (
            f"/regions?geo={country}",
            [obs.format(ind="ELET", geo=",".join([country, *regions]))],
        ),
        (
            "/explorer",
            [obs.format(ind="ELET,LOWACH_READ", geo=f"{country},EU27_2020") + "&from=2015"],
        ),
    ]


# --------------------------------------------------------------------------- users


class Recorder:
    """Thread-safe collection of samples and error messages."""

    def __init__(self) -> None:
        self.samples: list[Sample] = []
        self.errors: list[str] = []
        self._lock = threading.Lock()

    def timed(
        self, kind: str, http: requests.Session, method: str, url: str, **kwargs: Any
    ) -> requests.Response | None:
        start = time.perf_counter()
        try:
            response = http.request(method, url, timeout=REQUEST_TIMEOUT, **kwargs)
            _ = response.content
        except requests.RequestException as exc:
            self.add(Sample(kind, time.perf_counter() - start, False), f"{method} {url}: {exc}")
            return None
        seconds = time.perf_counter() - start
        ok = response.status_code == 200
        error = None if ok else f"{method} {url}: HTTP {response.status_code} {response.text[:200]}"
        self.add(Sample(kind, seconds, ok, response.headers.get("X-Pathways-Cache")), error)
        return response

    def add(self, sample: Sample, error: str | None = None) -> None:
        with self._lock:
            self.samples.append(sample)
            if error:
                self.errors.append(error)


def _pause(seconds: float, deadline: float) -> None:
    """Sleep, but never past the end of the run."""
    time.sleep(max(0.0, min(seconds, deadline - time.monotonic())))


def browse(
    base: str,
    plans: dict[str, list[tuple[str, list[str]]]],
    deadline: float,
    rec: Recorder,
    rng: random.Random,
    think: float,
) -> None:
    """One person: open a page (shell, layout, dependencies, data), read, open the next."""
    with requests.Session() as http:
        http.headers["User-Agent"] = "pathways-load/browse"
        while time.monotonic() < deadline:
            country = rng.choice(list(plans))
            page, data_urls = rng.choice(plans[country])
            rec.timed("page", http, "GET", base + page)
            referer = {"Referer": base + page}
            rec.timed("dash", http, "GET", base + "/_dash-layout", headers=referer)
            rec.timed("dash", http, "GET", base + "/_dash-dependencies", headers=referer)
            for url in data_urls:
                rec.timed("api", http, "GET", base + url)
            _pause(rng.uniform(0, 2 * think), deadline)


def _csv(uploader: Uploader, values: dict[Key, float]) -> bytes:
    out = io.StringIO()
    out.write("indicator,geo,year,sex,value,flag,source\n")
    for (geo, year, sex), value in values.items():
        out.write(f"ELET,{geo},{year},{sex},{value:.3f},,load test {uploader.country}\n")
    return out.getvalue().encode("utf-8")


def upload(
    base: str,
    uploader: Uploader,
    deadline: float,
    rec: Recorder,
    rng: random.Random,
    pause: float,
    accepted: list[AcceptedUpload],
    repeats: list[int],
) -> None:
    """One statistical office: push small files for its own country, now and then twice."""
    keys: list[Key] = [(g, y, s) for g in uploader.geos for y in YEARS for s in SEXES]
    counter = 0
    previous: tuple[bytes, dict[Key, float]] | None = None
    headers = {"Authorization": f"Bearer {uploader.token}", "User-Agent": "pathways-load/upload"}
    with requests.Session() as http:
        while time.monotonic() < deadline:
            if previous is not None and rng.random() < REPEAT_SHARE:
                data, values = previous
                repeats[0] += 1
            else:
                values = {}
                for key in rng.sample(keys, rng.randint(5, 20)):
                    counter += 1  # every value this uploader sends is new: 1.001, 1.002, ...
                    values[key] = round(1.0 + counter / 1000, 3)
                data = _csv(uploader, values)
            files = {"file": (f"load_{uploader.country}_{counter}.csv", data, "text/csv")}
            response = rec.timed(
                "upload",
                http,
                "POST",
                base + "/api/v1/import",
                files=files,
                # each upload deliberately revises the uploader's own series
                data={"accept_revisions": "1"},
                headers=headers,
            )
            if response is not None and response.status_code == 200:
                report = response.json()
                changed = bool(report.get("inserted") or report.get("updated"))
                accepted.append(
                    AcceptedUpload(uploader.email, values, changed, report.get("batch_id"))
                )
                previous = (data, values)
            _pause(rng.uniform(0, 2 * pause), deadline)


# --------------------------------------------------------------------------- run


@dataclass
class _Shared:
    accepted: dict[str, list[AcceptedUpload]] = field(default_factory=dict)
    repeats: dict[str, list[int]] = field(default_factory=dict)


def drive(
    base: str, cfg: LoadConfig, uploaders: Sequence[Uploader], regions: dict[str, list[str]]
) -> tuple[Recorder, _Shared, float]:
    """Run every user thread until the deadline; the wall time it took."""
    rec = Recorder()
    shared = _Shared()
    plans = {c: browse_plan(c, regions.get(c, [])) for c in BROWSE_COUNTRIES}
    master = random.Random(cfg.seed)
    start = time.monotonic()
    deadline = start + cfg.duration
    threads = []
    for i in range(cfg.users):
        rng = random.Random(master.random())
        args = (base, plans, deadline, rec, rng, cfg.think)
        threads.append(threading.Thread(target=browse, args=args, name=f"browse-{i}"))
    for up in uploaders:
        shared.accepted[up.email] = []
        shared.repeats[up.email] = [0]
        rng = random.Random(master.random())
        args2 = (
            base,
            up,
            deadline,
            rec,
            rng,
            cfg.upload_pause,
            shared.accepted[up.email],
            shared.repeats[up.email],
        )
        threads.append(threading.Thread(target=upload, args=args2, name=f"upload-{up.country}"))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=cfg.duration + REQUEST_TIMEOUT + 30)
    return rec, shared, time.monotonic() - start


def run_load(cfg: LoadConfig) -> LoadResult:
    """Set up the store and server, run the users, check the data; everything torn down."""
    from pathways_monitor.demo.load import load_demo

    reason = pg_unreachable(cfg.pg_admin)
    if reason:
        raise RuntimeError(reason)
    if cfg.redis_url and (reason := redis_unreachable(cfg.redis_url)):
        raise RuntimeError(reason)
    with scratch_database(cfg.pg_admin) as url:
        engine = make_engine(url)
        try:
            load_demo(engine, with_accounts=False)
            uploaders = create_uploaders(engine, cfg.uploaders)
            with Session(engine) as session:
                regions = {c: _regions(session, c, 4) for c in BROWSE_COUNTRIES}
            env = production_env(url, cfg.redis_url, workers=cfg.workers, port=free_port())
            with gunicorn_server(env, app_target=cfg.app_target) as server:
                rec, shared, elapsed = drive(server.base_url, cfg, uploaders, regions)
                workers_seen = len(server.worker_pids())
            accepted = [u for up in uploaders for u in shared.accepted[up.email]]
            check = check_data(
                engine,
                accepted,
                [g for up in uploaders for g in up.geos],
                [up.email for up in uploaders],
            )
        finally:
            engine.dispose()
    return LoadResult(
        config=cfg,
        elapsed=elapsed,
        samples=rec.samples,
        errors=rec.errors,
        uploads=accepted,
        repeats=sum(r[0] for r in shared.repeats.values()),
        check=check,
        workers_seen=workers_seen,
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=60.0, help="seconds (default 60)")
    parser.add_argument("--users", type=int, default=50, help="browsing users (default 50)")
    parser.add_argument("--uploaders", type=int, default=5, help="uploading users (default 5)")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (default 4)")
    parser.add_argument("--think", type=float, default=1.0, help="mean pause between pages, s")
    parser.add_argument("--pg", default=os.environ.get("PATHWAYS_TEST_PG", DEFAULT_PG_ADMIN))
    parser.add_argument("--redis", default=DEFAULT_REDIS, help="'' for a per-process cache")
    parser.add_argument("--app", default="app:server", help="WSGI target for gunicorn")
    parser.add_argument("--out", type=Path, help="also write the table to this file")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    for name in ("duration", "users", "uploaders", "workers"):
        if getattr(args, name) <= 0 and not (name == "uploaders" and args.uploaders == 0):
            raise SystemExit(f"--{name} must be positive")
    if args.duration > 3600 or args.users > 500 or args.uploaders > len(PREFERRED_COUNTRIES):
        raise SystemExit("bounded: at most 3600 s, 500 users, 12 uploaders")
    cfg = LoadConfig(
        duration=args.duration,
        users=args.users,
        uploaders=args.uploaders,
        workers=args.workers,
        think=args.think,
        pg_admin=args.pg,
        redis_url=args.redis or None,
        app_target=args.app,
    )
    result = run_load(cfg)
    table = format_report(result)
    print(table)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(table + "\n", encoding="utf-8")
    return 0 if result.ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
