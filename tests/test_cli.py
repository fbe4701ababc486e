"""The `pathways` command: exit statuses, --json reports, --dry-run, db upgrade, templates."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import text

from pathways_monitor.cli.main import main
from pathways_monitor.db.session import make_engine
from pathways_monitor.demo.load import DATA_DIR


@pytest.fixture
def db_url(sqlite_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    path = tmp_path / "cli.sqlite"
    shutil.copy(sqlite_template, path)
    url = f"sqlite:///{path}"
    monkeypatch.setenv("DATABASE_URL", url)
    return url


def _count(url: str) -> int:
    engine = make_engine(url)
    with engine.connect() as conn:
        n = conn.execute(text("SELECT count(*) FROM observation")).scalar_one()
    engine.dispose()
    return n


def _json_lines(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines() if line.startswith("{")]


def test_import_accepts_eurostat_file_with_json_report(
    db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["import", str(DATA_DIR / "edat_lfse_14.tsv"), "--json"])
    assert code == 0
    (report,) = _json_lines(capsys.readouterr().out)
    assert report["status"] == "accepted" and report["kind"] == "eurostat"
    assert report["rows"] > 2000
    assert set(report) >= {"file", "kind", "status", "rows", "problems"}
    assert _count(db_url) == report["inserted"]


def test_dry_run_writes_nothing(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", str(DATA_DIR / "edat_lfse_14.tsv"), "--dry-run", "--json"]) == 0
    (report,) = _json_lines(capsys.readouterr().out)
    assert report["inserted"] > 0 and report["dry_run"] is True
    assert _count(db_url) == 0


def test_rejected_file_exit_2_with_located_problem(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "indicator,geo,year,value\nELET,NL,2020,5.5\nELET,ZZ9,2021,5.0\n", encoding="utf-8"
    )
    good = DATA_DIR / "pisa_low_achievers_sdg_04_40.csv"
    code = main(["import", str(good), str(bad), "--json"])
    assert code == 2
    reports = _json_lines(capsys.readouterr().out)
    assert [r["status"] for r in reports] == ["accepted", "rejected"]
    problem = reports[1]["problems"][0]
    assert (problem["code"], problem["row"], problem["column"], problem["value"]) == (
        "unknown_place",
        3,
        "geo",
        "ZZ9",
    )
    assert _count(db_url) == reports[0]["inserted"]  # the bad file wrote nothing


def test_missing_file_is_rejected(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", "/nonexistent/file.csv", "--json"]) == 2
    (report,) = _json_lines(capsys.readouterr().out)
    assert report["problems"][0]["code"] == "file_not_found"


def test_text_output_names_the_location(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("indicator;geo;year;value\nELET;NL;2020;abc\n", encoding="utf-8")
    assert main(["import", str(bad)]) == 2
    out = capsys.readouterr().out
    assert "REJECTED" in out and "row 2" in out


def test_db_upgrade_and_templates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'fresh.sqlite'}")
    assert main(["db", "upgrade"]) == 0
    assert main(["db", "upgrade"]) == 0
    out = tmp_path / "strategy.xlsx"
    assert main(["template", "strategy", str(out)]) == 0
    assert {"Objectives", "Milestones", "Budget"} <= set(openpyxl.load_workbook(out).sheetnames)
    assert main(["template", "indicators", str(tmp_path / "ind.xlsx")]) == 0


def test_console_script_help_runs() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pathways_monitor.cli", "--help"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0
    for command in ("db", "demo", "import", "template", "serve"):
        assert command in result.stdout
