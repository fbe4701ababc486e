"""A corpus of broken files, one per problem class: each is rejected through `pathways import`
with exit status 2, the right problem code at the right row and column, and the database
unchanged (every table compared before and after).
"""

from __future__ import annotations

import io
import json
import shutil
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import text

from pathways_monitor.cli.main import main
from pathways_monitor.db.session import make_engine
from pathways_monitor.demo.load import DATA_DIR, example_strategy_bytes
from tests.test_demo import TABLES


@dataclass(frozen=True)
class Case:
    name: str
    filename: str
    build: Callable[[], bytes]
    code: str
    row: int | None = None
    column: str | None = None
    sheet: str | None = None


def csv(text_: str, encoding: str = "utf-8") -> Callable[[], bytes]:
    return lambda: text_.encode(encoding)


LONG_HEADER = "indicator,geo,year,sex,value,flag\n"


def _xlsx_bytes(wb: openpyxl.Workbook) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _zip_without_workbook() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("hello.txt", "not a workbook")
    return buf.getvalue()


def _edit_example(edit: Callable[[openpyxl.Workbook], None]) -> Callable[[], bytes]:
    def build() -> bytes:
        wb = openpyxl.load_workbook(io.BytesIO(_example()))
        edit(wb)
        return _xlsx_bytes(wb)

    return build


_EXAMPLE: list[bytes] = []


def _example() -> bytes:
    if not _EXAMPLE:
        _EXAMPLE.append(example_strategy_bytes())
    return _EXAMPLE[0]


def _norm(value: object) -> str:
    """'Region (NUTS code)' -> 'region', 'Objective code *' -> 'objective_code'."""
    if value is None:
        return ""
    text_ = str(value).split("(")[0].replace("*", "").strip().lower()
    return "_".join(text_.split())


def _header_row(
    ws: openpyxl.worksheet.worksheet.Worksheet, first: str
) -> tuple[int, dict[str, int]]:
    """Find the header row of a template sheet by its first column's text."""
    for row in ws.iter_rows(min_row=1, max_row=15):
        values = [_norm(c.value) for c in row]
        if first in values:
            return row[0].row, {v: i + 1 for i, v in enumerate(values) if v}
    raise AssertionError(f"no header with {first!r} in {ws.title}")


def _set(
    sheet: str, first_header: str, column: str, value: object, data_row: int = 1
) -> Callable[[openpyxl.Workbook], None]:
    def edit(wb: openpyxl.Workbook) -> None:
        ws = wb[sheet]
        header, cols = _header_row(ws, first_header)
        ws.cell(row=header + data_row, column=cols[column], value=value)

    return edit


def _set_field(label: str, value: object) -> Callable[[openpyxl.Workbook], None]:
    """Change one key/value field on the Strategy sheet."""

    def edit(wb: openpyxl.Workbook) -> None:
        ws = wb["Strategy"]
        for row in ws.iter_rows(min_row=1):
            if _norm(row[0].value) == _norm(label):
                row[1].value = value
                return
        raise AssertionError(f"no field {label}")

    return edit


CASES: list[Case] = [
    Case("empty file", "empty.csv", csv(""), "empty_file"),
    Case("only blank lines", "blank.csv", csv("\n\n  \n"), "empty_file"),
    Case("header without data", "header.csv", csv(LONG_HEADER), "empty_file"),
    Case(
        "text named xlsx", "fake.xlsx", csv(LONG_HEADER + "ELET,NL,2020,T,5.5,\n"), "not_a_workbook"
    ),
    Case(
        "password-protected workbook",
        "locked.xlsx",
        lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 2048,
        "encrypted_workbook",
    ),
    Case("zip that is no workbook", "broken.xlsx", _zip_without_workbook, "corrupt_workbook"),
    Case(
        "workbook named csv",
        "data.csv",
        lambda: _xlsx_bytes(openpyxl.Workbook()),
        "not_what_extension_says",
    ),
    Case("unsupported type", "report.pdf", lambda: b"%PDF-1.4 something", "unsupported_format"),
    Case(
        "unknown indicator",
        "ind.csv",
        csv(LONG_HEADER + "ELET,NL,2020,T,5.5,\nELETT,NL,2021,T,5.6,\n"),
        "unknown_indicator",
        3,
        "indicator",
    ),
    Case(
        "unknown place",
        "geo.csv",
        csv(LONG_HEADER + "ELET,NL,2020,T,5.5,\nELET,XX12,2021,T,5.6,\n"),
        "unknown_place",
        3,
        "geo",
    ),
    Case(
        "percentage over 100",
        "pct.csv",
        csv(LONG_HEADER + "ELET,NL,2020,T,105.5,\n"),
        "percentage_out_of_range",
        2,
    ),
    Case(
        "year in the future",
        "future.csv",
        csv(LONG_HEADER + "ELET,NL,2020,T,5.5,\nELET,NL,2099,T,5.5,\n"),
        "future_year",
        3,
    ),
    Case(
        "duplicate rows, different values",
        "dup.csv",
        csv(LONG_HEADER + "ELET,NL,2020,T,5.5,\nELET,NL,2020,T,6.5,\n"),
        "duplicate_conflict",
        2,
    ),
    Case(
        "value not a number",
        "nan.csv",
        csv(LONG_HEADER + "ELET,NL,2020,T,abc,\n"),
        "not_a_number",
        2,
        "value",
    ),
    Case(
        "unknown sex code",
        "sex.csv",
        csv(LONG_HEADER + "ELET,NL,2020,X,5.5,\n"),
        "unknown_sex",
        2,
        "sex",
    ),
    Case("bad year", "year.csv", csv(LONG_HEADER + "ELET,NL,20x1,T,5.5,\n"), "bad_year", 2, "year"),
    Case(
        "unknown flag letters",
        "flag.csv",
        csv(LONG_HEADER + "ELET,NL,2020,T,5.5,q\n"),
        "bad_flag",
        2,
        "flag",
    ),
    Case(
        "no value column",
        "novalue.csv",
        csv("indicator,geo,year\nELET,NL,2020\n"),
        "missing_column",
    ),
    Case(
        "ambiguous thousands/decimal",
        "amb.csv",
        csv("indicator;geo;year;value\nELET;NL;2020;1,234\nELET;NL;2021;2,345\n"),
        "ambiguous_number",
        None,
        "value",
    ),
    Case(
        "Eurostat TSV, value not a number",
        "edat_lfse_14.tsv",
        csv(
            "freq,sex,wstatus,age,unit,geo\\TIME_PERIOD\t2020 \t2021 \nA,T,POP,Y18-24,PC,NL\t5.5 \tabc \n"
        ),
        "not_a_number",
        2,
    ),
    Case(
        "Eurostat TSV without time columns",
        "edat_lfse_14.tsv",
        csv("freq,sex,wstatus,age,unit,geo\\TIME_PERIOD\tfoo \nA,T,POP,Y18-24,PC,NL\t5.5 \n"),
        "bad_header",
    ),
    Case(
        "Eurostat SDMX of an unknown dataset",
        "other.csv",
        csv(
            "DATAFLOW,LAST UPDATE,freq,unit,geo,TIME_PERIOD,OBS_VALUE,OBS_FLAG\nESTAT:NAMA_10_GDP(1.0),01/01/2025 00:00:00,A,CP_MEUR,NL,2021,5.1,\n"
        ),
        "eurostat_unknown_dataset",
    ),
    Case(
        "Eurostat TSV, a code that is no place",
        "edat_lfse_14.tsv",
        csv("freq,sex,wstatus,age,unit,geo\\TIME_PERIOD\t2020 \nA,T,POP,Y18-24,PC,QQ\t5.5 \n"),
        "unknown_place",
        2,
        "geo",
    ),
    Case(
        "strategy: unknown country",
        "strategy.xlsx",
        _edit_example(_set_field("Country", "XZ")),
        "unknown_country",
        sheet="Strategy",
    ),
    Case(
        "strategy: period end before start",
        "strategy.xlsx",
        _edit_example(_set_field("Period end", 2019)),
        "period_order",
        sheet="Strategy",
    ),
    Case(
        "strategy: duplicate objective code",
        "strategy.xlsx",
        _edit_example(_set("Objectives", "objective_code", "objective_code", "VSV01", data_row=2)),
        "duplicate_objective",
        row=3,
        column="Objective code",
        sheet="Objectives",
    ),
    Case(
        "strategy: unknown milestone status",
        "strategy.xlsx",
        _edit_example(_set("Milestones", "objective_code", "status", "finished")),
        "bad_status",
        sheet="Milestones",
    ),
    Case(
        "strategy: unknown indicator in targets",
        "strategy.xlsx",
        _edit_example(_set("Indicator targets", "indicator_code", "indicator_code", "ELETX")),
        "unknown_indicator",
        sheet="Indicator targets",
    ),
    Case(
        "strategy: unknown taxonomy value",
        "strategy.xlsx",
        _edit_example(_set("Objectives", "objective_code", "policy_area", "learner")),
        "unknown_taxonomy_value",
        row=2,
        column="Policy area",
        sheet="Objectives",
    ),
    Case(
        "strategy: negative amount",
        "strategy.xlsx",
        _edit_example(_set("Budget", "objective_code", "planned_eur", -5)),
        "negative_amount",
        sheet="Budget",
    ),
    Case(
        "strategy: milestone before the strategy starts",
        "strategy.xlsx",
        _edit_example(_set("Milestones", "objective_code", "due_date", "2015-01-01")),
        "milestone_before_strategy_start",
        sheet="Milestones",
    ),
    Case(
        "strategy: objective referenced but not defined",
        "strategy.xlsx",
        _edit_example(_set("Milestones", "objective_code", "objective_code", "O99")),
        "objective_not_defined",
        sheet="Milestones",
    ),
    Case(
        "strategy: missing sheet",
        "strategy.xlsx",
        _edit_example(lambda wb: wb.remove(wb["Milestones"])),
        "missing_sheet",
    ),
    Case(
        "strategy: unknown funding source",
        "strategy.xlsx",
        _edit_example(_set("Budget", "objective_code", "funding_source", "ESF")),
        "unknown_funding_source",
        sheet="Budget",
    ),
    Case(
        "strategy: bad date",
        "strategy.xlsx",
        _edit_example(_set("Milestones", "objective_code", "due_date", "31/31/2024")),
        "bad_date",
        sheet="Milestones",
    ),
    Case(
        "strategy: region outside the country",
        "strategy.xlsx",
        _edit_example(_set("Milestones", "objective_code", "region", "BE21")),
        "region_outside_country",
        sheet="Milestones",
    ),
]


@pytest.fixture(scope="module")
def loaded_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database holding the real national ELET figures, so 'unchanged' means something."""
    from sqlalchemy.orm import Session

    from pathways_monitor.db import migrate
    from pathways_monitor.db.reference import sync_reference_data
    from pathways_monitor.importers.engine import import_file

    path = tmp_path_factory.mktemp("corpus") / "base.sqlite"
    engine = make_engine(f"sqlite:///{path}")
    migrate.upgrade(engine)
    with Session(engine) as session:
        sync_reference_data(session)
        session.commit()
    with Session(engine) as session:
        data = (DATA_DIR / "edat_lfse_14.tsv").read_bytes()
        assert import_file(session, data, "edat_lfse_14.tsv").accepted
    with Session(engine) as session:
        assert import_file(session, _example(), "example.xlsx").accepted
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


def _dump(url: str) -> dict[str, list[tuple]]:
    engine = make_engine(url)
    with engine.connect() as conn:
        out = {t: sorted(map(tuple, conn.execute(text(f"SELECT * FROM {t}")))) for t in TABLES}
    engine.dispose()
    return out


def test_corpus_covers_at_least_25_problem_classes() -> None:
    assert len({c.code for c in CASES}) >= 25


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_broken_file_rejected_and_nothing_written(
    case: Case,
    loaded_db: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    db = tmp_path / "db.sqlite"
    shutil.copy(loaded_db, db)
    url = f"sqlite:///{db}"
    monkeypatch.setenv("DATABASE_URL", url)
    file = tmp_path / case.filename
    file.write_bytes(case.build())
    before = _dump(url)
    assert main(["import", str(file), "--json"]) == 2
    report = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert report["status"] == "rejected"
    matching = [p for p in report["problems"] if p["code"] == case.code]
    assert matching, f"expected {case.code}, got {[p['code'] for p in report['problems']]}"
    problem = matching[0]
    if case.row is not None:
        assert problem["row"] == case.row, problem
    if case.column is not None:
        assert problem["column"] == case.column, problem
    if case.sheet is not None:
        assert problem["sheet"] == case.sheet, problem
        assert problem["row"] is not None and problem["row"] > 1, problem
    assert problem["message"]
    assert _dump(url) == before


def test_file_over_the_size_limit(
    loaded_db: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    db = tmp_path / "db.sqlite"
    shutil.copy(loaded_db, db)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{db}")
    monkeypatch.setenv("PATHWAYS_MAX_UPLOAD_MB", "0.01")
    big = tmp_path / "big.csv"
    big.write_text(LONG_HEADER + "ELET,NL,2020,T,5.5,\n" * 1000, encoding="utf-8")
    assert main(["import", str(big), "--json"]) == 2
    report = json.loads(capsys.readouterr().out.strip())
    assert report["problems"][0]["code"] == "file_too_large"


def test_unknown_taxonomy_value_suggests_closest(
    loaded_db: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    db = tmp_path / "db.sqlite"
    shutil.copy(loaded_db, db)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{db}")
    file = tmp_path / "strategy.xlsx"
    file.write_bytes(
        _edit_example(_set("Objectives", "objective_code", "policy_area", "learner"))()
    )
    assert main(["import", str(file), "--json"]) == 2
    report = json.loads(capsys.readouterr().out.strip())
    problem = next(p for p in report["problems"] if p["code"] == "unknown_taxonomy_value")
    assert "learners" in problem["message"]
