"""Approval workflow for a country's data per year: draft -> submitted -> approved (locked).

Why: a ministry signs off a year's figures and strategy money before they go into a report; after
that, nothing may change them silently. Rules (issue 6):

- a (country, year) without a ``reporting_period`` row is a draft;
- ``submit``: an administrator or a national editor of that country (draft -> submitted);
- ``approve``: an administrator, or a national editor of that country who did not submit it
  (four eyes; submitted -> approved = locked);
- ``reopen``: an administrator or a national editor of that country, with a reason
  (approved -> draft);
- every transition is written to ``audit_log`` (table ``reporting_period``, before/after);
- ``locked_problems`` is the one check every write path (observation imports, strategy uploads,
  in-place strategy edits) calls: it names each locked (country, year) the write would change.

Functions take the caller's session and flush but never commit: the caller owns the transaction.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from pathways_monitor.core import access
from pathways_monitor.core.access import Principal
from pathways_monitor.db.locks import hold_writer_lock
from pathways_monitor.db.models import AuditLog, Place
from pathways_monitor.db.models_workflow import (
    STATUS_APPROVED,
    STATUS_DRAFT,
    STATUS_SUBMITTED,
    ReportingPeriod,
)
from pathways_monitor.db.queries_periods import (
    PeriodState,
    _state,
    approved_periods,
    country_periods,
    period_state,
)
from pathways_monitor.importers.period_lock import (
    MAX_ROWS_PER_PERIOD,
    PROBLEM_CODE,
    Touch,
    lock_message,
    locked_problems,
    strategy_touches,
)

AUDIT_TABLE = "reporting_period"


ACTION_SUBMIT = "submit"


ACTION_APPROVE = "approve"


ACTION_REOPEN = "reopen"


ACTIONS = (ACTION_SUBMIT, ACTION_APPROVE, ACTION_REOPEN)


MAX_REASON = 2000


class TransitionRefused(Exception):
    """A transition the rules do not allow; ``code`` is stable, ``params`` fill UI texts."""

    def __init__(self, code: str, message: str, **params: Any) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.params = params


def may_submit(user: Principal | None, country: str) -> bool:
    return access.may_submit(user, country)


def may_reopen(user: Principal | None, country: str) -> bool:
    return access.may_reopen(user, country)


def may_approve(user: Principal | None, period: PeriodState) -> bool:
    """Country editor, and not the person who submitted it (administrators excepted)."""
    return access.may_approve_submission(user, period.country, period.submitted_by)


def allowed_actions(user: Principal | None, period: PeriodState) -> tuple[str, ...]:
    """The transitions ``user`` may make on ``period`` now (what the page offers)."""
    if period.status == STATUS_DRAFT and may_submit(user, period.country):
        return (ACTION_SUBMIT,)
    if period.status == STATUS_SUBMITTED and may_approve(user, period):
        return (ACTION_APPROVE,)
    if period.status == STATUS_APPROVED and may_reopen(user, period.country):
        return (ACTION_REOPEN,)
    return ()


def _year(year: int | str) -> int:
    try:
        value = int(str(year).strip())
    except ValueError:
        raise TransitionRefused("bad_year", f"'{year}' is not a year", year=year) from None
    if not 1950 <= value <= 2100:
        raise TransitionRefused(
            "bad_year", f"{value} is not a year between 1950 and 2100", year=year
        )
    return value


def _forbidden(user: Principal | None, country: str, action: str) -> TransitionRefused:
    who = user.email if user is not None else "an anonymous visitor"
    return TransitionRefused(
        "forbidden",
        f"{who} may not {action} periods of {country}: only an administrator or a national "
        f"editor of {country} may",
        country=country,
        action=action,
    )


def _transition(
    session: Session,
    user: Principal | None,
    country: str,
    year: int | str,
    action: str,
    reason: str | None,
    now: dt.datetime | None,
) -> PeriodState:
    code = country.strip().upper()
    number = _year(year)
    if user is None or not access.is_country_editor(user, code):
        raise _forbidden(user, code, action)
    hold_writer_lock(session)  # transitions and imports never interleave
    place_id = session.scalar(select(Place.id).where(Place.code == code, Place.kind == "country"))
    if place_id is None:
        raise TransitionRefused("unknown_country", f"unknown country {code}", country=code)
    row = session.scalar(
        select(ReportingPeriod).where(
            ReportingPeriod.country_id == place_id, ReportingPeriod.year == number
        )
    )
    before = _state(code, number, row)
    expected = {
        ACTION_SUBMIT: STATUS_DRAFT,
        ACTION_APPROVE: STATUS_SUBMITTED,
        ACTION_REOPEN: STATUS_APPROVED,
    }[action]
    if before.status != expected:
        raise TransitionRefused(
            "wrong_status",
            f"{code} {number} is {before.status}; only a {expected} period can be {action}ed"
            if action != ACTION_SUBMIT
            else f"{code} {number} is {before.status}; only a draft period can be submitted",
            country=code,
            year=number,
            status=before.status,
            action=action,
        )
    if action == ACTION_APPROVE and not may_approve(user, before):
        raise TransitionRefused(
            "same_person",
            f"{user.email} submitted {code} {number} and may not also approve it: another "
            f"national editor of {code} or an administrator must approve",
            country=code,
            year=number,
        )
    clean_reason = (reason or "").strip()
    if action == ACTION_REOPEN and not clean_reason:
        raise TransitionRefused(
            "reason_required", "give a reason for reopening", country=code, year=number
        )
    when = now or dt.datetime.now(dt.UTC)
    created = row is None
    if row is None:
        row = ReportingPeriod(country_id=place_id, year=number, status=STATUS_DRAFT)
        session.add(row)
    if action == ACTION_SUBMIT:
        row.status, row.submitted_by, row.submitted_at = STATUS_SUBMITTED, user.email, when
    elif action == ACTION_APPROVE:
        row.status, row.approved_by, row.approved_at = STATUS_APPROVED, user.email, when
    else:
        # Back to draft: the next cycle is submitted and approved afresh; the audit log keeps
        # who had submitted and approved it.
        row.status = STATUS_DRAFT
        row.submitted_by = row.submitted_at = row.approved_by = row.approved_at = None
        row.reopened_by, row.reopened_at = user.email, when
        row.note = clean_reason[:MAX_REASON]
    session.flush()
    after = _state(code, number, row)
    session.add(
        AuditLog(
            at=when,
            actor=user.email,
            action="insert" if created else "update",
            table_name=AUDIT_TABLE,
            row_key=f"{code}/{number}",
            before=before.as_audit(),
            after={**after.as_audit(), "transition": action},
            batch_id=None,
            country_code=code,
        )
    )
    session.flush()
    return after


def submit(
    session: Session,
    user: Principal | None,
    country: str,
    year: int | str,
    *,
    now: dt.datetime | None = None,
) -> PeriodState:
    """Draft -> submitted, by an administrator or a national editor of ``country``."""
    return _transition(session, user, country, year, ACTION_SUBMIT, None, now)


def approve(
    session: Session,
    user: Principal | None,
    country: str,
    year: int | str,
    *,
    now: dt.datetime | None = None,
) -> PeriodState:
    """Submitted -> approved (locked), by an administrator or another editor of ``country``."""
    return _transition(session, user, country, year, ACTION_APPROVE, None, now)


def reopen(
    session: Session,
    user: Principal | None,
    country: str,
    year: int | str,
    reason: str | None,
    *,
    now: dt.datetime | None = None,
) -> PeriodState:
    """Approved -> draft with a reason, by an administrator or a national editor of ``country``."""
    return _transition(session, user, country, year, ACTION_REOPEN, reason, now)


__all__ = [
    "ACTIONS",
    "MAX_ROWS_PER_PERIOD",
    "PROBLEM_CODE",
    "PeriodState",
    "Touch",
    "TransitionRefused",
    "allowed_actions",
    "approve",
    "approved_periods",
    "country_periods",
    "lock_message",
    "locked_problems",
    "may_approve",
    "may_reopen",
    "may_submit",
    "period_state",
    "reopen",
    "strategy_touches",
    "submit",
]
