"""Editing the current strategy version in place: a milestone's progress, a new milestone, money.

An editor keeps the strategy up to date between two workbook uploads without re-uploading it.
Every function here checks its input with the upload's own rules (``importers.strategy_rules``),
writes nothing when a rule is broken, and otherwise changes the row and records who changed
what in ``audit_log`` (before/after JSON) under an ``ImportBatch`` of kind ``edit``, so that
the import history lists the edit and a later upload can say which edits it would overwrite
(``importers.strategy_store.overwritten_edits``). The caller owns the transaction: these
functions flush but never commit.
"""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pathways_monitor.db.locks import hold_writer_lock
from pathways_monitor.db.models import (
    AuditLog,
    BudgetLine,
    FundingSource,
    ImportBatch,
    Milestone,
    Objective,
    Place,
)
from pathways_monitor.db.models import Strategy as StrategyRow
from pathways_monitor.domain.names import spellings
from pathways_monitor.importers.strategy_rules import (
    CENT,
    Violation,
    bad_date,
    check_amount,
    check_funding_source,
    check_milestone_status,
    check_year,
    completion_before_start,
    completion_in_future,
    completion_matches_status,
    due_before_start,
    duplicate_milestone,
    missing,
    parse_date,
    too_long,
)

EDIT_KIND = "edit"
EDIT_FORMAT = "in_place"
MILESTONE_PROGRESS_FIELDS: tuple[str, ...] = ("status", "completed_on", "evidence_note")
MONEY_FIELDS: tuple[str, ...] = ("planned", "committed", "spent")
LABELS: dict[str, str] = {
    "code": "Code",
    "title": "Title",
    "due_date": "Due date",
    "status": "Status",
    "completed_on": "Completion date",
    "responsible_body": "Responsible body",
    "evidence_note": "Evidence note",
    "year": "Year",
    "funding_source": "Funding source",
    "planned": "Planned",
    "objective": "Objective",
}
# Column lengths of db.models (PostgreSQL refuses longer text; SQLite would silently keep it).
MAX_LENGTH: dict[str, int] = {"code": 40, "title": 500, "responsible_body": 300}
MAX_NOTE_LENGTH = 4000


@dataclass(frozen=True)
class EditResult:
    """What an edit did: refused with problems, accepted (with its audit row), or no change."""

    ok: bool
    problems: tuple[Violation, ...] = ()
    audit_id: int | None = None
    batch_id: int | None = None
    row_key: str | None = None  # e.g. "VSV01/M03" or "VSV01/2025/ESF_PLUS"

    @property
    def changed(self) -> bool:
        return self.audit_id is not None

    def problem_on(self, field_key: str) -> Violation | None:
        return next((p for p in self.problems if p.field == field_key), None)


def _refused(*problems: Violation) -> EditResult:
    return EditResult(False, tuple(problems))


# --------------------------------------------------------------------------- input cleaning


def _text(raw: object) -> str | None:
    if raw is None:
        return None
    value = str(raw).strip()
    return value or None


def _date(field_key: str, raw: object, problems: list[Violation]) -> tuple[dt.date | None, bool]:
    """The date and whether it was unreadable (reported once, not again as missing)."""
    value, ok = parse_date(raw)
    if not ok:
        problems.append(bad_date(field_key, raw))
        return None, True
    return value, False


def _required(field_key: str, raw: object, problems: list[Violation]) -> str | None:
    value = _text(raw)
    if value is None:
        problems.append(missing(field_key, LABELS[field_key]))
        return None
    limit = MAX_LENGTH.get(field_key)
    violation = too_long(field_key, LABELS[field_key], value, limit) if limit else None
    if violation is not None:
        problems.append(violation)
        return None
    return value


def _optional(field_key: str, raw: object, limit: int, problems: list[Violation]) -> str | None:
    value = _text(raw)
    if value is None:
        return None
    violation = too_long(field_key, LABELS[field_key], value, limit)
    if violation is not None:
        problems.append(violation)
        return None
    return value


def _add(problems: list[Violation], violation: Violation | None) -> None:
    if violation is not None:
        problems.append(violation)


def _status(raw: object, problems: list[Violation]) -> str | None:
    value = _text(raw)
    if value is None:
        problems.append(missing("status", LABELS["status"]))
        return None
    status, violation = check_milestone_status(value)
    _add(problems, violation)
    return status


def _completion_rules(
    status: str | None,
    completed: dt.date | None,
    unreadable: bool,
    period_start: int | None,
    today: dt.date,
    problems: list[Violation],
) -> None:
    """The upload's completion rules, plus: a milestone cannot be completed after today."""
    _add(problems, completion_matches_status(status, completed, date_unreadable=unreadable))
    _add(problems, completion_before_start(completed, period_start))
    _add(problems, completion_in_future(completed, today))


# --------------------------------------------------------------------------- where a row lives


@dataclass(frozen=True)
class _Scope:
    strategy: StrategyRow
    country: str
    country_id: int

    def row_key(self, key: str) -> str:
        """The audit row key, the same shape as an upload's: ``NL/v1/VSV01/M03``."""
        return f"{self.country}/v{self.strategy.version}/{key}"[:200]


def _scope(
    session: Session, strategy: StrategyRow, allowed: frozenset[str] | None
) -> tuple[_Scope | None, Violation | None]:
    """Refuse a country outside ``allowed`` and any version but the newest."""
    country = session.get(Place, strategy.country_id)
    code = country.code if country is not None else ""
    if allowed is not None and code not in allowed:
        return None, Violation(
            "country",
            "forbidden_country",
            f"You may not change the strategy of {code}.",
            code,
            {"country": code},
        )
    newest = session.scalar(
        select(func.max(StrategyRow.version)).where(StrategyRow.country_id == strategy.country_id)
    )
    if newest != strategy.version:
        return None, Violation(
            "version",
            "not_current_version",
            f"Version {strategy.version} is not the current version ({newest}) of the strategy: "
            "only the current version can be edited.",
            str(strategy.version),
            {"version": strategy.version, "current": newest},
        )
    return _Scope(strategy, code, strategy.country_id), None


def _objective_scope(
    session: Session, objective_id: int, allowed: frozenset[str] | None, problems: list[Violation]
) -> tuple[Objective | None, _Scope | None, Violation | None]:
    """The objective and where it lives; an unknown objective is a form problem (the other
    fields are still checked), a forbidden country or an old version refuses the edit."""
    objective = session.get(Objective, objective_id)
    if objective is None:
        problems.append(
            Violation(
                "objective",
                "unknown_objective",
                f"There is no objective with id {objective_id}.",
                str(objective_id),
            )
        )
        return None, None, None
    scope, refusal = _scope(session, objective.strategy, allowed)
    return objective, scope, refusal


# --------------------------------------------------------------------------- recording


def _json(values: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in values.items():
        if isinstance(v, dt.date):
            v = v.isoformat()
        elif isinstance(v, decimal.Decimal):
            v = str(v.quantize(CENT))
        out[k] = v
    return out


def _record(
    session: Session,
    scope: _Scope,
    *,
    actor: str,
    table: str,
    key: str,
    action: str,
    before: Mapping[str, Any] | None,
    after: Mapping[str, Any],
) -> tuple[int, int]:
    """One ImportBatch of kind 'edit' and its one audit row; returns (audit id, batch id)."""
    before_json = _json(before) if before is not None else None
    after_json = _json(after)
    now = dt.datetime.now(dt.UTC)
    label = "milestone" if table == "milestone" else "budget"
    digest = hashlib.sha256(
        json.dumps(
            [table, scope.row_key(key), before_json, after_json, actor, now.isoformat()],
            sort_keys=True,
        ).encode("utf-8")
    ).hexdigest()
    batch = ImportBatch(
        file_name=f"edit: {label} {key}" + (" (added)" if action == "insert" else ""),
        checksum=digest,
        kind=EDIT_KIND,
        format=EDIT_FORMAT,
        uploaded_by=actor,
        created_at=now,
        row_count=1,
        inserted=1 if action == "insert" else 0,
        updated=1 if action == "update" else 0,
        unchanged=0,
        outcome="accepted",
        problems=[],
        country_id=scope.country_id,
    )
    session.add(batch)
    session.flush()
    audit = AuditLog(
        at=now,
        actor=actor,
        action=action,
        table_name=table,
        row_key=scope.row_key(key),
        before=before_json,
        after=after_json,
        batch_id=batch.id,
        country_code=scope.country,
    )
    session.add(audit)
    session.flush()
    return audit.id, batch.id


def _locked(session: Session, country: str, year: int, field_key: str) -> Violation | None:
    """An approved (locked) year refuses changes, naming who approved it (issue 6)."""
    from pathways_monitor.importers.period_lock import locked_problems

    found = locked_problems(session, [(country, year)])
    return Violation(field_key, found[0].code, found[0].message, str(year)) if found else None


# --------------------------------------------------------------------------- milestones


def _progress(m: Milestone) -> dict[str, Any]:
    return {"status": m.status, "completed_on": m.completed_on, "evidence_note": m.evidence_note}


def update_milestone(
    session: Session,
    milestone_id: int,
    *,
    status: str | None,
    completed_on: dt.date | str | None,
    evidence_note: str | None,
    actor: str,
    today: dt.date | None = None,
    allowed_countries: frozenset[str] | None = None,
) -> EditResult:
    """Set a milestone's status, completion date and evidence note (all three, as in the form).

    ``allowed_countries``: the countries the actor may edit (None = any).
    """
    today = today or dt.date.today()
    hold_writer_lock(session)
    milestone = session.get(Milestone, milestone_id)
    if milestone is None:
        return _refused(
            Violation(
                "milestone",
                "unknown_milestone",
                f"There is no milestone with id {milestone_id}.",
                str(milestone_id),
            )
        )
    objective = milestone.objective
    scope, refusal = _scope(session, objective.strategy, allowed_countries)
    key = f"{objective.code}/{milestone.code}"
    if refusal is not None:
        return _refused(refusal)
    assert scope is not None
    problems: list[Violation] = []
    new_status = _status(status, problems)
    completed, unreadable = _date("completed_on", completed_on, problems)
    note = _optional("evidence_note", evidence_note, MAX_NOTE_LENGTH, problems)
    _completion_rules(
        new_status, completed, unreadable, scope.strategy.period_start, today, problems
    )
    if problems:
        return EditResult(False, tuple(problems), row_key=key)
    assert new_status is not None
    before = _progress(milestone)
    after = {"status": new_status, "completed_on": completed, "evidence_note": note}
    if before == after:
        return EditResult(True, row_key=key)
    locked = _locked(session, scope.country, milestone.due_date.year, "milestone")
    if locked is not None:
        return EditResult(False, (locked,), row_key=key)
    milestone.status, milestone.completed_on, milestone.evidence_note = new_status, completed, note
    audit_id, batch_id = _record(
        session,
        scope,
        actor=actor,
        table="milestone",
        key=key,
        action="update",
        before=before,
        after=after,
    )
    return EditResult(True, (), audit_id, batch_id, key)


def add_milestone(
    session: Session,
    objective_id: int,
    *,
    code: str | None,
    title: str | None,
    due_date: dt.date | str | None,
    status: str | None,
    completed_on: dt.date | str | None = None,
    responsible_body: str | None = None,
    evidence_note: str | None = None,
    actor: str,
    today: dt.date | None = None,
    allowed_countries: frozenset[str] | None = None,
) -> EditResult:
    """Add a milestone to an objective of the current strategy version."""
    today = today or dt.date.today()
    hold_writer_lock(session)
    problems: list[Violation] = []
    objective, scope, refusal = _objective_scope(session, objective_id, allowed_countries, problems)
    if refusal is not None:
        return _refused(refusal)
    period_start = scope.strategy.period_start if scope is not None else None
    new_code = _required("code", code, problems)
    new_title = _required("title", title, problems)
    due, due_unreadable = _date("due_date", due_date, problems)
    if due is None and not due_unreadable:
        problems.append(missing("due_date", LABELS["due_date"]))
    new_status = _status(status, problems)
    completed, unreadable = _date("completed_on", completed_on, problems)
    body = _optional("responsible_body", responsible_body, MAX_LENGTH["responsible_body"], problems)
    note = _optional("evidence_note", evidence_note, MAX_NOTE_LENGTH, problems)
    _add(problems, due_before_start(due, period_start))
    _completion_rules(new_status, completed, unreadable, period_start, today, problems)
    if new_code is not None and objective is not None:
        taken = session.scalar(
            select(Milestone.id).where(
                Milestone.objective_id == objective.id, Milestone.code == new_code
            )
        )
        if taken is not None:
            problems.append(duplicate_milestone(objective.code, new_code))
    key = f"{objective.code}/{new_code}" if new_code and objective is not None else None
    if problems:
        return EditResult(False, tuple(problems), row_key=key)
    assert objective is not None and scope is not None
    assert new_code and new_title and due and new_status and key
    locked = _locked(session, scope.country, due.year, "due_date")
    if locked is not None:
        return EditResult(False, (locked,), row_key=key)
    milestone = Milestone(
        objective_id=objective.id,
        code=new_code,
        title=new_title,
        due_date=due,
        status=new_status,
        completed_on=completed,
        responsible_body=body,
        evidence_note=note,
    )
    session.add(milestone)
    session.flush()
    after = {
        "objective_code": objective.code,
        "code": new_code,
        "title": new_title,
        "due_date": due,
        "status": new_status,
        "completed_on": completed,
        "responsible_body": body,
        "evidence_note": note,
        "region": None,
    }
    audit_id, batch_id = _record(
        session,
        scope,
        actor=actor,
        table="milestone",
        key=key,
        action="insert",
        before=None,
        after=after,
    )
    return EditResult(True, (), audit_id, batch_id, key)


# --------------------------------------------------------------------------- budget


def _funding_lists(session: Session) -> tuple[tuple[str, ...], dict[str, str]]:
    rows = session.execute(
        select(FundingSource.code, FundingSource.name_en).order_by(FundingSource.position)
    ).all()
    labels = {n.lower(): c for c, en in rows for n in spellings(en)}
    return tuple(c for c, _ in rows), labels


def set_budget(
    session: Session,
    objective_id: int,
    year: int | str | None,
    funding_source: str | None,
    planned: object,
    committed: object,
    spent: object,
    actor: str,
    *,
    allowed_countries: frozenset[str] | None = None,
) -> EditResult:
    """Add a budget line or change its amounts (the line is objective + year + funding source).

    Amounts may be numbers or text as a ministry writes them ('1.250.000,00'); empty = unknown.
    """
    hold_writer_lock(session)
    problems: list[Violation] = []
    objective, scope, refusal = _objective_scope(session, objective_id, allowed_countries, problems)
    if refusal is not None:
        return _refused(refusal)
    new_year, violation = check_year("year", year)
    _add(problems, violation)
    if new_year is None and violation is None:
        problems.append(missing("year", LABELS["year"]))
    source: str | None = None
    source_raw = _text(funding_source)
    if source_raw is None:
        problems.append(missing("funding_source", LABELS["funding_source"]))
    else:
        allowed, labels = _funding_lists(session)
        source, violation = check_funding_source(source_raw, allowed, labels)
        _add(problems, violation)
    amounts: dict[str, decimal.Decimal | None] = {}
    for name, raw in zip(MONEY_FIELDS, (planned, committed, spent), strict=True):
        amounts[name], violation = check_amount(name, raw)
        _add(problems, violation)
    money_problem = any(p.field in MONEY_FIELDS for p in problems)
    if not money_problem and all(v is None for v in amounts.values()):
        problems.append(
            Violation(
                "planned",
                "missing_value",
                "Fill in at least one amount (planned, committed or spent).",
            )
        )
    key = (
        f"{objective.code}/{new_year}/{source}"
        if objective is not None and new_year and source
        else None
    )
    if problems:
        return EditResult(False, tuple(problems), row_key=key)
    assert objective is not None and scope is not None
    assert new_year is not None and source is not None and key is not None
    line = session.scalar(
        select(BudgetLine).where(
            BudgetLine.objective_id == objective.id,
            BudgetLine.year == new_year,
            BudgetLine.funding_source_code == source,
        )
    )
    if line is None or {f: _cents(getattr(line, f)) for f in MONEY_FIELDS} != amounts:
        locked = _locked(session, scope.country, new_year, "year")
        if locked is not None:
            return EditResult(False, (locked,), row_key=key)
    if line is None:
        session.add(
            BudgetLine(
                objective_id=objective.id, year=new_year, funding_source_code=source, **amounts
            )
        )
        session.flush()
        action, before = "insert", None
    else:
        before = {f: _cents(getattr(line, f)) for f in MONEY_FIELDS}
        if before == amounts:
            return EditResult(True, row_key=key)
        for name, value in amounts.items():
            setattr(line, name, value)
        action = "update"
    audit_id, batch_id = _record(
        session,
        scope,
        actor=actor,
        table="budget_line",
        key=key,
        action=action,
        before=before,
        after=amounts,
    )
    return EditResult(True, (), audit_id, batch_id, key)


def _cents(value: Any) -> decimal.Decimal | None:
    return None if value is None else decimal.Decimal(str(value)).quantize(CENT)
