"""A later file never silently changes a published series (issue #10, part B).

A *series* is one indicator with one breakdown combination, across all places and years
("ELET total", "ELET sex=F"). Before a file is stored, its plan (``observation_store.
plan_observations``, which counts in the database) is compared with the store, series by
series:

- *compared*: the series' stored values (numbers, not blanks) that the file also holds and may
  revise: rows decided by source precedence (kept, or a higher-ranked table replacing a
  lower-ranked one, ``domain.source_precedence``) are left out of the count, as the rule
  already says which table defines them;
- *changed*: compared values the file gives another number (flag-only changes do not count;
  a stored blank that the file fills is not a revision of anything published);
- *blanked*: compared values the file turns into a blank (``:`` with a flag).

The import is refused with one ``large_revision`` error per series when any value would be
blanked (even one: a published number disappearing is never ordinary), or when at least
``MIN_CHANGED_VALUES`` values change and (changed + blanked) / compared is more than
``REVISION_SHARE_LIMIT``. The minimum keeps a routine revision of a tiny series (1 of 3
values) from firing, while a new definition of a real series (hundreds of values) always
does. With ``accept=True`` (``--accept-revisions``, the upload page's "Replace the published
values", ``accept_revisions=1`` in the API) the same problem is a warning and the file is
stored, its previous values kept as revisions.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from pathways_monitor.core.problems import compose, joined, part
from pathways_monitor.core.translation import N_, SOURCE_LANG, N_plural
from pathways_monitor.db.models import Breakdown, Indicator
from pathways_monitor.domain.breakdowns import BREAKDOWN_COLUMNS, TOTAL_BREAKDOWN
from pathways_monitor.importers.observation_store import GUARD_BLANKED, GUARD_CHANGED, StorePlan
from pathways_monitor.importers.observation_validate import ObservationReference
from pathways_monitor.importers.problems import ERROR, WARNING, Problem, problem

REVISION_SHARE_LIMIT = 0.20
MIN_CHANGED_VALUES = 5
CODE = "large_revision"
BLANKS_NAMED = 3  # blanked values named in a message before "and N more"
HINT = N_(
    "If this file really is a new release of the same series, import it again with "
    "--accept-revisions (upload page: tick 'Replace the published values'; API: "
    "accept_revisions=1)."
)
ACCEPTED = N_(
    "Stored as a new release of the same series (revisions accepted): the previous values "
    "are kept in the revision history."
)


@dataclass(frozen=True)
class SeriesRevision:
    indicator: str
    breakdown: str  # "total" or "sex=F, citizenship=NAT"
    compared: int
    changed: int
    blanked: int
    largest: tuple[str, int, float, float] | None  # geo, year, old, new
    blanks: tuple[tuple[str, int, float], ...]  # geo, year, old (the first few)

    @property
    def summary(self) -> str:
        return f"{self.indicator} {self.breakdown}: {self.changed + self.blanked}/{self.compared}"


def large_revisions(
    plan: StorePlan, ref: ObservationReference, session: Session
) -> list[SeriesRevision]:
    """The series of the plan that would be revised beyond the rule above.

    The plan counts compared, changed and blanked values per series in the database
    (``StorePlan.series``); only for the series that fire does it fetch the rows a message
    names (``StorePlan.revision_examples``)."""
    per_series = plan.series
    if per_series.empty:
        return []
    per_series = per_series.set_index(["indicator_id", "breakdown_id"])
    if not (per_series["blanked"].any() or per_series["changed"].any()):
        return []
    share = (per_series["changed"] + per_series["blanked"]) / per_series["compared"].where(
        per_series["compared"] > 0
    )
    fires = (per_series["blanked"] > 0) | (
        (per_series["changed"] >= MIN_CHANGED_VALUES) & (share > REVISION_SHARE_LIMIT)
    )
    fired = per_series[fires]
    if fired.empty:
        return []
    geo_code = {v: k for k, v in ref.place_ids.items()}
    ind_code = {v: k for k, v in ref.indicator_ids.items()}
    keys = [(int(i), int(b)) for i, b in fired.index]
    labels = _breakdown_labels(session, {b for _i, b in keys})
    examples = plan.revision_examples(keys, BLANKS_NAMED)
    out = []
    for (ind_id, bd_id), row in fired.iterrows():
        mine = examples[(examples["indicator_id"] == ind_id) & (examples["breakdown_id"] == bd_id)]
        largest = None
        biggest = mine[mine["guard"] == GUARD_CHANGED]
        if row["changed"] and not biggest.empty:
            r = biggest.iloc[0]
            largest = (
                geo_code.get(int(r["place_id"]), "?"),
                int(r["year"]),
                float(r["old"]),
                float(r["new"]),
            )
        blanks = tuple(
            (geo_code.get(int(r["place_id"]), "?"), int(r["year"]), float(r["old"]))
            for _j, r in mine[mine["guard"] == GUARD_BLANKED].head(BLANKS_NAMED).iterrows()
        )
        out.append(
            SeriesRevision(
                indicator=ind_code.get(int(ind_id), "?"),
                breakdown=labels.get(int(bd_id), "total"),
                compared=int(row["compared"]),
                changed=int(row["changed"]),
                blanked=int(row["blanked"]),
                largest=largest,
                blanks=blanks,
            )
        )
    return out


def revision_problems(
    plan: StorePlan, ref: ObservationReference, session: Session, *, accept: bool = False
) -> list[Problem]:
    """One ``large_revision`` problem per series: an error, or a warning when ``accept``."""
    found = large_revisions(plan, ref, session)
    if not found:
        return []
    names = {r[0]: r[1] for r in session.execute(select(Indicator.code, Indicator.name_en))}
    return [_revision_problem(r, names.get(r.indicator), accept) for r in found]


def _revision_problem(r: SeriesRevision, name: str | None, accept: bool) -> Problem:
    message = revision_parts(r, name, accept=accept)
    return problem(
        CODE,
        message["template"],
        message["params"],
        column="value",
        value=r.summary,
        severity=WARNING if accept else ERROR,
    )


def revision_message(r: SeriesRevision, name: str | None, *, accept: bool = False) -> str:
    """ "550 of 723 stored values of Early leavers ... (ELET), total, would change; ..."."""
    return compose(revision_parts(r, name, accept=accept), SOURCE_LANG)


def revision_parts(r: SeriesRevision, name: str | None, *, accept: bool = False) -> dict[str, Any]:
    """The ``large_revision`` message as translatable parts (see ``core.problems.part``)."""
    series = f"{name} ({r.indicator})" if name else r.indicator
    breakdown: Any = part(N_("total")) if r.breakdown == "total" else r.breakdown
    counts = {"compared": f"{r.compared:,}", "series": series, "breakdown": breakdown}
    clauses: list[Any] = []
    if r.changed:
        if r.largest:
            geo, year, old, new = r.largest
            clauses.append(
                part(
                    N_(
                        "{changed} of {compared} stored values of {series}, {breakdown}, would "
                        "change; largest change {geo} {year} {old} -> {new}"
                    ),
                    {
                        **counts,
                        "changed": f"{r.changed:,}",
                        "geo": geo,
                        "year": year,
                        "old": _num(old),
                        "new": _num(new),
                    },
                )
            )
        else:
            clauses.append(
                part(
                    N_(
                        "{changed} of {compared} stored values of {series}, {breakdown}, would change"
                    ),
                    {**counts, "changed": f"{r.changed:,}"},
                )
            )
        if r.blanked:
            singular, plural = N_plural(
                "{count} value would be blanked ({blanks})",
                "{count} values would be blanked ({blanks})",
            )
            clauses.append(
                part(
                    singular,
                    {"n": r.blanked, "count": f"{r.blanked:,}", "blanks": _blank_list(r)},
                    plural=plural,
                )
            )
    else:
        clauses.append(
            part(
                N_(
                    "{blanked} of {compared} stored values of {series}, {breakdown}, would be "
                    "blanked ({blanks})"
                ),
                {**counts, "blanked": f"{r.blanked:,}", "blanks": _blank_list(r)},
            )
        )
    closing = part(ACCEPTED if accept else HINT)
    return part(N_("{clauses}. {closing}"), {"clauses": joined(clauses, "; "), "closing": closing})


def _blank_list(r: SeriesRevision) -> dict[str, Any]:
    shown = joined(
        [
            part(N_("{geo} {year} {old} -> no value"), {"geo": geo, "year": year, "old": _num(old)})
            for geo, year, old in r.blanks
        ],
        ", ",
    )
    more = r.blanked - len(r.blanks)
    if more > 0:
        return part(N_("{shown} and {more} more"), {"shown": shown, "more": f"{more:,}"})
    return shown


def _num(value: float) -> str:
    """``7.0``, ``6.4``, ``12.35``: one decimal at least, as Eurostat prints rates."""
    if abs(value * 10 - round(value * 10)) < 1e-9:
        return f"{value:.1f}"
    return f"{value:g}"


def _breakdown_labels(session: Session, ids: set[int]) -> dict[int, str]:
    """``total`` for the all-total combination, else ``sex=F, citizenship=NAT`` (codes)."""
    if not ids:
        return {}
    out: dict[int, str] = {}
    for b in session.scalars(select(Breakdown).where(Breakdown.id.in_(sorted(ids)))):
        parts = []
        for col in BREAKDOWN_COLUMNS:
            code = getattr(b, col)
            if col == "custom_value" or code in (None, TOTAL_BREAKDOWN[col]):
                continue
            if col == "custom_dimension":
                parts.append(f"{code}={b.custom_value}")
            else:
                parts.append(f"{col}={code}")
        out[b.id] = ", ".join(parts) if parts else "total"
    return out


def summaries(problems: list[Problem] | list[dict[str, Any]]) -> list[str]:
    """The ``large_revision`` problems' messages (for the upload page's alert)."""
    out = []
    for p in problems:
        code = p.get("code") if isinstance(p, dict) else p.code
        if code == CODE:
            out.append(str(p.get("message") if isinstance(p, dict) else p.message))
    return out
