"""The approval lock every write path checks: which locked (country, year) a write would change.

``locked_problems`` is the one check observation imports, strategy uploads and in-place strategy
edits call (issue 6): given the (country, year) pairs a write would change (``Touch``), it names
each approved one, who approved it and how to reopen it. It does not work out what a write
changes: the stores report that themselves (``importers.store_diff``) and the import engine
turns their diff into touches (``engine.diff_touches``, issue 12); an in-place edit knows the
one year it changes.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, NamedTuple

from sqlalchemy.orm import Session

from pathways_monitor.core.translation import N_
from pathways_monitor.db.queries_periods import PeriodState, approved_periods
from pathways_monitor.importers.problems import Problem, problem

if TYPE_CHECKING:
    from pathways_monitor.importers.strategy_workbook import ParsedStrategy

PROBLEM_CODE = "period_locked"


MAX_ROWS_PER_PERIOD = 5  # located problems per locked period: enough to find, not a flood


class Touch(NamedTuple):
    """A (country, year) a write would change, and where in the file (for the problem list)."""

    country: str
    year: int
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    value: str | None = None


# Why a write is refused, keyed by what is known of the approval: (who approved, when).
LOCK_MESSAGES: dict[tuple[bool, bool], str] = {
    (True, True): N_(
        "The data of {country} for {year} are approved and locked (approved by {approver} on "
        "{date}), so they cannot be changed. To change them, ask an administrator or national "
        "editor of {country} to reopen {year} on the Approvals page."
    ),
    (True, False): N_(
        "The data of {country} for {year} are approved and locked (approved by {approver} on "
        "an earlier date), so they cannot be changed. To change them, ask an administrator or "
        "national editor of {country} to reopen {year} on the Approvals page."
    ),
    (False, True): N_(
        "The data of {country} for {year} are approved and locked (approved by an editor on "
        "{date}), so they cannot be changed. To change them, ask an administrator or national "
        "editor of {country} to reopen {year} on the Approvals page."
    ),
    (False, False): N_(
        "The data of {country} for {year} are approved and locked (approved by an editor on "
        "an earlier date), so they cannot be changed. To change them, ask an administrator or "
        "national editor of {country} to reopen {year} on the Approvals page."
    ),
}


def lock_template(period: PeriodState) -> tuple[str, dict[str, Any]]:
    """The message id of ``lock_message`` and its parameters (for a translatable problem)."""
    params: dict[str, Any] = {"country": period.country, "year": period.year}
    if period.approved_by:
        params["approver"] = period.approved_by
    if period.approved_at:
        params["date"] = period.approved_at.date().isoformat()
    return LOCK_MESSAGES[bool(period.approved_by), bool(period.approved_at)], params


def lock_message(period: PeriodState) -> str:
    """Why a write is refused and what to do about it (in English)."""
    template, params = lock_template(period)
    return template.format(**params)


def locked_problems(
    session: Session,
    touches: Iterable[Touch | tuple[Any, ...]],
    *,
    per_period: int = MAX_ROWS_PER_PERIOD,
) -> list[Problem]:
    """One ``period_locked`` problem per touch of a locked period (the first ``per_period`` of
    each), naming the period, who approved it and when, and how to reopen it.

    ``touches``: ``Touch`` values or (country, year[, sheet, row, column, value]) tuples of what
    a write would change, in the order the problems should be listed.
    """
    if isinstance(touches, str) or hasattr(touches, "columns"):
        raise TypeError("locked_problems takes touches: see engine.diff_touches for a store diff")
    checked = [t if isinstance(t, Touch) else Touch(*t) for t in touches]
    checked = [t._replace(country=str(t.country).upper(), year=int(t.year)) for t in checked]
    if not checked:
        return []
    approved = approved_periods(session, {t.country for t in checked})
    problems: list[Problem] = []
    shown: dict[tuple[str, int], int] = {}
    for t in checked:
        period = approved.get((t.country, t.year))
        if period is None or shown.get((t.country, t.year), 0) >= per_period:
            continue
        shown[(t.country, t.year)] = shown.get((t.country, t.year), 0) + 1
        template, params = lock_template(period)
        problems.append(
            problem(
                PROBLEM_CODE,
                template,
                params,
                sheet=t.sheet,
                row=t.row,
                column=t.column,
                value=t.value if t.value is not None else f"{t.country} {t.year}",
            )
        )
    return problems


def strategy_touches(session: Session, parsed: ParsedStrategy) -> list[Touch]:
    """The (country, year) pairs a strategy upload would change (budget lines of the year,
    milestones due in it), from the store's own diff; kept for ``workflow.periods``, which
    re-exports it. The import engine does the same in ``_import_strategy``."""
    from pathways_monitor.importers.engine import diff_touches
    from pathways_monitor.importers.strategy_store import plan_strategy

    return diff_touches(plan_strategy(session, parsed).diff)
