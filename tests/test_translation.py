"""Message catalogs and locale formats: every message id of the code has a translation in every
shipped language, placeholders survive translation, and numbers/dates/money follow each locale."""

from __future__ import annotations

import datetime as dt
import decimal
import re
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po

from pathways_monitor.core import translation as tr
from pathways_monitor.core.formatting import (
    format_date,
    format_datetime,
    format_money,
    format_number,
    format_percent,
)

REPO = Path(__file__).resolve().parent.parent
SKIP_DIRS = {"tests", "bench", "build", "migrations", ".git", ".venv", "test-output"}
PLACEHOLDER = re.compile(r"\{[a-z_]*\}")


def code_message_ids() -> set[str]:
    """What ``pybabel extract -F babel.cfg`` finds: N_, gettext, ngettext, pgettext literals."""
    found: set[str] = set()

    def skip(dirname: str) -> bool:
        return dirname in SKIP_DIRS or dirname.startswith(".")

    for *_, message, _comments, _context in extract_from_dir(
        str(REPO),
        method_map=[("**.py", "python")],
        keywords={**DEFAULT_KEYWORDS, **tr.EXTRA_KEYWORDS},
        directory_filter=lambda d: not skip(Path(d).name),
    ):
        for part in message if isinstance(message, tuple) else (message,):
            if part:
                found.add(part)
    return found


@pytest.fixture(scope="module")
def message_ids() -> set[str]:
    ids = code_message_ids()
    assert len(ids) > 400  # the pages, the Semester report and the sign-in texts at least
    return ids


def catalog(lang: str):  # type: ignore[no-untyped-def]
    with tr.po_path(lang).open("rb") as handle:
        return read_po(handle, locale=lang)


@pytest.mark.parametrize("lang", [lang for lang in tr.LANGS if lang != tr.SOURCE_LANG])
def test_every_message_id_is_translated(message_ids: set[str], lang: str) -> None:
    cat = catalog(lang)
    translated: set[str] = set()
    for m in cat:
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        if m.id and all(strings) and not m.fuzzy:
            translated.update(m.id if isinstance(m.id, tuple) else (m.id,))
    missing = sorted(message_ids - translated)
    assert not missing, f"{len(missing)} untranslated in {lang}: {missing[:20]}"


@pytest.mark.parametrize("lang", [lang for lang in tr.LANGS if lang != tr.SOURCE_LANG])
def test_placeholders_survive_translation(lang: str) -> None:
    for m in catalog(lang):
        if m.id and m.string and isinstance(m.id, str):
            assert set(PLACEHOLDER.findall(m.string)) == set(PLACEHOLDER.findall(m.id)), m.id
        elif m.id and isinstance(m.id, tuple) and all(m.string):
            # Plural forms: each uses only the pair's placeholders; the last one uses them all.
            known = {p for part in m.id for p in PLACEHOLDER.findall(part)}
            for form in m.string:
                assert set(PLACEHOLDER.findall(form)) <= known, m.id
            assert set(PLACEHOLDER.findall(m.string[-1])) == set(PLACEHOLDER.findall(m.id[1])), m.id


def test_lookup_and_fallback() -> None:
    assert tr.gettext("Audit log", "nl") == "Auditlog"
    assert tr.gettext("Audit log", "en") == "Audit log"
    assert tr.gettext("Audit log", "NL") == "Auditlog"  # codes are normalised
    assert tr.gettext("Audit log", "xx") == "Audit log"  # unknown language: English
    assert tr.normalise_lang("fr-BE") == "fr" and tr.normalise_lang(None) == "en"
    # One word for one meaning: "Sign in" was "Aanmelden" on one page and "Inloggen" on another.
    assert tr.gettext("Sign in", "nl") == "Aanmelden"


@pytest.mark.parametrize(
    ("lang", "number", "percent", "money", "whole_euros", "date", "stamp"),
    [
        (
            "en",
            "1,234.5",
            "9.5 %",
            "€ 11,722,150,000.00",
            "€ 1,234,567",
            "2026-12-04",
            "2026-12-04 09:30",
        ),
        (
            "nl",
            "1.234,5",
            "9,5 %",
            "€\u00a011.722.150.000,00",
            "€\u00a01.234.567",
            "04-12-2026",
            "04-12-2026 09:30",
        ),
        (
            "fr",
            "1\u00a0234,5",
            "9,5 %",
            "11\u00a0722\u00a0150\u00a0000,00\u00a0€",
            "1\u00a0234\u00a0567\u00a0€",
            "04/12/2026",
            "04/12/2026 09:30",
        ),
        (
            "de",
            "1.234,5",
            "9,5 %",
            "11.722.150.000,00\u00a0€",
            "1.234.567\u00a0€",
            "04.12.2026",
            "04.12.2026 09:30",
        ),
    ],
)
def test_locale_formats(
    lang: str, number: str, percent: str, money: str, whole_euros: str, date: str, stamp: str
) -> None:
    assert format_number(1234.5, lang) == number
    assert format_percent(9.5, lang) == percent
    assert format_money(decimal.Decimal("11722150000"), lang) == money
    assert format_money(decimal.Decimal("1234567"), lang, cents=None) == whole_euros
    assert format_date(dt.date(2026, 12, 4), lang) == date
    assert format_datetime(dt.datetime(2026, 12, 4, 9, 30), lang) == stamp


def test_rounding_is_the_stored_floats_and_never_a_negative_zero() -> None:
    # 0.35 is stored as 0.34999...: Python prints 0.3, and so must every language.
    assert [format_number(0.35, lang) for lang in ("en", "nl", "fr", "de")] == [
        "0.3",
        "0,3",
        "0,3",
        "0,3",
    ]
    assert format_number(-0.04, "en") == "0.0" and format_number(None, "en") == "–"
    assert format_money(decimal.Decimal("2.345"), "en") == "€ 2.35"  # half up, exact


def test_status_and_source_kind_labels_come_from_the_catalogs() -> None:
    """The report and the pages share one label per status, in every language."""
    from pathways_monitor.reports import semester_text as st
    from pathways_monitor.web.dashboard.country.texts import milestone_status_label

    assert st.milestone_status("delayed", "nl") == milestone_status_label("delayed", "nl")
    assert st.milestone_status("delayed", "fr") == "En retard"
    assert milestone_status_label("cancelled", "de") == "Abgebrochen"
    assert st.strategy_status("adopted", "de") == "Verabschiedet"
    assert st.kind_label("eurostat", "fr") == "Fichier Eurostat"
    assert st.milestone_status("unknown_code", "fr") == "unknown_code"


def test_names_of_places_indicators_terms_and_funds_come_from_the_catalogs() -> None:
    """One English message id per name (no Dutch columns); French and German are complete, and a
    NUTS region keeps its own name even where it equals a country's ("Luxembourg", LU00)."""
    from pathways_monitor.domain import names

    assert [names.place_name("CZ", "Czechia", lang) for lang in tr.LANGS] == [
        "Czechia",
        "Tsjechië",
        "Tchéquie",
        "Tschechien",
    ]
    assert names.place_name("EU27_2020", None, "de") == "Europäische Union - 27 Länder (ab 2020)"
    assert names.place_name("LU00", "Luxembourg", "nl") == "Luxembourg"
    assert names.place_name("LU", "Luxembourg", "nl") == "Luxemburg"
    assert names.indicator_name("ELET", None, "nl") == "Voortijdige schoolverlaters"
    assert names.indicator_name("ELET", None, "de") == "Frühe Schul- und Ausbildungsabgänger"
    assert names.indicator_name("NAT_OWN", "Our own measure", "fr") == "Our own measure"
    assert names.term_label("reach", "targeted", "fr") == "Ciblé (groupes)"
    assert names.funding_name("RRF", None, "de") == "Aufbau- und Resilienzfazilität"
    assert names.breakdown_value_label("sex", "F", "fr") == "Femmes"
    assert names.flag_label("b", "nl") == "breuk in tijdreeks"
    assert names.spellings("Males") == ("Males", "Mannen", "Hommes", "Männer")
