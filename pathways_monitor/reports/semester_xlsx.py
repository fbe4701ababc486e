"""The Semester report as an xlsx workbook meant to be sent as it is.

Sheets: Cover, Strategy, Objectives, Milestones, Budget, Indicators, Regions; each block is a
real Excel table (``openpyxl.worksheet.table.Table``) with a style, a frozen header row and
column widths. There is no formula anywhere: totals are values computed in ``Decimal``.

Number conventions (so the cells compare exactly with the store):

* Percentages are **percent points** as stored (7.4 means 7.4 %) with the number format
  ``0.0" %"``: no division by 100, so a cell equals the stored float bit for bit.
* Money is the store's 2-decimal ``Decimal`` with ``#,##0.00 "€"``.
* Dates are real dates (``yyyy-mm-dd``), timestamps naive UTC.
* Every text cell goes through ``exports.table_export.neutralise`` and is typed as text, so an
  uploaded ``=HYPERLINK(...)`` stays text.
"""

from __future__ import annotations

import datetime as dt
import decimal
import io
from collections.abc import Sequence
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.cell.cell import TYPE_STRING
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from pathways_monitor.analysis.progress import explained
from pathways_monitor.reports import semester_text as st
from pathways_monitor.reports.semester_data import Money, SemesterReport, funding_name
from pathways_monitor.reports.table_export import neutralise

PCT_FORMAT = '0.0" %"'
SHARE_FORMAT = '0.00" %"'
EUR_FORMAT = '#,##0.00 "€"'
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
NUMBER_FORMAT = "0.0##"
INT_FORMAT = "0"
TABLE_STYLE = "TableStyleMedium2"
MAX_WIDTH = 60
WRAP_AT = 40
SHEETS = ("Cover", "Strategy", "Objectives", "Milestones", "Budget", "Indicators", "Regions")

Cell = str | int | float | decimal.Decimal | dt.date | dt.datetime | bool | None


@dataclass(frozen=True)
class Column:
    header: str
    fmt: str | None = None  # an Excel number format for numbers/dates


# --------------------------------------------------------------------------- cell writing


def _value(value: Cell) -> Cell:
    """The value openpyxl stores: text neutralised, datetimes naive, money as Decimal."""
    if isinstance(value, str):
        return neutralise(value)  # type: ignore[return-value]
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
        return value.replace(microsecond=0)  # Excel keeps milliseconds at best
    return value


def write_table(
    ws: Worksheet,
    top: int,
    name: str,
    columns: Sequence[Column],
    rows: Sequence[Sequence[Cell]],
    lang: str,
) -> int:
    """Write one styled table with its header at row ``top``; return the next free row.

    An empty table gets one row saying "no data" (Excel tables need a data row).
    """
    if not rows:
        rows = [[st.tx("no_data", lang)] + [None] * (len(columns) - 1)]
    for c, col in enumerate(columns, start=1):
        cell = ws.cell(row=top, column=c, value=neutralise(col.header))
        cell.data_type = TYPE_STRING
        cell.font = Font(bold=True)
    for r, row in enumerate(rows, start=top + 1):
        for c, (col, raw) in enumerate(zip(columns, row, strict=True), start=1):
            value = _value(raw)
            cell = ws.cell(row=r, column=c, value=value)
            if isinstance(value, str):
                cell.data_type = TYPE_STRING  # never a formula, whatever the text
                if len(value) > WRAP_AT:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
                else:
                    cell.alignment = Alignment(vertical="top")
            elif col.fmt and value is not None and not isinstance(value, bool):
                cell.number_format = col.fmt
    last = top + len(rows)
    ref = f"A{top}:{get_column_letter(len(columns))}{last}"
    table = Table(displayName=name, ref=ref)
    table.tableStyleInfo = TableStyleInfo(name=TABLE_STYLE, showRowStripes=True)
    ws.add_table(table)
    _widen(ws, columns, rows)
    return last + 2


def _text_width(value: Cell, fmt: str | None) -> int:
    if value is None:
        return 0
    if isinstance(value, dt.datetime):
        return 16
    if isinstance(value, dt.date):
        return 10
    if isinstance(value, decimal.Decimal | float | int) and fmt == EUR_FORMAT:
        return len(f"{value:,.2f}") + 2
    return max(len(line) for line in str(value).split("\n"))


def _widen(ws: Worksheet, columns: Sequence[Column], rows: Sequence[Sequence[Cell]]) -> None:
    for c, col in enumerate(columns, start=1):
        width = max([len(col.header), *(_text_width(r[c - 1], col.fmt) for r in rows[:500])])
        letter = get_column_letter(c)
        current = ws.column_dimensions[letter].width or 0
        ws.column_dimensions[letter].width = max(current, min(MAX_WIDTH, max(8, width + 2)))


def _caption(ws: Worksheet, row: int, text: str) -> int:
    cell = ws.cell(row=row, column=1, value=neutralise(text))
    cell.data_type = TYPE_STRING
    cell.font = Font(bold=True, size=12)
    return row + 1


def _yes(flag: bool, lang: str) -> str:
    return st.tx("yes" if flag else "no", lang)


# --------------------------------------------------------------------------- sheets


def _cover(ws: Worksheet, report: SemesterReport, lang: str) -> None:
    s = report.strategy
    name = report.country_name(lang)
    fv = [Column(st.tx("field", lang)), Column(st.tx("value", lang))]
    rows: list[list[Cell]] = [
        [st.tx("report_title", lang), st.tx("subtitle", lang)],
        [st.tx("country", lang), f"{name} ({report.country})"],
        [st.tx("strategy", lang), s.title],
        [st.tx("version", lang), s.version],
        [st.tx("period", lang), f"{s.period_start}–{s.period_end}"],
        [st.tx("status", lang), st.strategy_status(s.status, lang)],
        [st.tx("adopted_on", lang), s.adopted_on],
        [st.tx("reporting_year", lang), report.reporting_year],
        [st.tx("report_date", lang), report.as_of],
        [st.tx("generated", lang), report.generated_at],
        [st.tx("note", lang), st.tx("percent_note", lang)],
    ]
    if s.is_example:
        rows.insert(1, [st.tx("note", lang), st.tx("example_note", lang)])
    top = write_table(ws, 1, "Cover", fv, rows, lang)
    for _label, cell in ws.iter_rows(min_row=2, max_row=len(rows) + 1, max_col=2):
        if isinstance(cell.value, dt.datetime):
            cell.number_format = DATETIME_FORMAT
        elif isinstance(cell.value, dt.date):
            cell.number_format = DATE_FORMAT
        elif isinstance(cell.value, int):
            cell.number_format = INT_FORMAT
    top = _caption(ws, top, st.tx("sources", lang))
    cols = [
        Column(st.tx("file", lang)),
        Column(st.tx("kind", lang)),
        Column(st.tx("dataset", lang)),
        Column(st.tx("imported_at", lang), DATETIME_FORMAT),
        Column(st.tx("rows_used", lang), INT_FORMAT),
    ]
    src_rows: list[list[Cell]] = [
        [
            d.file_name,
            st.kind_label(d.kind, lang),
            ", ".join(d.datasets) or None,
            d.created_at,
            d.rows_used,
        ]
        for d in report.sources
    ]
    write_table(ws, top, "Sources", cols, src_rows, lang)
    ws.column_dimensions["B"].width = 90


def _strategy(ws: Worksheet, report: SemesterReport, lang: str) -> None:
    s = report.strategy
    rows: list[list[Cell]] = [
        [st.tx("strategy", lang), s.title],
        [st.tx("coordination_body", lang), s.coordination_body],
        [st.tx("coordination_mechanism", lang), s.coordination_mechanism],
        [st.tx("monitoring_arrangements", lang), s.monitoring_arrangements],
        [st.tx("summary", lang), s.summary],
    ]
    write_table(
        ws, 1, "Strategy", [Column(st.tx("field", lang)), Column(st.tx("value", lang))], rows, lang
    )
    ws.column_dimensions["B"].width = 100


def _objectives(ws: Worksheet, report: SemesterReport, lang: str) -> None:
    from pathways_monitor.db.queries_strategy import TAG_DIMENSIONS

    cols = [
        Column(st.tx("code", lang)),
        Column(st.tx("title", lang)),
        Column(st.tx("description", lang)),
        Column(st.tx("lead_body", lang)),
        *(Column(st.dimension_label(d, lang)) for d in TAG_DIMENSIONS),
        Column(st.tx("linked_indicators", lang)),
    ]
    rows: list[list[Cell]] = [
        [
            o.code,
            o.title,
            o.description,
            o.lead_body,
            *(st.tags_text(d, o.tags.get(d, ()), lang) or None for d in TAG_DIMENSIONS),
            ", ".join(o.indicators) or None,
        ]
        for o in report.objectives
    ]
    write_table(ws, 1, "Objectives", cols, rows, lang)


def _milestones(ws: Worksheet, report: SemesterReport, lang: str) -> None:
    cols = [
        Column(st.tx("objective", lang)),
        Column(st.tx("title", lang) + " (" + st.tx("objective", lang).lower() + ")"),
        Column(st.tx("code", lang)),
        Column(st.tx("milestone", lang)),
        Column(st.tx("status", lang)),
        Column(st.tx("due_date", lang), DATE_FORMAT),
        Column(st.tx("completed_on", lang), DATE_FORMAT),
        Column(st.tx("late", lang)),
        Column(st.tx("days_overdue", lang), INT_FORMAT),
        Column(st.tx("responsible_body", lang)),
        Column(st.tx("region", lang)),
    ]
    rows: list[list[Cell]] = [
        [
            m.objective_code,
            m.objective_title,
            m.code,
            m.title,
            st.milestone_status(m.status, lang),
            m.due_date,
            m.completed_on,
            _yes(m.is_late, lang),
            m.days_overdue,
            m.responsible_body,
            m.region,
        ]
        for m in report.milestones
    ]
    write_table(ws, 1, "Milestones", cols, rows, lang)


def _money_cells(m: Money) -> list[Cell]:
    return [m.planned, m.committed, m.spent]


def _budget(ws: Worksheet, report: SemesterReport, lang: str) -> None:
    b = report.budget
    money = [
        Column(st.tx("planned", lang), EUR_FORMAT),
        Column(st.tx("committed", lang), EUR_FORMAT),
        Column(st.tx("spent", lang), EUR_FORMAT),
    ]
    top = _caption(ws, 1, st.tx("budget_lines", lang))
    ws.freeze_panes = "A3"
    cols = [
        Column(st.tx("year", lang), INT_FORMAT),
        Column(st.tx("funding_code", lang)),
        Column(st.tx("funding_source", lang)),
        Column(st.tx("eu_fund", lang)),
        *money,
    ]
    rows: list[list[Cell]] = [
        [
            c.year,
            c.funding_source,
            funding_name(c.funding_source, lang),
            _yes(c.is_eu, lang),
            *_money_cells(c.amounts),
        ]
        for c in b.cells
    ]
    top = write_table(ws, top, "BudgetByYearSource", cols, rows, lang)

    top = _caption(ws, top, st.tx("budget_years", lang))
    cols = [
        Column(st.tx("year", lang), INT_FORMAT),
        *money,
        Column(st.tx("eu_planned", lang), EUR_FORMAT),
        Column(st.tx("eu_share", lang), SHARE_FORMAT),
    ]
    rows = [[y.year, *_money_cells(y.amounts), y.eu_planned, y.eu_share] for y in b.by_year]
    top = write_table(ws, top, "BudgetByYear", cols, rows, lang)

    top = _caption(ws, top, st.tx("budget_funds", lang))
    cols = [
        Column(st.tx("funding_code", lang)),
        Column(st.tx("funding_source", lang)),
        Column(st.tx("eu_fund", lang)),
        *money,
        Column(st.tx("share_total", lang), SHARE_FORMAT),
        Column(st.tx("share_eu", lang), SHARE_FORMAT),
    ]
    rows = [
        [
            f.funding_source,
            f.name(lang),
            _yes(f.is_eu, lang),
            *_money_cells(f.amounts),
            f.share_of_total,
            f.share_of_eu,
        ]
        for f in b.by_fund
    ]
    top = write_table(ws, top, "BudgetBySource", cols, rows, lang)

    top = _caption(ws, top, st.tx("budget_total", lang))
    cols = [
        Column(st.tx("total", lang)),
        *money,
        Column(st.tx("eu_planned", lang), EUR_FORMAT),
        Column(st.tx("eu_share", lang), SHARE_FORMAT),
    ]
    rows = [[st.tx("total", lang), *_money_cells(b.total), b.eu_planned, b.eu_share]]
    write_table(ws, top, "BudgetTotal", cols, rows, lang)


def _indicators(ws: Worksheet, report: SemesterReport, lang: str) -> None:
    cols = [
        Column(st.tx("indicator_code", lang)),
        Column(st.tx("indicator", lang)),
        Column(st.tx("level", lang)),
        Column(st.tx("unit", lang)),
        Column(st.tx("latest_year", lang), INT_FORMAT),
        Column(st.tx("latest_value", lang), PCT_FORMAT),
        Column(st.tx("flag", lang)),
        Column(st.tx("eu_target", lang), PCT_FORMAT),
        Column(st.tx("eu_target_year", lang), INT_FORMAT),
        Column(st.tx("national_target", lang), PCT_FORMAT),
        Column(st.tx("national_target_year", lang), INT_FORMAT),
        Column(f"{st.tx('distance_eu', lang)} ({st.unit_pp(lang)})", NUMBER_FORMAT),
        Column(f"{st.tx('distance_national', lang)} ({st.unit_pp(lang)})", NUMBER_FORMAT),
        Column(st.tx("progress_eu_short", lang)),
        Column(st.tx("progress_eu_long", lang)),
        Column(st.tx("progress_nat_short", lang)),
        Column(st.tx("progress_nat_long", lang)),
        Column(st.tx("explanation", lang)),
    ]
    rows: list[list[Cell]] = []
    for i in report.indicators:
        p = i.progress
        main = p.get("eu_short") or p.get("national_short")
        explanation = explained(main, lang) if main else None
        rows.append(
            [
                i.code,
                i.name(lang),
                st.tx("eu_level" if i.is_canonical else "national_level", lang),
                i.unit,
                i.latest_year,
                i.latest_value,
                i.latest_flag if i.latest_value is not None else st.tx("no_data", lang),
                i.eu_target,
                i.eu_target_year,
                i.national_target,
                i.national_target_year,
                i.distance_eu,
                i.distance_national,
                *(
                    st.progress_label(p[k], lang) if k in p else None
                    for k in ("eu_short", "eu_long", "national_short", "national_long")
                ),
                explanation,
            ]
        )
    write_table(ws, 1, "Indicators", cols, rows, lang)
    # Only percent indicators get the percent format (a national count keeps plain numbers).
    for r, ind in enumerate(report.indicators, start=2):
        if ind.unit != "percent":
            for c in (6, 8, 10):
                ws.cell(row=r, column=c).number_format = NUMBER_FORMAT


def _regions(ws: Worksheet, report: SemesterReport, lang: str) -> None:
    cols = [
        Column(st.tx("code", lang)),
        Column(st.tx("region", lang)),
        Column(st.tx("nuts_version", lang)),
        Column(st.tx("year", lang), INT_FORMAT),
        Column("ELET", PCT_FORMAT),
        Column(st.tx("flag", lang)),
    ]
    rows: list[list[Cell]] = [
        [
            r.code,
            r.name(lang),
            r.nuts_version,
            r.year,
            r.value,
            r.flag if r.value is not None or r.flag else st.tx("no_data", lang),
        ]
        for r in report.regions
    ]
    write_table(ws, 1, "Regions", cols, rows, lang)


def write_xlsx(report: SemesterReport, lang: str = "en") -> bytes:
    """The workbook as bytes (build everything in memory: a failure never leaves a file)."""
    wb = Workbook()
    builders = (_cover, _strategy, _objectives, _milestones, _budget, _indicators, _regions)
    for index, (title, build) in enumerate(zip(SHEETS, builders, strict=True)):
        ws = wb.active if index == 0 else wb.create_sheet()
        ws.title = title
        ws.freeze_panes = "A2"
        build(ws, report, lang)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
