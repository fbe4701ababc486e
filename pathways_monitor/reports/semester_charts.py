"""Charts of the Semester PDF, drawn with reportlab.graphics (vector, no browser, no kaleido).

matplotlib is not installed in the deployment, and static plotly images would need Chrome;
reportlab draws straight into the PDF. Colours are the Okabe-Ito palette of
``dashboard.theme``; every series also has a legend text, a marker or a value label, so nothing
relies on colour alone.
"""

from __future__ import annotations

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.lineplots import LinePlot
from reportlab.graphics.shapes import Drawing, String
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib import colors

from pathways_monitor.domain.taxonomy import MILESTONE_STATUSES
from pathways_monitor.presentation.theme import OKABE_ITO, SERIES_COLOURS
from pathways_monitor.reports import semester_text as st
from pathways_monitor.reports.semester_data import IndicatorRow, SemesterReport, funding_name

WIDTH = 480
HEIGHT = 220
FONT = "Helvetica"


def _c(hex_colour: str) -> colors.Color:
    return colors.HexColor(hex_colour)


def _legend(
    items: list[tuple[colors.Color, str]], x: float, y: float, font: str, columns: int = 1
) -> Legend:
    legend = Legend()
    legend.x, legend.y = x, y
    legend.fontName = font
    legend.fontSize = 7
    legend.alignment = "right"
    legend.boxAnchor = "nw"
    legend.columnMaximum = max(1, -(-len(items) // columns))
    legend.dx = legend.dy = 7
    legend.deltax = 150
    legend.colorNamePairs = items
    return legend


def indicator_chart(ind: IndicatorRow, lang: str, country_name: str, font: str = FONT) -> Drawing:
    """The country's series and the EU-27's, with the EU (and national) target as flat lines
    up to the target year."""
    d = Drawing(WIDTH, HEIGHT)
    name = ind.name(lang)
    d.add(
        String(
            0,
            HEIGHT - 12,
            st.tx("chart_indicator", lang, name=name, country=country_name),
            fontName=font,
            fontSize=9,
        )
    )
    lines: list[list[tuple[int, float]]] = []
    styles: list[tuple[colors.Color, float, list[int] | None, str | None]] = []
    legend: list[tuple[colors.Color, str]] = []
    if ind.series:
        lines.append([(y, v) for y, v, _f in ind.series])
        styles.append((_c(OKABE_ITO["blue"]), 2, None, "FilledCircle"))
        legend.append((_c(OKABE_ITO["blue"]), f"{country_name} ({ind.code})"))
    if ind.eu_series:
        lines.append([(y, v) for y, v, _f in ind.eu_series])
        styles.append((_c(OKABE_ITO["grey"]), 1.2, None, "Square"))
        legend.append((_c(OKABE_ITO["grey"]), st.tx("eu_average", lang)))
    years = [p[0] for line in lines for p in line]
    if not years:
        d.add(
            String(
                WIDTH / 2,
                HEIGHT / 2,
                st.tx("no_data", lang),
                fontName=font,
                fontSize=10,
                textAnchor="middle",
            )
        )
        return d
    x0 = min(years)
    x1 = max([*years, ind.eu_target_year or 0, ind.national_target_year or 0])
    u = ind.unit_suffix
    if ind.eu_target is not None:
        lines.append([(x0, ind.eu_target), (x1, ind.eu_target)])
        styles.append((_c(OKABE_ITO["green"]), 1.5, [4, 2], None))
        legend.append(
            (
                _c(OKABE_ITO["green"]),
                st.tx("target_line", lang, value=st.fmt_target(ind.eu_target, u, lang)),
            )
        )
    if ind.national_target is not None:
        lines.append([(x0, ind.national_target), (x1, ind.national_target)])
        styles.append((_c(OKABE_ITO["purple"]), 1.5, [1, 2], None))
        legend.append(
            (
                _c(OKABE_ITO["purple"]),
                st.tx(
                    "national_target_line", lang, value=st.fmt_target(ind.national_target, u, lang)
                ),
            )
        )
    plot = LinePlot()
    plot.x, plot.y, plot.width, plot.height = 35, 30, 280, HEIGHT - 60
    plot.data = lines
    for i, (colour, width, dash, marker) in enumerate(styles):
        plot.lines[i].strokeColor = colour
        plot.lines[i].strokeWidth = width
        if dash:
            plot.lines[i].strokeDashArray = dash
        if marker:
            plot.lines[i].symbol = makeMarker(
                marker, size=3.5, fillColor=colour, strokeColor=colour
            )
    values = [p[1] for line in lines for p in line]
    plot.xValueAxis.valueMin = x0
    plot.xValueAxis.valueMax = x1
    span = x1 - x0
    plot.xValueAxis.valueStep = 5 if span > 15 else (2 if span > 6 else 1)
    plot.xValueAxis.labelTextFormat = "%d"
    plot.xValueAxis.labels.fontName = font
    plot.xValueAxis.labels.fontSize = 7
    plot.yValueAxis.valueMin = 0
    plot.yValueAxis.valueMax = max(values) * 1.15
    plot.yValueAxis.labels.fontName = font
    plot.yValueAxis.labels.fontSize = 7
    plot.yValueAxis.labelTextFormat = lambda v: st.fmt_number(v, lang, 0)
    plot.yValueAxis.visibleGrid = True
    plot.yValueAxis.gridStrokeColor = colors.HexColor("#dddddd")
    d.add(plot)
    d.add(
        String(
            5,
            HEIGHT - 26,
            f"{st.tx('unit', lang)}: {u or ind.unit}",
            fontName=font,
            fontSize=7,
            fillColor=colors.HexColor("#555555"),
        )
    )
    d.add(_legend(legend, 330, HEIGHT - 35, font))
    return d


def budget_chart(report: SemesterReport, lang: str, font: str = FONT) -> Drawing:
    """Planned money per year, stacked by funding source (million EUR)."""
    d = Drawing(WIDTH, HEIGHT + 20)
    d.add(String(0, HEIGHT + 8, st.tx("chart_budget", lang), fontName=font, fontSize=9))
    cells = report.budget.cells
    if not cells:
        d.add(
            String(
                WIDTH / 2,
                HEIGHT / 2,
                st.tx("no_budget", lang),
                fontName=font,
                fontSize=10,
                textAnchor="middle",
            )
        )
        return d
    years = sorted({c.year for c in cells})
    funds = [f.funding_source for f in report.budget.by_fund]
    planned = {(c.year, c.funding_source): c.amounts.planned for c in cells}
    data = [[float(planned.get((y, f)) or 0) / 1e6 for y in years] for f in funds]
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 40, 30, 270, HEIGHT - 50
    chart.data = data
    chart.categoryAxis.style = "stacked"
    chart.categoryAxis.categoryNames = [str(y) for y in years]
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.labelTextFormat = lambda v: st.fmt_number(v, lang, 0)
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = colors.HexColor("#dddddd")
    chart.barSpacing = 1
    legend = []
    for i, fund in enumerate(funds):
        colour = _c(SERIES_COLOURS[i % len(SERIES_COLOURS)])
        chart.bars[i].fillColor = colour
        chart.bars[i].strokeColor = colors.white
        chart.bars[i].strokeWidth = 0.3
        legend.append((colour, funding_name(fund, lang)))
    d.add(chart)
    d.add(_legend(legend, 325, HEIGHT - 10, font))
    return d


def milestone_chart(report: SemesterReport, lang: str, font: str = FONT) -> Drawing:
    """Milestones per status (and late ones), each bar labelled with its count."""
    counts = report.milestone_counts()
    keys = [*MILESTONE_STATUSES, "late"]
    labels = [st.tx("late", lang) if k == "late" else st.milestone_status(k, lang) for k in keys]
    d = Drawing(WIDTH, 150)
    d.add(String(0, 138, st.tx("chart_milestones", lang), fontName=font, fontSize=9))
    chart = HorizontalBarChart()
    chart.x, chart.y, chart.width, chart.height = 90, 10, 330, 118
    chart.data = [[counts[k] for k in reversed(keys)]]
    chart.categoryAxis.categoryNames = list(reversed(labels))
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 8
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = max(1, max(counts.values())) * 1.15
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = 7
    chart.bars[0].fillColor = _c(OKABE_ITO["blue"])
    chart.bars[0].strokeColor = None
    for i, key in enumerate(reversed(keys)):
        if key == "late":
            chart.bars[(0, i)].fillColor = _c(OKABE_ITO["vermillion"])
    chart.barLabelFormat = "%d"
    chart.barLabels.fontName = font
    chart.barLabels.fontSize = 8
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    d.add(chart)
    return d
