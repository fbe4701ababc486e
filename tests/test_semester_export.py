"""European Semester export (issue 5): xlsx and PDF against the store, injection, CLI, button.

One demo database per module (``demo.load.load_demo``, ~3 s); every number in the workbook is
compared with a SQL query of its own, not with the exporter's data class.
"""

from __future__ import annotations

import argparse
import base64
import dataclasses
import datetime as dt
import decimal
import io
import re
import shutil
import subprocess
import time
import zipfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import docx
import openpyxl
import pytest
from babel.messages.pofile import read_po
from pypdf import PdfReader
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from pathways_monitor.analysis.progress import assess
from pathways_monitor.analysis.projection import project
from pathways_monitor.core.translation import LANGS, po_path
from pathways_monitor.db import migrate
from pathways_monitor.db.models import (
    Breakdown,
    BudgetLine,
    FundingSource,
    Indicator,
    Milestone,
    Objective,
    Observation,
    Place,
    Strategy,
    Target,
)
from pathways_monitor.db.reference import sync_reference_data
from pathways_monitor.db.session import make_engine
from pathways_monitor.demo.load import example_strategy_bytes
from pathways_monitor.domain.breakdowns import BREAKDOWN_COLUMNS, TOTAL_BREAKDOWN
from pathways_monitor.domain.taxonomy import MILESTONE_STATUS_LABELS
from pathways_monitor.reports import semester_text as st
from pathways_monitor.reports.semester_data import (
    IndicatorRow,
    SemesterExportError,
    collect,
    distance,
)
from pathways_monitor.reports.semester_docx import write_docx
from pathways_monitor.reports.semester_pdf import write_pdf
from pathways_monitor.reports.semester_xlsx import EUR_FORMAT, PCT_FORMAT, SHEETS, write_xlsx
from tests.conftest import demo_copy

TODAY = dt.date(2026, 11, 1)  # the demo strategy's "as of" date
NOW = dt.datetime(2026, 11, 1, 9, 30, tzinfo=dt.UTC)
CENT = decimal.Decimal("0.01")
INJECTION = '=HYPERLINK("http://x","click")'
OUT_DIR = Path(__file__).resolve().parent.parent / "test-output" / "semester"
TIMINGS: dict[str, float] = {}


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def demo_engine(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    engine = make_engine(demo_copy(demo_template, tmp_path_factory.mktemp("semester")))
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def report(demo_engine: Engine):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    with Session(demo_engine) as session:
        data = collect(session, "NL", today=TODAY, now=NOW)
    TIMINGS["collect"] = time.perf_counter() - start
    return data


@pytest.fixture(scope="module")
def files(report) -> dict[tuple[str, str], bytes]:  # type: ignore[no-untyped-def]
    """Both formats in both languages, saved under test-output/semester/ for a look."""
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    out = {}
    for lang in ("en", "nl"):
        for fmt, writer in (("xlsx", write_xlsx), ("pdf", write_pdf)):
            start = time.perf_counter()
            data = writer(report, lang)
            TIMINGS[f"{fmt}_{lang}"] = time.perf_counter() - start
            (OUT_DIR / f"semester_NL_{lang}.{fmt}").write_bytes(data)
            out[(lang, fmt)] = data
    lines = [f"{k}: {v:.2f} s" for k, v in TIMINGS.items()]
    lines += [f"semester_NL_{lang}.{fmt}: {len(b)} bytes" for (lang, fmt), b in out.items()]
    (OUT_DIR / "summary.txt").write_text("\n".join(lines) + "\n")
    return out


@pytest.fixture(scope="module")
def workbook(files):  # type: ignore[no-untyped-def]
    return openpyxl.load_workbook(io.BytesIO(files[("en", "xlsx")]))


@pytest.fixture(scope="module")
def injected_engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """Reference data and one strategy upload whose texts look like formulas; no indicators."""
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('inject') / 'inj.sqlite'}")
    migrate.upgrade(engine)
    with Session(engine) as session:
        sync_reference_data(session)
        session.commit()
    wb = openpyxl.load_workbook(io.BytesIO(example_strategy_bytes()))
    for sheet, coord, text in (
        ("Strategy", "B3", INJECTION),
        ("Objectives", "B2", INJECTION),
        ("Objectives", "D2", "@SUM(1+1)"),
    ):
        wb[sheet][coord].value = text
        wb[sheet][coord].data_type = "s"
    buffer = io.BytesIO()
    wb.save(buffer)
    from pathways_monitor.importers.engine import import_file

    with Session(engine) as session:
        result = import_file(session, buffer.getvalue(), "injected.xlsx", user="t")
    assert result.accepted, [p.message for p in result.errors]
    yield engine
    engine.dispose()


# --------------------------------------------------------------------------- helpers


def table_rows(ws, name: str) -> list[dict[str, object]]:  # type: ignore[no-untyped-def]
    """The data rows of a named Excel table as dicts keyed by header."""
    ref = ws.tables[name].ref
    rows = list(ws[ref])
    header = [c.value for c in rows[0]]
    return [dict(zip(header, (c.value for c in row), strict=True)) for row in rows[1:]]


def table_cells(ws, name: str) -> list[dict[str, object]]:  # type: ignore[no-untyped-def]
    ref = ws.tables[name].ref
    rows = list(ws[ref])
    header = [c.value for c in rows[0]]
    return [dict(zip(header, row, strict=True)) for row in rows[1:]]


def money(value: object) -> decimal.Decimal | None:
    return None if value is None else decimal.Decimal(str(value)).quantize(CENT)


def strategy_id(session: Session, country: str) -> int:
    return session.scalar(
        select(Strategy.id)
        .join(Place, Place.id == Strategy.country_id)
        .where(Place.code == country)
        .order_by(Strategy.version.desc())
    )


def pdf_text(data: bytes) -> str:
    text = "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)
    return re.sub(r"\s+", " ", text)


# --------------------------------------------------------------------------- xlsx


def test_workbook_has_styled_tables_frozen_headers_and_no_formula(files, workbook) -> None:  # type: ignore[no-untyped-def]
    assert workbook.sheetnames == list(SHEETS)
    for ws in workbook:
        assert ws.tables, ws.title
        for table in ws.tables.values():
            assert table.tableStyleInfo.name.startswith("TableStyle")
        assert ws.freeze_panes in ("A2", "A3")
        assert ws.column_dimensions["A"].width >= 8
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate)
    with zipfile.ZipFile(io.BytesIO(files[("en", "xlsx")])) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/sheet"):
                assert "<f>" not in archive.read(name).decode()


def test_budget_cells_equal_sql_sums_to_the_cent(demo_engine, workbook) -> None:  # type: ignore[no-untyped-def]
    ws = workbook["Budget"]
    with Session(demo_engine) as session:
        sid = strategy_id(session, "NL")
        base = (
            select(
                BudgetLine.year,
                BudgetLine.funding_source_code,
                func.sum(BudgetLine.planned),
                func.sum(BudgetLine.committed),
                func.sum(BudgetLine.spent),
            )
            .join(Objective, Objective.id == BudgetLine.objective_id)
            .where(Objective.strategy_id == sid)
        )
        by_cell = {
            (y, s): tuple(money(v) for v in vals)
            for y, s, *vals in session.execute(
                base.group_by(BudgetLine.year, BudgetLine.funding_source_code)
            ).all()
        }
        eu_codes = set(session.scalars(select(FundingSource.code).where(FundingSource.is_eu)))
    cells = table_cells(ws, "BudgetByYearSource")
    assert len(cells) == len(by_cell) > 0
    for row in cells:
        key = (row["Year"].value, row["Source code"].value)
        got = tuple(
            money(row[c].value) for c in ("Planned (EUR)", "Committed (EUR)", "Spent (EUR)")
        )
        assert got == by_cell[key], key
        assert row["Planned (EUR)"].number_format == EUR_FORMAT
        assert row["EU fund"].value == ("yes" if key[1] in eu_codes else "no")

    def total(index: int, keep=lambda k: True) -> decimal.Decimal:  # type: ignore[no-untyped-def]
        return sum(
            (v[index] for k, v in by_cell.items() if keep(k) and v[index] is not None),
            decimal.Decimal(0),
        )

    for row in table_rows(ws, "BudgetByYear"):
        year = row["Year"]
        assert money(row["Planned (EUR)"]) == total(0, lambda k, y=year: k[0] == y)
        assert money(row["Committed (EUR)"]) in (total(1, lambda k, y=year: k[0] == y), None)
    for row in table_rows(ws, "BudgetBySource"):
        code = row["Source code"]
        planned = total(0, lambda k, c=code: k[1] == c)
        assert money(row["Planned (EUR)"]) == planned
        share = (planned * 100 / total(0)).quantize(decimal.Decimal("0.0001"))
        assert decimal.Decimal(str(row["Share of all planned (%)"])) == share
        if code in eu_codes:
            eu = total(0, lambda k: k[1] in eu_codes)
            expected = (planned * 100 / eu).quantize(decimal.Decimal("0.0001"))
            assert decimal.Decimal(str(row["Share of EU funds (%)"])) == expected
        else:
            assert row["Share of EU funds (%)"] is None
    (grand,) = table_rows(ws, "BudgetTotal")
    assert money(grand["Planned (EUR)"]) == total(0)
    assert money(grand["Committed (EUR)"]) == total(1)
    assert money(grand["Spent (EUR)"]) == total(2)
    assert money(grand["Planned from EU funds (EUR)"]) == total(0, lambda k: k[1] in eu_codes)


def test_milestones_match_store(demo_engine, workbook, report) -> None:  # type: ignore[no-untyped-def]
    rows = table_rows(workbook["Milestones"], "Milestones")
    with Session(demo_engine) as session:
        sid = strategy_id(session, "NL")
        stored = {
            (obj, code): (status, due, done)
            for obj, code, status, due, done in session.execute(
                select(
                    Objective.code,
                    Milestone.code,
                    Milestone.status,
                    Milestone.due_date,
                    Milestone.completed_on,
                )
                .join(Objective, Objective.id == Milestone.objective_id)
                .where(Objective.strategy_id == sid)
            ).all()
        }
    assert len(rows) == len(stored) == 99
    label_to_status = {en: code for code, (en, _nl) in MILESTONE_STATUS_LABELS.items()}
    statuses = Counter()
    for row in rows:
        status, due, done = stored[(row["Objective"], row["Code"])]
        assert label_to_status[row["Status"]] == status
        assert row["Due date"].date() == due
        assert (row["Completed on"].date() if row["Completed on"] else None) == done
        late = due < report.as_of and status not in ("completed", "cancelled")
        assert row["Late"] == ("yes" if late else "no")
        assert row["Days overdue"] == ((report.as_of - due).days if late else 0)
        statuses[status] += 1
    assert statuses == Counter(s for s, _d, _c in stored.values())


def _latest(session: Session, indicator: str, geo: str) -> tuple[int, float] | None:
    totals = [getattr(Breakdown, c) == TOTAL_BREAKDOWN[c] for c in BREAKDOWN_COLUMNS]
    row = session.execute(
        select(Observation.year, Observation.value)
        .join(Indicator, Indicator.id == Observation.indicator_id)
        .join(Place, Place.id == Observation.place_id)
        .join(Breakdown, Breakdown.id == Observation.breakdown_id)
        .where(Indicator.code == indicator, Place.code == geo, Observation.value.is_not(None))
        .where(*totals)
        .order_by(Observation.year.desc())
        .limit(1)
    ).first()
    return (row[0], row[1]) if row else None


def test_indicators_match_observations_and_targets(demo_engine, workbook) -> None:  # type: ignore[no-untyped-def]
    ws = workbook["Indicators"]
    cells = {r["Indicator code"].value: r for r in table_cells(ws, "Indicators")}
    assert list(cells)[:4] == ["ELET", "LOWACH_READ", "LOWACH_MATH", "LOWACH_SCI"]
    with Session(demo_engine) as session:
        sid = strategy_id(session, "NL")
        targets = {
            (code, scope): (value, year)
            for code, scope, value, year in session.execute(
                select(Indicator.code, Target.scope, Target.value, Target.year)
                .join(Indicator, Indicator.id == Target.indicator_id)
                .where((Target.scope == "eu") | (Target.strategy_id == sid))
            ).all()
        }
        for code, row in cells.items():
            latest = _latest(session, code, "NL")
            if latest is None:
                assert row["Latest value"].value is None
                assert row["Flag"].value == "no data"
            else:
                assert (row["Latest year"].value, row["Latest value"].value) == latest
                assert row["Latest value"].number_format == PCT_FORMAT
            eu = targets.get((code, "eu"))
            assert (row["EU target"].value, row["EU target year"].value) == (eu or (None, None))
            nat = targets.get((code, "national"))
            assert (row["National target"].value, row["National target year"].value) == (
                nat or (None, None)
            )
            if latest and eu:
                assert row["Distance to EU target (pp)"].value == distance(latest[1], eu[0])
    # NL ELET 2020 7.0 -> 2025 7.4 (edat_lfse_14): below 9 %, but (7.4 / 7.0) ** (1 / 5) - 1 =
    # +1.1 % a year, which the label must say beside "target achieved".
    assert (
        cells["ELET"]["Progress to EU target, 5 years"].value
        == "target achieved, but moving away: +1.1 %/yr"
    )


def test_regions_match_observations(demo_engine, workbook) -> None:  # type: ignore[no-untyped-def]
    rows = table_rows(workbook["Regions"], "Regions")
    assert len(rows) >= 12
    with Session(demo_engine) as session:
        for row in rows:
            place = session.scalar(select(Place).where(Place.code == row["Code"]))
            assert place.nuts_level == 2 and place.country.code == "NL"
            latest = _latest(session, "ELET", row["Code"])
            if row["ELET"] is not None:
                assert (row["Year"], row["ELET"]) == latest
    assert any(r["Flag"] == "u" for r in rows)  # Zeeland 2025 is flagged low reliability


def test_cover_names_sources_with_dates(workbook, report) -> None:  # type: ignore[no-untyped-def]
    ws = workbook["Cover"]
    fields = {r["Field"]: r["Value"] for r in table_rows(ws, "Cover")}
    assert fields["Strategy"] == report.strategy.title
    assert fields["Reporting year"] == 2026
    assert fields["Report date (milestones as of)"].date() == TODAY
    sources = table_rows(ws, "Sources")
    names = {s["File"] for s in sources}
    assert {"edat_lfse_14.tsv", "edat_lfse_16_total.tsv", "example_strategy_NL.xlsx"} <= names
    assert all(isinstance(s["Imported at (UTC)"], dt.datetime) for s in sources)


# --------------------------------------------------------------------------- pdf


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_pdf_holds_key_figures(files, report, lang: str) -> None:  # type: ignore[no-untyped-def]
    text = pdf_text(files[(lang, "pdf")])
    elet = report.indicator("ELET")
    value = f"{elet.latest_value:.1f}"
    value = value.replace(".", ",") if lang == "nl" else value
    assert f"{value} %" in text
    assert ("EU target (below 9 %)" if lang == "en" else "EU-doel (onder 9 %)") in text
    assert re.sub(r"\s+", " ", report.strategy.title) in text
    total = "€ 11,722,150,000.00" if lang == "en" else "€ 11.722.150.000,00"
    assert total == st.fmt_eur(report.budget.total.planned, lang)
    assert total in text
    assert ("Source: Eurostat" if lang == "en" else "Bron: Eurostat") in text
    pages = len(PdfReader(io.BytesIO(files[(lang, "pdf")])).pages)
    assert ("Page 1 of" if lang == "en" else "Pagina 1 van") + f" {pages}" in text
    assert ("no data" if lang == "en" else "geen gegevens") in text  # PISA science
    # NL ELET 2020 7.0 -> 2025 7.4: "met" is never printed without the trend beside it.
    flat = re.sub(r"\s+", " ", text)
    assert (
        "moving away: +1.1 %/yr" if lang == "en" else "beweegt ervan weg: +1,1 %/jaar"
    ) in flat, flat[:3000]
    assert ("Strategie en coördinatie" if lang == "nl" else "Netherlands · 2026") in text


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")
@pytest.mark.parametrize("lang", ["en", "nl"])
def test_pdf_pages_render_to_png(files, lang: str) -> None:  # type: ignore[no-untyped-def]
    pdf = OUT_DIR / f"semester_NL_{lang}.pdf"
    for old in OUT_DIR.glob(f"page_{lang}-*.png"):
        old.unlink()
    subprocess.run(
        ["pdftoppm", "-r", "50", "-png", str(pdf), str(OUT_DIR / f"page_{lang}")], check=True
    )
    pngs = sorted(OUT_DIR.glob(f"page_{lang}-*.png"))
    assert len(pngs) == len(PdfReader(io.BytesIO(files[(lang, "pdf")])).pages) >= 6
    assert all(p.stat().st_size > 3000 for p in pngs)


def _row(series, target: float, national: float | None = None) -> IndicatorRow:  # type: ignore[no-untyped-def]
    progress = {f"eu_{w}": assess(series, target, 2030, window=w) for w in ("short", "long")}
    last = series[-1]
    return IndicatorRow(
        code="ELET", name_en="Early leavers",
        unit="percent", direction="lower_is_better", is_canonical=True, source=None,
        series=tuple((y, v, None) for y, v in series), eu_series=(),
        latest_year=last[0], latest_value=last[1], latest_flag=None,
        eu_target=target, eu_target_year=2030, eu_operator="lt",
        national_target=national, national_target_year=2030 if national else None,
        national_operator="lt" if national else None,
        distance_eu=distance(last[1], target), distance_national=None,
        progress=progress, projection=project(series, target, 2030),
    )  # fmt: skip


def test_sentences_say_reached_or_not_per_language() -> None:
    falling = [(2019, 12.0), (2020, 11.2), (2021, 10.5), (2022, 9.9), (2023, 9.4)]
    row = _row(falling, 9.0)
    assert st.indicator_sentence(row, "en") == (
        "ELET fell from 12.0 % in 2019 to 9.4 % in 2023; at this pace the EU target "
        "(below 9 %) is reached by 2030."
    )
    assert st.indicator_sentence(row, "nl") == (
        "ELET daalde van 12,0 % in 2019 naar 9,4 % in 2023; in dit tempo wordt het EU-doel "
        "(onder 9 %) in 2030 wel gehaald."
    )
    rising = [(2019, 9.5), (2020, 9.8), (2021, 10.1), (2022, 10.4), (2023, 10.6)]
    assert "is not reached by 2030" in st.indicator_sentence(_row(rising, 9.0), "en")
    met = [(2019, 8.8), (2020, 8.0), (2021, 7.1), (2022, 6.6), (2023, 6.2)]
    assert st.indicator_sentence(_row(met, 9.0), "en").startswith(
        "ELET fell from 8.8 % in 2019 to 6.2 % in 2023; the EU target (below 9 %) for 2030 is "
        "already met"
    )


def test_sentences_in_french_and_german() -> None:
    falling = [(2019, 12.0), (2020, 11.2), (2021, 10.5), (2022, 9.9), (2023, 9.4)]
    row = _row(falling, 9.0)
    assert st.indicator_sentence(row, "fr") == (
        "ELET a baissé de 12,0 % en 2019 à 9,4 % en 2023\u00a0; à ce rythme, l'objectif de l'UE "
        "(en dessous de 9 %) est atteint d'ici 2030."
    )
    assert st.indicator_sentence(row, "de") == (
        "ELET sank von 12,0 % im Jahr 2019 auf 9,4 % im Jahr 2023; in diesem Tempo wird das "
        "EU-Ziel (unter 9 %) bis 2030 erreicht."
    )
    met = [(2019, 8.8), (2020, 8.0), (2021, 7.1), (2022, 6.6), (2023, 6.2)]
    assert "für 2030 ist bereits erreicht" in st.indicator_sentence(_row(met, 9.0), "de")
    assert st.fmt_eur(decimal.Decimal("1234.5"), "fr") == "1\u00a0234,50\u00a0€"
    assert st.fmt_eur(decimal.Decimal("1234.5"), "de") == "1.234,50\u00a0€"
    assert st.fmt_meur(decimal.Decimal("11722150000"), "nl") == "€ 11.722,1 miljoen"
    assert st.fmt_meur(decimal.Decimal("1500000"), "fr") == "1,5 million d'euros"
    assert st.fmt_meur(decimal.Decimal("2500000"), "fr") == "2,5 millions d'euros"
    assert st.fmt_signed(-1.6, "de") == "−1,6 Pp." and st.fmt_signed(-1.6, "fr") == "−1,6 pp"
    assert st.fmt_date(dt.date(2026, 11, 1), "fr") == "01/11/2026"
    assert st.fmt_date(dt.date(2026, 11, 1), "de") == "01.11.2026"
    assert st.LANGS is LANGS and {"en", "nl", "fr", "de"} <= set(st.LANGS)


def test_plural_forms_for_one_late_milestone_and_one_region(report) -> None:  # type: ignore[no-untyped-def]
    late = next(m for m in report.milestones if m.is_late)
    one = dataclasses.replace(report, milestones=(dataclasses.replace(late, days_overdue=1),))
    assert st.milestone_sentence(one, "en").endswith(
        "On 2026-11-01, 1 milestone is late (by 1 day)."
    )
    assert st.milestone_sentence(one, "nl").endswith("Op 01-11-2026 is 1 mijlpaal te laat (1 dag).")
    assert st.milestone_sentence(one, "de").endswith(
        "Am 01.11.2026 ist 1 Meilenstein verspätet (um 1 Tag)."
    )
    region = next(r for r in report.regions if r.code == "NL11")
    single = dataclasses.replace(report, regions=(region,))
    assert st.regions_sentence(single, "en").startswith(
        "In 2025 the share of early leavers in 1 region was 4.6 % in Groningen (NL11)."
    )
    assert st.regions_sentence(single, "fr").startswith(
        "En 2025, la part des jeunes ayant quitté prématurément l'éducation et la formation dans "
        "1 région était de 4,6 % pour Groningen (NL11)."
    )


_PLACEHOLDER = re.compile(r"\{[a-z_]*\}")


def english_patterns(lang: str) -> dict[str, re.Pattern[str]]:
    """Each English message id that ``lang``'s catalog translates differently, as a pattern in
    which a placeholder matches any short text; only ids with three or more English words
    outside their placeholders count as a sentence."""
    with po_path(lang).open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    patterns = {}
    for m in catalog:
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        if not m.id or m.fuzzy or not all(strings):
            continue
        for msgid in m.id if isinstance(m.id, tuple) else (m.id,):
            pieces = _PLACEHOLDER.split(re.sub(r"\s+", " ", msgid))
            while pieces and not re.search("[A-Za-z]", pieces[0]):
                pieces.pop(0)
            while pieces and not re.search("[A-Za-z]", pieces[-1]):
                pieces.pop()
            words = re.findall(r"[A-Za-z]+", "".join(pieces))
            if msgid in strings or len(words) < 3:
                continue
            pieces[0], pieces[-1] = pieces[0].lstrip(), pieces[-1].rstrip()
            body = ".{1,300}?".join(re.escape(p) for p in pieces)
            start = "(?<![A-Za-z])" if pieces[0][:1].isalpha() else ""
            end = "(?![A-Za-z])" if pieces[-1][-1:].isalpha() else ""
            patterns[msgid] = re.compile(start + body + end)
    assert len(patterns) > 300
    return patterns


def store_texts(report) -> list[str]:  # type: ignore[no-untyped-def]
    """What the ministry uploaded (English in the demo): strategy, objectives, milestones and
    file names, longest first; these are shown as written in every language."""
    found: list[str] = []

    def walk(value: object) -> None:
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            for f in dataclasses.fields(value):
                walk(getattr(value, f.name))
        elif isinstance(value, tuple | list):
            for item in value:
                walk(item)
        elif isinstance(value, str) and len(value) > 3:
            found.append(re.sub(r"\s+", " ", value))

    walk((report.strategy, report.objectives, report.milestones, report.sources))
    return sorted(set(found), key=len, reverse=True)


def english_found(text: str, patterns: dict[str, re.Pattern[str]], store: list[str]) -> list[str]:
    text = re.sub(r"\s+", " ", text)
    for value in store:
        text = text.replace(value, " | ")
    return sorted(msgid for msgid, pattern in patterns.items() if pattern.search(text))


@pytest.mark.parametrize("lang", ["fr", "de"])
def test_french_and_german_reports_hold_no_english_sentence(report, lang: str) -> None:  # type: ignore[no-untyped-def]
    patterns, store = english_patterns(lang), store_texts(report)
    wb = openpyxl.load_workbook(io.BytesIO(write_xlsx(report, lang)))
    cells = [c.value for ws in wb for row in ws.iter_rows() for c in row]
    xlsx = " || ".join(v for v in cells if isinstance(v, str))
    pdf = pdf_text(write_pdf(report, lang))
    document = docx.Document(io.BytesIO(write_docx(report, lang)))
    word = " || ".join(
        [p.text for p in document.paragraphs]
        + [c.text for t in document.tables for r in t.rows for c in r.cells]
        + [p.text for p in document.sections[0].footer.paragraphs]
    )
    for name, text in (("xlsx", xlsx), ("pdf", pdf), ("docx", word)):
        assert english_found(text, patterns, store) == [], name
    # ... and the texts are there in the language (catalog wording, Babel numbers).
    title = {"fr": "Rapport du Semestre européen", "de": "Bericht zum Europäischen Semester"}
    trend = {
        "fr": "ELET a augmenté de 7,0 % en 2020 à 7,4 % en 2025",
        "de": "ELET stieg von 7,0 % im Jahr 2020 auf 7,4 % im Jahr 2025",
    }
    total = {"fr": "11 722 150 000,00 €", "de": "11.722.150.000,00 €"}
    for text in (xlsx, pdf, word):
        assert title[lang] in text
    for text in (pdf, word):
        flat = re.sub(r"\s+", " ", text)
        assert trend[lang] in flat and total[lang] in flat
    # The check itself finds English: the English report is full of catalog sentences.
    english = english_found(pdf_text(write_pdf(report, "en")), patterns, store)
    assert any(e.startswith("Planned budget {span}") for e in english), english


# --------------------------------------------------------------------------- injection, no data


def test_formula_like_upload_text_stays_text(injected_engine) -> None:  # type: ignore[no-untyped-def]
    with Session(injected_engine) as session:
        data = collect(session, "NL", today=TODAY, now=NOW)
    assert data.strategy.title == INJECTION
    raw = write_xlsx(data, "en")
    wb = openpyxl.load_workbook(io.BytesIO(raw))
    seen = 0
    for ws in wb:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f"
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(("=", "+", "-", "@")), cell.value
                    if INJECTION in cell.value:
                        assert cell.value == "'" + INJECTION and cell.data_type == "s"
                        seen += 1
    assert seen >= 3  # cover, strategy sheet, objectives sheet
    assert table_rows(wb["Objectives"], "Objectives")[0]["Lead body"] == "'@SUM(1+1)"
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/sheet"):
                assert "<f>" not in archive.read(name).decode()
    text = pdf_text(write_pdf(data, "en"))
    assert INJECTION in text  # printed as plain text in the PDF


def test_strategy_without_indicator_data_says_no_data(injected_engine) -> None:  # type: ignore[no-untyped-def]
    with Session(injected_engine) as session:
        data = collect(session, "NL", today=TODAY, now=NOW)
    assert all(i.latest_value is None for i in data.indicators)
    assert data.regions == ()
    wb = openpyxl.load_workbook(io.BytesIO(write_xlsx(data, "nl")))
    rows = table_rows(wb["Indicators"], "Indicators")
    assert {r["Vlag"] for r in rows} == {"geen gegevens"}
    assert table_rows(wb["Regions"], "Regions")[0]["Code"] == "geen gegevens"
    text = pdf_text(write_pdf(data, "nl"))
    assert "ELET: geen gegevens in de database" in text
    assert "Geen regionale cijfers" in text


@pytest.mark.parametrize(("country", "code"), [("XX", "unknown_country"), ("NL32", "unknown_country"),
                                              ("EU27_2020", "unknown_country"), ("BE", "no_strategy")])  # fmt: skip
def test_refusals_have_codes_and_messages(demo_engine, country: str, code: str) -> None:  # type: ignore[no-untyped-def]
    with Session(demo_engine) as session, pytest.raises(SemesterExportError) as err:
        collect(session, country, today=TODAY)
    assert err.value.code == code
    assert country in err.value.message


def test_earlier_reporting_year_cuts_data_and_lateness(demo_engine) -> None:  # type: ignore[no-untyped-def]
    with Session(demo_engine) as session:
        data = collect(session, "NL", year=2023, today=TODAY, now=NOW)
    assert data.as_of == dt.date(2023, 12, 31)
    assert data.indicator("ELET").latest_year == 2023
    assert all(
        m.days_overdue == (data.as_of - m.due_date).days for m in data.milestones if m.is_late
    )


# --------------------------------------------------------------------------- CLI


def _run_cli(argv: list[str], url: str, monkeypatch: pytest.MonkeyPatch) -> int:
    from pathways_monitor.cli.export_cmd import register

    monkeypatch.setenv("DATABASE_URL", url)
    parser = argparse.ArgumentParser(prog="pathways")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return int(args.func(args))


def test_cli_writes_both_files(demo_engine, tmp_path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    for name, lang in (("r.xlsx", "nl"), ("r.pdf", "en")):
        out = tmp_path / name
        start = time.perf_counter()
        code = _run_cli(
            ["export", "semester", "--country", "NL", "--out", str(out), "--lang", lang],
            str(demo_engine.url),
            monkeypatch,
        )
        TIMINGS[f"cli_{name}"] = time.perf_counter() - start
        assert code == 0
        assert out.stat().st_size > 10_000
        assert f"to {out}" in capsys.readouterr().out
    assert openpyxl.load_workbook(tmp_path / "r.xlsx").sheetnames == list(SHEETS)
    assert PdfReader(str(tmp_path / "r.pdf")).pages
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.pdf", "r.xlsx"]  # no temp files


@pytest.mark.parametrize(("country", "out"), [("XX", "r.pdf"), ("BE", "r.xlsx"), ("NL", "r.doc")])
def test_cli_refuses_with_exit_2_and_writes_nothing(
    demo_engine, tmp_path, monkeypatch, capsys, country: str, out: str
) -> None:  # type: ignore[no-untyped-def]
    code = _run_cli(
        ["export", "semester", "--country", country, "--out", str(tmp_path / out)],
        str(demo_engine.url),
        monkeypatch,
    )
    assert code == 2
    assert list(tmp_path.iterdir()) == []
    assert "error" in capsys.readouterr().err


# --------------------------------------------------------------------------- dashboard button


def test_button_callback_downloads_and_refuses(demo_engine) -> None:  # type: ignore[no-untyped-def]
    import flask

    from pathways_monitor.core.access import Principal
    from pathways_monitor.core.settings import Settings
    from pathways_monitor.web.app import create_app
    from pathways_monitor.web.dashboard.country import semester_button as sb

    app = create_app(Settings(database_url=str(demo_engine.url)))
    with app.server.test_request_context("/country"):
        flask.g.pathways_user = Principal(user_id=1, email="a@example.org", role="admin")
        data, message = sb.semester_download("NL", "nl", "pdf", today=TODAY)
        assert data is not None and message == ""
        assert data["filename"] == "semester_report_NL_2026_nl.pdf"
        assert base64.b64decode(data["content"]).startswith(b"%PDF")
        data, message = sb.semester_download("BE", "en", "xlsx", today=TODAY)
        assert data is None and "no strategy" in str(message)
        sent, _ = sb.download_xlsx(1, "?geo=NL&lang=nl", "BE", "en")
        assert sent["filename"].startswith("semester_report_NL_")
    assert sb.geo_from("?geo=LU&indicator=ELET", "NL") == "LU"


def test_a_slow_report_is_sent_by_its_tick(demo_engine, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A report not ready within the button's wait: a note first, then the file from the tick."""
    import flask

    from pathways_monitor.core.access import Principal
    from pathways_monitor.core.settings import Settings
    from pathways_monitor.jobs import records
    from pathways_monitor.web.app import create_app
    from pathways_monitor.web.dashboard.country import semester_button as sb

    monkeypatch.setattr(sb, "QUICK_WAIT", 0.0)
    app = create_app(Settings(database_url=str(demo_engine.url)))
    with app.server.test_request_context("/country"):
        flask.g.pathways_user = Principal(user_id=1, email="a@example.org", role="admin")
        data, note = sb.semester_download("NL", "en", "docx", today=TODAY)
        assert data is None and "being written" in str(note)
        (store,) = [c for c in note.children if getattr(c, "id", {}).get("type") == sb.JOB_STORE]
        deadline = time.monotonic() + 60
        while not records.read_job(demo_engine, store.data["job"]).finished:
            assert time.monotonic() < deadline
            time.sleep(0.05)
        sent, message, stopped = sb.on_report_tick(1, store.data, "NL", "en")
    assert stopped is True and message == ""
    assert sent["filename"] == "semester_report_NL_2026_en.docx"
    assert base64.b64decode(sent["content"])[:2] == b"PK"  # a Word file is a zip
    assert sb.geo_from("", "NL") == "NL"
    layout = str(sb.semester_export_controls("NL", "nl"))
    assert sb.BUTTON_PDF in layout and "Rapport downloaden (pdf)" in layout


@pytest.mark.parametrize(
    ("role", "country", "allowed"),
    [
        ("national_editor", "NL", True),
        ("national_editor", "BE", False),
        ("viewer", None, False),
        (None, None, False),
    ],
)
def test_button_export_enforced_on_the_server(demo_engine, role, country, allowed) -> None:  # type: ignore[no-untyped-def]
    import flask

    from pathways_monitor.core.access import Principal
    from pathways_monitor.core.settings import Settings
    from pathways_monitor.web.app import create_app
    from pathways_monitor.web.dashboard.country import semester_button as sb

    app = create_app(Settings(database_url=str(demo_engine.url)))
    with app.server.test_request_context("/country"):
        flask.g.pathways_user = (
            None
            if role is None
            else Principal(user_id=2, email="u@example.org", role=role, country_code=country)
        )
        data, message = sb.semester_download("NL", "en", "xlsx", today=TODAY)
    assert (data is not None) is allowed
    if not allowed:
        assert "national editor of NL" in str(message)


@pytest.mark.parametrize("lang", ["fr", "de"])
def test_button_downloads_french_and_german_reports(demo_engine, lang: str) -> None:  # type: ignore[no-untyped-def]
    """``?lang=fr|de`` on the country page reaches the download: the report is in that language."""
    import flask

    from pathways_monitor.core.access import Principal
    from pathways_monitor.core.settings import Settings
    from pathways_monitor.web.app import create_app
    from pathways_monitor.web.dashboard.country import semester_button as sb

    app = create_app(Settings(database_url=str(demo_engine.url)))
    with app.server.test_request_context("/country"):
        flask.g.pathways_user = Principal(user_id=1, email="a@example.org", role="admin")
        sent, message = sb.download_xlsx(1, f"?geo=NL&lang={lang}", "BE", lang)
    assert message == "" and sent["filename"] == f"semester_report_NL_{TODAY.year}_{lang}.xlsx"
    wb = openpyxl.load_workbook(io.BytesIO(base64.b64decode(sent["content"])))
    cover = [c.value for row in wb["Cover"].iter_rows() for c in row]
    assert {"fr": "Rapport du Semestre européen", "de": "Bericht zum Europäischen Semester"}[
        lang
    ] in cover
    headers = [c.value for c in next(wb["Indicators"].iter_rows())]
    assert {"fr": "Écart par rapport à l'objectif de l'UE (pp)", "de": "Abstand zum EU-Ziel (Pp.)"}[
        lang
    ] in headers


def test_the_pdf_font_ships_with_the_package() -> None:
    """The report must look the same on a machine without DejaVu installed."""
    from pathways_monitor.reports.semester_pdf import FONT_DIRS, fonts

    shipped = FONT_DIRS[0]
    assert shipped.parent.name == "reports"
    assert (shipped / "DejaVuSans.ttf").is_file() and (shipped / "DejaVuSans-Bold.ttf").is_file()
    assert "Bitstream" in (shipped / "LICENSE.txt").read_text(encoding="utf-8")
    assert fonts().unicode and fonts().regular == "DejaVuSans"
