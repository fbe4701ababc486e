"""Country page: figure builders, and the render callbacks on the demo database.

The callbacks are called as plain functions inside the Flask app context; what they return is
checked against direct SQL on the same database (objectives, late milestones, budget sums).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from sqlalchemy import Engine, text

from pathways_monitor.analysis.projection import project
from pathways_monitor.analysis.strategy import with_lateness
from pathways_monitor.db.queries import TargetInfo
from pathways_monitor.db.session import make_engine
from pathways_monitor.web.dashboard.country import ids as cid
from pathways_monitor.web.dashboard.country.figures import (
    allocation_figure,
    budget_year_figure,
    indicator_figure,
    timeline_figure,
)
from tests.conftest import demo_copy

# --------------------------------------------------------------------------- helpers


def walk(component: Any) -> Iterator[Any]:
    """Every component (and plain string) in a Dash component tree or list of trees."""
    if component is None:
        return
    if isinstance(component, (list, tuple)):
        for child in component:
            yield from walk(child)
        return
    yield component
    children = getattr(component, "children", None)
    if children is not None and not isinstance(children, str):
        yield from walk(children)


def by_id(tree: Any, component_id: str) -> Any:
    found = [c for c in walk(tree) if getattr(c, "id", None) == component_id]
    assert found, f"no component with id {component_id!r}"
    return found[0]


def all_text(tree: Any) -> str:
    parts: list[str] = []
    for c in walk(tree):
        if isinstance(c, (str, int, float)):
            parts.append(str(c))
        elif isinstance(getattr(c, "children", None), (str, int, float)):
            parts.append(str(c.children))
        for attr in ("title",):
            value = getattr(c, attr, None)
            if isinstance(value, str):
                parts.append(value)
    return "\n".join(parts)


# --------------------------------------------------------------------------- figures


def _series() -> pd.DataFrame:
    rows = []
    for year, t, m, f in [(2018, 7.3, 8.9, 5.6), (2019, 7.5, 9.5, 5.4), (2020, 7.0, 8.7, 5.3)]:
        flag = "b" if year == 2019 else None
        rows += [
            {"group": "T", "year": year, "value": t, "flag": flag},
            {"group": "M", "year": year, "value": m, "flag": flag},
            {"group": "F", "year": year, "value": f, "flag": flag},
        ]
    return pd.DataFrame(rows)


def test_indicator_figure_traces() -> None:
    series = _series()
    total = series[series["group"] == "T"]
    # 2019 is a break, so the chart's own series (2019-2020) is refused: the trend is drawn from
    # a longer break-free series ending in the same year.
    projection = project([(2016, 7.9), (2017, 7.6), (2018, 7.3), (2019, 7.5), (2020, 7.0)], None)
    eu = pd.DataFrame({"year": [2018, 2019, 2020], "value": [10.5, 10.2, 9.9], "flag": [None] * 3})
    fig = indicator_figure(
        series,
        ["T", "M", "F"],
        {"T": "Total", "M": "Males", "F": "Females"},
        eu,
        eu_target=TargetInfo("ELET", "EU27_2020", 9.0, 2030, "lt", "eu"),
        national_target=TargetInfo("ELET", "NL", 7.5, 2030, "lt", "national"),
        projection=projection,
        lang="en",
    )
    names = [t.name for t in fig.data]
    for expected in ("Total", "Males", "Females", "EU-27", "Trend to 2030", "80 % band"):
        assert expected in names
    assert "95 % band" in names
    assert "Break in series (b)" in names
    assert any(n.startswith("EU target < 9") for n in names)
    assert any(n.startswith("National target < 7.5") for n in names)
    breaks = next(t for t in fig.data if t.name == "Break in series (b)")
    assert list(breaks.x) == [2019]  # one marker per year, on the total
    assert list(breaks.y) == [7.5]
    national = next(t for t in fig.data if t.name.startswith("National target"))
    assert list(national.x) == [2030] and list(national.y) == [7.5]
    trend = next(t for t in fig.data if t.name == "Trend to 2030")
    assert max(trend.x) == 2030
    assert fig.layout.separators == ".,"
    assert fig.layout.yaxis.range[0] == 0 and fig.layout.yaxis.range[1] <= 100
    # Refused (2 values since the 2019 break): no band and no trend line.
    refused = project(total, None)
    assert refused.insufficient_data
    bare = indicator_figure(
        series,
        ["T"],
        {"T": "Total"},
        None,
        eu_target=None,
        national_target=None,
        projection=refused,
        lang="en",
    )
    assert not {"Trend to 2030", "80 % band", "95 % band"} & {t.name for t in bare.data}
    nl = indicator_figure(
        series,
        ["T"],
        {"T": "Totaal"},
        None,
        eu_target=None,
        national_target=None,
        projection=None,
        lang="nl",
    )
    assert [t.name for t in nl.data] == ["Totaal", "Breuk in reeks (b)"]
    assert nl.layout.separators == ",."


def test_timeline_figure_marks_late_milestones() -> None:
    today = dt.date(2026, 11, 23)
    frame = pd.DataFrame(
        {
            "objective_code": ["A", "A", "B"],
            "code": ["M1", "M2", "M1"],
            "title": ["one", "two", "three"],
            "due_date": [dt.date(2026, 11, 13), dt.date(2025, 1, 1), dt.date(2027, 1, 1)],
            "status": ["in_progress", "completed", "not_started"],
            "responsible_body": ["OCW", None, "DUO"],
        }
    )
    fig = timeline_figure(with_lateness(frame, today), ["A", "B"], "en", today, {"A": "Obj A"})
    names = [t.name for t in fig.data]
    assert names == ["○ Not started", "◐ In progress", "● Completed", "⚠ Late"]
    late = fig.data[-1]
    assert list(late.text) == ["⚠ 10"]
    assert list(late.y) == ["A"]
    assert list(fig.layout.yaxis.categoryarray) == ["B", "A"]


def test_budget_figures_separate_eu_funds() -> None:
    by_year_source = pd.DataFrame(
        {
            "year": [2025, 2025, 2026],
            "funding_source": ["NATIONAL", "ESF_PLUS", "NATIONAL"],
            "funding_name_en": ["National budget", "European Social Fund Plus", "National budget"],
            "is_eu": [False, True, False],
            "funding_position": [0, 4, 0],
            "planned": [Decimal("10"), Decimal("5.5"), Decimal("12")],
            "committed": [None] * 3,
            "spent": [None] * 3,
        }
    )
    by_year = pd.DataFrame(
        {
            "year": [2025, 2026],
            "planned": [Decimal("15.5"), Decimal("12")],
            "committed": [Decimal("9"), None],
            "spent": [Decimal("4"), None],
        }
    )
    fig = budget_year_figure(by_year_source, by_year, "en")
    bars = [t for t in fig.data if t.type == "bar"]
    assert [b.name for b in bars] == ["National budget", "EU · European Social Fund Plus"]
    assert bars[1].marker.pattern.shape == "/" and bars[0].marker.pattern.shape == ""
    assert list(bars[0].y) == [10.0, 12.0]
    lines = [t.name for t in fig.data if t.type == "scatter"]
    assert lines == ["Committed (total)", "Spent (total)"]
    assert fig.layout.barmode == "stack"
    alloc = allocation_figure(["A", "B"], [1.0, 0.0], [2.0, 3.0], "nl")
    assert [t.name for t in alloc.data] == ["Nationaal en overig", "EU-fondsen"]


# --------------------------------------------------------------------------- demo database


@pytest.fixture(scope="module")
def demo_engine(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    engine = make_engine(demo_copy(demo_template, tmp_path_factory.mktemp("country-demo")))
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def app(demo_engine: Engine) -> Any:
    from pathways_monitor.core.settings import Settings
    from pathways_monitor.web.app import create_app

    return create_app(Settings(database_url=str(demo_engine.url)))


@pytest.fixture(scope="module")
def page(app: Any) -> Any:
    from pathways_monitor.web.dashboard.country import page as country

    return country


def _current_strategy_id(engine: Engine, country: str = "NL") -> int:
    with engine.connect() as conn:
        return int(
            conn.execute(
                text(
                    "SELECT s.id FROM strategy s JOIN place p ON p.id = s.country_id "
                    "WHERE p.code = :c ORDER BY s.version DESC LIMIT 1"
                ),
                {"c": country},
            ).scalar_one()
        )


def test_strategy_section_shows_the_example_strategys_objectives(
    app: Any, page: Any, demo_engine: Engine
) -> None:
    sid = _current_strategy_id(demo_engine)
    with demo_engine.connect() as conn:
        objectives = conn.execute(
            text("SELECT code, title FROM objective WHERE strategy_id = :s"), {"s": sid}
        ).all()
    assert len(objectives) > 5
    with app.server.app_context():
        body, versions, placeholder, version_hidden, sections_hidden = page.render_strategy(
            "en", "NL", None
        )
    assert not version_hidden and not sections_hidden
    assert versions[0]["value"] == 1 and "current" in versions[0]["label"]
    assert placeholder == "Current version (1)"
    text_out = all_text(body)
    assert "Example" in text_out  # the example badge
    for code, title in objectives:
        card = by_id(body, f"{cid.PREFIX}objective-{code}")
        assert title in all_text(card)


def test_late_milestones_match_sql_count(app: Any, page: Any, demo_engine: Engine) -> None:
    today = page.today()
    sid = _current_strategy_id(demo_engine)
    with demo_engine.connect() as conn:
        expected = conn.execute(
            text(
                "SELECT count(*) FROM milestone m JOIN objective o ON o.id = m.objective_id "
                "WHERE o.strategy_id = :s AND m.due_date < :today "
                "AND m.status NOT IN ('completed', 'cancelled')"
            ),
            {"s": sid, "today": today.isoformat()},
        ).scalar_one()
        total = conn.execute(
            text(
                "SELECT count(*) FROM milestone m JOIN objective o ON o.id = m.objective_id "
                "WHERE o.strategy_id = :s"
            ),
            {"s": sid},
        ).scalar_one()
    assert expected > 0  # the example strategy has deliberate late milestones
    with app.server.app_context():
        body, objective_opts, status_opts, body_opts, *placeholders = page.render_milestones(
            "en", "NL", None, [], [], []
        )
        filtered, *_ = page.render_milestones("nl", "NL", None, [], ["late"], [])
        headline = page.render_headline("en", "NL")
    assert len(by_id(body, cid.LATE_LIST).children) == expected
    grid = by_id(body, cid.MILESTONE_GRID)
    assert len(grid.rowData) == total
    assert sum(1 for r in grid.rowData if r["days_overdue"] is not None) == expected
    late_grid = by_id(filtered, cid.MILESTONE_GRID)
    assert len(late_grid.rowData) == expected
    assert all(r["days_overdue"] > 0 for r in late_grid.rowData)
    assert "late" in {o["value"] for o in status_opts}
    assert len(objective_opts) > 5 and body_opts
    assert placeholders == ["All objectives", "All statuses", "All responsible bodies"]
    assert f"{expected} late milestone" in all_text(headline)


def test_budget_per_funding_source_matches_sql_sum(
    app: Any, page: Any, demo_engine: Engine
) -> None:
    sid = _current_strategy_id(demo_engine)
    with demo_engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT b.funding_source_code, SUM(b.planned), SUM(b.committed), SUM(b.spent) "
                "FROM budget_line b JOIN objective o ON o.id = b.objective_id "
                "WHERE o.strategy_id = :s GROUP BY b.funding_source_code"
            ),
            {"s": sid},
        ).all()
    expected = {r[0]: tuple(None if v is None else Decimal(str(v)) for v in r[1:]) for r in rows}
    assert "NATIONAL" in expected and len(expected) > 2
    with app.server.app_context():
        body = page.render_budget("nl", "NL", None)
    grid = by_id(body, cid.BUDGET_SOURCE_GRID)
    got = {
        r["funding_source"]: tuple(
            None if r[f"{c}_exact"] is None else Decimal(r[f"{c}_exact"])
            for c in ("planned", "committed", "spent")
        )
        for r in grid.rowData
    }
    assert got == expected
    total_row = grid.dashGridOptions["pinnedBottomRowData"][0]
    assert Decimal(total_row["planned_exact"]) == sum(v[0] for v in expected.values())
    assert total_row["planned_text"].startswith("€ ")  # Dutch: "€ 1.234.567"
    assert "Wel gefinancierd, niet op koers" in all_text(by_id(body, cid.OFF_TRACK))


def test_indicator_section_and_headline(app: Any, page: Any) -> None:
    with app.server.app_context():
        body = page.render_indicator("en", "NL", "ELET", "sex")
        science = page.render_indicator("en", "NL", "LOWACH_SCI", "none")
        headline = page.render_headline("nl", "NL")
        options = page.indicator_controls("en", "NL", "ELET", "sex")
    graph = by_id(body, cid.INDICATOR_GRAPH)
    names = [t.name for t in graph.figure.data]
    assert {"Total", "Males", "Females", "EU-27"} <= set(names)
    assert "Trend to 2030" in names
    assert by_id(body, cid.INDICATOR_GRID).rowData
    assert "Projection:" in all_text(body)
    assert "No data" in all_text(science)  # PISA science: no invented figure
    text_nl = all_text(headline)
    assert "Nederland" in text_nl and "Geen gegevens" in text_nl
    assert [o["value"] for o in options[1]] == ["none", "sex"]


def test_country_without_strategy_and_bad_urls(app: Any, page: Any) -> None:
    with app.server.app_context():
        body, versions, _placeholder, version_hidden, sections_hidden = page.render_strategy(
            "en", "BE", None
        )
        assert version_hidden and sections_hidden and versions == []
        assert "No strategy uploaded for Belgium yet." in all_text(body)
        assert any(getattr(c, "href", None) == "/upload" for c in walk(body))
        assert "Belgium" in all_text(page.render_headline("en", "BE"))

        unknown = page.layout(geo="XX")
        args = by_id(unknown, page.NOT_FOUND_STORE).data
        assert args["kind"] == "country"
        message = page.render_not_found("en", args)
        assert "XX" in all_text(message)
        assert "/country?geo=NL" in [getattr(c, "href", None) for c in walk(message)]
        region = page.layout(geo="NL32")
        args = by_id(region, page.NOT_FOUND_STORE).data
        assert args["kind"] == "region"
        hint = page.render_not_found("en", args)
        hrefs = [getattr(c, "href", None) for c in walk(hint)]
        assert "/regions?geo=NL" in hrefs
        bad_indicator = page.layout(geo="NL", indicator="NOPE")
        assert by_id(bad_indicator, page.NOT_FOUND_STORE).data["kind"] == "indicator"

        ok = page.layout(geo="NL", indicator="ELET", status=["late", "delayed"], lang="nl")
        assert by_id(ok, cid.GEO).value == "NL"
        assert by_id(ok, cid.F_STATUS).value == ["late", "delayed"]
        assert by_id(ok, cid.BREAKDOWN).value == "sex"


def test_url_round_trip(page: Any) -> None:
    params = page.build_params(
        "NL", "ELET", "sex", 2, ["VSV01"], ["late", "delayed"], ["OCW"], "nl"
    )
    assert params == [
        ("geo", "NL"),
        ("indicator", "ELET"),
        ("version", "2"),
        ("objective", "VSV01"),
        ("status", "late"),
        ("status", "delayed"),
        ("body", "OCW"),
        ("lang", "nl"),
    ]
    search = page.sync_url("NL", "ELET", "sex", None, [], [], [], "nl", "")
    assert search == "?geo=NL&indicator=ELET&lang=nl"
    # Already showing this selection: no rewrite (a rewrite would re-render the page).
    assert page.sync_url("NL", "ELET", "sex", None, [], [], [], "en", "?indicator=ELET&geo=NL") is (
        page.no_update
    )


def test_every_callback_answers_for_the_default_selection(app: Any, page: Any) -> None:
    """Each section builds for NL; timings are measured by ``python -m bench.scale``."""
    calls = {
        "headline": (page.render_headline, ("en", "NL")),
        "indicator": (page.render_indicator, ("en", "NL", "ELET", "sex")),
        "strategy": (page.render_strategy, ("en", "NL", None)),
        "milestones": (page.render_milestones, ("en", "NL", None, [], [], [])),
        "budget": (page.render_budget, ("nl", "NL", None)),
        "controls": (page.indicator_controls, ("en", "NL", "ELET", "sex")),
    }
    with app.server.app_context():
        for name, (fn, args) in calls.items():
            assert fn(*args) is not None, name
        assert page.layout(geo="NL") is not None


def test_a_section_redraws_only_when_its_selection_changed(app: Any, page: Any) -> None:
    """Whatever fired the callback (one input or several at once), the key decides."""
    with app.server.app_context():
        shown = page.drawn_key("en", "NL", "ELET", "sex")
        assert page.update_indicator("en", "NL", "ELET", "sex", shown) == (
            page.no_update,
            page.no_update,
        )
        body, key = page.update_indicator("en", "NL", "LOWACH_READ", "none", shown)
        assert key == page.drawn_key("en", "NL", "LOWACH_READ", "none")
        assert "PISA is measured every 3-4 years" in all_text(body)
        # Back to the first selection: drawn again, not skipped as "already shown".
        body, key = page.update_indicator("en", "NL", "ELET", "sex", key)
        assert key == shown and "break in series (2021, flag b)" in all_text(body)
        assert page.update_section_titles("en", "NL", None, 0, page.drawn_key("en", "NL", None, 0))[
            0
        ] is (page.no_update)
        assert page.update_section_titles("nl", "NL", None, 0, None)[2] == page.drawn_key(
            "nl", "NL", None, 0
        )
