"""Approval workflow (issue 6): one reporting period per country and year, draft -> submitted ->
approved (locked), reopened back to draft with a reason.

A (country, year) without a row is a draft. Who acted is kept by email, like ``audit_log.actor``,
so the record stays readable after an account is removed; the full history of transitions is
in ``audit_log`` (table ``reporting_period``).

This module also makes ``audit_log`` append-only for the ORM: changing or deleting an audit row
(one object or a bulk ``update``/``delete`` statement) raises ``AuditLogIsAppendOnly``.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy.orm import Mapped, ORMExecuteState, Session, mapped_column, relationship

from pathways_monitor.db.base import Base
from pathways_monitor.db.models import AuditLog, Place

STATUS_DRAFT = "draft"
STATUS_SUBMITTED = "submitted"
STATUS_APPROVED = "approved"
PERIOD_STATUSES = (STATUS_DRAFT, STATUS_SUBMITTED, STATUS_APPROVED)


def _statuses_check() -> str:
    quoted = ", ".join(f"'{s}'" for s in PERIOD_STATUSES)
    return f"status IN ({quoted})"


class ReportingPeriod(Base):
    """The approval state of one country's data for one year; approved means locked."""

    __tablename__ = "reporting_period"
    __table_args__ = (
        UniqueConstraint("country_id", "year", name="uq_reporting_period_country_year"),
        CheckConstraint(_statuses_check(), name="status"),
        CheckConstraint("year BETWEEN 1950 AND 2100", name="year"),
        CheckConstraint(
            "status <> 'submitted' OR (submitted_by IS NOT NULL AND submitted_at IS NOT NULL)",
            name="submitted_has_submitter",
        ),
        CheckConstraint(
            "status <> 'approved' OR (approved_by IS NOT NULL AND approved_at IS NOT NULL)",
            name="approved_has_approver",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    country_id: Mapped[int] = mapped_column(ForeignKey("place.id"))
    year: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(12), default=STATUS_DRAFT)
    submitted_by: Mapped[str | None] = mapped_column(String(254))
    submitted_at: Mapped[dt.datetime | None]
    approved_by: Mapped[str | None] = mapped_column(String(254))
    approved_at: Mapped[dt.datetime | None]
    reopened_by: Mapped[str | None] = mapped_column(String(254))
    reopened_at: Mapped[dt.datetime | None]
    note: Mapped[str | None] = mapped_column(Text)

    country: Mapped[Place] = relationship()


# --------------------------------------------------------------------------- audit is append-only


class AuditLogIsAppendOnly(RuntimeError):
    """Raised when code tries to change or remove an audit row through the ORM."""


def _refuse_change(_mapper: object, _connection: object, target: AuditLog) -> None:
    raise AuditLogIsAppendOnly(f"audit_log is append-only: row {target.id} cannot be changed")


def _refuse_bulk(state: ORMExecuteState) -> None:
    """Bulk ORM UPDATE and DELETE statements on the audit model are refused too."""
    if (state.is_update or state.is_delete) and any(
        m.class_ is AuditLog for m in state.all_mappers
    ):
        raise AuditLogIsAppendOnly("audit_log is append-only: no UPDATE or DELETE")


event.listen(AuditLog, "before_update", _refuse_change)
event.listen(AuditLog, "before_delete", _refuse_change)
event.listen(Session, "do_orm_execute", _refuse_bulk)
