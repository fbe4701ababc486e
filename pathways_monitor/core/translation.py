"""Message catalogs: every user-visible text is an English message id looked up per language.

The catalogs are gettext ``.po`` files under ``pathways_monitor/locale/<lang>/LC_MESSAGES/``
(extracted and updated with ``pybabel``, see README "Languages"). They are compiled in memory
on first use, so no binary ``.mo`` file is kept in the repository. The languages are the
catalogs on disk: adding a language means adding its ``.po`` file, nothing else.
"""

from __future__ import annotations

import gettext as _gettext
import io
from functools import cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
DOMAIN = "messages"
SOURCE_LANG = "en"
# The order the language switch lists them in; a catalog added later comes after these.
_FIRST = ("en", "nl", "fr", "de")


def _shipped_languages() -> tuple[str, ...]:
    """English (the message ids) and every language with a catalog under ``LOCALE_DIR``."""
    found = {path.parent.parent.name for path in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po")}
    found.add(SOURCE_LANG)
    return tuple(sorted(found, key=lambda code: (code not in _FIRST, _index(code), code)))


def _index(code: str) -> int:
    return _FIRST.index(code) if code in _FIRST else len(_FIRST)


LANGS: tuple[str, ...] = _shipped_languages()
DEFAULT_LANG = SOURCE_LANG


def normalise_lang(lang: str | None) -> str:
    """A supported language code for any input (``"NL"``, ``"fr-BE"``, None -> a code)."""
    code = (lang or "").strip().lower().replace("_", "-").split("-")[0]
    return code if code in LANGS else DEFAULT_LANG


def po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def translations(lang: str) -> _gettext.NullTranslations:
    """The compiled catalog of ``lang``; English (the message ids themselves) needs none."""
    lang = normalise_lang(lang)
    path = po_path(lang)
    if lang == SOURCE_LANG or not path.exists():
        return _gettext.NullTranslations()
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return _gettext.GNUTranslations(buffer)


def N_(message: str) -> str:
    """Mark a message for extraction where it is defined; it is translated where shown."""
    return message


def N_plural(singular: str, plural: str) -> tuple[str, str]:
    """Mark a singular/plural pair for extraction (``pybabel extract -k N_plural:1,2``)."""
    return singular, plural


# What ``pybabel extract`` must be told beside its defaults (README "Languages").
EXTRA_KEYWORDS = {"N_plural": (1, 2)}


def gettext(message: str, lang: str | None) -> str:
    """``message`` (an English message id) in ``lang``."""
    return translations(normalise_lang(lang)).gettext(message)


def ngettext(singular: str, plural: str, n: int, lang: str | None) -> str:
    """The singular or plural form for ``n`` by the language's own plural rule."""
    return translations(normalise_lang(lang)).ngettext(singular, plural, n)


def pgettext(context: str, message: str, lang: str | None) -> str:
    """``message`` in ``context`` (the same English word meaning two things)."""
    return translations(normalise_lang(lang)).pgettext(context, message)
