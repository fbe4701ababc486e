"""Names of places, indicators, taxonomy terms, funding sources and breakdowns in a language.

The domain modules hold each name once, in English, as a message id; the catalogs
(``pathways_monitor/locale``) hold it in every other language, so a new language needs only
its ``.po`` file. The database stores the English name only. Names the domain does not define
are shown as stored: NUTS regions (proper names, the same in every language) and a ministry's
national indicators (its own words).

Every reader asks here with its own language; codes decide what is translated, so a NUTS
region that happens to share a country's English name ("Luxembourg", LU00) keeps its name.
"""

from __future__ import annotations

from collections.abc import Iterable

from pathways_monitor.core.translation import LANGS, gettext
from pathways_monitor.domain.breakdowns import DIM_BY_COLUMN, FLAG_LETTERS
from pathways_monitor.domain.funding import FUNDING_BY_CODE
from pathways_monitor.domain.indicators import INDICATOR_BY_CODE
from pathways_monitor.domain.places import AGGREGATES, COUNTRIES
from pathways_monitor.domain.taxonomy import DIMENSIONS

# Places whose English name is a message id: the countries and aggregates of domain.places.
PLACE_NAMES: dict[str, str] = {c.code: c.name_en for c in COUNTRIES} | {
    a.code: a.name_en for a in AGGREGATES
}


def translated(text: str | None, lang: str | None) -> str:
    """``text`` (an English message id) in ``lang``; a text the catalogs lack stays as it is."""
    if not text:
        return text or ""  # gettext("") would answer the catalog's header
    return gettext(text, lang)


def spellings(text: str | None) -> tuple[str, ...]:
    """``text`` in every language of ``LANGS``, English first, without repeats (upload aliases)."""
    if not text:
        return ()
    return tuple(dict.fromkeys(translated(text, lang) for lang in LANGS))


def _named(known: bool, stored: object, fallback: str, lang: str | None) -> str:
    """``stored`` (else ``fallback``), from the catalogs when the domain defines the name."""
    name = stored if isinstance(stored, str) and stored else fallback  # NaN counts as missing
    return translated(name, lang) if known else name


def place_name(code: str, name_en: str | None, lang: str | None) -> str:
    """A place's name: countries and aggregates from the catalogs, NUTS regions as stored."""
    return _named(code in PLACE_NAMES, name_en, PLACE_NAMES.get(code, code), lang)


def place_names(
    codes: Iterable[str], names_en: Iterable[str | None], lang: str | None
) -> list[str]:
    """``place_name`` for parallel columns (a data frame's ``code`` and ``name_en``)."""
    return [place_name(c, n, lang) for c, n in zip(codes, names_en, strict=True)]


def indicator_name(code: str, name_en: str | None, lang: str | None) -> str:
    """A canonical indicator's name from the catalogs; a national one as the ministry wrote it."""
    definition = INDICATOR_BY_CODE.get(code)
    return _named(definition is not None, name_en, definition.name_en if definition else code, lang)


def indicator_names(
    codes: Iterable[str], names_en: Iterable[str | None], lang: str | None
) -> list[str]:
    return [indicator_name(c, n, lang) for c, n in zip(codes, names_en, strict=True)]


def indicator_definition(code: str, definition_en: str | None, lang: str | None) -> str:
    definition = INDICATOR_BY_CODE.get(code)
    return _named(
        definition is not None,
        definition_en,
        definition.definition_en if definition else "",
        lang,
    )


def funding_name(code: str, name_en: str | None, lang: str | None) -> str:
    """A funding source's name; a code the domain does not list keeps its stored name."""
    source = FUNDING_BY_CODE.get(code)
    return _named(source is not None, name_en, source.name_en if source else code, lang)


def funding_names(
    codes: Iterable[str], names_en: Iterable[str | None], lang: str | None
) -> list[str]:
    return [funding_name(c, n, lang) for c, n in zip(codes, names_en, strict=True)]


def dimension_label(dimension: str, lang: str | None) -> str:
    """A taxonomy dimension's label ("Policy area"); an unknown dimension is its code."""
    dim = DIMENSIONS.get(dimension)
    return translated(dim.label_en, lang) if dim else dimension


def term_label(dimension: str, code: str, lang: str | None) -> str:
    """A taxonomy term's label; an unknown code is shown as the code."""
    dim = DIMENSIONS.get(dimension)
    for term in dim.terms if dim else ():
        if term.code == code:
            return translated(term.label_en, lang)
    return code


def breakdown_label(column: str, lang: str | None) -> str:
    """A breakdown dimension's label ("Sex"); a column the domain does not know is itself."""
    dim = DIM_BY_COLUMN.get(column)
    return translated(dim.label_en, lang) if dim else column


def breakdown_value_label(column: str, code: str, lang: str | None) -> str | None:
    """The label of one value of a fixed breakdown ("F" -> "Females"); None when unknown."""
    dim = DIM_BY_COLUMN.get(column)
    label = dim.values.get(code) if dim else None
    return translated(label, lang) if label else None


def flag_label(letter: str, lang: str | None) -> str | None:
    """What one Eurostat flag letter means ("b" -> "break in time series"); None when unknown."""
    label = FLAG_LETTERS.get(letter)
    return translated(label, lang) if label else None
