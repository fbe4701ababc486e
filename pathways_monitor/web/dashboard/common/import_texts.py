"""English and Dutch texts of the upload and import history pages (same (en, nl) shape as
dashboard.i18n)."""

from __future__ import annotations

from pathways_monitor.core.translation import N_, gettext

TEXTS: dict[str, str] = {
    # ------------------------------------------------------------------ upload page
    "title": N_("Upload files"),
    "intro": N_(
        "Upload a strategy workbook, an indicator sheet or a file downloaded from Eurostat. "
        "Every file is checked first and nothing is stored until you confirm; a file with errors "
        "is never stored."
    ),
    "sign_in_needed": N_(
        "You are not signed in: you can check files here, but only a signed-in editor can "
        "store them."
    ),
    "sign_in": N_("Sign in"),
    "uploader_hidden": N_("(hidden)"),
    "uploaders_hidden_note": N_(
        "Who uploaded a file is shown to signed-in users of that country, as in the audit log."
    ),
    "too_many_files": N_(
        "{n} files were dropped at once; at most {max} files can be checked in one go. "
        "Nothing was read: drop them in smaller groups."
    ),
    "templates": N_("Templates"),
    "templates_intro": N_("Start from a template: it lists every valid code in drop-down lists."),
    "template_strategy": N_("Strategy workbook (xlsx)"),
    "template_indicators": N_("Indicator sheet (xlsx)"),
    "template_strategy_file": N_("strategy_template"),
    "template_indicators_file": N_("indicator_template"),
    "drop_here": N_("Drag and drop files here, or"),
    "choose_files": N_("Choose files"),
    "accepted_types": N_(
        "Accepted: .xlsx (strategy workbook or indicator sheet), .csv, .tsv and .txt "
        "(indicator tables and Eurostat downloads). Several files at once are fine. "
        "Limit: {limit} per file."
    ),
    "nothing_yet": N_("No file chosen yet. The check of each file appears here."),
    # background jobs: the progress of a check or an import
    "job_checking": N_("Checking {file}"),
    "job_importing": N_("Storing {file}"),
    "job_stage_queued": N_("Waiting: the import before it is still running"),
    "job_stage_starting": N_("Starting"),
    "job_stage_reading": N_("Reading the file"),
    "job_stage_validating": N_("Checking the values"),
    "job_stage_comparing": N_("Comparing with the stored values"),
    "job_stage_storing": N_("Writing to the database"),
    "job_stage_stored": N_("Writing to the database"),
    "job_stage_done": N_("Finished"),
    "job_stage_failed": N_("Stopped"),
    "job_rows": N_("{read} rows read, {validated} checked, {stored} stored"),
    "job_keeps_running": N_(
        "This runs on the server: you can keep using the monitor, or close this page; the "
        "import history shows how it ends."
    ),
    "job_failed": N_("The work on {file} stopped with an error; nothing was stored: {error}"),
    "job_interrupted": N_(
        "The work on {file} was interrupted (the server stopped); nothing was stored. Upload "
        "the file again."
    ),
    "job_gone": N_(
        "This check is no longer kept on the server (checks are kept for 7 days). Upload the "
        "file again."
    ),
    "jobs_heading": N_("Running and recent work"),
    "jobs_intro": N_(
        "Checks and imports run on the server, one after the other; this list updates itself "
        "while one is running."
    ),
    "jobs_none": N_("Nothing has run yet."),
    "job_batch": N_("batch {batch}"),
    "job_col_created": N_("Started"),
    "job_col_file": N_("File"),
    "job_col_by": N_("By"),
    "job_col_what": N_("Work"),
    "job_col_state": N_("State"),
    "job_col_progress": N_("Progress"),
    "job_col_outcome": N_("Outcome"),
    "job_what_check": N_("Check"),
    "job_what_import": N_("Import"),
    "job_what_semester": N_("Semester report"),
    "job_state_queued": N_("Waiting"),
    "job_state_running": N_("Running"),
    "job_state_done": N_("Finished"),
    "job_state_failed": N_("Failed"),
    "checked_heading": N_("Check of {n} file(s): nothing stored yet"),
    "kind": N_("Detected"),
    "format": N_("Format"),
    "rows": N_("Rows read"),
    "status": N_("Status"),
    "accepted": N_("Accepted"),
    "rejected": N_("Rejected"),
    "kind_strategy": N_("Strategy workbook"),
    "kind_indicators": N_("Indicator sheet"),
    "kind_eurostat": N_("Eurostat file"),
    "kind_edit": N_("Edit in the dashboard"),
    "kind_reference": N_("Reference data"),
    "kind_unknown": N_("Not recognised"),
    "rejected_note": N_(
        "This file cannot be stored. Correct the errors below and upload it again; nothing has "
        "been written."
    ),
    "warnings_note": N_("{n} warning(s): they do not stop the import, but read them."),
    "problems": N_("Problems ({n})"),
    "no_problems": N_("No problems found."),
    "download_problems": N_("Download problems (xlsx)"),
    "problems_file": N_("problems"),
    "col_severity": N_("Severity"),
    "col_sheet": N_("Sheet"),
    "col_row": N_("Row"),
    "col_column": N_("Column"),
    "col_value": N_("Value"),
    "col_code": N_("Code"),
    "col_message": N_("Message"),
    "severity_error": N_("Error"),
    "severity_warning": N_("Warning"),
    "preview": N_("What will change"),
    "preview_counts": N_("{new} new value(s), {changed} changed, {unchanged} unchanged."),
    "preview_first": N_("The first {n} changed value(s):"),
    "preview_nothing": N_("Nothing would change: every value in this file is already stored."),
    "preview_strategy_new": N_(
        "Confirming stores this workbook as a new version of the strategy ({n} rows); the "
        "current version is kept and stays viewable."
    ),
    "preview_strategy_same": N_(
        "Nothing would change: this workbook equals the current version of the strategy."
    ),
    "preview_strategy_diff": N_("Differences with the current version: {n}."),
    "col_indicator": N_("Indicator"),
    "col_geo": N_("Place"),
    "col_year": N_("Year"),
    "col_breakdown": N_("Breakdown"),
    "col_old_value": N_("Stored value"),
    "col_old_flag": N_("Stored flag"),
    "col_new_value": N_("New value"),
    "col_new_flag": N_("New flag"),
    "col_part": N_("Part"),
    "col_change": N_("Change"),
    "col_key": N_("Key"),
    "col_title": N_("Title"),
    "col_before": N_("Before"),
    "col_after": N_("After"),
    "col_details": N_("Details"),
    "preview_shown": N_("The table shows the first {n}."),
    "change_new": N_("new"),
    "change_added": N_("added"),
    "change_removed": N_("removed"),
    "change_changed": N_("changed"),
    "change_status_changed": N_("status changed"),
    "part_strategy": N_("strategy"),
    "part_objective": N_("objective"),
    "part_milestone": N_("milestone"),
    "part_budget": N_("budget"),
    "part_target": N_("national target"),
    "part_indicator_link": N_("indicator link"),
    "confirm": N_("Confirm import"),
    "confirm_help_rejected": N_("Confirming is not possible: the file has errors."),
    "confirm_help_nothing": N_("Confirming is not needed: nothing would change."),
    "confirm_help": N_("The file is checked again when you confirm."),
    "confirm_help_revisions": N_(
        "Tick 'Replace the published values' above first; the file is checked again "
        "when you confirm."
    ),
    "revision_title": N_("This file would change published values"),
    "revision_intro": N_(
        "It revises a large share of the stored values of these series, or blanks stored "
        "values. That happens with a new release of the same series, but also with a file "
        "that measures something else under the same name. Check which it is before you "
        "replace them:"
    ),
    "revision_accept": N_(
        "Replace the published values (I have checked that this file is a new release of the "
        "same series)"
    ),
    "imported": N_(
        "Imported as batch {batch}: {new} new, {changed} changed, {unchanged} unchanged."
    ),
    "imported_nothing": N_("Nothing was written: every value was already stored."),
    "confirm_rejected": N_("The file was rejected when checked again; nothing was written."),
    "see_history": N_("See it in the import history"),
    "unexpected": N_("Unexpected failure while reading {file} ({error}); nothing was written."),
    "unreadable_upload": N_(
        "The browser sent {file} in a form that could not be decoded; upload it again."
    ),
    # ------------------------------------------------------------------ history page
    "history_title": N_("Import history"),
    "history_intro": N_(
        "Every file that changed the store, with who uploaded it, when and what it changed. "
        "Select a row to see the values it changed."
    ),
    "filter_country": N_("Country"),
    "filter_kind": N_("Kind of file"),
    "all": N_("All"),
    "no_country": N_("(several or none)"),
    "no_batches": N_("No imports match this selection."),
    "col_id": N_("Batch"),
    "col_created_at": N_("When"),
    "col_uploaded_by": N_("Who"),
    "col_file_name": N_("File"),
    "col_kind": N_("Kind"),
    "col_format": N_("Format"),
    "col_rows": N_("Rows"),
    "col_inserted": N_("New"),
    "col_updated": N_("Changed"),
    "col_unchanged": N_("Unchanged"),
    "col_outcome": N_("Outcome"),
    "col_country": N_("Country"),
    "download_list": N_("Download list (xlsx)"),
    "download_batch": N_("Download changes (xlsx)"),
    "select_hint": N_("Select an import in the table to see what it changed."),
    "batch_missing": N_("Import batch {batch} does not exist."),
    "batch_heading": N_("Batch {batch}: {file}"),
    "batch_meta": N_("{kind} · uploaded by {who} on {when} · {rows} rows"),
    "batch_counts": N_(
        "New values: {new} · changed: {changed} · unchanged: {unchanged}. Values that still "
        "carry this batch: {current}."
    ),
    "revisions": N_("Values it changed ({n})"),
    "first_rows": N_("The table shows the first {n}; the download holds them all."),
    "no_revisions": N_("It changed no stored value (it only added new ones)."),
    "col_previous_value": N_("Before"),
    "col_previous_flag": N_("Flag before"),
    "col_set_value": N_("Set by this import"),
    "col_set_flag": N_("Flag set"),
    "col_current_value": N_("Now"),
    "col_current_flag": N_("Flag now"),
    "strategy_version": N_("Created version {version} of the strategy of {country}: {title}"),
    "strategy_link": N_("Open the country page"),
    "audit": N_("Changes recorded ({n})"),
    "col_table": N_("Table"),
    "col_row_key": N_("Row"),
    "col_action": N_("Action"),
    "action_insert": N_("added"),
    "action_update": N_("changed"),
    "action_delete": N_("removed"),
    "outcome_accepted": N_("✓ accepted"),
    "outcome_rejected": N_("✗ rejected"),
    "outcome_dry_run": N_("◌ check only"),
    "changes_sheet": N_("Changes"),
    "about": N_("About"),
    "about_batch": N_("Import batch"),
    "about_file": N_("File"),
    "about_who": N_("Uploaded by"),
    "about_when": N_("When"),
}


def t(key: str, lang: str | None, **values: object) -> str:
    """The text in the visitor's language, with ``{placeholders}`` filled in."""
    text = gettext(TEXTS[key], lang)
    return text.format(**values) if values else text
