"""The scale data generator makes the right shapes, and the query cache changes no answer."""

from __future__ import annotations

import datetime as dt
import io
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.orm import Session

from bench import generate as gen
from pathways_monitor.core.settings import Settings
from pathways_monitor.db import queries, queries_cache, queries_regions
from pathways_monitor.db.models import BudgetLine, Indicator, Milestone, Objective, Strategy
from pathways_monitor.domain.places import EU27_CODES
from pathways_monitor.importers.engine import import_file
from pathways_monitor.web.app import create_app
from pathways_monitor.web.caching.cache import QUERY_CACHE_KEY, enable_query_cache

COUNTRIES = ("LU", "MT", "NL")
PER_PLACE = (
    len(gen.YEARS) * 36  # ELET: sex x birth x urbanisation
    + 3 * len(gen.PISA_YEARS) * 36  # PISA domains in PISA years
    + len(gen.NATIONAL_INDICATORS) * len(gen.YEARS) * len(gen.NATIONAL_BREAKDOWNS)
)


@pytest.fixture(scope="module")
def small_store(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, gen.GenerateCounts]:
    path = tmp_path_factory.mktemp("bench") / "small.sqlite"
    url = f"sqlite:///{path}"
    counts = gen.generate(url, 0.3, with_strategies=False, countries=COUNTRIES)
    return url, counts


def test_small_store_has_every_place_year_indicator_and_breakdown(
    small_store: tuple[str, gen.GenerateCounts],
) -> None:
    url, counts = small_store
    assert counts.regions >= 2 and counts.places == counts.regions + len(COUNTRIES)
    assert counts.observations == counts.places * PER_PLACE
    engine = create_engine(url)
    with engine.connect() as conn:
        years = conn.execute(text("SELECT min(year), max(year) FROM observation")).one()
        assert years == (2000, 2025) and years[1] <= dt.date.today().year
        n_ind = conn.execute(text("SELECT count(DISTINCT indicator_id) FROM observation")).scalar()
        assert n_ind == 4 + 20
        combos = conn.execute(
            text(
                "SELECT count(*) FROM (SELECT DISTINCT sex, country_of_birth, urbanisation "
                "FROM breakdown b JOIN observation o ON o.breakdown_id = b.id) AS t"
            )
        ).scalar()
        assert combos == 3 * 3 * 4
        flags = {r[0] for r in conn.execute(text("SELECT DISTINCT flag FROM observation"))}
        assert flags <= {None, "", "b", "u", "p"} and {"b", "u", "p"} <= flags
        low, high = conn.execute(text("SELECT min(value), max(value) FROM observation")).one()
        assert low > 0 and high < 100
        geos = {
            r[0]
            for r in conn.execute(
                text(
                    "SELECT DISTINCT coalesce(c.code, p.code) FROM observation o "
                    "JOIN place p ON p.id = o.place_id LEFT JOIN place c ON c.id = p.country_id"
                )
            )
        }
        assert geos == set(COUNTRIES)
        # A smooth trend: NL's total ELET moves by less than 3 points from year to year.
        series = pd.read_sql(
            text(
                "SELECT o.year, o.value FROM observation o JOIN place p ON p.id = o.place_id "
                "JOIN indicator i ON i.id = o.indicator_id JOIN breakdown b ON b.id = "
                "o.breakdown_id WHERE p.code = 'NL' AND i.code = 'ELET' AND b.sex = 'T' AND "
                "b.country_of_birth = 'TOTAL' AND b.urbanisation = 'TOTAL' ORDER BY o.year"
            ),
            conn,
        )
        assert len(series) == 26 and series["value"].diff().abs().max() < 3
    engine.dispose()


def test_national_indicators_are_not_canonical(small_store: tuple[str, Any]) -> None:
    engine = create_engine(small_store[0])
    with Session(engine) as session:
        rows = session.execute(
            select(Indicator.code, Indicator.is_canonical, Indicator.unit).where(
                Indicator.code.like("NAT_%")
            )
        ).all()
    engine.dispose()
    assert len(rows) == 20 and all(not r[1] and r[2] == "percent" for r in rows)


def test_fractions_nest_and_full_scale_reaches_five_million(sqlite_session: Session) -> None:
    tenth = gen.select_places(sqlite_session, 0.1)
    half = gen.select_places(sqlite_session, 0.5)
    full = gen.select_places(sqlite_session, 1.0)
    assert set(tenth["geo"]) < set(half["geo"]) < set(full["geo"])
    assert set(full["country"]) == set(EU27_CODES)
    assert (full["kind"] == "country").sum() == 27
    assert 1200 <= len(full) <= 1800  # NUTS 1-3 of the EU27, all versions
    assert len(full) * PER_PLACE >= 5_000_000


def test_generated_strategy_imports_through_the_engine(sqlite_session: Session) -> None:
    gen.ensure_national_indicators(sqlite_session)
    content = gen.strategy_content("NL", ["NL32", "NL33", "NL41"], dt.date(2026, 1, 15))
    assert len(content.objectives) == 40 and len(content.milestones) == 400
    assert {b["year"] for b in content.budget} == set(range(2021, 2031))
    assert len({b["funding_source"] for b in content.budget}) >= 3
    report = import_file(sqlite_session, gen.strategy_bytes(content), "strategy_NL.xlsx", user="t")
    assert report.accepted, report.problems[:3]
    strategy = sqlite_session.scalars(select(Strategy)).one()
    assert strategy.is_example and "GENERATED" in strategy.title

    def count(model: Any) -> int:
        return int(sqlite_session.scalar(select(func.count()).select_from(model)) or 0)

    assert (count(Objective), count(Milestone), count(BudgetLine)) == (40, 400, 1200)


# --- the query cache: identical answers, invalidated by an import ---------------------------

CASES: list[tuple[Any, str, tuple[Any, ...], dict[str, Any]]] = [
    (queries, "observations", (["ELET", "NAT_ATTEND"], ["NL", "LU"]), {"sex": None}),
    (queries, "observations", (["ELET"], None), {"breakdown": "urbanisation"}),
    (queries, "latest_values", ("ELET", ["NL", "LU", "MT"]), {}),
    (queries, "indicators", (), {}),
    (queries_regions, "countries_with_regional_data", (), {}),
    (queries_regions, "regional_series", ("ELET", "NL"), {}),
    (queries_regions, "places_with_data", ("NAT_ATTEND",), {}),
    (queries_regions, "year_span", ("LOWACH_READ",), {}),
    (queries_regions, "explorer_observations", ("ELET", ["NL", "MT"], "sex", 2010, 2020), {}),
]


def _same(a: Any, b: Any) -> None:
    if isinstance(a, pd.DataFrame):
        pd.testing.assert_frame_equal(a, b)
    else:
        assert a == b


@pytest.fixture
def cached_app(
    small_store: tuple[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Any:
    """An app on a private copy of the small store with the proposed functions wrapped."""
    path = tmp_path / "copy.sqlite"
    shutil.copy(small_store[0].removeprefix("sqlite:///"), path)
    app = create_app(Settings(database_url=f"sqlite:///{path}"))
    enable_query_cache(app.server)
    for module, name, _args, _kwargs in CASES:
        fn = getattr(module, name)
        if not hasattr(fn, "__wrapped_uncached__"):
            monkeypatch.setattr(module, name, queries_cache.cached(fn))
    return app


def _session(app: Any) -> Session:
    from pathways_monitor.web.context import current_engine

    return Session(current_engine())


def test_cached_queries_answer_exactly_as_uncached(cached_app: Any) -> None:
    cache = cached_app.server.extensions[QUERY_CACHE_KEY]
    for module, name, args, kwargs in CASES:
        fn = getattr(module, name)
        plain: Callable[..., Any] = fn.__wrapped_uncached__
        with cached_app.server.test_request_context(), _session(cached_app) as session:
            expected = plain(session, *args, **kwargs)
            first = fn(session, *args, **kwargs)
            second = fn(session, *args, **kwargs)
        _same(first, expected)
        _same(second, expected)
        if isinstance(second, pd.DataFrame) and not second.empty:
            second.iloc[0, 0] = "changed by the caller"  # must not leak into the cache
            with cached_app.server.test_request_context(), _session(cached_app) as session:
                _same(fn(session, *args, **kwargs), expected)
    # One miss per case (plus latest_values' inner observations call), hits afterwards.
    assert cache.misses == len(CASES) + 1 and cache.hits >= len(CASES)


def test_an_import_invalidates_the_cache(cached_app: Any) -> None:
    args = (["ELET"], ["NL"])
    with cached_app.server.test_request_context(), _session(cached_app) as session:
        before = queries.observations(session, *args)
    old = float(before.loc[before["year"] == 2020, "value"].iloc[0])
    csv = f"indicator,geo,year,value\nELET,NL,2020,{old + 1.5:.1f}\n".encode()
    with cached_app.server.app_context(), _session(cached_app) as session:
        report = import_file(session, csv, "fix.csv", user="t")
    assert report.accepted and report.updated == 1
    with cached_app.server.test_request_context(), _session(cached_app) as session:
        after = queries.observations(session, *args)
        uncached = queries.observations.__wrapped_uncached__(session, *args)
    _same(after, uncached)
    assert float(after.loc[after["year"] == 2020, "value"].iloc[0]) == pytest.approx(old + 1.5)


def test_without_an_app_the_wrapper_is_transparent(small_store: tuple[str, Any]) -> None:
    engine = create_engine(small_store[0])
    wrapped = queries_cache.cached(queries_regions.year_span)
    with Session(engine) as session:
        assert (
            wrapped(session, "ELET") == queries_regions.year_span(session, "ELET") == (2000, 2025)
        )
    engine.dispose()


def test_freeze_keys_are_order_preserving_and_reject_objects() -> None:
    assert queries_cache.freeze(["a", "b"]) != queries_cache.freeze(["b", "a"])
    assert queries_cache.freeze({"b", "a"}) == queries_cache.freeze({"a", "b"})
    with pytest.raises(queries_cache.Uncacheable):
        queries_cache.freeze(io.BytesIO())
