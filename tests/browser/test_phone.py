"""Phone layout (390 x 844): the main table keeps its key columns, charts stay readable.

Reported at phone width: the home and EU-targets tables cut every cell to one letter, the
targets table hid the status column, plotly's toolbar covered chart titles and legends. Each
page is checked for: no sideways page scroll; the main grid's name, value and status columns
(headers and first row) fully in the viewport and not truncated; for every drawn chart, the
toolbar clear of title and legend, the title inside the chart, x tick labels not overlapping
each other and tick labels at least 11 px.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import LiveServer, screenshot_path, wait_until_settled

PHONE = {"width": 390, "height": 844}
MIN_TICK_PX = 11.0
MIN_CELL_PX = 40.0


@dataclass(frozen=True)
class PhonePage:
    name: str
    path: str
    grid: str  # the page's main dash_ag_grid.AgGrid id
    columns: tuple[str, ...]  # name, value and status col-ids (or the page's equivalents)
    expand: str | None = None  # a collapsed section holding the grid, clicked open first


PAGES = [
    PhonePage("home", "/", "home-elet-table", ("name", "value", "status")),
    PhonePage("targets", "/targets", "overview-grid", ("name", "latest_value", "class_rank")),
    PhonePage(
        "country",
        "/country?geo=NL&open=milestones",
        "country-milestone-grid",
        ("title", "status", "due_date"),
    ),
    PhonePage(
        "country_indicator",
        "/country?geo=NL",
        "country-indicator-grid",
        ("year", "g0"),  # the year and the national value; breakdowns and EU-27 scroll
        expand="details:has(#country-indicator-grid) > summary",
    ),
    PhonePage(
        "regions",
        "/regions",
        "regions-rank-grid",
        ("name", "value", "status"),
        expand=".accordion-item:has(#regions-rank-grid) .accordion-button",
    ),
    PhonePage("explorer", "/explorer", "explorer-grid", ("place", "year", "value")),
]

# Boxes of the key columns' header and first body row (pinned-top rows left out).
GRID_BOXES = """([gridId, cols]) => {
    const grid = document.getElementById(gridId);
    if (!grid) { return null; }
    const box = el => {
        if (!el) { return null; }
        const r = el.getBoundingClientRect();
        return {left: r.left, right: r.right, width: r.width, height: r.height,
                scrollWidth: el.scrollWidth, clientWidth: el.clientWidth,
                text: el.innerText.trim()};
    };
    const firstRow = col => [...grid.querySelectorAll(
        `.ag-row[row-index="0"] .ag-cell[col-id="${col}"]`)]
        .find(c => !c.closest('.ag-floating-top, .ag-floating-bottom'));
    return cols.map(col => ({
        col,
        header: box(grid.querySelector(`.ag-header-cell[col-id="${col}"]`)),
        headerText: box(grid.querySelector(
            `.ag-header-cell[col-id="${col}"] .ag-header-cell-text`)),
        cell: box(firstRow(col)),
    }));
}"""

# Per drawn chart: toolbar, title, legend, plot boxes; x tick label boxes per axis; tick sizes.
CHART_BOXES = """() => [...document.querySelectorAll('.js-plotly-plot')]
    .filter(p => p.getBoundingClientRect().width > 0 && p.querySelector('.main-svg'))
    .map(p => {
        const box = el => {
            if (!el) { return null; }
            const r = el.getBoundingClientRect();
            return r.width > 0 && r.height > 0
                ? {left: r.left, top: r.top, right: r.right, bottom: r.bottom} : null;
        };
        const visible = el => getComputedStyle(el).display !== 'none'
            && getComputedStyle(el).visibility !== 'hidden';
        const modebar = p.querySelector('.modebar');
        const title = p.querySelector('.gtitle');
        const owner = p.closest('[id]');
        return {
            id: owner ? owner.id : '?',
            plot: box(p),
            modebar: modebar && visible(modebar) ? box(modebar) : null,
            title: title && title.textContent.trim() ? box(title) : null,
            legend: box(p.querySelector('.legend')),
            xticks: [...p.querySelectorAll('.xaxislayer-above')].map(layer =>
                [...layer.querySelectorAll('text')]
                    .filter(t => t.textContent.trim())
                    .map(t => ({text: t.textContent, box: box(t)}))
                    .filter(t => t.box)
                    .map(t => ({text: t.text, ...t.box}))),
            tickSizes: [...p.querySelectorAll('.xaxislayer-above text, .yaxislayer-above text')]
                .map(t => parseFloat(getComputedStyle(t).fontSize)),
        };
    })"""


def _intersects(a: dict[str, float] | None, b: dict[str, float] | None) -> bool:
    if a is None or b is None:
        return False
    return not (
        a["right"] <= b["left"]
        or b["right"] <= a["left"]
        or a["bottom"] <= b["top"]
        or b["bottom"] <= a["top"]
    )


def _check_grid(page: Any, spec: PhonePage) -> None:
    boxes = page.evaluate(GRID_BOXES, [spec.grid, list(spec.columns)])
    assert boxes, f"{spec.name}: grid #{spec.grid} not found"
    for item in boxes:
        col, header, cell = item["col"], item["header"], item["cell"]
        where = f"{spec.name} #{spec.grid} column {col!r}"
        assert header is not None, f"{where}: no header cell (column hidden?)"
        assert header["left"] >= 0 and header["right"] <= PHONE["width"] + 1, (
            f"{where}: header at {header['left']:.0f}-{header['right']:.0f} px, "
            f"outside the {PHONE['width']} px viewport"
        )
        assert header["width"] >= MIN_CELL_PX, f"{where}: header {header['width']:.0f} px wide"
        label = item["headerText"]
        if label is not None and label["text"]:
            assert label["scrollWidth"] <= label["clientWidth"] + 1, (
                f"{where}: header {label['text']!r} truncated "
                f"({label['scrollWidth']} px of text in {label['clientWidth']} px)"
            )
        assert cell is not None, f"{where}: no cell in the first row"
        assert cell["left"] >= 0 and cell["right"] <= PHONE["width"] + 1, (
            f"{where}: first-row cell at {cell['left']:.0f}-{cell['right']:.0f} px"
        )
        assert cell["scrollWidth"] <= cell["clientWidth"] + 1, (
            f"{where}: first-row text {cell['text']!r} truncated "
            f"({cell['scrollWidth']} px of text in a {cell['clientWidth']} px cell)"
        )


def _check_charts(page: Any, name: str) -> None:
    charts = page.evaluate(CHART_BOXES)
    for chart in charts:
        where = f"{name} chart #{chart['id']}"
        for part in ("title", "legend"):
            assert not _intersects(chart["modebar"], chart[part]), (
                f"{where}: the toolbar {chart['modebar']} covers the {part} {chart[part]}"
            )
        title, plot = chart["title"], chart["plot"]
        if title is not None:
            assert title["left"] >= plot["left"] - 1 and title["right"] <= plot["right"] + 1, (
                f"{where}: title {title} runs out of the chart {plot}"
            )
        for axis in chart["xticks"]:
            ordered = sorted(axis, key=lambda t: t["left"])
            for a, b in pairwise(ordered):
                assert not _intersects(a, b), (
                    f"{where}: x tick labels {a['text']!r} and {b['text']!r} overlap"
                )
        small = [s for s in chart["tickSizes"] if s < MIN_TICK_PX]
        assert not small, f"{where}: tick labels of {min(small)} px (< {MIN_TICK_PX})"


@pytest.mark.parametrize("spec", PAGES, ids=[p.name for p in PAGES])
def test_phone_layout(page: Any, live_server: LiveServer, spec: PhonePage) -> None:
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + spec.path)
    wait_until_settled(page)
    if spec.expand:
        page.locator(spec.expand).first.click()
        wait_until_settled(page)
    grid = page.locator(f"#{spec.grid} .ag-header-cell[col-id='{spec.columns[0]}']")
    expect(grid).to_be_visible()
    page.evaluate("window.scrollTo(0, 0)")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"] + 1, f"{spec.name}: the page is {width} px wide"
    _check_grid(page, spec)
    _check_charts(page, spec.name)
    page.screenshot(path=str(screenshot_path(f"phone_{spec.name}")), full_page=True)
