"""The page shell offers every language of LANGS and keeps ``?lang=fr|de``; fr/de formats."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from dash import html

from pathways_monitor.core.translation import LANGS
from pathways_monitor.web.dashboard.common import i18n, ids, language, layout
from pathways_monitor.web.dashboard.country import texts as i18n_country


def _labels(links: list[Any]) -> list[str]:
    return [str(link.children) for link in links]


def test_switch_offers_every_language_named_in_itself() -> None:
    shell = layout.app_shell()
    switch = next(
        c for c in shell.children[2].children.children if getattr(c, "id", None) == "lang-switch"
    )
    assert [o["value"] for o in switch.options] == list(LANGS) == ["en", "nl", "fr", "de"]
    assert [o["label"] for o in switch.options] == ["English", "Nederlands", "Français", "Deutsch"]


@pytest.mark.parametrize("lang", ["fr", "de", "nl", "en"])
def test_a_shared_url_language_is_kept(lang: str) -> None:
    assert language.page_language(lang, "en") == lang
    assert language.page_language([lang, "xx"], "de") == lang


def test_an_unknown_language_falls_back_to_the_remembered_one() -> None:
    assert language.page_language("es", "de") == "de"
    assert language.page_language(None, "nl") == "nl"
    assert language.page_language("es", "xx") == "en"


def test_a_page_is_drawn_in_one_language_and_keeps_it_in_its_store() -> None:
    seen: dict[str, object] = {}

    @language.drawn_in_language("test")
    def layout(lang: str, **query: object) -> html.Div:
        seen.update(query, lang=lang)
        return html.Div(id="body")

    tree = layout(memory_lang="de", geo="NL")
    store = tree.children[0]
    assert store.id == ids.page_lang("test") and store.data == "de" and tree.lang == "de"
    assert seen == {"geo": "NL", "lang": "de"}
    assert layout(memory_lang="de", lang="fr").children[0].data == "fr"


@pytest.fixture(scope="module")
def app() -> Any:
    """An app on an empty in-memory store: it registers the pages the navigation lists."""
    from pathways_monitor.core.settings import Settings
    from pathways_monitor.web.app import create_app

    return create_app(Settings(database_url="sqlite://"))


def test_navigation_labels_come_from_the_catalogs(app: Any) -> None:
    english = _labels(layout.navigation("en"))
    assert "Country" in english and "Regions" in english
    dutch = _labels(layout.navigation("nl"))
    assert "Land" in dutch and "Regio's" in dutch
    for lang in ("fr", "de"):
        translated = _labels(layout.navigation(lang))
        assert len(translated) == len(english)
        assert "Country" not in translated, lang


def test_numbers_dates_and_money_in_french_and_german() -> None:
    nbsp = {"\u00a0": " ", "\u202f": " "}

    def plain(text: str) -> str:
        return "".join(nbsp.get(c, c) for c in text)

    assert i18n.fmt_number(1234.5, "de") == "1.234,5"
    assert plain(i18n.fmt_number(1234.5, "fr")) == "1 234,5"
    assert i18n.fmt_date(dt.date(2026, 12, 4), "de") == "04.12.2026"
    assert i18n.fmt_date(dt.date(2026, 12, 4), "fr") == "04/12/2026"
    assert plain(i18n_country.fmt_eur(1234567, "fr")) == "1 234 567 €"
    assert plain(i18n_country.fmt_eur(1234567, "de")) == "1.234.567 €"


def test_a_new_language_needs_only_its_catalog(tmp_path: Any, monkeypatch: Any) -> None:
    """A Spanish .po file beside the others is a language: listed, named in itself, formatted."""
    from pathways_monitor.core import formatting, translation

    for code in ("nl", "es"):
        folder = tmp_path / code / "LC_MESSAGES"
        folder.mkdir(parents=True)
        (folder / "messages.po").write_text('msgid ""\nmsgstr ""\n', encoding="utf-8")
    monkeypatch.setattr(translation, "LOCALE_DIR", tmp_path)
    assert translation._shipped_languages() == ("en", "nl", "es")
    assert i18n._own_name("es") == "Español"
    monkeypatch.setattr(translation, "LANGS", ("en", "nl", "es"))
    assert formatting.format_number(1234.5, "es") == "1.234,5"
    assert formatting.format_date(dt.date(2026, 12, 4), "es") == "4/12/26"
