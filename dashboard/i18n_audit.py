"""English and Dutch texts of the audit log page."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "title": ("Audit log", "Auditlog"),
    "intro": (
        "Every change to a country's data, strategy and approvals: who, when, what, before and "
        "after, and from which file. The log is append-only: nothing in it can be changed or "
        "deleted.",
        "Elke wijziging van de gegevens, strategie en goedkeuringen van een land: wie, wanneer, "
        "wat, ervoor en erna, en uit welk bestand. De log wordt alleen aangevuld: niets erin kan "
        "worden gewijzigd of verwijderd.",
    ),
    "country": ("Country", "Land"),
    "all_countries": ("All countries", "Alle landen"),
    "table": ("Table", "Tabel"),
    "user": ("User", "Gebruiker"),
    "all": ("All", "Alle"),
    "download_xlsx": ("Download xlsx", "Download xlsx"),
    "download_csv": ("Download CSV", "Download CSV"),
    "count": (
        "{n} changes, newest first.",
        "{n} wijzigingen, nieuwste eerst.",
    ),
    "count_limited": (
        "The newest {shown} of {n} changes; the downloads hold all of them.",
        "De nieuwste {shown} van {n} wijzigingen; de downloads bevatten ze allemaal.",
    ),
    "none": ("No changes recorded for this selection.", "Geen wijzigingen voor deze selectie."),
    "sign_in_needed": (
        "The audit log names the people who changed data, so it is shown to signed-in users only.",
        "De auditlog noemt de mensen die gegevens wijzigden en is daarom alleen zichtbaar voor "
        "ingelogde gebruikers.",
    ),
    "sign_in": ("Sign in", "Inloggen"),
    "not_yours": (
        "You may see the audit log of {own} only, not of {country}.",
        "U mag alleen de auditlog van {own} zien, niet die van {country}.",
    ),
    "no_country": (
        "Your account is not linked to a country; ask an administrator.",
        "Uw account is niet aan een land gekoppeld; vraag het een beheerder.",
    ),
    "choose_country": ("Choose a country", "Kies een land"),
    "col_at": ("When (UTC)", "Wanneer (UTC)"),
    "col_actor": ("Who", "Wie"),
    "col_action": ("Action", "Actie"),
    "col_table": ("Table", "Tabel"),
    "col_row_key": ("Row", "Rij"),
    "col_diff": ("Change", "Wijziging"),
    "col_file": ("File", "Bestand"),
    "col_country": ("Country", "Land"),
    "col_before": ("Before (JSON)", "Ervoor (JSON)"),
    "col_after": ("After (JSON)", "Erna (JSON)"),
    "col_batch": ("Batch", "Batch"),
    "action_insert": ("added", "toegevoegd"),
    "action_update": ("changed", "gewijzigd"),
    "action_delete": ("removed", "verwijderd"),
    "transition_submit": ("submitted", "ingediend"),
    "transition_approve": ("approved", "goedgekeurd"),
    "transition_reopen": ("reopened", "heropend"),
    "sheet": ("Audit log", "Auditlog"),
    "about": ("About", "Over"),
    "about_country": ("Country", "Land"),
    "about_filters": ("Filters", "Filters"),
    "about_exported": ("Exported (UTC)", "Geëxporteerd (UTC)"),
    "about_note": (
        "Note",
        "Opmerking",
    ),
    "about_note_text": (
        "Append-only record of changes kept by Pathways Monitor; times are UTC.",
        "Alleen-aanvullen-register van wijzigingen in Pathways Monitor; tijden in UTC.",
    ),
}


def t(key: str, lang: str | None, **values: object) -> str:
    """The text in the visitor's language, with ``{placeholders}`` filled in."""
    en, nl = TEXTS[key]
    text = nl if lang == "nl" else en
    return text.format(**values) if values else text
