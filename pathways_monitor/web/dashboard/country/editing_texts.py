"""English and Dutch texts of in-place editing on the country page, and refused-edit messages.

English problem messages are the upload's own (``importers.strategy_rules``); Dutch ones are
built here from the problem's code and parameters, so both languages say the same thing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from pathways_monitor.core.translation import N_, SOURCE_LANG, gettext, normalise_lang
from pathways_monitor.importers.strategy_rules import Violation
from pathways_monitor.web.dashboard.common.i18n import fmt_date

TEXTS: dict[str, str] = {
    # toolbars
    "add_milestone": N_("+ Add milestone"),
    "edit_budget": N_("✎ Add or change a budget figure"),
    "edit_list_summary": N_("✎ Update milestones (status, completion date, evidence)"),
    "edit_list_hint": N_(
        "The same filters as the table below apply. Changes are checked with the upload's rules "
        "and recorded in the import history; a later workbook upload lists the edits it would "
        "overwrite."
    ),
    "edit_list_empty": N_("No milestones match the filters."),
    "old_version": N_(
        "You are looking at an older version of the strategy: only the current version can be "
        "edited."
    ),
    "edit": N_("Edit"),
    "edit_aria": N_("Edit milestone {key}"),
    "col_milestone": N_("Milestone"),
    "col_due": N_("Due"),
    "col_status": N_("Status"),
    "col_completed": N_("Completed on"),
    "col_action": N_("Action"),
    # modals
    "title_edit_milestone": N_("Update milestone {key}"),
    "title_edit_milestone_plain": N_("Update milestone"),
    "title_add_milestone": N_("Add a milestone"),
    "title_budget": N_("Add or change a budget figure"),
    "milestone_info": N_("{title} · due {due}"),
    "save": N_("Save"),
    "cancel": N_("Cancel"),
    "not_saved": N_("Not saved."),
    "not_saved_fields": N_("Not saved: correct the fields marked in red."),
    "saved_milestone": N_("✓ Saved: milestone {key}. The change is in the import history."),
    "added_milestone": N_("✓ Added: milestone {key}. The change is in the import history."),
    "saved_budget": N_("✓ Saved: budget line {key}. The change is in the import history."),
    "unchanged": N_("Nothing changed: the values are the ones already stored."),
    "budget_existing": N_(
        "This line exists (planned {planned}, committed {committed}, spent {spent}): saving "
        "changes it."
    ),
    "budget_new": N_("No line for this objective, year and source yet: saving adds it."),
    "amount_hint": N_("Euro, e.g. 1250000 or 1.250.000,00; leave empty when not known."),
    "date_hint": N_("Only when the status is Completed."),
    "choose": N_("Choose…"),
    # field labels
    "label_objective": N_("Objective"),
    "label_code": N_("Code"),
    "label_title": N_("Title"),
    "label_due_date": N_("Due date"),
    "label_status": N_("Status"),
    "label_completed_on": N_("Completion date"),
    "label_responsible_body": N_("Responsible body"),
    "label_evidence_note": N_("Evidence note"),
    "label_year": N_("Year"),
    "label_funding_source": N_("Funding source"),
    "label_planned": N_("Planned (€)"),
    "label_committed": N_("Committed (€)"),
    "label_spent": N_("Spent (€)"),
    # Dutch problem messages (English ones come from importers.strategy_rules)
    "p_missing_value": N_("{label} is required."),
    "p_period_locked": N_(
        "This year is approved and locked; ask an administrator or a national editor of the "
        "country to reopen it on the Approvals page."
    ),
    "p_missing_amount": N_("Fill in at least one amount (planned, committed or spent)."),
    "p_bad_date": N_("Not a date: write yyyy-mm-dd or dd-mm-yyyy, e.g. 2026-03-31."),
    "p_bad_year": N_("Not a year between {min} and {max}."),
    "p_bad_number": N_("Not an amount in euro, e.g. 1250000 or 1.250.000,00."),
    "p_negative_amount": N_("Amounts cannot be negative."),
    "p_bad_status_unknown": N_("Unknown milestone status '{value}'."),
    "p_bad_status_date": N_(
        "A completion date is filled in but the status is '{status}': set the status to "
        "completed or clear the date."
    ),
    "p_completed_without_date": N_("The milestone is completed: fill in the completion date."),
    "p_completion_before_start": N_(
        "The completion date {date} is before the strategy period starts ({start})."
    ),
    "p_completion_in_future": N_("The completion date {date} is in the future (today is {today})."),
    "p_milestone_before_strategy_start": N_(
        "The due date {date} is before the strategy period starts ({start})."
    ),
    "p_duplicate_milestone": N_("Milestone '{value}' of objective '{objective}' already exists."),
    "p_unknown_funding_source": N_("Unknown funding source '{value}'."),
    "p_too_long": N_("{label} is too long: at most {limit} characters."),
    "p_forbidden_country": N_("You may not change the strategy of {country}."),
    "p_not_current_version": N_(
        "Version {version} is not the current version ({current}) of the strategy: only the "
        "current version can be edited."
    ),
    "p_unknown_milestone": N_("This milestone no longer exists: reload the page."),
    "p_unknown_objective": N_("Choose an objective of the current strategy."),
}


# Problems about the form itself (no such row): worded for the dialog in both languages.
UI_WORDED = frozenset({"unknown_milestone", "unknown_objective"})


def te(name: str, lang: str | None, **values: object) -> str:
    """The editing text ``name`` in ``lang``, with ``{placeholders}`` filled in."""
    text = gettext(TEXTS[name], lang)
    return text.format(**values) if values else text


def _shown(value: Any, lang: str | None) -> Any:
    return fmt_date(value, lang) if isinstance(value, dt.date) else value


def problem_text(problem: Violation, lang: str | None) -> str:
    """A refused edit's message: the upload's English text, or its Dutch counterpart."""
    if problem.code in UI_WORDED:
        return te(f"p_{problem.code}", lang)
    if normalise_lang(lang) == SOURCE_LANG:
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
