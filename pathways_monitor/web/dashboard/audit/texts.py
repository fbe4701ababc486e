"""English and Dutch texts of the audit log page."""

from __future__ import annotations

from pathways_monitor.core.translation import N_, gettext

TEXTS: dict[str, str] = {
    "title": N_("Audit log"),
    "intro": N_(
        "Every change to a country's data, strategy and approvals: who, when, what, before and "
        "after, and from which file. The log is append-only: nothing in it can be changed or "
        "deleted."
    ),
    "country": N_("Country"),
    "all_countries": N_("All countries"),
    "table": N_("Table"),
    "user": N_("User"),
    "all": N_("All"),
    "download_xlsx": N_("Download xlsx"),
    "download_csv": N_("Download CSV"),
    "count": N_("{n} changes, newest first."),
    "count_limited": N_("The newest {shown} of {n} changes; the downloads hold all of them."),
    "none": N_("No changes recorded for this selection."),
    "sign_in_needed": N_(
        "The audit log names the people who changed data, so it is shown to signed-in users only."
    ),
    "sign_in": N_("Sign in"),
    "not_yours": N_("You may see the audit log of {own} only, not of {country}."),
    "no_country": N_("Your account is not linked to a country; ask an administrator."),
    "choose_country": N_("Choose a country"),
    "col_at": N_("When (UTC)"),
    "col_actor": N_("Who"),
    "col_action": N_("Action"),
    "col_table": N_("Table"),
    "col_row_key": N_("Row"),
    "col_diff": N_("Change"),
    "col_file": N_("File"),
    "col_country": N_("Country"),
    "col_before": N_("Before (JSON)"),
    "col_after": N_("After (JSON)"),
    "col_batch": N_("Batch"),
    "action_insert": N_("added"),
    "action_update": N_("changed"),
    "action_delete": N_("removed"),
    "transition_submit": N_("submitted"),
    "transition_approve": N_("approved"),
    "transition_reopen": N_("reopened"),
    "sheet": N_("Audit log"),
    "about": N_("About"),
    "about_country": N_("Country"),
    "about_filters": N_("Filters"),
    "about_exported": N_("Exported (UTC)"),
    "about_note": N_("Note"),
    "about_note_text": N_("Append-only record of changes kept by Pathways Monitor; times are UTC."),
}


def t(key: str, lang: str | None, **values: object) -> str:
    """The text in the visitor's language, with ``{placeholders}`` filled in."""
    text = gettext(TEXTS[key], lang)
    return text.format(**values) if values else text
