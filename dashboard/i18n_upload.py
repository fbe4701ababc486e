"""English and Dutch texts of the upload and import history pages (same (en, nl) shape as
dashboard.i18n)."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    # ------------------------------------------------------------------ upload page
    "title": ("Upload files", "Bestanden uploaden"),
    "intro": (
        "Upload a strategy workbook, an indicator sheet or a file downloaded from Eurostat. "
        "Every file is checked first and nothing is stored until you confirm; a file with errors "
        "is never stored.",
        "Upload een strategiewerkboek, een indicatorbestand of een bestand dat u van Eurostat "
        "hebt gedownload. Elk bestand wordt eerst gecontroleerd en er wordt niets opgeslagen "
        "voordat u bevestigt; een bestand met fouten wordt nooit opgeslagen.",
    ),
    "sign_in_needed": (
        "You are not signed in: you can check files here, but only a signed-in editor can "
        "store them.",
        "U bent niet aangemeld: u kunt hier bestanden controleren, maar alleen een aangemelde "
        "redacteur kan ze opslaan.",
    ),
    "sign_in": ("Sign in", "Aanmelden"),
    "uploader_hidden": ("(hidden)", "(verborgen)"),
    "uploaders_hidden_note": (
        "Who uploaded a file is shown to signed-in users of that country, as in the audit log.",
        "Wie een bestand heeft geüpload, ziet u na aanmelden voor uw eigen land, zoals in de "
        "auditlog.",
    ),
    "too_many_files": (
        "{n} files were dropped at once; at most {max} files can be checked in one go. "
        "Nothing was read: drop them in smaller groups.",
        "Er zijn {n} bestanden tegelijk neergezet; er kunnen er hoogstens {max} tegelijk "
        "worden gecontroleerd. Er is niets gelezen: zet ze in kleinere groepen neer.",
    ),
    "templates": ("Templates", "Sjablonen"),
    "templates_intro": (
        "Start from a template: it lists every valid code in drop-down lists.",
        "Begin met een sjabloon: alle geldige codes staan erin als keuzelijst.",
    ),
    "template_strategy": ("Strategy workbook (xlsx)", "Strategiewerkboek (xlsx)"),
    "template_indicators": ("Indicator sheet (xlsx)", "Indicatorbestand (xlsx)"),
    "template_strategy_file": ("strategy_template", "sjabloon_strategie"),
    "template_indicators_file": ("indicator_template", "sjabloon_indicatoren"),
    "drop_here": ("Drag and drop files here, or", "Sleep bestanden hierheen, of"),
    "choose_files": ("Choose files", "Kies bestanden"),
    "accepted_types": (
        "Accepted: .xlsx (strategy workbook or indicator sheet), .csv, .tsv and .txt "
        "(indicator tables and Eurostat downloads). Several files at once are fine. "
        "Limit: {limit} per file.",
        "Toegestaan: .xlsx (strategiewerkboek of indicatorbestand), .csv, .tsv en .txt "
        "(indicatortabellen en Eurostat-downloads). Meerdere bestanden tegelijk kan. "
        "Maximaal {limit} per bestand.",
    ),
    "nothing_yet": (
        "No file chosen yet. The check of each file appears here.",
        "Nog geen bestand gekozen. De controle van elk bestand verschijnt hier.",
    ),
    "checked_heading": (
        "Check of {n} file(s): nothing stored yet",
        "Controle van {n} bestand(en): nog niets opgeslagen",
    ),
    "kind": ("Detected", "Herkend als"),
    "format": ("Format", "Indeling"),
    "rows": ("Rows read", "Gelezen rijen"),
    "status": ("Status", "Status"),
    "accepted": ("Accepted", "Geaccepteerd"),
    "rejected": ("Rejected", "Afgewezen"),
    "kind_strategy": ("Strategy workbook", "Strategiewerkboek"),
    "kind_indicators": ("Indicator sheet", "Indicatorbestand"),
    "kind_eurostat": ("Eurostat file", "Eurostat-bestand"),
    "kind_edit": ("Edit in the dashboard", "Wijziging in het dashboard"),
    "kind_reference": ("Reference data", "Referentiegegevens"),
    "kind_unknown": ("Not recognised", "Niet herkend"),
    "rejected_note": (
        "This file cannot be stored. Correct the errors below and upload it again; nothing has "
        "been written.",
        "Dit bestand kan niet worden opgeslagen. Verbeter de fouten hieronder en upload het "
        "opnieuw; er is niets weggeschreven.",
    ),
    "warnings_note": (
        "{n} warning(s): they do not stop the import, but read them.",
        "{n} waarschuwing(en): ze houden de import niet tegen, maar lees ze wel.",
    ),
    "problems": ("Problems ({n})", "Problemen ({n})"),
    "no_problems": ("No problems found.", "Geen problemen gevonden."),
    "download_problems": ("Download problems (xlsx)", "Problemen downloaden (xlsx)"),
    "problems_file": ("problems", "problemen"),
    "col_severity": ("Severity", "Ernst"),
    "col_sheet": ("Sheet", "Werkblad"),
    "col_row": ("Row", "Rij"),
    "col_column": ("Column", "Kolom"),
    "col_value": ("Value", "Waarde"),
    "col_code": ("Code", "Code"),
    "col_message": ("Message", "Melding"),
    "severity_error": ("Error", "Fout"),
    "severity_warning": ("Warning", "Waarschuwing"),
    "preview": ("What will change", "Wat er verandert"),
    "preview_counts": (
        "{new} new value(s), {changed} changed, {unchanged} unchanged.",
        "{new} nieuwe waarde(n), {changed} gewijzigd, {unchanged} ongewijzigd.",
    ),
    "preview_first": (
        "The first {n} changed value(s):",
        "De eerste {n} gewijzigde waarde(n):",
    ),
    "preview_nothing": (
        "Nothing would change: every value in this file is already stored.",
        "Er verandert niets: elke waarde in dit bestand is al opgeslagen.",
    ),
    "preview_strategy_new": (
        "Confirming stores this workbook as a new version of the strategy ({n} rows); the "
        "current version is kept and stays viewable.",
        "Bij bevestigen wordt dit werkboek opgeslagen als nieuwe versie van de strategie "
        "({n} rijen); de huidige versie blijft bewaard en zichtbaar.",
    ),
    "preview_strategy_same": (
        "Nothing would change: this workbook equals the current version of the strategy.",
        "Er verandert niets: dit werkboek is gelijk aan de huidige versie van de strategie.",
    ),
    "preview_strategy_diff": (
        "Differences with the current version: {n}.",
        "Verschillen met de huidige versie: {n}.",
    ),
    "col_indicator": ("Indicator", "Indicator"),
    "col_geo": ("Place", "Plaats"),
    "col_year": ("Year", "Jaar"),
    "col_breakdown": ("Breakdown", "Uitsplitsing"),
    "col_old_value": ("Stored value", "Opgeslagen waarde"),
    "col_old_flag": ("Stored flag", "Opgeslagen vlag"),
    "col_new_value": ("New value", "Nieuwe waarde"),
    "col_new_flag": ("New flag", "Nieuwe vlag"),
    "col_part": ("Part", "Onderdeel"),
    "col_change": ("Change", "Wijziging"),
    "col_key": ("Key", "Sleutel"),
    "col_title": ("Title", "Titel"),
    "col_before": ("Before", "Voor"),
    "col_after": ("After", "Na"),
    "col_details": ("Details", "Details"),
    "preview_shown": (
        "The table shows the first {n}.",
        "De tabel toont de eerste {n}.",
    ),
    "change_new": ("new", "nieuw"),
    "change_added": ("added", "toegevoegd"),
    "change_removed": ("removed", "verwijderd"),
    "change_changed": ("changed", "gewijzigd"),
    "change_status_changed": ("status changed", "status gewijzigd"),
    "part_strategy": ("strategy", "strategie"),
    "part_objective": ("objective", "doelstelling"),
    "part_milestone": ("milestone", "mijlpaal"),
    "part_budget": ("budget", "budget"),
    "part_target": ("national target", "nationaal doel"),
    "part_indicator_link": ("indicator link", "koppeling indicator"),
    "confirm": ("Confirm import", "Import bevestigen"),
    "confirm_help_rejected": (
        "Confirming is not possible: the file has errors.",
        "Bevestigen kan niet: het bestand bevat fouten.",
    ),
    "confirm_help_nothing": (
        "Confirming is not needed: nothing would change.",
        "Bevestigen is niet nodig: er verandert niets.",
    ),
    "confirm_help": (
        "The file is checked again when you confirm.",
        "Bij bevestigen wordt het bestand opnieuw gecontroleerd.",
    ),
    "confirm_help_revisions": (
        "Tick 'Replace the published values' above first; the file is checked again "
        "when you confirm.",
        "Vink eerst 'Vervang de gepubliceerde waarden' hierboven aan; bij bevestigen "
        "wordt het bestand opnieuw gecontroleerd.",
    ),
    "revision_title": (
        "This file would change published values",
        "Dit bestand zou gepubliceerde waarden wijzigen",
    ),
    "revision_intro": (
        "It revises a large share of the stored values of these series, or blanks stored "
        "values. That happens with a new release of the same series, but also with a file "
        "that measures something else under the same name. Check which it is before you "
        "replace them:",
        "Het herziet een groot deel van de opgeslagen waarden van deze reeksen, of maakt "
        "opgeslagen waarden leeg. Dat gebeurt bij een nieuwe publicatie van dezelfde reeksen, "
        "maar ook bij een bestand dat onder dezelfde naam iets anders meet. Controleer welke "
        "van de twee het is voordat u ze vervangt:",
    ),
    "revision_accept": (
        "Replace the published values (I have checked that this file is a new release of the "
        "same series)",
        "Vervang de gepubliceerde waarden (ik heb gecontroleerd dat dit bestand een nieuwe "
        "publicatie van dezelfde reeksen is)",
    ),
    "imported": (
        "Imported as batch {batch}: {new} new, {changed} changed, {unchanged} unchanged.",
        "Geïmporteerd als batch {batch}: {new} nieuw, {changed} gewijzigd, {unchanged} "
        "ongewijzigd.",
    ),
    "imported_nothing": (
        "Nothing was written: every value was already stored.",
        "Er is niets weggeschreven: elke waarde was al opgeslagen.",
    ),
    "confirm_rejected": (
        "The file was rejected when checked again; nothing was written.",
        "Het bestand werd bij de nieuwe controle afgewezen; er is niets weggeschreven.",
    ),
    "see_history": ("See it in the import history", "Bekijk het in de importgeschiedenis"),
    "unexpected": (
        "Unexpected failure while reading {file} ({error}); nothing was written.",
        "Onverwachte fout bij het lezen van {file} ({error}); er is niets weggeschreven.",
    ),
    "unreadable_upload": (
        "The browser sent {file} in a form that could not be decoded; upload it again.",
        "De browser stuurde {file} in een vorm die niet te lezen is; upload het opnieuw.",
    ),
    # ------------------------------------------------------------------ history page
    "history_title": ("Import history", "Importgeschiedenis"),
    "history_intro": (
        "Every file that changed the store, with who uploaded it, when and what it changed. "
        "Select a row to see the values it changed.",
        "Elk bestand dat de gegevens heeft gewijzigd, met wie het uploadde, wanneer en wat het "
        "veranderde. Kies een rij om de gewijzigde waarden te zien.",
    ),
    "filter_country": ("Country", "Land"),
    "filter_kind": ("Kind of file", "Soort bestand"),
    "all": ("All", "Alle"),
    "no_country": ("(several or none)", "(meerdere of geen)"),
    "no_batches": (
        "No imports match this selection.",
        "Geen imports die bij deze selectie passen.",
    ),
    "col_id": ("Batch", "Batch"),
    "col_created_at": ("When", "Wanneer"),
    "col_uploaded_by": ("Who", "Wie"),
    "col_file_name": ("File", "Bestand"),
    "col_kind": ("Kind", "Soort"),
    "col_format": ("Format", "Indeling"),
    "col_rows": ("Rows", "Rijen"),
    "col_inserted": ("New", "Nieuw"),
    "col_updated": ("Changed", "Gewijzigd"),
    "col_unchanged": ("Unchanged", "Ongewijzigd"),
    "col_outcome": ("Outcome", "Uitkomst"),
    "col_country": ("Country", "Land"),
    "download_list": ("Download list (xlsx)", "Lijst downloaden (xlsx)"),
    "download_batch": ("Download changes (xlsx)", "Wijzigingen downloaden (xlsx)"),
    "select_hint": (
        "Select an import in the table to see what it changed.",
        "Kies een import in de tabel om te zien wat die veranderde.",
    ),
    "batch_missing": (
        "Import batch {batch} does not exist.",
        "Importbatch {batch} bestaat niet.",
    ),
    "batch_heading": ("Batch {batch}: {file}", "Batch {batch}: {file}"),
    "batch_meta": (
        "{kind} · uploaded by {who} on {when} · {rows} rows",
        "{kind} · geüpload door {who} op {when} · {rows} rijen",
    ),
    "batch_counts": (
        "New values: {new} · changed: {changed} · unchanged: {unchanged}. Values that still "
        "carry this batch: {current}.",
        "Nieuwe waarden: {new} · gewijzigd: {changed} · ongewijzigd: {unchanged}. Waarden die "
        "nog van deze batch komen: {current}.",
    ),
    "revisions": ("Values it changed ({n})", "Waarden die het wijzigde ({n})"),
    "first_rows": (
        "The table shows the first {n}; the download holds them all.",
        "De tabel toont de eerste {n}; de download bevat ze allemaal.",
    ),
    "no_revisions": (
        "It changed no stored value (it only added new ones).",
        "Het wijzigde geen opgeslagen waarde (het voegde alleen nieuwe toe).",
    ),
    "col_previous_value": ("Before", "Voor"),
    "col_previous_flag": ("Flag before", "Vlag voor"),
    "col_set_value": ("Set by this import", "Gezet door deze import"),
    "col_set_flag": ("Flag set", "Vlag gezet"),
    "col_current_value": ("Now", "Nu"),
    "col_current_flag": ("Flag now", "Vlag nu"),
    "strategy_version": (
        "Created version {version} of the strategy of {country}: {title}",
        "Maakte versie {version} van de strategie van {country}: {title}",
    ),
    "strategy_link": ("Open the country page", "Open de landenpagina"),
    "audit": ("Changes recorded ({n})", "Vastgelegde wijzigingen ({n})"),
    "col_table": ("Table", "Tabel"),
    "col_row_key": ("Row", "Rij"),
    "col_action": ("Action", "Actie"),
    "action_insert": ("added", "toegevoegd"),
    "action_update": ("changed", "gewijzigd"),
    "action_delete": ("removed", "verwijderd"),
    "outcome_accepted": ("✓ accepted", "✓ geaccepteerd"),
    "outcome_rejected": ("✗ rejected", "✗ afgewezen"),
    "outcome_dry_run": ("◌ check only", "◌ alleen controle"),
    "changes_sheet": ("Changes", "Wijzigingen"),
    "about": ("About", "Over"),
    "about_batch": ("Import batch", "Importbatch"),
    "about_file": ("File", "Bestand"),
    "about_who": ("Uploaded by", "Geüpload door"),
    "about_when": ("When", "Wanneer"),
}


def t(key: str, lang: str | None, **values: object) -> str:
    """The text in the visitor's language, with ``{placeholders}`` filled in."""
    en, nl = TEXTS[key]
    text = nl if lang == "nl" else en
    return text.format(**values) if values else text
