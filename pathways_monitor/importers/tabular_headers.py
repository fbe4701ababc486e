"""Recognise the header row of a ministry's indicator table and what each column means.

Spreadsheets carry titles, blank rows and notes above the header, English or Dutch header
names in any case and spacing, and years as column headers in wide tables. This module
finds the header row and maps headers to canonical fields; it never reads the data cells.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from pathways_monitor.core.translation import LANGS, N_, gettext
from pathways_monitor.domain.indicators import INDICATORS
from pathways_monitor.importers.values import parse_year

HEADER_SCAN_ROWS = 100

# Canonical field -> header spellings, compared after ``normalise_header``.
FIELD_SYNONYMS: dict[str, tuple[str, ...]] = {
    "indicator": (
        "indicator",
        "indicatorcode",
        "indicatorid",
        "indicatoren",
        "indic",
        "kengetal",
    ),
    "geo": (
        "geo",
        "geocode",
        "place",
        "placecode",
        "region",
        "regioncode",
        "country",
        "countrycode",
        "nuts",
        "nutscode",
        "gebied",
        "gebiedcode",
        "regio",
        "regiocode",
        "land",
        "landcode",
    ),
    "year": ("year", "time", "timeperiod", "jaar", "periode", "period"),
    "value": ("value", "obsvalue", "waarde"),
    "flag": ("flag", "flags", "obsflag", "statusflag", "vlag", "vlaggen"),
    "sex": ("sex", "gender", "geslacht"),
    "citizenship": ("citizenship", "citizen", "nationality", "nationaliteit"),
    "country_of_birth": ("countryofbirth", "cbirth", "birthcountry", "geboorteland"),
    "urbanisation": (
        "urbanisation",
        "urbanization",
        "degurba",
        "degurb",
        "degreeofurbanisation",
        "degreeofurbanization",
        "verstedelijking",
        "verstedelijkingsgraad",
    ),
    "ses_quartile": (
        "sesquartile",
        "ses",
        "escs",
        "escsquartile",
        "quartile",
        "kwartiel",
        "seskwartiel",
        "sociaaleconomischkwartiel",
    ),
    "disability": ("disability", "sen", "beperking", "handicap"),
    "custom_dimension": (
        "breakdown",
        "customdimension",
        "dimension",
        "uitsplitsing",
        "dimensie",
    ),
    "custom_value": (
        "breakdownvalue",
        "customvalue",
        "dimensionvalue",
        "uitsplitsingwaarde",
        "dimensiewaarde",
    ),
    "source": ("source", "bron", "datasource", "databron"),
    "note": ("note", "notes", "comment", "comments", "remark", "opmerking", "opmerkingen"),
}
HEADER_TO_FIELD: dict[str, str] = {syn: fld for fld, syns in FIELD_SYNONYMS.items() for syn in syns}
# Fields a title line above the header ("Indicator: ELET") may fix for the whole table.
FIXABLE_FIELDS: frozenset[str] = frozenset(
    {
        "indicator",
        "geo",
        "source",
        "sex",
        "citizenship",
        "country_of_birth",
        "urbanisation",
        "ses_quartile",
        "disability",
        "custom_dimension",
    }
)
ID_FIELDS: frozenset[str] = frozenset(
    {
        "indicator",
        "geo",
        "sex",
        "citizenship",
        "country_of_birth",
        "urbanisation",
        "ses_quartile",
        "disability",
        "custom_dimension",
        "custom_value",
    }
)
_KNOWN_INDICATORS: dict[str, str] = {i.code.lower(): i.code for i in INDICATORS}
_GENERIC_SHEET_NAMES = re.compile(
    r"^(sheet|blad|tabel|table|data|gegevens|export|values|waarden|wide|long|indicators?"
    r"|indicatoren|observations?|import|upload)\d*$",
    re.I,
)
_CODE_LIKE = re.compile(r"^[A-Z][A-Z0-9_.\-]*$")
_TITLE_PAIR = re.compile(r"^\s*([^:=]{2,40}?)\s*[:=]\s*(\S.*?)\s*$")


def normalise_header(text: str) -> str:
    """Lower case without spaces, underscores, hyphens or dots: "Status flag" -> "statusflag"."""
    return re.sub(r"[\s_\-./()*:]+", "", text.strip().lower())


def cell_text(raw: object) -> str:
    """A cell as the text a person reads: 2016.0 -> "2016", dates in ISO form, None -> ""."""
    if raw is None:
        return ""
    if isinstance(raw, bool):
        return "TRUE" if raw else "FALSE"
    if isinstance(raw, float):
        if math.isnan(raw):
            return ""
        return str(int(raw)) if raw.is_integer() else repr(raw)
    if isinstance(raw, dt.datetime):
        return raw.date().isoformat() if raw.time() == dt.time() else raw.isoformat()
    if isinstance(raw, dt.date):
        return raw.isoformat()
    return str(raw).strip()


def header_year(raw: object) -> int | None:
    """The year a wide table's column header stands for (2015, "2017 ", 2018.0, a date)."""
    if isinstance(raw, str):
        text = raw.strip()
        if not re.fullmatch(r"\d{4}(\.0+)?|\d{4}-\d{2}-\d{2}([ T].*)?", text):
            return None
        return parse_year(text)
    if isinstance(raw, bool):
        return None
    return parse_year(raw)


@dataclass
class HeaderMap:
    """What each header column means: canonical fields, year columns, and clashes."""

    fields: dict[str, int] = field(default_factory=dict)  # field -> column index
    years: dict[int, int] = field(default_factory=dict)  # column index -> year
    texts: list[str] = field(default_factory=list)  # header text as written, per column
    duplicates: list[tuple[str, int]] = field(default_factory=list)  # (field, column index)
    year_value: list[int] = field(default_factory=list)  # headers naming both year and value

    @property
    def is_long(self) -> bool:
        return "year" in self.fields and "value" in self.fields

    @property
    def is_wide(self) -> bool:
        return bool(self.years) and "value" not in self.fields

    @property
    def complete(self) -> bool:
        """A plausible header: long (year + value) or wide (year columns + an id column)."""
        has_id = any(f in self.fields for f in ID_FIELDS)
        return self.is_long or (bool(self.years) and (has_id or len(self.years) >= 2))

    @property
    def looks_like_data(self) -> bool:
        """Names a year or value column: worth reporting even when incomplete."""
        return (
            bool(self.years or self.year_value) or "year" in self.fields or "value" in self.fields
        )

    @property
    def score(self) -> int:
        return len(self.fields) + min(len(self.years), 2)


def map_header(cells: Sequence[object]) -> HeaderMap:
    """Map one candidate header row to canonical fields and year columns."""
    result = HeaderMap(texts=[cell_text(c) for c in cells])
    seen_years: dict[int, int] = {}
    for index, raw in enumerate(cells):
        text = result.texts[index]
        if not text:
            continue
        year = header_year(raw)
        if year is not None:
            if year in seen_years:
                result.duplicates.append((str(year), index))
            else:
                seen_years[year] = index
                result.years[index] = year
            continue
        key = normalise_header(text)
        fld = HEADER_TO_FIELD.get(key)
        if fld is None:
            tokens = {HEADER_TO_FIELD.get(t) for t in re.split(r"[^a-z0-9]+", text.lower())}
            if {"year", "value"} <= tokens:
                result.year_value.append(index)
            continue
        if fld == "note":
            continue
        if fld in result.fields:
            result.duplicates.append((fld, index))
        else:
            result.fields[fld] = index
    return result


@dataclass(frozen=True)
class HeaderChoice:
    index: int  # position in the scanned rows
    header: HeaderMap


def find_header(rows: Sequence[Sequence[object]]) -> HeaderChoice | None:
    """The first complete header row, else the best partial one (so problems can be named).

    A row counts as partial when it names at least two known columns, one of them a year or
    value column; ``None`` means nothing in the scanned rows looks like a data header.
    """
    best: HeaderChoice | None = None
    for index, cells in enumerate(rows[:HEADER_SCAN_ROWS]):
        if not any(cell_text(c) for c in cells):
            continue
        header = map_header(cells)
        if header.complete:
            return HeaderChoice(index, header)
        if (
            header.score >= 2
            and header.looks_like_data
            and (best is None or header.score > best.header.score)
        ):
            best = HeaderChoice(index, header)
    return best


def fixed_values(rows_above: Sequence[Sequence[object]]) -> dict[str, tuple[str, int]]:
    """Fields fixed by title lines above the header: "Indicator: ELET" or "Indicator" | "ELET".

    Returns field -> (value, index of the title row among ``rows_above``).
    """
    found: dict[str, tuple[str, int]] = {}
    for row_index, cells in enumerate(rows_above):
        texts = [cell_text(c) for c in cells]
        filled = [t for t in texts if t]
        if not filled:
            continue
        pair = _TITLE_PAIR.match(filled[0])
        if pair:
            key, value = pair.group(1), pair.group(2)
        elif len(filled) >= 2:
            key, value = filled[0], filled[1]
        else:
            continue
        fld = HEADER_TO_FIELD.get(normalise_header(key))
        if fld in FIXABLE_FIELDS and fld not in found:
            found[fld] = (value.strip(), row_index)
    return found


def indicator_from_sheet_name(name: str | None) -> str | None:
    """A sheet named after an indicator code ("ELET", "VSV_REGIO") fixes the indicator."""
    if not name:
        return None
    text = name.strip()
    if text.lower() in _KNOWN_INDICATORS:
        return _KNOWN_INDICATORS[text.lower()]
    if _CODE_LIKE.match(text) and not _GENERIC_SHEET_NAMES.match(text):
        return text
    return None


_NOTE_PREFIXES = re.compile(
    r"^\s*(source|sources|bron|bronnen|note|notes|noot|nota|opmerking|toelichting|footnote"
    r"|voetnoot|remark|legend|legenda|flags?|symbols?|explanation|verklaring|\*|:|\(\d|\[\d|¹|²)",
    re.I,
)


def is_note_text(text: str) -> bool:
    """A footnote-like first cell below a table: "Source: ...", "Bron", "* provisional", ": n/a"."""
    return bool(_NOTE_PREFIXES.match(text))


_SKIP_SHEET = re.compile(
    r"instruct|readme|leesmij|toelichting|uitleg|lookup|metadata|example|voorbeeld"
    r"|^(lists?|lijst(en)?|help"
    r"|notes?|info|about|codes?|definitions?|definities|keuzelijsten?|dropdowns?)$",
    re.I,
)


# The template's own explanation and example sheets, in every language of the catalogs.
_TEMPLATE_SHEETS = (N_("Instructions"), N_("Wide example"))


@functools.cache
def _template_sheet_names() -> frozenset[str]:
    return frozenset(
        normalise_header(gettext(name, lang)) for name in _TEMPLATE_SHEETS for lang in LANGS
    )


def is_skipped_sheet(name: str) -> bool:
    """Sheets that explain, list codes or show examples (Instructions, Lists, README), also
    a template's explanation and example sheets in French or German."""
    label = normalise_header(name)
    return bool(_SKIP_SHEET.search(label)) or label in _template_sheet_names()
