"""The country page: every indicator x breakdown drives the chart, the chances and the URL.

Expectations come from the demo database through the same loaders the page uses, so a chart
left over from the previous selection (the bug where an indicator change with a breakdown set
was taken for a page load) fails the comparison.
"""

from __future__ import annotations

import contextlib
import re
from typing import Any
from urllib.parse import parse_qs, urlparse

from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from pathways_monitor.db import queries
from pathways_monitor.db import queries_strategy as qs
from pathways_monitor.web.dashboard.country.data import indicator_choices, load_indicator
from pathways_monitor.web.dashboard.country.indicator import _probability_text, group_labels
from tests.browser.conftest import LiveServer, screenshot_path, wait_until_settled

GRAPH = "#country-indicator-graph .js-plotly-plot"
CHART = f"""() => {{
    const plot = document.querySelector('{GRAPH}');
    return plot && plot._fullData
        ? {{title: plot._fullLayout.title.text, names: plot._fullData.map(t => t.name)}} : null;
}}"""


def _expected(database_url: str, geo: str) -> list[dict[str, Any]]:
    """Per indicator x breakdown: chart title, group trace names, the EU chance line."""
    engine = create_engine(database_url)
    cases = []
    try:
        with Session(engine) as session:
            places = queries.places(session, kinds=["country"])
            place = places[places["code"] == geo].iloc[0].to_dict()
            for choice in indicator_choices(session, geo):
                code = choice["code"]
                present = qs.breakdowns_present(session, code, geo)
                for breakdown in ["none", *present]:
                    data = load_indicator(
                        session, place, code, None if breakdown == "none" else breakdown
                    )
                    assert data is not None
                    cases.append(
                        {
                            "indicator": code,
                            "breakdown": breakdown,
                            "title": f"{data.indicator['name_en']} – {place['name_en']}",
                            "groups": sorted(group_labels(data, "en").values()),
                            "chance": _probability_text(data.to_eu, "en"),
                            "has_series": bool(data.series["value"].notna().any()),
                            "present": present,
                        }
                    )
    finally:
        engine.dispose()
    return cases


def _choose(page: Any, control: str, value: str) -> None:
    page.locator(f"#{control}").click()
    page.locator(f"[role=listbox] label:has(input[value='{value}'])").click()


def _url_default(present: list[str]) -> str:
    """The breakdown a URL without one means (``build_params`` leaves it out)."""
    return "sex" if "sex" in present else "none"


def _check(page: Any, case: dict[str, Any], all_groups: set[str]) -> None:
    label = f"{case['indicator']} x {case['breakdown']}"
    wanted = None if case["breakdown"] == _url_default(case["present"]) else [case["breakdown"]]

    def selected(url: str) -> bool:
        query = parse_qs(urlparse(url).query)
        return (
            query.get("indicator") == [case["indicator"]]
            and query.get("geo") == ["NL"]
            and query.get("breakdown") == wanted
        )

    try:
        page.wait_for_url(selected)
    except Exception as error:
        raise AssertionError(f"{label}: the address bar says {page.url}") from error
    wait_until_settled(page)
    if not case["has_series"]:
        expect(page.locator("#country-indicator-body")).to_contain_text("No data for")
        return
    expect(page.locator(GRAPH)).to_be_attached()
    unwanted = sorted(all_groups - set(case["groups"]))
    # Plotly redraws after the callback answers; under load that can trail the network.
    # A timeout is not the failure: the assertions below say what the chart shows instead.
    with contextlib.suppress(PlaywrightTimeout):
        page.wait_for_function(
            """([graph, title, wanted, unwanted]) => {
                const plot = document.querySelector(graph);
                if (!plot || !plot._fullData || plot._fullLayout.title.text !== title) return false;
                const names = plot._fullData.map(t => t.name);
                return wanted.every(n => names.includes(n))
                    && !names.some(n => unwanted.includes(n));
            }""",
            arg=[GRAPH, case["title"], case["groups"], unwanted],
            timeout=10_000,
        )
    chart = page.evaluate(CHART)
    assert chart is not None, label
    assert chart["title"] == case["title"], label
    names = set(chart["names"])
    assert set(case["groups"]) <= names, (label, chart["names"])
    assert not (all_groups - set(case["groups"])) & names, (label, chart["names"])
    eu_line = page.locator("#country-indicator-body li", has_text="EU target")
    expect(eu_line).to_contain_text(case["chance"])


def test_every_indicator_and_breakdown_drives_chart_chances_and_url(
    page: Any, live_server: LiveServer
) -> None:
    cases = _expected(live_server.database_url, "NL")
    assert {c["indicator"] for c in cases} >= {"ELET", "LOWACH_READ", "LOWACH_MATH"}
    assert any(c["breakdown"] != "none" for c in cases), "the demo should have a breakdown"
    by_key = {(c["indicator"], c["breakdown"]): c for c in cases}
    all_groups = {g for c in cases for g in c["groups"]}
    page.goto(live_server.url + "/country?geo=NL")
    wait_until_settled(page)
    expect(page.locator(GRAPH)).to_be_attached()
    indicator, breakdown = "ELET", "sex"
    checked = 0
    for case in cases:
        if case["indicator"] != indicator:
            # Chosen from whatever the previous case left, often with a breakdown set.
            _choose(page, "country-indicator", case["indicator"])
            present = case["present"]
            indicator = case["indicator"]
            breakdown = breakdown if breakdown in present else _url_default(present)
            _check(page, by_key[(indicator, breakdown)], all_groups)
            checked += 1
        if case["breakdown"] != breakdown:
            _choose(page, "country-breakdown", case["breakdown"])
            breakdown = case["breakdown"]
        _check(page, case, all_groups)
        checked += 1
    assert checked >= len(cases)
    page.screenshot(path=str(screenshot_path("country_every_indicator")), full_page=True)


def test_keyboard_choice_of_indicator_redraws_with_breakdown_set(
    page: Any, live_server: LiveServer
) -> None:
    """The reported case: NL with the sex breakdown, reading chosen with the keyboard."""
    page.goto(live_server.url + "/country?geo=NL&breakdown=sex")
    wait_until_settled(page)
    expect(page.locator(GRAPH)).to_be_attached()
    assert "Females" in page.evaluate(CHART)["names"]
    page.locator("#country-indicator").focus()
    page.keyboard.press("Enter")
    expect(page.locator("[role=listbox] input[value='ELET']")).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(page.locator("[role=listbox] input[value='LOWACH_READ']")).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"[?&]indicator=LOWACH_READ(&|$)"))
    wait_until_settled(page)
    # Plotly redraws after the callback answers; a chart that never changes still fails below.
    with contextlib.suppress(PlaywrightTimeout):
        page.wait_for_function(
            """([graph, prefix]) => {
                const plot = document.querySelector(graph);
                return plot && plot._fullLayout && plot._fullLayout.title.text.startsWith(prefix);
            }""",
            arg=[GRAPH, "Low achievement in reading"],
            timeout=10_000,
        )
    chart = page.evaluate(CHART)
    assert chart["title"].startswith("Low achievement in reading"), chart
    assert "Females" not in chart["names"], chart
    expect(page.locator("#country-indicator-body")).to_contain_text("No projection")
