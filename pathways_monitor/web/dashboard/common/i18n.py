"""The app shell's texts and number/date formatting per language (``9,5 %`` in Dutch)."""

from __future__ import annotations

import datetime as dt
import math

from babel import Locale

from pathways_monitor.core import formatting
from pathways_monitor.core.translation import DEFAULT_LANG, LANGS, N_, gettext

__all__ = ["DEFAULT_LANG", "LANGS", "fmt_date", "fmt_number", "fmt_pct", "t"]


def _own_name(code: str) -> str:
    """A language named in itself ("Français"), from Babel's locale data."""
    name = Locale.parse(code).get_display_name(code) or code
    return name[:1].upper() + name[1:]


# The languages the switch offers, each named in itself (not translated on purpose).
LANGUAGE_NAMES: dict[str, str] = {code: _own_name(code) for code in LANGS}

TEXTS: dict[str, str] = {
    "app_title": N_("Pathways Monitor"),
    "tagline": N_("National strategies for school success and the EU 2030 targets"),
    "nav_home": N_("Home"),
    "country": N_("Country"),
    "latest_year": N_("Year"),
    "latest_value": N_("Latest value"),
    "flag": N_("Flag"),
    "target": N_("EU target"),
    "distance": N_("Distance to target (pp)"),
    "status": N_("Status"),
    "below_target": N_("Below target"),
    "above_target": N_("Above target"),
    "no_data": N_("No data"),
    "home_elet_title": N_(
        "Early leavers from education and training: latest value against the 9 % target"
    ),
    "home_elet_intro": N_(
        "Share of 18-24 year olds with at most lower secondary education and not in education "
        "or training. EU-level target for 2030: below 9 %. Flags: b break in series, "
        "u low reliability, p provisional, e estimated, d definition differs."
    ),
    "source_eurostat": N_(
        "Source: Eurostat (edat_lfse_14, edat_lfse_16, sdg_04_40; PISA data from OECD)"
    ),
    "empty_db": N_("No indicator data yet. Run `pathways demo` or upload a Eurostat file."),
}


def t(key: str, lang: str | None) -> str:
    return gettext(TEXTS[key], lang)


def fmt_number(value: float | None, lang: str | None, decimals: int = 1) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if lang not in ("en", "nl", None):
        return formatting.format_number(value, lang, decimals)
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
    if lang not in ("en", "nl", None):
        return formatting.format_date(value, lang)
    return value.strftime("%d-%m-%Y") if lang == "nl" else value.isoformat()
