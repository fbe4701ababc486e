"""Pure builders of the upload and import history pages: rows, columns, cards and downloads.

No database and no callbacks here: everything takes an ``ImportReport`` (or plain rows) and the
language and returns Dash components, grid rows or bytes, so it is unit-tested without a server.
Status is always icon + text, never colour alone.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import math
from collections.abc import Mapping, Sequence
from typing import Any

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from pathways_monitor.core.formatting import decimal_sign, format_date
from pathways_monitor.domain.breakdowns import BREAKDOWN_COLUMNS, DIM_BY_COLUMN, TOTAL_BREAKDOWN
from pathways_monitor.domain.names import breakdown_label, breakdown_value_label, translated
from pathways_monitor.importers.problems import ERROR, ImportReport
from pathways_monitor.importers.problems import render as render_problem
from pathways_monitor.reports.table_export import frame_to_xlsx_bytes
from pathways_monitor.web.dashboard.common.grid import column_defaults
from pathways_monitor.web.dashboard.common.i18n import fmt_number
from pathways_monitor.web.dashboard.common.import_texts import t

# Pattern-matching ids of the per-file components ({"type": ..., "index": n}).
FILE_STORE = "upload-file-store"
CONFIRM = "upload-confirm"
OUTCOME = "upload-outcome"
PROBLEMS_BUTTON = "upload-problems-button"
PROBLEMS_DOWNLOAD = "upload-problems-download"
PROBLEMS_GRID = "upload-problems-grid"
ACCEPT_REVISIONS = "upload-accept-revisions"
LARGE_REVISION = "large_revision"  # importers.revision_guard.CODE

PROBLEM_FIELDS = ("severity", "sheet", "row", "column", "value", "code", "message")
CHANGE_FIELDS = (
    "indicator",
    "geo",
    "year",
    "breakdown",
    "old_value",
    "old_flag",
    "new_value",
    "new_flag",
)
STRATEGY_CHANGE_FIELDS = ("part", "change", "key", "title", "before", "after", "details")
ACCEPTED_ICON, REJECTED_ICON, WARNING_ICON = "✓", "✗", "⚠"
PREVIEW_ROWS = 200
_DIFF_KNOWN = {"kind", "change", "key", "title", "before", "after"}


# --------------------------------------------------------------------------- small helpers


def decode_contents(contents: str | None) -> bytes | None:
    """The bytes of a ``dcc.Upload`` data URL (``data:<mime>;base64,<data>``), None if broken."""
    if not contents or not isinstance(contents, str):
        return None
    _, _, payload = contents.partition(",") if contents.startswith("data:") else ("", "", contents)
    try:
        return base64.b64decode(payload, validate=True)
    except (binascii.Error, ValueError):
        return None


def human_size(n_bytes: int, lang: str | None) -> str:
    """``52428800`` -> ``50 MB`` (the upload limit as a person reads it)."""
    mb = n_bytes / 1_048_576
    if mb >= 1:
        return f"{fmt_number(mb, lang, 0 if mb == int(mb) else 1)} MB"
    return f"{fmt_number(n_bytes / 1024, lang, 0)} kB"


def kind_label(kind: str | None, lang: str | None) -> str:
    key = f"kind_{kind}" if kind else "kind_unknown"
    try:
        return t(key, lang)
    except KeyError:
        return str(kind)


def status_text(status: str, lang: str | None) -> str:
    """``✓ Accepted`` / ``✗ Rejected``: icon and word, never colour alone."""
    if status == "accepted":
        return f"{ACCEPTED_ICON} {t('accepted', lang)}"
    return f"{REJECTED_ICON} {t('rejected', lang)}"


def severity_text(severity: str, lang: str | None) -> str:
    if severity == ERROR:
        return f"{REJECTED_ICON} {t('severity_error', lang)}"
    return f"{WARNING_ICON} {t('severity_warning', lang)}"


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def breakdown_text(codes: Mapping[str, Any], lang: str | None) -> str:
    """A breakdown as words: ``Total``, ``Females`` or ``Sex: Females; Citizenship: Nationals``."""
    parts: list[tuple[str, str]] = []
    for column in BREAKDOWN_COLUMNS:
        if column == "custom_value":
            continue
        code = codes.get(column)
        if _missing(code) or code == TOTAL_BREAKDOWN[column]:
            continue
        if column == "custom_dimension":
            parts.append((str(code), str(codes.get("custom_value") or "")))
            continue
        value = breakdown_value_label(column, str(code), lang) or str(code)
        parts.append((breakdown_label(column, lang), value))
    if not parts:
        return translated(DIM_BY_COLUMN["sex"].values["T"], lang)  # "Total"
    if len(parts) == 1 and parts[0][0] == breakdown_label("sex", lang):
        return parts[0][1]
    return "; ".join(f"{name}: {value}" for name, value in parts)


def _number_formatter(lang: str | None) -> dict[str, str]:
    decimal = f"'{decimal_sign(lang)}'"
    return {
        "function": f"params.value == null ? '–' : String(params.value).replace('.', {decimal})"
    }


ROW_PX, HEADER_PX = 42, 49  # AG Grid's default quartz row and header heights


def grid(
    grid_id: str | dict[str, Any],
    rows: list[dict[str, Any]],
    column_defs: list[dict[str, Any]],
    *,
    wrapped: bool = False,
    height: int = 420,
    small: int = 12,
    options: Mapping[str, Any] | None = None,
    column_size: str = "responsiveSizeToFit",
    **extra: Any,
) -> dag.AgGrid:
    """A sortable, filterable grid sized to its rows: a short table gets no empty band (AG
    Grid's auto height keeps 150 px of body), a long one scrolls and pages."""
    n = len(rows)
    grid_options: dict[str, Any] = {
        "pagination": n > 50,
        "paginationPageSize": 50,
        "domLayout": "normal",
    }
    if n > small:
        style = {"height": f"{height}px"}
    elif wrapped:  # rows of unknown height: let the grid grow with them
        grid_options["domLayout"] = "autoHeight"
        style = {}
    else:
        style = {"height": f"{HEADER_PX + ROW_PX * max(n, 1) + 20}px"}
    grid_options |= dict(options or {})
    return dag.AgGrid(
        id=grid_id,
        rowData=rows,
        columnDefs=column_defs,
        defaultColDef=column_defaults(filter=True),
        columnSize=column_size,
        dashGridOptions=grid_options,
        style=style,
        **extra,
    )


# --------------------------------------------------------------------------- problems


def problem_rows(problems: Sequence[Mapping[str, Any]], lang: str | None) -> list[dict[str, Any]]:
    """Grid rows of problems, errors first (the order a person fixes them in)."""
    ordered = sorted(problems, key=lambda p: 0 if p.get("severity", ERROR) == ERROR else 1)
    return [
        {
            "severity": severity_text(str(p.get("severity") or ERROR), lang),
            "sheet": p.get("sheet"),
            "row": p.get("row"),
            "column": p.get("column"),
            "value": None if p.get("value") is None else str(p.get("value")),
            "code": p.get("code"),
            "message": render_problem(p, lang),
        }
        for p in ordered
    ]


def problem_column_defs(lang: str | None) -> list[dict[str, Any]]:
    widths = {"severity": 130, "sheet": 120, "row": 80, "column": 130, "value": 130, "code": 190}
    defs: list[dict[str, Any]] = []
    for field in PROBLEM_FIELDS:
        col: dict[str, Any] = {"field": field, "headerName": t(f"col_{field}", lang)}
        if field in widths:
            col |= {"width": widths[field], "minWidth": 70}
        if field == "row":
            col |= {"type": "numericColumn", "filter": "agNumberColumnFilter"}
        if field == "message":
            col |= {"flex": 1, "minWidth": 320, "wrapText": True, "autoHeight": True}
        defs.append(col)
    return defs


def problems_frame(problems: Sequence[Mapping[str, Any]], lang: str | None) -> pd.DataFrame:
    """The problems as a table with the headings shown on screen (for the xlsx download)."""
    rows = problem_rows(problems, lang)
    frame = pd.DataFrame(rows, columns=list(PROBLEM_FIELDS))
    frame["row"] = pd.to_numeric(frame["row"], errors="coerce").astype("Int64")
    return frame.rename(columns={f: t(f"col_{f}", lang) for f in PROBLEM_FIELDS})


def problems_xlsx(problems: Sequence[Mapping[str, Any]], file_name: str, lang: str | None) -> bytes:
    """The problems of one file as a workbook; the About sheet names the file checked."""
    about = [
        (t("about_file", lang), file_name),
        (t("about_when", lang), dt.date.today().isoformat()),
    ]
    return frame_to_xlsx_bytes(
        problems_frame(problems, lang),
        t("problems", lang, n=len(problems)),
        about=about,
        about_title=t("about", lang),
    )


def problems_file_name(file_name: str, lang: str | None) -> str:
    stem = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in file_name.rsplit(".", 1)[0])
    return f"{t('problems_file', lang)}_{stem or 'file'}.xlsx"


# --------------------------------------------------------------------------- preview


def change_rows(
    changes: Sequence[Mapping[str, Any]],
    breakdowns: Mapping[int, Mapping[str, Any]],
    lang: str | None,
) -> list[dict[str, Any]]:
    """Grid rows of changed observation values (old -> new), breakdowns in words."""
    out = []
    for c in changes:
        bd = breakdowns.get(c.get("breakdown_id"), {}) if c.get("breakdown_id") is not None else {}
        out.append(
            {
                "indicator": c.get("indicator"),
                "geo": c.get("geo"),
                "year": c.get("year"),
                "breakdown": breakdown_text(bd, lang),
                "old_value": c.get("old_value"),
                "old_flag": c.get("old_flag") or "",
                "new_value": c.get("new_value"),
                "new_flag": c.get("new_flag") or "",
            }
        )
    return out


def change_column_defs(lang: str | None) -> list[dict[str, Any]]:
    defs = []
    for field in CHANGE_FIELDS:
        col: dict[str, Any] = {"field": field, "headerName": t(f"col_{field}", lang)}
        if field in ("old_value", "new_value"):
            col |= {"type": "rightAligned", "valueFormatter": _number_formatter(lang)}
        defs.append(col)
    return defs


def _plain_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


def _word(prefix: str, code: Any, lang: str | None) -> Any:
    """A known code in words (``changed`` -> ``gewijzigd``); unknown codes as they are."""
    try:
        return t(f"{prefix}_{code}", lang)
    except KeyError:
        return code


def strategy_change_rows(
    changes: Sequence[Mapping[str, Any]], lang: str | None = None
) -> list[dict[str, Any]]:
    """Grid rows of a strategy diff; fields beyond the usual ones go into "details"."""
    out = []
    for c in changes:
        extra = {k: v for k, v in c.items() if k not in _DIFF_KNOWN and v is not None}
        details = "; ".join(f"{k}: {_plain_text(v)}" for k, v in extra.items())
        out.append(
            {
                "part": _word("part", c.get("kind"), lang),
                "change": _word("change", c.get("change"), lang),
                "key": _plain_text(c.get("key")),
                "title": c.get("title"),
                "before": _plain_text(c.get("before")),
                "after": _plain_text(c.get("after")),
                "details": details or None,
            }
        )
    return out


def strategy_change_column_defs(lang: str | None) -> list[dict[str, Any]]:
    defs = []
    for field in STRATEGY_CHANGE_FIELDS:
        col: dict[str, Any] = {"field": field, "headerName": t(f"col_{field}", lang)}
        if field in ("title", "details"):
            col |= {"wrapText": True, "autoHeight": True, "minWidth": 220}
        defs.append(col)
    return defs


def would_change(report: ImportReport) -> bool:
    return bool(report.inserted or report.updated)


def needs_revision_consent(report: ImportReport) -> bool:
    """Rejected only because it would revise published values (``large_revision``): storing
    it is possible once the uploader confirms that it is a new release of the same series."""
    errors = report.errors
    return (
        not report.accepted
        and bool(errors)
        and all(p.code == LARGE_REVISION for p in errors)
        and would_change(report)
    )


def revision_alert(report: ImportReport, index: int, lang: str | None) -> dbc.Alert:
    """The ``large_revision`` series, one line each, and the explicit confirmation."""
    lines = [p.text(lang) for p in report.problems if p.code == LARGE_REVISION]
    return dbc.Alert(
        [
            html.H4(f"{WARNING_ICON} {t('revision_title', lang)}", className="h6 alert-heading"),
            html.P(t("revision_intro", lang), className="mb-1"),
            html.Ul([html.Li(line) for line in lines], className="mb-2 upload-revisions"),
            dbc.Checkbox(
                id={"type": ACCEPT_REVISIONS, "index": index},
                label=t("revision_accept", lang),
                value=False,
                className="fw-semibold",
            ),
        ],
        color="warning",
        className="upload-revision-alert",
    )


def accept_revisions_box(index: int) -> html.Div:
    """A hidden, never-ticked stand-in so every card has the checkbox the confirm reads."""
    return html.Div(
        dbc.Checkbox(id={"type": ACCEPT_REVISIONS, "index": index}, value=False),
        style={"display": "none"},
    )


def confirm_disabled(needs_consent: bool, ticked: bool | None) -> bool:
    """The confirm button of a file that needs consent is usable only once it is ticked."""
    return needs_consent and not ticked


def preview_block(
    report: ImportReport,
    index: int,
    breakdowns: Mapping[int, Mapping[str, Any]],
    lang: str | None,
) -> html.Div:
    """What confirming would change: counts and the first changed values, or the strategy diff."""
    heading = html.H4(t("preview", lang), className="h6 mt-3")
    if report.kind == "strategy":
        if not would_change(report):
            return html.Div([heading, html.P(t("preview_strategy_same", lang))])
        rows = strategy_change_rows(report.changes, lang)
        shown = " " + t("preview_shown", lang, n=PREVIEW_ROWS) if len(rows) > PREVIEW_ROWS else ""
        return html.Div(
            [
                heading,
                html.P(t("preview_strategy_new", lang, n=report.rows)),
                html.P(t("preview_strategy_diff", lang, n=len(rows)) + shown, className="mb-1"),
                grid(
                    {"type": "upload-preview-grid", "index": index},
                    rows[:PREVIEW_ROWS],
                    strategy_change_column_defs(lang),
                    wrapped=True,
                ),
            ]
        )
    counts = html.P(
        t(
            "preview_counts",
            lang,
            new=fmt_number(report.inserted, lang, 0),
            changed=fmt_number(report.updated, lang, 0),
            unchanged=fmt_number(report.unchanged, lang, 0),
        ),
        className="mb-1",
    )
    if not would_change(report):
        return html.Div([heading, counts, html.P(t("preview_nothing", lang))])
    children: list[Any] = [heading, counts]
    if report.changes:
        rows = change_rows(report.changes[:PREVIEW_ROWS], breakdowns, lang)
        children += [
            html.P(t("preview_first", lang, n=len(rows)), className="mb-1"),
            grid({"type": "upload-preview-grid", "index": index}, rows, change_column_defs(lang)),
        ]
    return html.Div(children)


# --------------------------------------------------------------------------- the file card


def file_store_data(report: ImportReport, check_job: str) -> dict[str, Any]:
    """What the browser keeps per file between the check and the confirmation: the check's job
    id (the file's bytes stay on the server with the job; empty when nothing may be confirmed),
    and what the page needs without asking the server."""
    return {
        "name": report.file,
        "check_job": check_job,
        "status": report.status,
        "kind": report.kind,
        "problems": [p.as_dict() for p in report.problems],
        "needs_consent": needs_revision_consent(report),
        "rows": report.rows,
    }


def status_badge(status: str, lang: str | None) -> dbc.Badge:
    return dbc.Badge(
        status_text(status, lang),
        color="success" if status == "accepted" else "danger",
        className="fs-6 upload-status",
    )


def _facts(report: ImportReport, lang: str | None) -> html.Dl:
    items = [
        (t("kind", lang), kind_label(report.kind, lang)),
        (t("format", lang), report.format or "–"),
        (t("rows", lang), fmt_number(report.rows, lang, 0)),
    ]
    children: list[Any] = []
    for label, value in items:
        children += [
            html.Dt(label, className="col-sm-4 col-lg-2"),
            html.Dd(value, className="col-sm-8 col-lg-10 mb-1"),
        ]
    return html.Dl(children, className="row mb-2")


def problems_block(report: ImportReport, index: int, lang: str | None) -> html.Div:
    problems = [p.as_dict() for p in report.problems]
    heading = html.H4(t("problems", lang, n=len(problems)), className="h6 mt-3")
    if not problems:
        return html.Div([heading, html.P(t("no_problems", lang), className="text-muted")])
    return html.Div(
        [
            html.Div(
                [
                    heading,
                    dbc.Button(
                        t("download_problems", lang),
                        id={"type": PROBLEMS_BUTTON, "index": index},
                        color="secondary",
                        outline=True,
                        size="sm",
                        className="ms-3 mt-2",
                    ),
                    dcc.Download(id={"type": PROBLEMS_DOWNLOAD, "index": index}),
                ],
                className="d-flex align-items-center",
            ),
            grid(
                {"type": PROBLEMS_GRID, "index": index},
                problem_rows(problems, lang),
                problem_column_defs(lang),
                wrapped=True,
            ),
        ]
    )


def confirm_block(report: ImportReport, index: int, lang: str | None) -> html.Div:
    """The confirm button: for an accepted file that would change something, or (once the
    replacement of published values is ticked) one refused only for ``large_revision``."""
    if needs_revision_consent(report):
        help_key, disabled = "confirm_help_revisions", True
    elif not report.accepted:
        help_key, disabled = "confirm_help_rejected", True
    elif not would_change(report):
        help_key, disabled = "confirm_help_nothing", True
    else:
        help_key, disabled = "confirm_help", False
    help_id = f"upload-confirm-help-{index}"
    return html.Div(
        [
            html.Button(
                t("confirm", lang),
                id={"type": CONFIRM, "index": index},
                type="button",
                disabled=disabled,
                className="btn btn-primary me-3",
                **{"aria-describedby": help_id},  # type: ignore[arg-type]
            ),
            html.Span(t(help_key, lang), id=help_id, className="text-muted small"),
            dcc.Loading(html.Div(id={"type": OUTCOME, "index": index}, className="mt-2")),
        ],
        className="mt-3",
    )


def file_card(
    report: ImportReport,
    index: int,
    check_job: str,
    breakdowns: Mapping[int, Mapping[str, Any]],
    lang: str | None,
) -> dbc.Card:
    """Everything about one checked file: facts, status, problems, preview, confirm."""
    warnings = [p for p in report.problems if p.severity != ERROR]
    consent = needs_revision_consent(report)
    notes: list[Any] = []
    if consent:
        notes.append(revision_alert(report, index, lang))
    elif not report.accepted:
        notes.append(
            dbc.Alert(
                f"{REJECTED_ICON} {t('rejected_note', lang)}", color="danger", className="py-2"
            )
        )
    elif warnings:
        notes.append(
            dbc.Alert(
                f"{WARNING_ICON} {t('warnings_note', lang, n=len(warnings))}",
                color="warning",
                className="py-2",
            )
        )
    body: list[Any] = [
        dcc.Store(id={"type": FILE_STORE, "index": index}, data=file_store_data(report, check_job)),
        _facts(report, lang),
        *notes,
        problems_block(report, index, lang),
    ]
    if not consent:
        body.append(accept_revisions_box(index))
    if report.accepted or consent:
        body.append(preview_block(report, index, breakdowns, lang))
    body.append(confirm_block(report, index, lang))
    return dbc.Card(
        [
            dbc.CardHeader(
                html.Div(
                    [
                        html.H3(report.file, className="h5 mb-0 me-3 text-break"),
                        status_badge(report.status, lang),
                    ],
                    className="d-flex align-items-center flex-wrap",
                )
            ),
            dbc.CardBody(body),
        ],
        className="mb-4 upload-file",
    )


def outcome_alert(report: ImportReport, lang: str | None) -> dbc.Alert:
    """The result of the real import: batch, counts and a link to the history, or why not."""
    if not report.accepted:
        errors = report.errors
        return dbc.Alert(
            [
                html.P(f"{REJECTED_ICON} {t('confirm_rejected', lang)}", className="mb-1"),
                html.Ul([html.Li(p.text(lang)) for p in errors[:10]], className="mb-0"),
            ],
            color="danger",
        )
    if report.batch_id is None:
        return dbc.Alert(f"{ACCEPTED_ICON} {t('imported_nothing', lang)}", color="info")
    text = t(
        "imported",
        lang,
        batch=report.batch_id,
        new=fmt_number(report.inserted, lang, 0),
        changed=fmt_number(report.updated, lang, 0),
        unchanged=fmt_number(report.unchanged, lang, 0),
    )
    return dbc.Alert(
        [
            html.Span(f"{ACCEPTED_ICON} {text} ", className="me-2"),
            dcc.Link(t("see_history", lang), href=f"/imports?batch={report.batch_id}"),
        ],
        color="success",
        className="upload-imported",
    )


# --------------------------------------------------------------------------- history page


BATCH_FIELDS = (
    "id",
    "created_at",
    "uploaded_by",
    "file_name",
    "kind",
    "format",
    "country",
    "rows",
    "inserted",
    "updated",
    "unchanged",
    "outcome",
)
REVISION_FIELDS = (
    "indicator",
    "geo",
    "year",
    "breakdown",
    "previous_value",
    "previous_flag",
    "set_value",
    "set_flag",
    "current_value",
    "current_flag",
)
AUDIT_FIELDS = ("table", "row_key", "action", "before", "after")


def _when(value: Any, lang: str | None) -> str | None:
    if _missing(value) or value is pd.NaT:
        return None
    stamp = pd.Timestamp(value)
    date = format_date(stamp.date(), lang)
    return f"{date} {stamp.strftime('%H:%M')} UTC"


def outcome_text(outcome: str | None, lang: str | None) -> str:
    try:
        return t(f"outcome_{outcome}", lang)
    except KeyError:
        return str(outcome)


def batch_rows(frame: pd.DataFrame, lang: str | None) -> list[dict[str, Any]]:
    """Grid rows of import batches: kinds and outcomes in words, times per language."""
    out = []
    for rec in frame.astype(object).where(frame.notna(), None).to_dict("records"):
        out.append(
            {
                "key": str(int(rec["id"])),  # the grid's row id (AG Grid wants text)
                "id": int(rec["id"]),
                "created_at": _when(rec.get("created_at"), lang),
                "uploaded_by": rec.get("uploaded_by"),
                "file_name": rec.get("file_name"),
                "kind": kind_label(rec.get("kind"), lang),
                "format": rec.get("format"),
                "country": rec.get("country") or "–",
                "rows": rec.get("rows"),
                "inserted": rec.get("inserted"),
                "updated": rec.get("updated"),
                "unchanged": rec.get("unchanged"),
                "outcome": outcome_text(rec.get("outcome"), lang),
            }
        )
    return out


BATCH_GRID_FIELDS = tuple(f for f in BATCH_FIELDS if f != "format")
_BATCH_WIDTHS = {
    "id": 80,
    "created_at": 170,
    "uploaded_by": 110,
    "file_name": 200,
    "kind": 120,
    "country": 90,
    "rows": 90,
    "inserted": 90,
    "updated": 100,
    "unchanged": 115,
    "outcome": 125,
}


def batch_column_defs(lang: str | None) -> list[dict[str, Any]]:
    """The list's columns (the format is in the detail and the download, not the list)."""
    defs = []
    for field in BATCH_GRID_FIELDS:
        col: dict[str, Any] = {
            "field": field,
            "headerName": t(f"col_{field}", lang),
            "minWidth": _BATCH_WIDTHS[field],
        }
        if field in ("id", "rows", "inserted", "updated", "unchanged"):
            col |= {"type": "numericColumn", "filter": "agNumberColumnFilter"}
        defs.append(col)
    return defs


def revision_rows(frame: pd.DataFrame, lang: str | None) -> list[dict[str, Any]]:
    out = []
    for rec in frame.astype(object).where(frame.notna(), None).to_dict("records"):
        row = {f: rec.get(f) for f in REVISION_FIELDS if f != "breakdown"}
        row["breakdown"] = breakdown_text(rec, lang)
        for flag in ("previous_flag", "set_flag", "current_flag"):
            row[flag] = row.get(flag) or ""
        out.append(row)
    return out


def revision_column_defs(lang: str | None) -> list[dict[str, Any]]:
    defs = []
    for field in REVISION_FIELDS:
        col: dict[str, Any] = {"field": field, "headerName": t(f"col_{field}", lang)}
        if field.endswith("_value"):
            col |= {"type": "rightAligned", "valueFormatter": _number_formatter(lang)}
        col["minWidth"] = 195 if field == "set_value" else 150 if field == "breakdown" else 110
        defs.append(col)
    return defs


def audit_row_dicts(frame: pd.DataFrame, lang: str | None) -> list[dict[str, Any]]:
    out = []
    for rec in frame.astype(object).where(frame.notna(), None).to_dict("records"):
        action = rec.get("action")
        try:
            action_text = t(f"action_{action}", lang)
        except KeyError:
            action_text = str(action)
        out.append(
            {
                "table": rec.get("table"),
                "row_key": rec.get("row_key"),
                "action": action_text,
                "before": rec.get("before"),
                "after": rec.get("after"),
            }
        )
    return out


def audit_column_defs(lang: str | None) -> list[dict[str, Any]]:
    defs = []
    for field in AUDIT_FIELDS:
        col: dict[str, Any] = {"field": field, "headerName": t(f"col_{field}", lang)}
        if field in ("before", "after"):
            col |= {"flex": 1, "minWidth": 260, "wrapText": True, "autoHeight": True}
        defs.append(col)
    return defs


def batch_export_frame(
    revisions: pd.DataFrame, audit: pd.DataFrame, lang: str | None
) -> pd.DataFrame:
    """The download of one batch: the values it changed, or (strategy, edits) its audit rows."""
    if not revisions.empty:
        rows = revision_rows(revisions, lang)
        fields = REVISION_FIELDS
    else:
        rows = audit_row_dicts(audit, lang)
        fields = AUDIT_FIELDS
    frame = pd.DataFrame(rows, columns=list(fields))
    return frame.rename(columns={f: t(f"col_{f}", lang) for f in fields})


def batch_about(info: Mapping[str, Any], lang: str | None) -> list[tuple[str, str]]:
    return [
        (t("about_batch", lang), str(info.get("id"))),
        (t("about_file", lang), str(info.get("file_name"))),
        (t("about_who", lang), str(info.get("uploaded_by"))),
        (t("about_when", lang), _when(info.get("created_at"), lang) or "–"),
        (t("col_kind", lang), kind_label(info.get("kind"), lang)),
    ]
