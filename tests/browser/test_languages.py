"""Every page in Dutch, French and German: no English left in the chrome, and the language
is drawn once (routing input), remembered, and kept by the address.

English is found two ways: the English text of every catalog message (the catalog says what
the page would show without a translation) and a handful of English function words that no
Dutch, French or German sentence uses. Proper names and codes are on a short allow list.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from babel.messages.pofile import read_po
from playwright.sync_api import expect

from tests.browser.conftest import LiveServer, screenshot_path, wait_until_settled

LOCALE = Path(__file__).resolve().parents[2] / "pathways_monitor" / "locale"
LANGS = ("nl", "fr", "de")
# English words that are not words of the other three languages (Dutch "of" = "or": not here).
ENGLISH_WORDS = re.compile(r"\b(the|and|with|from|which|this|these|there|year|years|country)\b")
# Names and codes that are the same in every language (data sources, product names, units).
ALLOWED = (
    "Pathways Monitor",
    "Eurostat",
    "OECD",
    "PISA",
    "EuroGeographics",
    "English",
    "Nederlands",
    "Français",
    "Deutsch",
    "NUTS",
    "ISCED",
    "EU-27",
)


@cache
def english_messages(lang: str) -> tuple[str, ...]:
    """English texts the catalog translates differently: seeing one means a fallback."""
    with (LOCALE / lang / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle)
    texts = []
    for message in catalog:
        if not message.id or isinstance(message.id, tuple):
            continue
        english = str(message.id)
        translated = str(message.string or "")
        if "{" in english or len(english) < 12 or translated == english:
            continue
        if english in translated or any(english == name for name in ALLOWED):
            continue
        texts.append(english)
    return tuple(sorted(set(texts), key=len, reverse=True))


def _in_flight(page: Any) -> set[Any]:
    """The tab's requests not yet answered, counted from the first ``drawn_in`` on."""
    pending: set[Any] | None = getattr(page, "_pending_requests", None)
    if pending is None:
        pending = set()
        page.on("request", lambda request: pending.add(request))
        page.on("requestfinished", lambda request: pending.discard(request))
        page.on("requestfailed", lambda request: pending.discard(request))
        page._pending_requests = pending
    return pending


def drawn_in(page: Any, lang: str) -> None:
    """The router drew the page in ``lang`` and its callbacks are done (an in-page redraw
    does not reset Playwright's load state, so ``networkidle`` alone cannot tell: the requests
    are counted here, and Dash's own store says whether a callback is still pending)."""
    pending = _in_flight(page)
    expect(page.locator(f'#page-container [lang="{lang}"]').first).to_be_attached()
    page.wait_for_function("() => !document.querySelector('[data-dash-is-loading=\"true\"]')")
    page.wait_for_function("() => (window.dash_stores || []).every(s => !s.getState().isLoading)")
    wait_until_settled(page)
    quiet, waited = 0, 0  # 500 ms without a request in flight (a map fetches its shapes late)
    while quiet < 500:
        page.wait_for_timeout(100)
        quiet, waited = (0 if pending else quiet + 100), waited + 100
        assert waited < 15_000, f"requests still open: {sorted(r.url for r in pending)[:5]}"


# What a ministry wrote itself (class ``user-text``, see dashboard/country/strategy.py) is in
# its own language and not the app's to translate.
VISIBLE_CHROME = """() => {
    const hide = document.createElement('style');
    hide.textContent = '.user-text { display: none !important; }';
    document.head.appendChild(hide);
    const text = document.body.innerText;
    hide.remove();
    return text;
}"""


def visible_text(page: Any) -> str:
    text = page.evaluate(VISIBLE_CHROME)
    for name in ALLOWED:
        text = text.replace(name, " ")
    return text


def english_left(text: str, lang: str) -> list[str]:
    """Each English message or word found, with the words around it (to find its source)."""
    found = [f"{m!r}" for m in english_messages(lang) if m in text]
    for match in ENGLISH_WORDS.finditer(text):
        around = text[max(0, match.start() - 40) : match.end() + 40].replace("\n", " / ")
        found.append(f"{match.group(0)!r} in …{around}…")
    return found


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_is_drawn_in_one_language(
    page: Any, live_server: LiveServer, registered_page: dict[str, str], lang: str
) -> None:
    path = registered_page["path"]
    page.goto(f"{live_server.url}{path}?lang={lang}")
    drawn_in(page, lang)
    expect(page.locator("h1").first).to_be_visible()
    left = english_left(visible_text(page), lang)
    page.screenshot(path=str(screenshot_path(f"lang_{lang}_{path.strip('/') or 'home'}")))
    assert not left, f"{path}?lang={lang}: English left on the page:\n" + "\n".join(left[:20])


def test_the_choice_is_remembered_and_kept_by_the_address(
    page: Any, live_server: LiveServer
) -> None:
    page.goto(f"{live_server.url}/targets?indicator=LOWACH_MATH&window=long")
    drawn_in(page, "en")  # the switch shows the page's language before it is changed
    page.get_by_label("Deutsch").check()
    # The selection survives the switch: the router draws the page from the address.
    page.wait_for_url(re.compile(r"[?&]lang=de(&|$)"))
    drawn_in(page, "de")
    expect(page.locator("#overview-indicator")).to_have_value("LOWACH_MATH")
    assert "window=long" in page.url
    # Another page without ?lang= opens in the remembered language.
    page.goto(f"{live_server.url}/regions")
    drawn_in(page, "de")
    expect(page.get_by_label("Deutsch")).to_be_checked()
    # A shared address in another language wins over the memory.
    page.goto(f"{live_server.url}/regions?lang=fr")
    drawn_in(page, "fr")
    expect(page.get_by_label("Français")).to_be_checked()
