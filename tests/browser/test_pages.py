"""Every page loads cleanly; the EU targets page filters, translates and restores shared URLs."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import expect

from tests.browser.conftest import LiveServer, screenshot_path, wait_until_settled

RANKING_DATA = """() => {
    const plot = document.querySelector('#overview-ranking .js-plotly-plot');
    return plot && plot._fullData
        ? plot._fullData.map(t => ({name: t.name, x: Array.from(t.x)})) : null;
}"""
DUTCH_NUMBER = re.compile(r"\d,\d")


def _no_callback_errors(page: Any) -> None:
    expect(page.locator(".dash-fe-error__title")).to_have_count(0)
    expect(page.get_by_text("Callback error")).to_have_count(0)


def _open(page: Any, live_server: LiveServer, path: str) -> None:
    page.goto(live_server.url + path)
    wait_until_settled(page)


def test_every_registered_page_loads_cleanly(
    page: Any, live_server: LiveServer, registered_page: dict[str, str]
) -> None:
    _open(page, live_server, registered_page["path"])
    heading = page.locator("h1").first
    expect(heading).to_be_visible()
    expect(heading).not_to_be_empty()
    _no_callback_errors(page)


def test_filters_update_chart_map_table_and_url(page: Any, live_server: LiveServer) -> None:
    """One page load, several filter changes (each page load costs seconds in CI)."""
    _open(page, live_server, "/targets")
    expect(page.locator("#overview-chart-title")).to_contain_text("Early leavers")
    # The map draws the shipped boundaries without any network (see the page fixture).
    countries = page.locator("#overview-map path.choroplethlocation")
    expect(countries.first).to_be_attached()
    assert countries.count() >= 27
    expect(page.locator("#overview-map-note")).to_contain_text("EuroGeographics")
    page.get_by_label("Progress class").check()
    expect(page.locator("#overview-map .legendtext", has_text="Target met")).to_have_count(1)
    page.wait_for_url(re.compile(r"[?&]map=class(&|$)"))
    before = page.evaluate(RANKING_DATA)
    assert before, "the ranking chart has no data"

    page.select_option("#overview-indicator", "LOWACH_READ")
    expect(page.locator("#overview-chart-title")).to_contain_text("reading")
    page.wait_for_url(re.compile(r"[?&]indicator=LOWACH_READ(&|$)"))
    wait_until_settled(page)
    after = page.evaluate(RANKING_DATA)
    eu_before = next(t["x"] for t in before if t["name"] == "EU-27 (aggregate)")
    eu_after = next(t["x"] for t in after if t["name"] == "EU-27 (aggregate)")
    assert eu_after != eu_before
    # The table shows the same EU figure as the chart, pinned above the countries. The
    # country column is pinned left, so the row's cells sit in two containers.
    pinned = page.locator("#overview-grid .ag-floating-top")
    expect(pinned).to_contain_text("EU-27 (aggregate)")
    expect(pinned).to_contain_text(f"{eu_after[0]:.1f}")
    # PISA: Luxembourg's latest figure predates the newest round, and the table says so.
    # (the country cell is in the pinned-left container, the value in the centre one)
    left = page.locator("#overview-grid .ag-pinned-left-cols-container .ag-row")
    row_id = left.filter(has_text="Luxembourg").get_attribute("row-id")
    centre = page.locator(f'#overview-grid .ag-center-cols-container .ag-row[row-id="{row_id}"]')
    expect(centre).to_contain_text("(older)")
    # The map follows: Spain has no PISA 2018 reading figure, so too little data for a trend.
    expect(page.locator("#overview-map .legendtext", has_text="Too little data")).to_have_count(1)
    page.screenshot(path=str(screenshot_path("targets_reading_by_class")), full_page=True)

    # Science has no figures at all: a plain message, no empty chart.
    page.select_option("#overview-indicator", "LOWACH_SCI")
    expect(page.locator(".overview-no-data")).to_contain_text(
        "No data: PISA science low-achievement figures are not available in this data set"
    )
    expect(page.locator("#overview-ranking")).to_be_hidden()
    expect(page.locator("#overview-map")).to_be_hidden()
    page.wait_for_url(re.compile(r"[?&]indicator=LOWACH_SCI(&|$)"))
    _no_callback_errors(page)


def test_language_switch_translates_headings_and_numbers(
    page: Any, live_server: LiveServer
) -> None:
    _open(page, live_server, "/targets")
    expect(page.locator("h1")).to_have_text("EU targets: where each country stands")
    page.get_by_label("Nederlands").check()
    expect(page.locator("h1")).to_have_text("EU-doelen: waar elk land staat")
    expect(page.locator("#navbar")).to_contain_text("EU-doelen")
    expect(page.locator(".overview-eu-summary")).to_contain_text(DUTCH_NUMBER)
    value_cell = page.locator(".ag-floating-top [col-id='latest_value']").first
    expect(value_cell).to_have_text(re.compile(r"^\d+,\d$"))
    page.wait_for_url(re.compile(r"[?&]lang=nl(&|$)"))
    _no_callback_errors(page)


def test_shared_url_restores_selection_and_language(page: Any, live_server: LiveServer) -> None:
    _open(page, live_server, "/targets?indicator=LOWACH_MATH&window=long&lang=nl")
    expect(page.locator("#overview-indicator")).to_have_value("LOWACH_MATH")
    expect(page.get_by_label("Nederlands")).to_be_checked()
    expect(page.get_by_label("Lange termijn (laatste 15 jaar)")).to_be_checked()
    expect(page.locator("h1")).to_have_text("EU-doelen: waar elk land staat")
    expect(page.locator("#overview-chart-title")).to_contain_text("wiskunde")
    expect(page.locator(".overview-eu-summary")).to_contain_text(DUTCH_NUMBER)
    _no_callback_errors(page)


def test_unknown_indicator_shows_not_found(page: Any, live_server: LiveServer) -> None:
    _open(page, live_server, "/targets?indicator=NOPE")
    alert = page.locator(".not-found")
    expect(alert).to_contain_text("NOPE")
    expect(alert.get_by_role("link", name=re.compile("LOWACH_READ"))).to_have_attribute(
        "href", "/targets?indicator=LOWACH_READ"
    )
    page.screenshot(path=str(screenshot_path("not_found_targets")), full_page=True)
    _no_callback_errors(page)
