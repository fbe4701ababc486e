"""The Semester report as a PDF for people: title page, plain-language summaries, charts,
tables, page numbers and source attribution, in English or Dutch (reportlab platypus).

Font: DejaVu Sans (embedded, subset) when installed, because it has €, ë, dashes and the
status icons (★ ▲ ► ▼ ✖ ○ ● ⚠); otherwise Helvetica, whose Latin-1 + € covers the text, with
icons dropped and the minus sign replaced. Every text from the store is XML-escaped before it
reaches a Paragraph (an uploaded "<b>" or "&" stays literal text).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from pathways_monitor.analysis.progress import ProgressAssessment, explained
from pathways_monitor.presentation.theme import (
    LATE_ICON,
    MILESTONE_STATUS_ICONS,
    OKABE_ITO,
    PROGRESS_CLASSES,
)
from pathways_monitor.reports import semester_charts as charts
from pathways_monitor.reports import semester_text as st
from pathways_monitor.reports.semester_data import IndicatorRow, SemesterReport

# The fonts shipped with the package first (the report looks the same everywhere), then the
# system's copy.
FONT_DIRS = (
    Path(__file__).resolve().parent / "fonts",
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/dejavu"),
)
PAGE_W, PAGE_H = A4
MARGIN = 18 * mm
CONTENT_W = PAGE_W - 2 * MARGIN
HEADER_BG = colors.HexColor("#e8eef5")
GRID = colors.HexColor("#b0b8c0")
MAX_LATE_ROWS = 40


@dataclass(frozen=True)
class Fonts:
    regular: str
    bold: str
    unicode: bool  # True: icons and U+2212 are available


@cache
def fonts() -> Fonts:
    """Register DejaVu Sans once (reportlab's registry is process-wide)."""
    for folder in FONT_DIRS:
        regular, bold = folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf"
        if regular.is_file() and bold.is_file():
            pdfmetrics.registerFont(TTFont("DejaVuSans", str(regular)))
            pdfmetrics.registerFont(TTFont("DejaVuSans-Bold", str(bold)))
            pdfmetrics.registerFontFamily(
                "DejaVuSans",
                normal="DejaVuSans",
                bold="DejaVuSans-Bold",
                italic="DejaVuSans",
                boldItalic="DejaVuSans-Bold",
            )
            return Fonts("DejaVuSans", "DejaVuSans-Bold", True)
    return Fonts("Helvetica", "Helvetica-Bold", False)


class _Writer:
    """Builds the story for one report and language; keeps styles and font choice together."""

    def __init__(self, report: SemesterReport, lang: str) -> None:
        self.r = report
        self.lang = lang
        self.f = fonts()
        base = getSampleStyleSheet()
        font, bold = self.f.regular, self.f.bold
        self.body = ParagraphStyle(
            "body", base["BodyText"], fontName=font, fontSize=9.5, leading=13, spaceAfter=4
        )
        self.small = ParagraphStyle("small", self.body, fontSize=7.5, leading=9.5, spaceAfter=0)
        self.small_bold = ParagraphStyle("smallb", self.small, fontName=bold)
        self.source = ParagraphStyle(
            "source", self.small, textColor=colors.HexColor("#555555"), spaceAfter=8
        )
        self.h1 = ParagraphStyle(
            "h1",
            base["Heading1"],
            fontName=bold,
            fontSize=16,
            leading=20,
            spaceBefore=6,
            spaceAfter=8,
        )
        self.h2 = ParagraphStyle(
            "h2",
            base["Heading2"],
            fontName=bold,
            fontSize=12,
            leading=15,
            spaceBefore=8,
            spaceAfter=4,
        )
        self.title = ParagraphStyle("title", self.h1, fontSize=26, leading=32, spaceAfter=14)
        self.bullet = ParagraphStyle("bullet", self.body, leftIndent=12, bulletIndent=2)

    # ------------------------------------------------------------------ text helpers

    def clean(self, text: str) -> str:
        """Characters the chosen font lacks are dropped or replaced (Helvetica fallback)."""
        if self.f.unicode:
            return text
        text = text.replace("\u2212", "-")
        return text.encode("cp1252", "ignore").decode("cp1252")

    def p(self, text: str | None, style: ParagraphStyle | None = None) -> Paragraph:
        """A paragraph of plain text (escaped: store content is never markup)."""
        return Paragraph(escape(self.clean(text or "–")).replace("\n", "<br/>"), style or self.body)

    def tx(self, key: str, **values: object) -> str:
        return st.tx(key, self.lang, **values)

    def progress(self, assessment: ProgressAssessment | None) -> str:
        """The class label with its qualifier ("target achieved, but moving away: ...")."""
        label = self.clean(st.progress_label(assessment, self.lang))
        cls = assessment.progress_class if assessment is not None else None
        if self.f.unicode and cls in PROGRESS_CLASSES:
            return f"{PROGRESS_CLASSES[cls][0]} {label}"
        return label

    def status(self, status: str) -> str:
        label = st.milestone_status(status, self.lang)
        icon = MILESTONE_STATUS_ICONS.get(status)
        return f"{icon} {label}" if self.f.unicode and icon else label

    def table(
        self,
        header: list[str],
        rows: Sequence[Sequence[str | Paragraph]],
        widths: list[float],
        *,
        numeric: tuple[int, ...] = (),
        bold_last: bool = False,
        size: float = 7.5,
    ) -> Table:
        """A gridded table of paragraphs; ``numeric`` columns right-aligned, header repeated."""
        small = ParagraphStyle("cell", self.small, fontSize=size, leading=size + 2)
        head = ParagraphStyle("head", small, fontName=self.f.bold)
        right = ParagraphStyle("num", small, alignment=2)
        data = [[self.p(h, head) for h in header]]
        for n, row in enumerate(rows, start=1):
            last = bold_last and n == len(rows)
            cells = []
            for i, text in enumerate(row):
                style = right if i in numeric else small
                if last:
                    style = ParagraphStyle("tot", style, fontName=self.f.bold)
                cells.append(text if isinstance(text, Paragraph) else self.p(text, style))
            data.append(cells)
        table = Table(data, colWidths=widths, repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("BACKGROUND", (0, 0), (-1, 0), HEADER_BG),
                    ("GRID", (0, 0), (-1, -1), 0.25, GRID),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 3),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                    (
                        "ROWBACKGROUNDS",
                        (0, 1),
                        (-1, -1),
                        [colors.white, colors.HexColor("#f6f8fa")],
                    ),
                ]
            )
        )
        return table

    def num(self, value: float | None, unit: str = "%") -> str:
        return self.clean(st.fmt_value(value, unit, self.lang)) if value is not None else "–"

    # ------------------------------------------------------------------ sections

    def title_page(self) -> list[Flowable]:
        r, s = self.r, self.r.strategy
        name = r.country_name(self.lang)
        out: list[Flowable] = [
            Spacer(1, 30 * mm),
            self.p(self.tx("report_title"), self.title),
            self.p(f"{name} · {r.reporting_year}", self.h1),
            self.p(self.tx("subtitle"), self.body),
            Spacer(1, 8 * mm),
        ]
        if s.is_example:
            box = Table([[self.p(self.tx("example_note"), self.body)]], colWidths=[CONTENT_W])
            box.setStyle(
                TableStyle(
                    [
                        ("BOX", (0, 0), (-1, -1), 1.2, colors.HexColor(OKABE_ITO["vermillion"])),
                        ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor("#fff4ec")),
                    ]
                )
            )
            out += [box, Spacer(1, 6 * mm)]
        facts = [
            [self.tx("country"), f"{name} ({r.country})"],
            [self.tx("strategy"), s.title],
            [self.tx("version"), str(s.version)],
            [self.tx("period"), f"{s.period_start}–{s.period_end}"],
            [self.tx("status"), st.strategy_status(s.status, self.lang)],
            [self.tx("adopted_on"), st.fmt_date(s.adopted_on, self.lang)],
            [self.tx("reporting_year"), str(r.reporting_year)],
            [self.tx("report_date"), st.fmt_date(r.as_of, self.lang)],
            [self.tx("generated"), st.fmt_datetime(r.generated_at, self.lang)],
        ]
        out.append(
            self.table([self.tx("field"), self.tx("value")], facts, [45 * mm, CONTENT_W - 45 * mm])
        )
        out += [Spacer(1, 6 * mm), self.p(self.tx("sources"), self.h2)]
        rows = [
            [
                d.file_name,
                st.kind_label(d.kind, self.lang),
                ", ".join(d.datasets) or "–",
                st.fmt_datetime(d.created_at, self.lang),
            ]
            for d in r.sources
        ]
        out.append(
            self.table(
                [self.tx("file"), self.tx("kind"), self.tx("dataset"), self.tx("imported_at")],
                rows,
                [60 * mm, 35 * mm, 35 * mm, CONTENT_W - 130 * mm],
            )
        )
        out += [Spacer(1, 4 * mm), self.p(self.tx("contents_note"), self.source), PageBreak()]
        return out

    def key_points(self) -> list[Flowable]:
        sentences = [st.indicator_sentence(i, self.lang) for i in self.r.indicators]
        sentences += [
            st.milestone_sentence(self.r, self.lang),
            st.budget_sentence(self.r, self.lang),
            st.regions_sentence(self.r, self.lang),
        ]
        out: list[Flowable] = [self.p(self.tx("key_points"), self.h1)]
        out += [Paragraph(escape(self.clean(s)), self.bullet, bulletText="•") for s in sentences]
        return out

    def strategy(self) -> list[Flowable]:
        s = self.r.strategy
        out: list[Flowable] = [
            self.p(self.tx("strategy_heading"), self.h1),
            self.p(s.title, self.h2),
        ]
        for key, value in (
            ("coordination_body", s.coordination_body),
            ("coordination_mechanism", s.coordination_mechanism),
            ("monitoring_arrangements", s.monitoring_arrangements),
            ("summary", s.summary),
        ):
            out.append(
                KeepTogether(
                    [
                        self.p(self.tx(key), self.small_bold),
                        self.p(value or self.tx("not_given")),
                    ]
                )
            )
        files = [d.file_name for d in self.r.sources if d.kind == "strategy"]
        if files:
            out.append(self.p(self.tx("source_strategy", file=", ".join(files)), self.source))
        return out

    def objectives(self) -> list[Flowable]:
        out: list[Flowable] = [
            CondPageBreak(60 * mm),
            self.p(self.tx("objectives_heading"), self.h1),
        ]
        dims = (
            "policy_area",
            "measure_type",
            "reach",
            "target_group",
            "education_level",
            "governance_level",
        )
        header = [self.tx("code"), self.tx("title"), self.tx("tags")]
        tag_style = ParagraphStyle("tags", self.small, fontSize=7, leading=9)
        rows: list[list[str | Paragraph]] = []
        for o in self.r.objectives:
            lines = [
                f"<b>{escape(self.clean(st.dimension_label(d, self.lang)))}:</b> "
                + escape(self.clean(st.tags_text(d, o.tags.get(d, ()), self.lang) or "–"))
                for d in dims
            ]
            title = o.title + (f" ({o.lead_body})" if o.lead_body else "")
            rows.append([o.code, title, Paragraph("<br/>".join(lines), tag_style)])
        widths = [14 * mm, 62 * mm, CONTENT_W - 76 * mm]
        table = self.table(header, rows, widths, size=7.5) if rows else self.p(self.tx("no_data"))
        out.append(table)
        return out

    def milestones(self) -> list[Flowable]:
        r = self.r
        out: list[Flowable] = [
            CondPageBreak(90 * mm),
            self.p(self.tx("milestones_heading"), self.h1),
            self.p(st.milestone_sentence(r, self.lang)),
        ]
        if not r.milestones:
            return out
        out.append(charts.milestone_chart(r, self.lang, self.f.regular))
        late = sorted(
            (m for m in r.milestones if m.is_late),
            key=lambda m: (-m.days_overdue, m.objective_code, m.code),
        )
        icon = f"{LATE_ICON} " if self.f.unicode else ""
        out.append(self.p(icon + self.tx("late_heading"), self.h2))
        if not late:
            out.append(self.p(self.tx("no_late")))
            return out
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
        out.append(
            self.table(
                [
                    self.tx("objective"),
                    self.tx("milestone"),
                    self.tx("due_date"),
                    self.tx("status"),
                    self.tx("days_overdue"),
                    self.tx("responsible_body"),
                ],
                rows,
                [20 * mm, 62 * mm, 22 * mm, 24 * mm, 16 * mm, CONTENT_W - 144 * mm],
                numeric=(4,),
            )
        )
        return out

    def budget(self) -> list[Flowable]:
        b = self.r.budget
        out: list[Flowable] = [
            CondPageBreak(110 * mm),
            self.p(self.tx("budget_heading"), self.h1),
            self.p(st.budget_sentence(self.r, self.lang)),
        ]
        if not b.cells:
            return out
        out.append(charts.budget_chart(self.r, self.lang, self.f.regular))
        eur = self.eur
        out += [CondPageBreak(70 * mm), self.p(self.tx("budget_funds"), self.h2)]
        rows = [
            [
                f.name(self.lang),
                st.tx("yes" if f.is_eu else "no", self.lang),
                eur(f.amounts.planned),
                eur(f.amounts.committed),
                eur(f.amounts.spent),
                self.share(f.share_of_total),
            ]
            for f in b.by_fund
        ]
        rows.append(
            [
                self.tx("total"),
                "",
                eur(b.total.planned),
                eur(b.total.committed),
                eur(b.total.spent),
                "100 %" if b.total.planned else "–",
            ]
        )
        out.append(
            self.table(
                [
                    self.tx("funding_source"),
                    self.tx("eu_fund"),
                    self.tx("planned"),
                    self.tx("committed"),
                    self.tx("spent"),
                    self.tx("share_total"),
                ],
                rows,
                [40 * mm, 16 * mm, 33 * mm, 33 * mm, 33 * mm, CONTENT_W - 155 * mm],
                numeric=(2, 3, 4, 5),
                bold_last=True,
            )
        )
        out += [CondPageBreak(70 * mm), self.p(self.tx("budget_years"), self.h2)]
        rows = [
            [
                str(y.year),
                eur(y.amounts.planned),
                eur(y.amounts.committed),
                eur(y.amounts.spent),
                self.share(y.eu_share),
            ]
            for y in b.by_year
        ]
        rows.append(
            [
                self.tx("total"),
                eur(b.total.planned),
                eur(b.total.committed),
                eur(b.total.spent),
                self.share(b.eu_share),
            ]
        )
        out.append(
            self.table(
                [
                    self.tx("year"),
                    self.tx("planned"),
                    self.tx("committed"),
                    self.tx("spent"),
                    self.tx("eu_share"),
                ],
                rows,
                [20 * mm, 38 * mm, 38 * mm, 38 * mm, CONTENT_W - 134 * mm],
                numeric=(1, 2, 3, 4),
                bold_last=True,
            )
        )
        return out

    def eur(self, value: object) -> str:
        return self.clean(st.fmt_eur(value, self.lang))  # type: ignore[arg-type]

    def share(self, value: object) -> str:
        if value is None:
            return "–"
        return st.fmt_percent(value, self.lang)  # type: ignore[arg-type]

    def indicator_block(self, ind: IndicatorRow) -> list[Flowable]:
        name = ind.name(self.lang)
        country = self.r.country_name(self.lang)
        block: list[Flowable] = [
            self.p(f"{name} ({ind.code})", self.h2),
            self.p(st.indicator_sentence(ind, self.lang)),
        ]
        if ind.series:
            block.append(charts.indicator_chart(ind, self.lang, country, self.f.regular))
            main = ind.progress.get("eu_short") or ind.progress.get("national_short")
            if main is not None:
                block.append(
                    self.p(
                        explained(main, self.lang),
                        self.small,
                    )
                )
            if ind.source:
                block.append(self.p(self.tx("source_plain", source=ind.source or "–"), self.source))
        return [KeepTogether(block)]

    def indicators(self) -> list[Flowable]:
        out: list[Flowable] = [PageBreak(), self.p(self.tx("indicators_heading"), self.h1)]
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
                    f"{i.code}",
                    latest,
                    i.latest_flag or "",
                    self.clean(st.fmt_target(i.eu_target, u, self.lang)),
                    self.clean(st.fmt_target(i.national_target, u, self.lang)),
                    self.clean(st.fmt_signed(i.distance_eu, self.lang)),
                    self.progress(p["eu_short"]) if "eu_short" in p else "–",
                    self.progress(p["eu_long"]) if "eu_long" in p else "–",
                    self.progress(p["national_short"]) if "national_short" in p else "–",
                ]
            )
        out.append(
            self.table(
                [
                    self.tx("indicator"),
                    self.tx("latest_value"),
                    self.tx("flag"),
                    self.tx("eu_target"),
                    self.tx("national_target"),
                    self.tx("distance_eu"),
                    self.tx("progress_eu_short"),
                    self.tx("progress_eu_long"),
                    self.tx("progress_nat_short"),
                ],
                rows,
                [
                    24 * mm,
                    22 * mm,
                    10 * mm,
                    14 * mm,
                    17 * mm,
                    19 * mm,
                    22 * mm,
                    22 * mm,
                    CONTENT_W - 150 * mm,
                ],
                numeric=(1, 3, 4, 5),
            )
        )
        out.append(
            self.p(self.tx("source_eurostat", datasets=st.eurostat_datasets(self.r)), self.source)
        )
        for ind in self.r.indicators:
            out += self.indicator_block(ind)
        return out

    def regions(self) -> list[Flowable]:
        out: list[Flowable] = [
            CondPageBreak(80 * mm),
            self.p(self.tx("regions_heading"), self.h1),
            self.p(st.regions_sentence(self.r, self.lang)),
        ]
        if not self.r.regions:
            return out
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
        out.append(
            self.table(
                [
                    self.tx("code"),
                    self.tx("region"),
                    self.tx("nuts_version"),
                    self.tx("year"),
                    "ELET",
                    self.tx("flag"),
                ],
                rows,
                [20 * mm, 60 * mm, 25 * mm, 18 * mm, 25 * mm, CONTENT_W - 148 * mm],
                numeric=(4,),
            )
        )
        out.append(self.p(self.tx("source_eurostat", datasets="edat_lfse_16"), self.source))
        out.append(self.p(self.tx("method_note"), self.source))
        return out

    def story(self) -> list[Flowable]:
        return [
            *self.title_page(),
            *self.key_points(),
            *self.strategy(),
            *self.objectives(),
            *self.milestones(),
            *self.budget(),
            *self.indicators(),
            *self.regions(),
        ]


def _numbered_canvas(footer_left: str, page_text: str, font: str) -> type[Canvas]:
    """A canvas class that writes "Page n of N" once the page count is known."""
    page_fmt = page_text

    class NumberedCanvas(Canvas):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)  # type: ignore[arg-type]
            self._pages: list[dict] = []  # type: ignore[type-arg]

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self.setFont(font, 7.5)
                self.setFillColor(colors.HexColor("#555555"))
                self.drawString(MARGIN, 10 * mm, footer_left)
                self.drawRightString(
                    PAGE_W - MARGIN, 10 * mm, page_fmt.format(n=self._pageNumber, total=total)
                )
                super().showPage()
            super().save()

    return NumberedCanvas


def write_pdf(report: SemesterReport, lang: str = "en") -> bytes:
    """The PDF as bytes (built in memory: a failure never leaves a broken file)."""
    writer = _Writer(report, lang)
    buffer = io.BytesIO()
    name = report.country_name(lang)
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN + 4 * mm,
        title=f"{st.tx('report_title', lang)} – {name} {report.reporting_year}",
        author="Pathways Monitor",
        subject=report.strategy.title,
        lang=lang,
        invariant=True,
    )
    footer = writer.clean(
        f"Pathways Monitor · {st.tx('report_title', lang)} · {name} · {report.reporting_year}"
    )
    canvas = _numbered_canvas(footer, st.tx("page", lang), writer.f.regular)
    doc.build(writer.story(), canvasmaker=canvas)
    return buffer.getvalue()
