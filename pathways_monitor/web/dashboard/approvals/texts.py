"""English and Dutch texts of the Approvals page (reporting periods: submit, approve, reopen)."""

from __future__ import annotations

from pathways_monitor.core.translation import N_, gettext

TEXTS: dict[str, str] = {
    "title": N_("Approvals"),
    "intro": N_(
        "Each year of a country's data goes from draft to submitted to approved. An approved year "
        "is locked: uploads and edits that would change its figures, budget lines or milestones "
        "are refused until an administrator or a national editor of the country reopens it. "
        "A national editor cannot approve a year they submitted themselves."
    ),
    "country": N_("Country"),
    "choose_country": N_("Choose a country"),
    "col_year": N_("Year"),
    "col_status": N_("Status"),
    "col_submitted": N_("Submitted"),
    "col_approved": N_("Approved"),
    "col_reopened": N_("Last reopened"),
    "col_action": N_("Action"),
    "status_draft": N_("Draft"),
    "status_submitted": N_("Submitted, awaiting approval"),
    "status_approved": N_("Approved (locked)"),
    "by_on": N_("{who}, {when}"),
    "reason": N_("Reason: {reason}"),
    "submit": N_("Submit"),
    "approve": N_("Approve"),
    "reopen": N_("Reopen"),
    "reason_label": N_("Reason for reopening {year}"),
    "reason_placeholder": N_("Reason (required)"),
    "action_aria": N_("{action} {country} {year}"),
    "waiting_other": N_("Another editor must approve"),
    "no_action": N_("–"),
    "sign_in_hint": N_(
        "Sign in as an administrator or a national editor of {country} to submit, approve or "
        "reopen years."
    ),
    "sign_in": N_("Sign in"),
    "read_only_hint": N_(
        "You can see the status of {country}; only an administrator or a national editor of "
        "{country} can submit, approve or reopen."
    ),
    "no_years": N_("{country} has no data yet: upload figures first, then submit the year."),
    "table_caption": N_("Years with data for {country} and their approval status"),
    "done_submit": N_("{country} {year} was submitted."),
    "done_approve": N_("{country} {year} was approved and is now locked."),
    "done_reopen": N_("{country} {year} was reopened and is a draft again."),
    "refused_forbidden": N_(
        "Refused: only an administrator or a national editor of {country} may do this."
    ),
    "refused_same_person": N_(
        "Refused: you submitted {country} {year} yourself; another national editor of "
        "{country} or an administrator must approve it."
    ),
    "refused_reason_required": N_("Refused: give a reason for reopening {country} {year}."),
    "refused_wrong_status": N_(
        "Refused: {country} {year} is no longer in the state this button was for (someone else "
        "may have acted); the table now shows its current state."
    ),
    "refused_other": N_("Refused: {message}"),
    "audit_link": N_("See every change in the audit log"),
}

STATUS_ICONS: dict[str, str] = {"draft": "✎", "submitted": "✉", "approved": "✔"}


def t(key: str, lang: str | None, **values: object) -> str:
    """The text in the visitor's language, with ``{placeholders}`` filled in."""
    text = gettext(TEXTS[key], lang)
    return text.format(**values) if values else text


def status_text(status: str, lang: str | None) -> str:
    """Icon and words, never colour alone: '🔒 Approved (locked)'."""
    return f"{STATUS_ICONS.get(status, '')} {t(f'status_{status}', lang)}".strip()
