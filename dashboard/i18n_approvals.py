"""English and Dutch texts of the Approvals page (reporting periods: submit, approve, reopen)."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "title": ("Approvals", "Goedkeuring"),
    "intro": (
        "Each year of a country's data goes from draft to submitted to approved. An approved year "
        "is locked: uploads and edits that would change its figures, budget lines or milestones "
        "are refused until an administrator or a national editor of the country reopens it. "
        "A national editor cannot approve a year they submitted themselves.",
        "Elk jaar van de gegevens van een land gaat van concept naar ingediend naar goedgekeurd. "
        "Een goedgekeurd jaar is vergrendeld: uploads en wijzigingen van cijfers, "
        "begrotingsregels of mijlpalen van dat jaar worden geweigerd tot een beheerder of een "
        "nationale redacteur van het land het heropent. Een nationale redacteur kan een jaar dat "
        "hij zelf heeft ingediend niet goedkeuren.",
    ),
    "country": ("Country", "Land"),
    "choose_country": ("Choose a country", "Kies een land"),
    "col_year": ("Year", "Jaar"),
    "col_status": ("Status", "Status"),
    "col_submitted": ("Submitted", "Ingediend"),
    "col_approved": ("Approved", "Goedgekeurd"),
    "col_reopened": ("Last reopened", "Laatst heropend"),
    "col_action": ("Action", "Actie"),
    "status_draft": ("Draft", "Concept"),
    "status_submitted": ("Submitted, awaiting approval", "Ingediend, wacht op goedkeuring"),
    "status_approved": ("Approved (locked)", "Goedgekeurd (vergrendeld)"),
    "by_on": ("{who}, {when}", "{who}, {when}"),
    "reason": ("Reason: {reason}", "Reden: {reason}"),
    "submit": ("Submit", "Indienen"),
    "approve": ("Approve", "Goedkeuren"),
    "reopen": ("Reopen", "Heropenen"),
    "reason_label": ("Reason for reopening {year}", "Reden om {year} te heropenen"),
    "reason_placeholder": ("Reason (required)", "Reden (verplicht)"),
    "action_aria": ("{action} {country} {year}", "{action} {country} {year}"),
    "waiting_other": (
        "Another editor must approve",
        "Een andere redacteur moet goedkeuren",
    ),
    "no_action": ("–", "–"),
    "sign_in_hint": (
        "Sign in as an administrator or a national editor of {country} to submit, approve or "
        "reopen years.",
        "Log in als beheerder of als nationale redacteur van {country} om jaren in te dienen, "
        "goed te keuren of te heropenen.",
    ),
    "sign_in": ("Sign in", "Inloggen"),
    "read_only_hint": (
        "You can see the status of {country}; only an administrator or a national editor of "
        "{country} can submit, approve or reopen.",
        "U ziet de status van {country}; alleen een beheerder of een nationale redacteur van "
        "{country} kan indienen, goedkeuren of heropenen.",
    ),
    "no_years": (
        "{country} has no data yet: upload figures first, then submit the year.",
        "{country} heeft nog geen gegevens: upload eerst cijfers en dien daarna het jaar in.",
    ),
    "table_caption": (
        "Years with data for {country} and their approval status",
        "Jaren met gegevens voor {country} en hun goedkeuringsstatus",
    ),
    "done_submit": ("{country} {year} was submitted.", "{country} {year} is ingediend."),
    "done_approve": (
        "{country} {year} was approved and is now locked.",
        "{country} {year} is goedgekeurd en nu vergrendeld.",
    ),
    "done_reopen": (
        "{country} {year} was reopened and is a draft again.",
        "{country} {year} is heropend en weer een concept.",
    ),
    "refused_forbidden": (
        "Refused: only an administrator or a national editor of {country} may do this.",
        "Geweigerd: alleen een beheerder of een nationale redacteur van {country} mag dit doen.",
    ),
    "refused_same_person": (
        "Refused: you submitted {country} {year} yourself; another national editor of "
        "{country} or an administrator must approve it.",
        "Geweigerd: u hebt {country} {year} zelf ingediend; een andere nationale redacteur van "
        "{country} of een beheerder moet het goedkeuren.",
    ),
    "refused_reason_required": (
        "Refused: give a reason for reopening {country} {year}.",
        "Geweigerd: geef een reden om {country} {year} te heropenen.",
    ),
    "refused_wrong_status": (
        "Refused: {country} {year} is no longer in the state this button was for (someone else "
        "may have acted); the table now shows its current state.",
        "Geweigerd: {country} {year} is niet meer in de toestand waarvoor deze knop was (iemand "
        "anders heeft misschien gehandeld); de tabel toont nu de huidige toestand.",
    ),
    "refused_other": ("Refused: {message}", "Geweigerd: {message}"),
    "audit_link": ("See every change in the audit log", "Bekijk alle wijzigingen in de auditlog"),
}

STATUS_ICONS: dict[str, str] = {"draft": "✎", "submitted": "✉", "approved": "✔"}


def t(key: str, lang: str | None, **values: object) -> str:
    """The text in the visitor's language, with ``{placeholders}`` filled in."""
    en, nl = TEXTS[key]
    text = nl if lang == "nl" else en
    return text.format(**values) if values else text


def status_text(status: str, lang: str | None) -> str:
    """Icon and words, never colour alone: '🔒 Approved (locked)'."""
    return f"{STATUS_ICONS.get(status, '')} {t(f'status_{status}', lang)}".strip()
