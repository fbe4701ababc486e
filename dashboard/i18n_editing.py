"""English and Dutch texts of in-place editing on the country page, and refused-edit messages.

English problem messages are the upload's own (``importers.strategy_rules``); Dutch ones are
built here from the problem's code and parameters, so both languages say the same thing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from dashboard.i18n import fmt_date
from importers.strategy_rules import Violation

TEXTS: dict[str, tuple[str, str]] = {
    # toolbars
    "add_milestone": ("+ Add milestone", "+ Mijlpaal toevoegen"),
    "edit_budget": ("✎ Add or change a budget figure", "✎ Begrotingsbedrag toevoegen of wijzigen"),
    "edit_list_summary": (
        "✎ Update milestones (status, completion date, evidence)",
        "✎ Mijlpalen bijwerken (status, datum van afronding, onderbouwing)",
    ),
    "edit_list_hint": (
        "The same filters as the table below apply. Changes are checked with the upload's rules "
        "and recorded in the import history; a later workbook upload lists the edits it would "
        "overwrite.",
        "Dezelfde filters als in de tabel hieronder gelden. Wijzigingen worden gecontroleerd met "
        "de regels van het uploaden en vastgelegd in de importgeschiedenis; een latere upload van "
        "het werkboek toont welke wijzigingen hij zou overschrijven.",
    ),
    "edit_list_empty": ("No milestones match the filters.", "Geen mijlpalen voor deze filters."),
    "old_version": (
        "You are looking at an older version of the strategy: only the current version can be "
        "edited.",
        "U bekijkt een oudere versie van de strategie: alleen de huidige versie kan worden "
        "gewijzigd.",
    ),
    "edit": ("Edit", "Wijzigen"),
    "edit_aria": ("Edit milestone {key}", "Mijlpaal {key} wijzigen"),
    "col_milestone": ("Milestone", "Mijlpaal"),
    "col_due": ("Due", "Uiterlijk"),
    "col_status": ("Status", "Status"),
    "col_completed": ("Completed on", "Afgerond op"),
    "col_action": ("Action", "Actie"),
    # modals
    "title_edit_milestone": ("Update milestone {key}", "Mijlpaal {key} bijwerken"),
    "title_edit_milestone_plain": ("Update milestone", "Mijlpaal bijwerken"),
    "title_add_milestone": ("Add a milestone", "Mijlpaal toevoegen"),
    "title_budget": ("Add or change a budget figure", "Begrotingsbedrag toevoegen of wijzigen"),
    "milestone_info": ("{title} · due {due}", "{title} · uiterlijk {due}"),
    "save": ("Save", "Opslaan"),
    "cancel": ("Cancel", "Annuleren"),
    "not_saved": ("Not saved.", "Niet opgeslagen."),
    "not_saved_fields": (
        "Not saved: correct the fields marked in red.",
        "Niet opgeslagen: verbeter de rood gemarkeerde velden.",
    ),
    "saved_milestone": (
        "✓ Saved: milestone {key}. The change is in the import history.",
        "✓ Opgeslagen: mijlpaal {key}. De wijziging staat in de importgeschiedenis.",
    ),
    "added_milestone": (
        "✓ Added: milestone {key}. The change is in the import history.",
        "✓ Toegevoegd: mijlpaal {key}. De wijziging staat in de importgeschiedenis.",
    ),
    "saved_budget": (
        "✓ Saved: budget line {key}. The change is in the import history.",
        "✓ Opgeslagen: begrotingsregel {key}. De wijziging staat in de importgeschiedenis.",
    ),
    "unchanged": (
        "Nothing changed: the values are the ones already stored.",
        "Niets gewijzigd: dit zijn de al opgeslagen waarden.",
    ),
    "budget_existing": (
        "This line exists (planned {planned}, committed {committed}, spent {spent}): saving "
        "changes it.",
        "Deze regel bestaat al (gepland {planned}, vastgelegd {committed}, besteed {spent}): "
        "opslaan wijzigt hem.",
    ),
    "budget_new": (
        "No line for this objective, year and source yet: saving adds it.",
        "Nog geen regel voor deze doelstelling, dit jaar en deze bron: opslaan voegt hem toe.",
    ),
    "amount_hint": (
        "Euro, e.g. 1250000 or 1.250.000,00; leave empty when not known.",
        "Euro, bijv. 1250000 of 1.250.000,00; leeg laten als het niet bekend is.",
    ),
    "date_hint": ("Only when the status is Completed.", "Alleen bij de status Afgerond."),
    "choose": ("Choose…", "Kies…"),
    # field labels
    "label_objective": ("Objective", "Doelstelling"),
    "label_code": ("Code", "Code"),
    "label_title": ("Title", "Titel"),
    "label_due_date": ("Due date", "Uiterlijke datum"),
    "label_status": ("Status", "Status"),
    "label_completed_on": ("Completion date", "Datum van afronding"),
    "label_responsible_body": ("Responsible body", "Verantwoordelijke organisatie"),
    "label_evidence_note": ("Evidence note", "Onderbouwing"),
    "label_year": ("Year", "Jaar"),
    "label_funding_source": ("Funding source", "Financieringsbron"),
    "label_planned": ("Planned (€)", "Gepland (€)"),
    "label_committed": ("Committed (€)", "Vastgelegd (€)"),
    "label_spent": ("Spent (€)", "Besteed (€)"),
    # Dutch problem messages (English ones come from importers.strategy_rules)
    "p_missing_value": ("{label} is required.", "{label} is verplicht."),
    "p_period_locked": (
        "This year is approved and locked; ask an administrator or a national editor of the "
        "country to reopen it on the Approvals page.",
        "Dit jaar is goedgekeurd en vergrendeld; vraag een beheerder of een nationale redacteur "
        "van het land het jaar te heropenen op de pagina Goedkeuring.",
    ),
    "p_missing_amount": (
        "Fill in at least one amount (planned, committed or spent).",
        "Vul ten minste één bedrag in (gepland, vastgelegd of besteed).",
    ),
    "p_bad_date": (
        "Not a date: write yyyy-mm-dd or dd-mm-yyyy, e.g. 2026-03-31.",
        "Geen datum: schrijf jjjj-mm-dd of dd-mm-jjjj, bijv. 31-03-2026.",
    ),
    "p_bad_year": ("Not a year between {min} and {max}.", "Geen jaar tussen {min} en {max}."),
    "p_bad_number": (
        "Not an amount in euro, e.g. 1250000 or 1.250.000,00.",
        "Geen bedrag in euro, bijv. 1250000 of 1.250.000,00.",
    ),
    "p_negative_amount": ("Amounts cannot be negative.", "Bedragen kunnen niet negatief zijn."),
    "p_bad_status_unknown": (
        "Unknown milestone status '{value}'.",
        "Onbekende status van een mijlpaal: '{value}'.",
    ),
    "p_bad_status_date": (
        "A completion date is filled in but the status is '{status}': set the status to "
        "completed or clear the date.",
        "Er is een datum van afronding ingevuld maar de status is '{status}': kies de status "
        "Afgerond of maak de datum leeg.",
    ),
    "p_completed_without_date": (
        "The milestone is completed: fill in the completion date.",
        "De mijlpaal is afgerond: vul de datum van afronding in.",
    ),
    "p_completion_before_start": (
        "The completion date {date} is before the strategy period starts ({start}).",
        "De datum van afronding {date} ligt vóór het begin van de strategieperiode ({start}).",
    ),
    "p_completion_in_future": (
        "The completion date {date} is in the future (today is {today}).",
        "De datum van afronding {date} ligt in de toekomst (vandaag is {today}).",
    ),
    "p_milestone_before_strategy_start": (
        "The due date {date} is before the strategy period starts ({start}).",
        "De uiterlijke datum {date} ligt vóór het begin van de strategieperiode ({start}).",
    ),
    "p_duplicate_milestone": (
        "Milestone '{value}' of objective '{objective}' already exists.",
        "Mijlpaal '{value}' van doelstelling '{objective}' bestaat al.",
    ),
    "p_unknown_funding_source": (
        "Unknown funding source '{value}'.",
        "Onbekende financieringsbron '{value}'.",
    ),
    "p_too_long": ("{label} is too long.", "{label} is te lang: ten hoogste {limit} tekens."),
    "p_forbidden_country": (
        "You may not change the strategy of {country}.",
        "U mag de strategie van {country} niet wijzigen.",
    ),
    "p_not_current_version": (
        "Only the current version can be edited.",
        "Versie {version} is niet de huidige versie ({current}); alleen de huidige versie kan "
        "worden gewijzigd.",
    ),
    "p_unknown_milestone": (
        "This milestone no longer exists: reload the page.",
        "Deze mijlpaal bestaat niet meer: laad de pagina opnieuw.",
    ),
    "p_unknown_objective": (
        "Choose an objective of the current strategy.",
        "Kies een doelstelling van de huidige strategie.",
    ),
}


# Problems about the form itself (no such row): worded for the dialog in both languages.
UI_WORDED = frozenset({"unknown_milestone", "unknown_objective"})


def te(name: str, lang: str | None, **values: object) -> str:
    """The editing text ``name`` in ``lang``, with ``{placeholders}`` filled in."""
    en, nl = TEXTS[name]
    text = nl if lang == "nl" else en
    return text.format(**values) if values else text


def _shown(value: Any, lang: str | None) -> Any:
    return fmt_date(value, lang) if isinstance(value, dt.date) else value


def problem_text(problem: Violation, lang: str | None) -> str:
    """A refused edit's message: the upload's English text, or its Dutch counterpart."""
    if problem.code in UI_WORDED:
        return te(f"p_{problem.code}", lang)
    if lang != "nl":
        return problem.message
    params: Mapping[str, Any] = {
        "value": problem.value,
        **{k: _shown(v, lang) for k, v in problem.params.items()},
    }
    code = problem.code
    if code == "missing_value":
        if "label" not in problem.params:
            return te("p_missing_amount", lang)
        return te("p_missing_value", lang, label=field_label(problem.field, lang))
    if code == "too_long":
        return te(
            "p_too_long",
            lang,
            label=field_label(problem.field, lang),
            **params_without(params, "label"),
        )
    if code == "bad_status":
        key = "p_bad_status_date" if "status" in problem.params else "p_bad_status_unknown"
        return te(key, lang, **params)
    key = f"p_{code}"
    if key not in TEXTS:
        return problem.message
    try:
        return te(key, lang, **params)
    except (KeyError, IndexError):
        return problem.message


def params_without(params: Mapping[str, Any], *names: str) -> dict[str, Any]:
    return {k: v for k, v in params.items() if k not in names}


def field_label(field_key: str, lang: str | None) -> str:
    """A form field's label without its unit, e.g. 'Gepland' for 'planned'."""
    key = f"label_{field_key}"
    if key not in TEXTS:
        return field_key
    return te(key, lang).replace(" (€)", "")
