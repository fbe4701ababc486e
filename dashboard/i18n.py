"""English and Dutch texts and number/date formatting (e.g. ``9,5 %`` in Dutch)."""

from __future__ import annotations

import datetime as dt
import math

LANGS = ("en", "nl")
DEFAULT_LANG = "en"

TEXTS: dict[str, tuple[str, str]] = {
    "app_title": ("Pathways Monitor", "Pathways Monitor"),
    "tagline": (
        "National strategies for school success and the EU 2030 targets",
        "Nationale strategieën voor schoolsucces en de EU-doelen voor 2030",
    ),
    "nav_home": ("Home", "Home"),
    "country": ("Country", "Land"),
    "latest_year": ("Year", "Jaar"),
    "latest_value": ("Latest value", "Laatste waarde"),
    "flag": ("Flag", "Vlag"),
    "target": ("EU target", "EU-doel"),
    "distance": ("Distance to target (pp)", "Afstand tot doel (procentpunt)"),
    "status": ("Status", "Status"),
    "below_target": ("Below target", "Onder het doel"),
    "above_target": ("Above target", "Boven het doel"),
    "no_data": ("No data", "Geen gegevens"),
    "home_elet_title": (
        "Early leavers from education and training: latest value against the 9 % target",
        "Voortijdige schoolverlaters: laatste waarde ten opzichte van het doel van 9 %",
    ),
    "home_elet_intro": (
        "Share of 18-24 year olds with at most lower secondary education and not in education "
        "or training. EU-level target for 2030: below 9 %. Flags: b break in series, "
        "u low reliability, p provisional, e estimated, d definition differs.",
        "Aandeel 18- tot 24-jarigen met ten hoogste lager secundair onderwijs dat geen onderwijs "
        "of opleiding volgt. EU-doel voor 2030: onder 9 %. Vlaggen: b breuk in reeks, "
        "u lage betrouwbaarheid, p voorlopig, e geschat, d afwijkende definitie.",
    ),
    "source_eurostat": (
        "Source: Eurostat (edat_lfse_14, edat_lfse_16, sdg_04_40; PISA data from OECD)",
        "Bron: Eurostat (edat_lfse_14, edat_lfse_16, sdg_04_40; PISA-gegevens van de OESO)",
    ),
    "empty_db": (
        "No indicator data yet. Run `pathways demo` or upload a Eurostat file.",
        "Nog geen indicatorgegevens. Voer `pathways demo` uit of upload een Eurostat-bestand.",
    ),
}


def t(key: str, lang: str | None) -> str:
    en, nl = TEXTS[key]
    return nl if lang == "nl" else en


def fmt_number(value: float | None, lang: str | None, decimals: int = 1) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    text = f"{value:,.{decimals}f}"
    if lang == "nl":
        text = text.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")
    return text


def fmt_pct(value: float | None, lang: str | None, decimals: int = 1) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{fmt_number(value, lang, decimals)} %"


def fmt_date(value: dt.date | None, lang: str | None) -> str:
    if value is None:
        return "–"
    return value.strftime("%d-%m-%Y") if lang == "nl" else value.isoformat()
