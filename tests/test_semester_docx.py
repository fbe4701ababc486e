"""European Semester report as Word (.docx): structure, figures, CLI and dashboard button.

The report is built from the demo database as in ``test_semester_export``; expected values are
read by hand from the demo sources (edat_lfse_14.tsv: NL ELET 2020 7.0, 2025 7.4;
demo/example_strategy.py: national ELET target 7.5) or are the wordings the xlsx/PDF tests
already pin, never taken from the writer's own output.
"""

from __future__ import annotations

import argparse
import base64
import dataclasses
import datetime as dt
import io
import re
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.table import Table
from pypdf import PdfReader
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from pathways_monitor.db.session import make_engine
from pathways_monitor.reports.semester import render
from pathways_monitor.reports.semester_data import collect
from pathways_monitor.reports.semester_docx import write_docx
from pathways_monitor.reports.semester_pdf import write_pdf
from tests.conftest import demo_copy

TODAY = dt.date(2026, 11, 1)
NOW = dt.datetime(2026, 11, 1, 9, 30, tzinfo=dt.UTC)
OUT_DIR = Path(__file__).resolve().parent.parent / "test-output" / "semester"
EN_H1 = [
    "Netherlands · 2026",
    "Key points",
    "Strategy and coordination",
    "Objectives and measures",
    "Milestones",
    "Budget",
    "Indicators and targets",
    "Regions (NUTS 2): early leavers",
]
NL_H1 = [
    "Nederland · 2026",
    "Belangrijkste punten",
    "Strategie en coördinatie",
    "Doelstellingen en maatregelen",
    "Mijlpalen",
    "Budget",
    "Indicatoren en doelen",
    "Regio's (NUTS 2): voortijdige schoolverlaters",
]
FR_H1 = [
    "Pays-Bas · 2026",
    "Points clés",
    "Stratégie et coordination",
    "Objectifs stratégiques et mesures",
    "Jalons",
    "Budget",
    "Indicateurs et objectifs",
    "Régions (NUTS 2)\u00a0: jeunes ayant quitté prématurément l'éducation et la formation",
]
DE_H1 = [
    "Niederlande · 2026",
    "Wichtigste Punkte",
    "Strategie und Koordinierung",
    "Zielsetzungen und Maßnahmen",
    "Meilensteine",
    "Budget",
    "Indikatoren und Ziele",
    "Regionen (NUTS 2): frühe Schul- und Ausbildungsabgänger",
]
EN_H2_IN_ORDER = [
    "Data sources",
    "Late milestones",
    "Totals by funding source",
    "Totals by year",
    "Early leavers from education and training (ELET)",
]
ELET_STATUS_EN = "target achieved, but moving away: +1.1 %/yr"  # as test_semester_export
ELET_STATUS_NL = "beweegt ervan weg: +1,1 %/jaar"
TOTAL_PLANNED = {"en": "€ 11,722,150,000.00", "nl": "€ 11.722.150.000,00"}


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def demo_engine(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    engine = make_engine(demo_copy(demo_template, tmp_path_factory.mktemp("docx")))
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def report(demo_engine: Engine):  # type: ignore[no-untyped-def]
    with Session(demo_engine) as session:
        return collect(session, "NL", today=TODAY, now=NOW)


@pytest.fixture(scope="module")
def files(report) -> dict[str, bytes]:  # type: ignore[no-untyped-def]
    """English and Dutch documents, saved under test-output/semester/ for a look."""
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    out, lines = {}, []
    for lang in ("en", "nl"):
        start = time.perf_counter()
        data = write_docx(report, lang)
        lines.append(f"docx_{lang}: {time.perf_counter() - start:.2f} s, {len(data)} bytes")
        (OUT_DIR / f"semester_NL_{lang}.docx").write_bytes(data)
        out[lang] = data
    (OUT_DIR / "summary_docx.txt").write_text("\n".join(lines) + "\n")
    return out


def opened(data: bytes) -> DocxDocument:
    return docx.Document(io.BytesIO(data))


def headings(doc: DocxDocument, level: int) -> list[str]:
    return [p.text for p in doc.paragraphs if p.style.name == f"Heading {level}"]


def table_with_header(doc: DocxDocument, first_header: str) -> Table:
    return next(t for t in doc.tables if t.rows[0].cells[0].text == first_header)


def rows_by_first_cell(table: Table) -> dict[str, list[str]]:
    return {r.cells[0].text: [c.text for c in r.cells] for r in table.rows[1:]}


def is_subsequence(wanted: list[str], seen: list[str]) -> bool:
    it = iter(seen)
    return all(any(w == s for s in it) for w in wanted)


# --------------------------------------------------------------------------- structure


def test_headings_are_word_heading_styles_in_report_order(files) -> None:  # type: ignore[no-untyped-def]
    doc = opened(files["en"])
    titles = [p.text for p in doc.paragraphs if p.style.name == "Title"]
    assert titles == ["European Semester report"]
    assert headings(doc, 1) == EN_H1
    h2 = headings(doc, 2)
    assert is_subsequence(EN_H2_IN_ORDER, h2), h2
    assert h2[-3:] == [
        "Low achievement in reading (15-year-olds) (LOWACH_READ)",
        "Low achievement in mathematics (15-year-olds) (LOWACH_MATH)",
        "Low achievement in science (15-year-olds) (LOWACH_SCI)",
    ]
    # The built-in heading styles carry the outline level the navigation pane and a TOC use.
    style = doc.styles["Heading 1"].element
    assert style.find(qn("w:pPr")).find(qn("w:outlineLvl")).get(qn("w:val")) == "0"


def test_dutch_document_has_dutch_headings(files) -> None:  # type: ignore[no-untyped-def]
    doc = opened(files["nl"])
    assert headings(doc, 1) == NL_H1
    assert "Te late mijlpalen" in headings(doc, 2)
    assert doc.core_properties.language == "nl-NL"


@pytest.mark.parametrize("lang", ["fr", "de"])
def test_french_and_german_documents(report, lang: str) -> None:  # type: ignore[no-untyped-def]
    """Headings, key points and figures in the language: catalog wording, Babel numbers."""
    doc = opened(write_docx(report, lang))
    assert headings(doc, 1) == {"fr": FR_H1, "de": DE_H1}[lang]
    body = re.sub(r"\s+", " ", "\n".join(p.text for p in doc.paragraphs))
    wanted = {
        "fr": (
            "Sur 99 jalons, 51 sont terminés, 20 en cours, 24 non commencés, 4 en retard et 0 "
            "annulés. Au 01/11/2026, 8 jalons sont en retard (retard maximal : 1067 jours).",
            "Budget prévu 2021–2030 : 11 722 150 000,00 € au total, dont 15,9 % provenant des "
            "fonds de l'UE ; dépensé à ce jour : 4 765 507 000,00 €.",
            "En 2025, la part des jeunes ayant quitté prématurément l'éducation et la formation "
            "dans 12 régions allait de 4,6 % pour Groningen (NL11) à 10,0 % pour Drenthe (NL13).",
        ),
        "de": (
            "Von 99 Meilensteinen sind 51 abgeschlossen, 20 in Bearbeitung, 24 nicht begonnen, 4 "
            "verzögert und 0 abgebrochen. Am 01.11.2026 sind 8 Meilensteine verspätet (der am "
            "längsten verspätete um 1067 Tage).",
            "Geplantes Budget 2021–2030: insgesamt 11.722.150.000,00 €, davon 15,9 % aus "
            "EU-Fonds; bisher ausgegeben: 4.765.507.000,00 €.",
            "Im Jahr 2025 lag der Anteil der frühen Schul- und Ausbildungsabgänger in 12 Regionen "
            "zwischen 4,6 % in Groningen (NL11) und 10,0 % in Drenthe (NL13).",
        ),
    }[lang]
    for sentence in wanted:
        assert sentence in body, sentence
    assert doc.core_properties.language == {"fr": "fr-FR", "de": "de-DE"}[lang]


def test_same_sections_in_the_same_order_as_the_pdf(files, report) -> None:  # type: ignore[no-untyped-def]
    pdf = PdfReader(io.BytesIO(write_pdf(report, "en")))
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() or "" for p in pdf.pages))
    doc = opened(files["en"])
    pos = 0
    for heading in EN_H1[1:]:  # the title-page line is split over two PDF lines
        found = text.find(heading, pos)
        assert found >= 0, heading
        pos = found
    body = "\n".join(p.text for p in doc.paragraphs)
    for needle in ("Of 99 milestones", "Planned budget 2021–2030", "In 2025 the share"):
        assert needle in body and needle in text


def test_every_table_has_a_repeating_header_row(files) -> None:  # type: ignore[no-untyped-def]
    doc = opened(files["en"])
    assert len(doc.tables) >= 7
    for table in doc.tables:
        header = table.rows[0]._tr
        flag = header.trPr.find(qn("w:tblHeader"))
        assert flag is not None and flag.get(qn("w:val")) in ("true", "1", None)
        assert all(r._tr.trPr.find(qn("w:tblHeader")) is None for r in table.rows[1:])
        assert all(run.bold for cell in table.rows[0].cells for run in cell.paragraphs[0].runs)


def test_core_properties(files) -> None:  # type: ignore[no-untyped-def]
    props = opened(files["en"]).core_properties
    assert props.title == "European Semester report – Netherlands 2026"
    assert props.language == "en-GB"
    assert props.author == "Pathways Monitor"
    assert props.created == NOW  # the report's generation time, not the template's
    assert props.subject.startswith("EXAMPLE – not an official strategy")


def test_footer_has_live_page_fields(files) -> None:  # type: ignore[no-untyped-def]
    footer = opened(files["nl"]).sections[0].footer.paragraphs[0]
    assert "Pathways Monitor · Rapportage Europees Semester · Nederland · 2026" in footer.text
    instructions = [f.get(qn("w:instr")) for f in footer._p.iter(qn("w:fldSimple"))]
    assert instructions == ["PAGE", "NUMPAGES"]


# --------------------------------------------------------------------------- figures


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_elet_figures_and_qualified_status(files, lang: str) -> None:  # type: ignore[no-untyped-def]
    doc = opened(files[lang])
    table = table_with_header(doc, "Indicator")  # same word in Dutch
    elet = rows_by_first_cell(table)["ELET"]
    if lang == "en":
        assert elet[1:6] == ["7.4 % (2025)", "", "9 %", "7.5 %", "−1.6 pp"]
        assert elet[6].endswith(ELET_STATUS_EN)
        assert elet[8].endswith(ELET_STATUS_EN)  # national target 7.5 %: also met, same trend
    else:
        assert elet[1:6] == ["7,4 % (2025)", "", "9 %", "7,5 %", "−1,6 pp"]
        assert elet[6].endswith(ELET_STATUS_NL)
    body = "\n".join(p.text for p in doc.paragraphs)
    assert ("EU target (below 9 %)" if lang == "en" else "EU-doel (onder 9 %)") in body
    assert ("7.0 % in 2020 to 7.4 % in 2025" if lang == "en" else "7,0 % in 2020 naar 7,4 %") in (
        body
    )


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_budget_total_and_milestones(files, lang: str) -> None:  # type: ignore[no-untyped-def]
    doc = opened(files[lang])
    funds = table_with_header(doc, "Funding source" if lang == "en" else "Financieringsbron")
    total = [c.text for c in funds.rows[-1].cells]
    assert total[0] == ("Total" if lang == "en" else "Totaal")
    assert total[2] == TOTAL_PLANNED[lang]
    assert all(r.bold for c in funds.rows[-1].cells for r in c.paragraphs[0].runs if r.text)
    late = table_with_header(doc, "Objective" if lang == "en" else "Doelstelling")
    assert len(late.rows) - 1 == 8  # the demo's late milestones (test_semester_export: 99 total)
    days = [int(r.cells[4].text) for r in late.rows[1:]]
    assert days == sorted(days, reverse=True) and days[0] > 0


def test_sources_regions_and_example_marking(files, report) -> None:  # type: ignore[no-untyped-def]
    doc = opened(files["en"])
    files_cell = {r.cells[0].text for r in table_with_header(doc, "File").rows[1:]}
    assert {"edat_lfse_14.tsv", "edat_lfse_16_total.tsv", "example_strategy_NL.xlsx"} <= files_cell
    regions = next(t for t in doc.tables if t.rows[0].cells[1].text == "Region")
    assert len(regions.rows) - 1 >= 12
    assert any(r.cells[5].text == "u" for r in regions.rows[1:])  # Zeeland 2025, low reliability
    body = "\n".join(p.text for p in doc.paragraphs)
    assert report.strategy.is_example
    assert "EXAMPLE DATA: this strategy is an illustrative example, not an official document." in (
        body
    )
    assert "EXAMPLE – not an official strategy" in body  # the example strategy's own title
    assert "Source: Eurostat (" in body and "Source: strategy workbook" in body


def test_charts_are_png_with_alt_text(files) -> None:  # type: ignore[no-untyped-def]
    doc = opened(files["en"])
    shapes = list(doc.inline_shapes)
    # milestones, budget, and the three indicators with NL data (PISA science has none)
    assert len(shapes) == 5
    for shape in shapes:
        assert shape._inline.docPr.get("descr")
        assert shape.width <= doc.sections[0].page_width
    with zipfile.ZipFile(io.BytesIO(files["en"])) as archive:
        media = [n for n in archive.namelist() if n.startswith("word/media/")]
        assert len(media) == 5
        for name in media:
            assert name.endswith(".png")
            assert archive.read(name).startswith(b"\x89PNG")


def test_store_text_with_markup_and_control_characters(report) -> None:  # type: ignore[no-untyped-def]
    odd = '<b>"A&B"</b>\x0b =HYPERLINK("x")'
    strategy = dataclasses.replace(report.strategy, title=odd, is_example=False)
    data = write_docx(dataclasses.replace(report, strategy=strategy), "en")
    doc = opened(data)
    assert '<b>"A&B"</b> =HYPERLINK("x")' in headings(doc, 2)
    body = "\n".join(p.text for p in doc.paragraphs)
    assert "EXAMPLE DATA" not in body


def test_render_dispatches_docx(report) -> None:  # type: ignore[no-untyped-def]
    assert render(report, "docx", "en").startswith(b"PK")
    with pytest.raises(ValueError, match="docx"):
        render(report, "odt", "en")


# --------------------------------------------------------------------------- CLI


def _run_cli(argv: list[str], url: str, monkeypatch: pytest.MonkeyPatch) -> int:
    from pathways_monitor.cli.export_cmd import register

    monkeypatch.setenv("DATABASE_URL", url)
    parser = argparse.ArgumentParser(prog="pathways")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return int(args.func(args))


def _semester(out: Path, *extra: str) -> list[str]:
    return ["export", "semester", "--country", "NL", "--out", str(out), *extra]


def test_cli_writes_docx(demo_engine, tmp_path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "NL.docx"
    assert _run_cli(_semester(out), str(demo_engine.url), monkeypatch) == 0
    assert f"to {out}" in capsys.readouterr().out
    assert headings(docx.Document(str(out)), 1) == EN_H1
    assert [p.name for p in tmp_path.iterdir()] == ["NL.docx"]  # no temp file left


def test_cli_lang_nl_gives_dutch_headings(demo_engine, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "NL_nl.DOCX"  # the suffix is case-insensitive
    assert _run_cli(_semester(out, "--lang", "nl"), str(demo_engine.url), monkeypatch) == 0
    assert headings(docx.Document(str(out)), 1) == NL_H1


@pytest.mark.parametrize("lang", ["de", "fr"])
def test_cli_accepts_german_and_french(demo_engine, tmp_path, monkeypatch, lang: str) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / f"NL_{lang}.docx"
    assert _run_cli(_semester(out, "--lang", lang), str(demo_engine.url), monkeypatch) == 0
    doc = docx.Document(str(out))
    assert len(headings(doc, 1)) == len(EN_H1)  # texts fall back to English until translated
    assert doc.core_properties.language == {"de": "de-DE", "fr": "fr-FR"}[lang]


@pytest.mark.parametrize("name", ["r.doc", "r.odt", "r"])
def test_cli_refuses_other_suffixes(demo_engine, tmp_path, monkeypatch, capsys, name: str) -> None:  # type: ignore[no-untyped-def]
    code = _run_cli(_semester(tmp_path / name), str(demo_engine.url), monkeypatch)
    assert code == 2
    err = capsys.readouterr().err
    assert "--out must end in .xlsx, .pdf or .docx" in err and repr(name) in err
    assert list(tmp_path.iterdir()) == []


def test_cli_rejects_unknown_language(demo_engine, tmp_path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(SystemExit) as stop:
        _run_cli(_semester(tmp_path / "r.docx", "--lang", "es"), str(demo_engine.url), monkeypatch)
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert "invalid choice: 'es'" in err and all(f"'{code}'" in err for code in ("fr", "de"))


def test_cli_help_names_docx_and_languages(capsys) -> None:  # type: ignore[no-untyped-def]
    from pathways_monitor.cli.export_cmd import register

    parser = argparse.ArgumentParser(prog="pathways")
    register(parser.add_subparsers(dest="command", required=True))
    with pytest.raises(SystemExit):
        parser.parse_args(["export", "semester", "--help"])
    text = capsys.readouterr().out
    assert ".docx" in text and "{en,nl,fr,de}" in text


# --------------------------------------------------------------------------- dashboard


def test_button_offers_word_download(demo_engine) -> None:  # type: ignore[no-untyped-def]
    import flask

    from pathways_monitor.core.access import Principal
    from pathways_monitor.core.settings import Settings
    from pathways_monitor.web.app import create_app
    from pathways_monitor.web.dashboard.country import semester_button as sb

    app = create_app(Settings(database_url=str(demo_engine.url)))
    with app.server.test_request_context("/country"):
        flask.g.pathways_user = Principal(user_id=1, email="a@example.org", role="admin")
        data, message = sb.semester_download("NL", "en", "docx", today=TODAY)
        assert data is not None and message == ""
        assert data["filename"] == "semester_report_NL_2026_en.docx"
        doc = opened(base64.b64decode(data["content"]))
        assert headings(doc, 1) == EN_H1
        sent, _ = sb.download_docx(1, "?geo=NL", "BE", "en")
        assert sent["filename"].endswith(".docx")
        assert sb.download_docx(0, "?geo=NL", "NL", "en")[0] is sb.no_update
    layout = str(sb.semester_export_controls("NL", "en"))
    assert sb.BUTTON_DOCX in layout and "Download document (Word, .docx)" in layout
    assert sb.DOWNLOAD_DOCX in layout
    assert sb.translate_controls("en")[4][1].children == "Download document (Word, .docx)"
