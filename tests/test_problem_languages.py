"""Import problems in the reader's language: a code, a message id and parameters per problem.

Every broken file of the corpus (one per problem class) is imported; each problem it yields
must carry a message id whose Dutch, French and German translations exist and fill with the
same parameters, so a Dutch official's upload problems are in Dutch. English stays the text
``pathways import --json`` printed before (the message).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from pathways_monitor.cli.main import main
from pathways_monitor.core.problems import compose, problem, render
from pathways_monitor.core.translation import N_, gettext
from pathways_monitor.importers.engine import import_file
from pathways_monitor.web.dashboard.common.import_report import problem_rows
from tests.test_broken_corpus import CASES

OTHER_LANGS = ("nl", "fr", "de")


def _problems(engine: Engine) -> list[dict[str, object]]:
    found: list[dict[str, object]] = []
    with Session(engine) as session:
        for case in CASES:
            report = import_file(session, case.build(), case.filename, dry_run=True)
            found += [p.as_dict() for p in report.problems]
    return found


def test_every_corpus_problem_has_a_translated_message_id(sqlite_engine: Engine) -> None:
    problems = _problems(sqlite_engine)
    assert len({p["code"] for p in problems}) >= 25
    for p in problems:
        assert p["template"], p
        json.dumps(p)  # parameters travel in the page store and the API: plain data only
        assert render(p, "en") == p["message"]
        for lang in OTHER_LANGS:
            shown = render(p, lang)
            assert shown and shown != p["message"], (lang, p)
            assert "{" not in shown, (lang, shown)  # every placeholder was filled


def test_a_dutch_official_reads_dutch(sqlite_engine: Engine) -> None:
    """A ministry CSV with a mistyped place code, as the upload page shows it in Dutch."""
    data = b"indicator,geo,year,sex,value,flag\nELET,NLX9,2023,T,6.2,\n"
    with Session(sqlite_engine) as session:
        report = import_file(session, data, "vsv_regio.csv", dry_run=True)
    assert report.status == "rejected"
    bad = next(p for p in report.problems if p.code == "unknown_place")
    assert bad.message.startswith("unknown place code 'NLX9'")
    dutch = bad.text("nl")
    assert "'NLX9'" in dutch and dutch != bad.message
    rows = problem_rows([p.as_dict() for p in report.problems], "nl")
    assert dutch in [r["message"] for r in rows]
    assert gettext(bad.template or "", "nl") in (
        gettext("unknown place code {code}", "nl"),
        gettext("unknown place code {code}; did you mean {hint}?", "nl"),
    )


def test_plural_forms_follow_each_language() -> None:
    forms = (N_("{n} further problems were not listed"), "{n} further problems were not listed")
    one = problem("too_many_problems", forms[0], {"n": 1}, plural=forms[1])
    many = problem("too_many_problems", forms[0], {"n": 7}, plural=forms[1])
    assert one.message == "1 further problems were not listed"  # the English wording as before
    for lang in OTHER_LANGS:
        assert "7" in many.text(lang) and "1" in one.text(lang)


def test_a_lost_placeholder_falls_back_to_english() -> None:
    broken = {"template": "{missing} x", "message": "the English text", "params": {}}
    assert render(broken, "nl") == "the English text"


@pytest.mark.parametrize("lang", OTHER_LANGS)
def test_cli_lang_gives_the_messages_in_that_language(
    sqlite_template: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
) -> None:
    store = tmp_path / "cli.sqlite"
    shutil.copy(sqlite_template, store)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{store}")
    bad = tmp_path / "bad.csv"
    bad.write_text("indicator,geo,year,sex,value,flag\nELET,NLX9,2023,T,6.2,\n", encoding="utf-8")
    assert main(["import", str(bad), "--json", "--dry-run", "--lang", lang]) == 2
    report = json.loads(capsys.readouterr().out)
    shown = next(p for p in report["problems"] if p["code"] == "unknown_place")
    assert shown["message"] == render(shown, lang) != compose(shown, "en")
