"""The Semester report as a Word document an officer can edit and send as it is (python-docx).

Same content and order as ``exports.semester_pdf`` (title page, key points, strategy,
objectives, milestones, budget, indicators, regions), from the same ``SemesterReport`` and the
same ``exports.semester_text`` wording, so the three formats never disagree. Word-specific:

* Headings use the built-in "Heading 1"/"Heading 2" styles, so the navigation pane and an
  inserted table of contents pick them up.
* Tables are real Word tables ("Table Grid") whose first row is a repeating header row
  (``w:tblHeader``) and whose rows do not split across pages.
* Charts are the PDF's own reportlab drawings (``exports.semester_charts``) rasterised to PNG
  with Pillow, because reportlab's PNG backend needs pycairo, which has no Linux wheel.
* Core properties (title, subject, language, dates) and the proofing language are set, and the
  footer carries the PDF's footer text with live PAGE / NUMPAGES fields.
"""

from __future__ import annotations

import io
import itertools
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph
from PIL import Image, ImageDraw, ImageFont
from reportlab.graphics.renderbase import Renderer, getStateDelta
from reportlab.graphics.shapes import Drawing

from pathways_monitor.analysis.progress import ProgressAssessment, explained
from pathways_monitor.presentation.theme import MILESTONE_STATUS_ICONS, OKABE_ITO, PROGRESS_CLASSES
from pathways_monitor.reports import semester_charts as charts
from pathways_monitor.reports import semester_text as st
from pathways_monitor.reports.semester_data import IndicatorRow, SemesterReport
from pathways_monitor.reports.semester_pdf import FONT_DIRS, MAX_LATE_ROWS, fonts

PAGE_W_MM, PAGE_H_MM, MARGIN_MM = 210, 297, 18
CONTENT_MM = PAGE_W_MM - 2 * MARGIN_MM
HEADER_FILL = "E8EEF5"  # the PDF's HEADER_BG
EXAMPLE_BORDER = OKABE_ITO["vermillion"].lstrip("#").upper()
EXAMPLE_FILL = "FFF4EC"
SOURCE_GREY = RGBColor(0x55, 0x55, 0x55)
CHART_DPI = 150
SUPERSAMPLE = 2  # drawn at twice the size, then downscaled: Pillow's lines are not antialiased
PROOFING = {"en": "en-GB", "nl": "nl-NL", "fr": "fr-FR", "de": "de-DE"}
# Characters XML 1.0 forbids; an upload could carry them and lxml would refuse the text.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


# --------------------------------------------------------------------------- charts as PNG


@cache
def _font_path(bold: bool) -> str | None:
    """DejaVu Sans like the PDF when installed (it has €, dashes and the minus sign)."""
    for folder in FONT_DIRS:
        path = folder / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")
        if path.is_file():
            return str(path)
    return None


@cache
def _font(size_px: int, bold: bool) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    path = _font_path(bold)
    if path is not None:
        return ImageFont.truetype(path, size_px)
    return ImageFont.load_default(size=size_px)


def _rgb(colour: Any) -> tuple[int, int, int] | None:
    """A reportlab colour as an RGB triple; None (no paint) stays None."""
    if colour is None:
        return None
    return (round(colour.red * 255), round(colour.green * 255), round(colour.blue * 255))


class _NullCanvas:
    """What reportlab's ``Renderer.draw`` expects of a canvas; the image is drawn elsewhere."""

    def saveState(self) -> None:
        pass

    def restoreState(self) -> None:
        pass


class _PillowRenderer(Renderer):
    """Paints the shapes the Semester charts use (lines, rects, polygons, circles, strings)
    onto a Pillow image, following reportlab's state tracker for transforms and styles."""

    def __init__(self, drawing: Drawing, scale: float, box: tuple[float, ...]) -> None:
        self.scale = scale
        self.left, self.top = box[0], box[3]
        size = (math.ceil((box[2] - box[0]) * scale), math.ceil((box[3] - box[1]) * scale))
        self.image = Image.new("RGB", size, "white")
        self.pen = ImageDraw.Draw(self.image)

    def applyStateChanges(self, delta: dict[str, Any], newState: dict[str, Any]) -> None:
        pass  # every draw call reads the complete state from the tracker

    def drawNode(self, node: Any) -> None:
        self._tracker.push(getStateDelta(node))
        self.drawNodeDispatcher(node)
        self._tracker.pop()

    def _state(self, key: str) -> Any:
        return self._tracker.getState().get(key)

    def _xy(self, x: float, y: float) -> tuple[float, float]:
        a, b, c, d, e, f = self._tracker.getCTM()
        ux, uy = a * x + c * y + e, b * x + d * y + f
        return (ux - self.left) * self.scale, (self.top - uy) * self.scale

    def _width(self) -> int:
        return max(1, round((self._state("strokeWidth") or 1) * self.scale))

    def _stroke(self, points: list[tuple[float, float]], closed: bool = False) -> None:
        colour = _rgb(self._state("strokeColor"))
        if colour is None or len(points) < 2:
            return
        if closed:
            points = [*points, points[0]]
        dash = self._state("strokeDashArray")
        width = self._width()
        if not dash:
            self.pen.line(points, fill=colour, width=width, joint="curve")
            return
        if len(dash) == 2 and isinstance(dash[1], list | tuple):  # (phase, pattern) form
            dash = dash[1]
        on_off = [max(1.0, float(v) * self.scale) for v in dash]
        for (x0, y0), (x1, y1) in itertools.pairwise(points):
            length = math.hypot(x1 - x0, y1 - y0)
            pos, i = 0.0, 0
            while pos < length:
                step = min(on_off[i % len(on_off)], length - pos)
                if i % 2 == 0:
                    t0, t1 = pos / length, (pos + step) / length
                    self.pen.line(
                        [(x0 + (x1 - x0) * t0, y0 + (y1 - y0) * t0),
                         (x0 + (x1 - x0) * t1, y0 + (y1 - y0) * t1)],
                        fill=colour,
                        width=width,
                    )  # fmt: skip
                pos += step
                i += 1

    def _points(self, flat: Sequence[float]) -> list[tuple[float, float]]:
        return [self._xy(flat[i], flat[i + 1]) for i in range(0, len(flat) - 1, 2)]

    def _shape(self, points: list[tuple[float, float]]) -> None:
        fill = _rgb(self._state("fillColor"))
        if fill is not None and len(points) > 2:
            self.pen.polygon(points, fill=fill)
        self._stroke(points, closed=True)

    def drawLine(self, line: Any) -> None:
        self._stroke([self._xy(line.x1, line.y1), self._xy(line.x2, line.y2)])

    def drawRect(self, rect: Any) -> None:
        x, y, w, h = rect.x, rect.y, rect.width, rect.height
        self._shape(
            [self._xy(x, y), self._xy(x + w, y), self._xy(x + w, y + h), self._xy(x, y + h)]
        )

    def drawPolygon(self, polygon: Any) -> None:
        self._shape(self._points(polygon.points))

    def drawPolyLine(self, polyline: Any) -> None:
        self._stroke(self._points(polyline.points))

    def drawCircle(self, circle: Any) -> None:
        cx, cy = self._xy(circle.cx, circle.cy)
        r = circle.r * self.scale * math.hypot(*self._tracker.getCTM()[:2])
        box = [cx - r, cy - r, cx + r, cy + r]
        self.pen.ellipse(
            box,
            fill=_rgb(self._state("fillColor")),
            outline=_rgb(self._state("strokeColor")),
            width=self._width(),
        )

    def drawEllipse(self, ellipse: Any) -> None:
        cx, cy = self._xy(ellipse.cx, ellipse.cy)
        rx, ry = ellipse.rx * self.scale, ellipse.ry * self.scale
        self.pen.ellipse(
            [cx - rx, cy - ry, cx + rx, cy + ry],
            fill=_rgb(self._state("fillColor")),
            outline=_rgb(self._state("strokeColor")),
        )

    def drawString(self, string: Any) -> None:
        colour = _rgb(string.fillColor)
        if colour is None or not string.text:
            return
        size = max(6, round(string.fontSize * self.scale * math.hypot(*self._tracker.getCTM()[:2])))
        anchor = {"middle": "ms", "end": "rs", "numeric": "rs"}.get(string.textAnchor, "ls")
        self.pen.text(
            self._xy(string.x, string.y),
            string.text,
            fill=colour,
            font=_font(size, "Bold" in (string.fontName or "")),
            anchor=anchor,
        )


def chart_png(drawing: Drawing, dpi: int = CHART_DPI) -> bytes:
    """One of the PDF's chart drawings as PNG bytes (white background, ``dpi`` at print size)."""
    scale = dpi / 72
    # Axis labels and legends may reach past the drawing's box (the PDF lets them overflow
    # onto the page): the image covers both, plus a small margin.
    x0, y0, x1, y1 = drawing.getBounds()
    box = (min(0, x0) - 2, min(0, y0) - 2, max(drawing.width, x1) + 2, max(drawing.height, y1) + 2)
    renderer = _PillowRenderer(drawing, scale * SUPERSAMPLE, box)
    renderer.draw(drawing, _NullCanvas(), 0, 0, showBoundary=False)
    size = (math.ceil((box[2] - box[0]) * scale), math.ceil((box[3] - box[1]) * scale))
    image = renderer.image.resize(size, Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True, dpi=(dpi, dpi))
    return buffer.getvalue()


# --------------------------------------------------------------------------- OOXML helpers


def _clean(text: str | None) -> str:
    """Store text made XML-safe (python-docx escapes markup itself; control bytes it cannot)."""
    return _XML_INVALID.sub("", text or "–")


def _set(parent: Any, tag: str, **attrs: str) -> Any:
    """Add (or replace) the child ``tag`` of an OOXML element with the given w: attributes."""
    for old in parent.findall(qn(tag)):
        parent.remove(old)
    child = OxmlElement(tag)
    for key, value in attrs.items():
        child.set(qn(f"w:{key}"), value)
    parent.append(child)
    return child


def _shade(cell_or_ppr: Any, fill: str) -> None:
    _set(cell_or_ppr, "w:shd", val="clear", color="auto", fill=fill)


def _field(paragraph: Paragraph, instruction: str) -> None:
    """A simple field (PAGE, NUMPAGES) Word computes itself when it lays out the page."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


Cell = str | list[list[tuple[str, bool]]]  # text, or lines of (text, bold) runs


@dataclass(frozen=True)
class Col:
    """A table column: header text, share of the content width, right-aligned numbers."""

    header: str
    width: float
    numeric: bool = False


# --------------------------------------------------------------------------- the writer


class _Writer:
    """Builds one report in one language into a python-docx Document, in the PDF's order."""

    def __init__(self, report: SemesterReport, lang: str) -> None:
        self.r = report
        self.lang = lang
        self.doc: DocxDocument = Document()
        self.name = report.country_name(lang)
        self.font = fonts().regular  # the PDF's chart font, so labels measure the same
        self._page_setup()

    def tx(self, key: str, **values: object) -> str:
        return st.tx(key, self.lang, **values)

    # ------------------------------------------------------------------ document setup

    def _page_setup(self) -> None:
        section = self.doc.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(PAGE_W_MM), Mm(PAGE_H_MM)
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Mm(MARGIN_MM))
        normal = self.doc.styles["Normal"]
        normal.font.size = Pt(10)
        # Proofing language of the whole document (docDefaults), so spelling checks fit.
        rpr = self.doc.styles.element.find(qn("w:docDefaults"))
        rpr = rpr.find(qn("w:rPrDefault")).find(qn("w:rPr")) if rpr is not None else None
        if rpr is not None:
            tag = PROOFING.get(self.lang, self.lang)
            _set(rpr, "w:lang", val=tag, eastAsia=tag, bidi=tag)

    def _footer(self) -> None:
        """The PDF's footer: report name left, "Page n of N" with live fields right."""
        footer = self.doc.sections[0].footer
        p = footer.paragraphs[0]
        p.text = ""
        run = p.add_run(
            _clean(
                f"Pathways Monitor · {self.tx('report_title')} · {self.name} · "
                f"{self.r.reporting_year}"
            )
        )
        run.font.size = Pt(7.5)
        run.font.color.rgb = SOURCE_GREY
        p.add_run("\t")
        template = self.tx("page", n="\x00n\x00", total="\x00total\x00")
        for part in re.split("(\x00n\x00|\x00total\x00)", template):
            if part == "\x00n\x00":
                _field(p, "PAGE")
            elif part == "\x00total\x00":
                _field(p, "NUMPAGES")
            elif part:
                small = p.add_run(part)
                small.font.size = Pt(7.5)
                small.font.color.rgb = SOURCE_GREY
        tabs = p.paragraph_format.tab_stops
        tabs.clear_all()
        tabs.add_tab_stop(Mm(CONTENT_MM), WD_TAB_ALIGNMENT.RIGHT)

    def _properties(self) -> None:
        props = self.doc.core_properties
        props.title = _clean(
            f"{self.tx('report_title')} – {self.name} {self.r.reporting_year}"
        )  # same as the PDF's title
        props.subject = _clean(self.r.strategy.title)
        props.author = "Pathways Monitor"
        props.last_modified_by = "Pathways Monitor"
        props.language = PROOFING.get(self.lang, self.lang)
        props.keywords = f"European Semester; {self.r.country}; {self.r.reporting_year}"
        props.category = self.tx("report_title")
        props.comments = ""
        props.revision = 1
        created = self.r.generated_at.replace(tzinfo=None)
        props.created = created
        props.modified = created

    # ------------------------------------------------------------------ building blocks

    def heading(self, text: str, level: int) -> Paragraph:
        return self.doc.add_heading(_clean(text), level=level)

    def para(self, text: str | None, *, bold: bool = False, size: float | None = None) -> Paragraph:
        p = self.doc.add_paragraph()
        run = p.add_run(_clean(text))
        run.bold = bold or None
        if size is not None:
            run.font.size = Pt(size)
        return p

    def source(self, text: str) -> Paragraph:
        """A source line: small and grey, like the PDF's source style."""
        p = self.para(text, size=8)
        p.runs[0].font.color.rgb = SOURCE_GREY
        return p

    def picture(self, drawing: Drawing, alt: str) -> None:
        """A chart as PNG at its print width, with alternative text for screen readers."""
        png = chart_png(drawing)
        width_mm = Image.open(io.BytesIO(png)).width / CHART_DPI * 25.4
        self.doc.add_picture(io.BytesIO(png), width=Mm(min(CONTENT_MM, width_mm)))
        inline = self.doc.inline_shapes[-1]._inline
        inline.docPr.set("descr", _clean(alt))
        inline.docPr.set("title", _clean(alt))

    def table(
        self,
        columns: Sequence[Col],
        rows: Sequence[Sequence[Cell]],
        *,
        bold_last: bool = False,
        size: float = 8,
    ) -> Table:
        """A gridded Word table: a shaded, bold, repeating header row; rows kept whole.

        A cell is plain text or lines of (text, bold) runs (the objectives' tags).
        """
        table = self.doc.add_table(rows=1, cols=len(columns))
        table.style = self.doc.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        total = sum(c.width for c in columns)
        widths = [Mm(CONTENT_MM * c.width / total) for c in columns]
        for grid_col, width in zip(table._tbl.tblGrid.gridCol_lst, widths, strict=True):
            grid_col.w = width  # LibreOffice lays out by the grid, Word by the cell widths
        header = table.rows[0]
        trpr = header._tr.get_or_add_trPr()
        _set(trpr, "w:tblHeader", val="true")
        _set(trpr, "w:cantSplit", val="true")
        for cell, col, width in zip(header.cells, columns, widths, strict=True):
            cell.width = width
            _shade(cell._tc.get_or_add_tcPr(), HEADER_FILL)
            p = cell.paragraphs[0]
            run = p.add_run(_clean(col.header))
            run.bold = True
            run.font.size = Pt(size)
            if col.numeric:
                p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        for n, values in enumerate(rows, start=1):
            row = table.add_row()
            _set(row._tr.get_or_add_trPr(), "w:cantSplit", val="true")
            last = bold_last and n == len(rows)
            for cell, col, width, value in zip(row.cells, columns, widths, values, strict=True):
                cell.width = width
                p = cell.paragraphs[0]
                if col.numeric:
                    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                lines = value if isinstance(value, list) else [[(value, False)]]
                for i, line in enumerate(lines):
                    if i:
                        p.add_run().add_break()
                    for text, bold in line:
                        run = p.add_run(_clean(text) if text != "" else "")
                        run.bold = (bold or last) or None
                        run.font.size = Pt(size)
        self.doc.add_paragraph()  # Word joins adjacent tables; keep them apart
        return table

    def progress(self, assessment: ProgressAssessment | None) -> str:
        """The class label with its qualifier and the PDF's icon (Word falls back on fonts)."""
        label = st.progress_label(assessment, self.lang)
        cls = assessment.progress_class if assessment is not None else None
        return f"{PROGRESS_CLASSES[cls][0]} {label}" if cls in PROGRESS_CLASSES else label

    def status(self, status: str) -> str:
        label = st.milestone_status(status, self.lang)
        icon = MILESTONE_STATUS_ICONS.get(status)
        return f"{icon} {label}" if icon else label

    def num(self, value: float | None, unit: str = "%") -> str:
        return st.fmt_value(value, unit, self.lang) if value is not None else "–"

    def eur(self, value: Any) -> str:
        return st.fmt_eur(value, self.lang)

    def share(self, value: Any) -> str:
        return st.fmt_percent(value, self.lang)

    def page_break(self) -> None:
        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    # ------------------------------------------------------------------ sections

    def title_page(self) -> None:
        r, s = self.r, self.r.strategy
        self.doc.add_paragraph(_clean(self.tx("report_title")), style="Title")
        self.heading(f"{self.name} · {r.reporting_year}", 1)
        self.doc.add_paragraph(_clean(self.tx("subtitle")), style="Subtitle")
        if s.is_example:
            p = self.para(self.tx("example_note"), bold=True)
            ppr = p._p.get_or_add_pPr()
            borders = _set(ppr, "w:pBdr")
            for side in ("top", "left", "bottom", "right"):
                _set(borders, f"w:{side}", val="single", sz="12", space="4", color=EXAMPLE_BORDER)
            _shade(ppr, EXAMPLE_FILL)
        facts = [
            [self.tx("country"), f"{self.name} ({r.country})"],
            [self.tx("strategy"), s.title],
            [self.tx("version"), str(s.version)],
            [self.tx("period"), f"{s.period_start}–{s.period_end}"],
            [self.tx("status"), st.strategy_status(s.status, self.lang)],
            [self.tx("adopted_on"), st.fmt_date(s.adopted_on, self.lang)],
            [self.tx("reporting_year"), str(r.reporting_year)],
            [self.tx("report_date"), st.fmt_date(r.as_of, self.lang)],
            [self.tx("generated"), st.fmt_datetime(r.generated_at, self.lang)],
        ]
        self.table([Col(self.tx("field"), 45), Col(self.tx("value"), CONTENT_MM - 45)], facts)
        self.heading(self.tx("sources"), 2)
        rows = [
            [
                d.file_name,
                st.kind_label(d.kind, self.lang),
                ", ".join(d.datasets) or "–",
                st.fmt_datetime(d.created_at, self.lang),
            ]
            for d in r.sources
        ]
        self.table(
            [
                Col(self.tx("file"), 60),
                Col(self.tx("kind"), 35),
                Col(self.tx("dataset"), 35),
                Col(self.tx("imported_at"), CONTENT_MM - 130),
            ],
            rows,
        )
        self.source(self.tx("contents_note"))
        self.page_break()

    def key_points(self) -> None:
        self.heading(self.tx("key_points"), 1)
        sentences = [st.indicator_sentence(i, self.lang) for i in self.r.indicators]
        sentences += [
            st.milestone_sentence(self.r, self.lang),
            st.budget_sentence(self.r, self.lang),
            st.regions_sentence(self.r, self.lang),
        ]
        for sentence in sentences:
            self.doc.add_paragraph(_clean(sentence), style="List Bullet")

    def strategy(self) -> None:
        s = self.r.strategy
        self.heading(self.tx("strategy_heading"), 1)
        self.heading(s.title, 2)
        for key, value in (
            ("coordination_body", s.coordination_body),
            ("coordination_mechanism", s.coordination_mechanism),
            ("monitoring_arrangements", s.monitoring_arrangements),
            ("summary", s.summary),
        ):
            self.para(self.tx(key), bold=True).paragraph_format.keep_with_next = True
            self.para(value or self.tx("not_given"))
        files = [d.file_name for d in self.r.sources if d.kind == "strategy"]
        if files:
            self.source(self.tx("source_strategy", file=", ".join(files)))

    def objectives(self) -> None:
        self.heading(self.tx("objectives_heading"), 1)
        dims = (
            "policy_area",
            "measure_type",
            "reach",
            "target_group",
            "education_level",
            "governance_level",
        )
        rows: list[list[Cell]] = []
        for o in self.r.objectives:
            # "Dimension:" in bold, then its terms; one dimension a line, as in the PDF.
            tags: Cell = [
                [
                    (f"{st.dimension_label(d, self.lang)}: ", True),
                    (st.tags_text(d, o.tags.get(d, ()), self.lang) or "–", False),
                ]
                for d in dims
            ]
            title = o.title + (f" ({o.lead_body})" if o.lead_body else "")
            rows.append([o.code, title, tags])
        if not rows:
            self.para(self.tx("no_data"))
            return
        cols = [Col(self.tx("code"), 14), Col(self.tx("title"), 62), Col(self.tx("tags"), 98)]
        self.table(cols, rows, size=7.5)

    def milestones(self) -> None:
        r = self.r
        self.heading(self.tx("milestones_heading"), 1)
        self.para(st.milestone_sentence(r, self.lang))
        if not r.milestones:
            return
        self.picture(charts.milestone_chart(r, self.lang, self.font), self.tx("chart_milestones"))
        late = sorted(
            (m for m in r.milestones if m.is_late),
            key=lambda m: (-m.days_overdue, m.objective_code, m.code),
        )
        self.heading(self.tx("late_heading"), 2)
        if not late:
            self.para(self.tx("no_late"))
            return
        rows = [
            [
                m.objective_code,
                m.title,
                st.fmt_date(m.due_date, self.lang),
                self.status(m.status),
                str(m.days_overdue),
                m.responsible_body or "–",
            ]
            for m in late[:MAX_LATE_ROWS]
        ]
        self.table(
            [
                Col(self.tx("objective"), 20),
                Col(self.tx("milestone"), 62),
                Col(self.tx("due_date"), 22),
                Col(self.tx("status"), 24),
                Col(self.tx("days_overdue"), 16, numeric=True),
                Col(self.tx("responsible_body"), CONTENT_MM - 144),
            ],
            rows,
        )

    def budget(self) -> None:
        b = self.r.budget
        self.heading(self.tx("budget_heading"), 1)
        self.para(st.budget_sentence(self.r, self.lang))
        if not b.cells:
            return
        self.picture(charts.budget_chart(self.r, self.lang, self.font), self.tx("chart_budget"))
        self.heading(self.tx("budget_funds"), 2)
        rows = [
            [
                f.name(self.lang),
                st.tx("yes" if f.is_eu else "no", self.lang),
                self.eur(f.amounts.planned),
                self.eur(f.amounts.committed),
                self.eur(f.amounts.spent),
                self.share(f.share_of_total),
            ]
            for f in b.by_fund
        ]
        rows.append(
            [
                self.tx("total"),
                "",
                self.eur(b.total.planned),
                self.eur(b.total.committed),
                self.eur(b.total.spent),
                "100 %" if b.total.planned else "–",
            ]
        )
        self.table(
            [
                Col(self.tx("funding_source"), 40),
                Col(self.tx("eu_fund"), 16),
                Col(self.tx("planned"), 33, numeric=True),
                Col(self.tx("committed"), 33, numeric=True),
                Col(self.tx("spent"), 33, numeric=True),
                Col(self.tx("share_total"), CONTENT_MM - 155, numeric=True),
            ],
            rows,
            bold_last=True,
        )
        self.heading(self.tx("budget_years"), 2)
        rows = [
            [
                str(y.year),
                self.eur(y.amounts.planned),
                self.eur(y.amounts.committed),
                self.eur(y.amounts.spent),
                self.share(y.eu_share),
            ]
            for y in b.by_year
        ]
        rows.append(
            [
                self.tx("total"),
                self.eur(b.total.planned),
                self.eur(b.total.committed),
                self.eur(b.total.spent),
                self.share(b.eu_share),
            ]
        )
        self.table(
            [
                Col(self.tx("year"), 20),
                Col(self.tx("planned"), 38, numeric=True),
                Col(self.tx("committed"), 38, numeric=True),
                Col(self.tx("spent"), 38, numeric=True),
                Col(self.tx("eu_share"), CONTENT_MM - 134, numeric=True),
            ],
            rows,
            bold_last=True,
        )

    def indicator_block(self, ind: IndicatorRow) -> None:
        name = ind.name(self.lang)
        self.heading(f"{name} ({ind.code})", 2)
        self.para(st.indicator_sentence(ind, self.lang))
        if not ind.series:
            return
        drawing = charts.indicator_chart(ind, self.lang, self.name, self.font)
        self.picture(drawing, self.tx("chart_indicator", name=name, country=self.name))
        main = ind.progress.get("eu_short") or ind.progress.get("national_short")
        if main is not None:
            self.para(explained(main, self.lang), size=8)
        if ind.source:
            self.source(self.tx("source_plain", source=ind.source or "–"))

    def indicators(self) -> None:
        self.page_break()
        self.heading(self.tx("indicators_heading"), 1)
        rows = []
        for i in self.r.indicators:
            u = i.unit_suffix
            latest = (
                f"{self.num(i.latest_value, u)} ({i.latest_year})"
                if i.latest_value is not None
                else self.tx("no_data")
            )
            p = i.progress
            rows.append(
                [
                    i.code,
                    latest,
                    i.latest_flag or "",
                    st.fmt_target(i.eu_target, u, self.lang),
                    st.fmt_target(i.national_target, u, self.lang),
                    st.fmt_signed(i.distance_eu, self.lang),
                    self.progress(p["eu_short"]) if "eu_short" in p else "–",
                    self.progress(p["eu_long"]) if "eu_long" in p else "–",
                    self.progress(p["national_short"]) if "national_short" in p else "–",
                ]
            )
        self.table(
            [
                Col(self.tx("indicator"), 24),
                Col(self.tx("latest_value"), 22, numeric=True),
                Col(self.tx("flag"), 10),
                Col(self.tx("eu_target"), 14, numeric=True),
                Col(self.tx("national_target"), 17, numeric=True),
                Col(self.tx("distance_eu"), 19, numeric=True),
                Col(self.tx("progress_eu_short"), 22),
                Col(self.tx("progress_eu_long"), 22),
                Col(self.tx("progress_nat_short"), CONTENT_MM - 150),
            ],
            rows,
            size=7.5,
        )
        self.source(self.tx("source_eurostat", datasets=st.eurostat_datasets(self.r)))
        for ind in self.r.indicators:
            self.indicator_block(ind)

    def regions(self) -> None:
        self.heading(self.tx("regions_heading"), 1)
        self.para(st.regions_sentence(self.r, self.lang))
        if not self.r.regions:
            return
        rows = [
            [
                reg.code,
                reg.name(self.lang),
                reg.nuts_version or "–",
                str(reg.year) if reg.year else "–",
                self.num(reg.value) if reg.value is not None else self.tx("no_data"),
                reg.flag or "",
            ]
            for reg in self.r.regions
        ]
        self.table(
            [
                Col(self.tx("code"), 20),
                Col(self.tx("region"), 60),
                Col(self.tx("nuts_version"), 25),
                Col(self.tx("year"), 18),
                Col("ELET", 25, numeric=True),
                Col(self.tx("flag"), CONTENT_MM - 148),
            ],
            rows,
        )
        self.source(self.tx("source_eurostat", datasets="edat_lfse_16"))
        self.source(self.tx("method_note"))

    def build(self) -> bytes:
        self._properties()
        self._footer()
        self.title_page()
        self.key_points()
        self.strategy()
        self.objectives()
        self.milestones()
        self.budget()
        self.indicators()
        self.regions()
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return buffer.getvalue()


def write_docx(report: SemesterReport, lang: str = "en") -> bytes:
    """The Word document as bytes (built in memory: a failure never leaves a broken file)."""
    return _Writer(report, lang).build()
