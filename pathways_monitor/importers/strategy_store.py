"""Store a validated strategy workbook as a new version of the country's strategy.

Nothing is ever overwritten: each accepted upload with new content becomes version N+1 and the
earlier versions stay readable. Content identical to the current version (compared through a
canonical form computed from both the workbook and the stored rows) is not stored again.
Works in the caller's session and never commits: the caller owns the transaction.
``plan_strategy`` compares before writing and reports what an upload would change as a
``StoreDiff`` (``StrategyPlan.diff``: the engine checks it against the approval lock);
``store_strategy`` writes the plan.

Between uploads, editors change the current version in place (``importers.strategy_edits``);
the preview of the next upload lists the edited values it would replace (``overwrites_edit``
rows, read from the audit log of ``edit`` batches on that version).
"""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from pathways_monitor.db.models import (
    AuditLog,
    BudgetLine,
    ImportBatch,
    Indicator,
    Milestone,
    Objective,
    ObjectiveIndicator,
    ObjectiveTag,
    Place,
    Strategy,
    Target,
)
from pathways_monitor.domain.indicators import HIGHER_IS_BETTER
from pathways_monitor.importers.store_diff import ADDED, CHANGED, REMOVED, StoreDiff
from pathways_monitor.importers.strategy_workbook import ParsedStrategy
from pathways_monitor.importers.templates import (
    BUDGET,
    MILESTONES,
    OBJECTIVES,
    STRATEGY_FIELDS,
    TARGETS,
)

HEADER_FIELDS: tuple[str, ...] = (
    "title",
    "adopted_on",
    "period_start",
    "period_end",
    "status",
    "coordination_body",
    "coordination_mechanism",
    "monitoring_arrangements",
    "summary",
    "is_example",
)
MONEY_FIELDS: tuple[str, ...] = ("planned", "committed", "spent")
CENT = decimal.Decimal("0.01")


@dataclass
class StoreResult:
    """What storing did: the version written (or kept) and what changed against the previous one."""

    country: str
    version: int
    strategy_id: int | None
    previous_version: int | None
    unchanged: bool
    inserted: int
    content_hash: str
    changes: list[dict[str, Any]] = field(default_factory=list)

    @property
    def created(self) -> bool:
        """True when a new version was written."""
        return not self.unchanged


# --------------------------------------------------------------------------- canonical form


def _money(value: decimal.Decimal | None) -> str | None:
    return None if value is None else str(decimal.Decimal(value).quantize(CENT))


def _num(value: float | None) -> float | None:
    return None if value is None else round(float(value), 6)


def _day(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def _links_from_targets(parsed: ParsedStrategy) -> dict[str, dict[str, Any]]:
    """One objective-indicator link per pair; it carries the national target, if any."""
    links: dict[str, dict[str, Any]] = {}
    for t in parsed.targets:
        if not t.objective_code:
            continue
        key = f"{t.objective_code}|{t.indicator}"
        link = links.setdefault(key, {"value": None, "year": None})
        if t.scope == "national" and link["value"] is None:
            link.update(value=_num(t.value), year=t.year)
    return links


def canonical_from_parsed(parsed: ParsedStrategy) -> dict[str, Any]:
    """The content of a workbook in a comparable, JSON-ready form (no row numbers)."""
    h = parsed.header
    header = {f: getattr(h, f) for f in HEADER_FIELDS}
    header["adopted_on"] = _day(h.adopted_on)
    objectives: dict[str, Any] = {}
    for o in parsed.objectives:
        objectives[o.code] = {
            "title": o.title,
            "description": o.description,
            "lead_body": o.lead_body,
            "position": o.position,
            "tags": {dim: sorted(codes) for dim, codes in sorted(o.tags.items()) if codes},
        }
    milestones = {
        f"{m.objective_code}|{m.code}": {
            "title": m.title,
            "due_date": _day(m.due_date),
            "status": m.status,
            "completed_on": _day(m.completed_on),
            "responsible_body": m.responsible_body,
            "evidence_note": m.evidence_note,
            "region": m.region,
        }
        for m in parsed.milestones
    }
    budget = {
        f"{b.objective_code}|{b.year}|{b.funding_source}": {
            f: _money(getattr(b, f)) for f in MONEY_FIELDS
        }
        for b in parsed.budget
    }
    targets = {
        f"{t.indicator}|{t.place}|{t.year}": {
            "value": _num(t.value),
            "scope": t.scope,
            "note": t.note,
        }
        for t in parsed.targets
    }
    return {
        "country": h.country,
        "header": header,
        "objectives": objectives,
        "milestones": milestones,
        "budget": budget,
        "targets": targets,
        "links": _links_from_targets(parsed),
    }


def canonical_from_db(strategy: Strategy) -> dict[str, Any]:
    """The same canonical form, read back from a stored strategy version."""
    header = {f: getattr(strategy, f) for f in HEADER_FIELDS}
    header["adopted_on"] = _day(strategy.adopted_on)
    header["is_example"] = bool(strategy.is_example)
    objectives: dict[str, Any] = {}
    milestones: dict[str, Any] = {}
    budget: dict[str, Any] = {}
    links: dict[str, Any] = {}
    for o in strategy.objectives:
        tags: dict[str, list[str]] = {}
        for t in o.tags:
            tags.setdefault(t.dimension, []).append(t.code)
        objectives[o.code] = {
            "title": o.title,
            "description": o.description,
            "lead_body": o.lead_body,
            "position": o.position,
            "tags": {dim: sorted(codes) for dim, codes in sorted(tags.items())},
        }
        for m in o.milestones:
            milestones[f"{o.code}|{m.code}"] = {
                "title": m.title,
                "due_date": _day(m.due_date),
                "status": m.status,
                "completed_on": _day(m.completed_on),
                "responsible_body": m.responsible_body,
                "evidence_note": m.evidence_note,
                "region": m.region.code if m.region is not None else None,
            }
        for b in o.budget_lines:
            budget[f"{o.code}|{b.year}|{b.funding_source_code}"] = {
                f: _money(getattr(b, f)) for f in MONEY_FIELDS
            }
        for link in o.indicator_links:
            links[f"{o.code}|{link.indicator.code}"] = {
                "value": _num(link.target_value),
                "year": link.target_year,
            }
    targets = {
        f"{t.indicator.code}|{t.place.code}|{t.year}": {
            "value": _num(t.value),
            "scope": t.scope,
            "note": t.note,
        }
        for t in strategy.targets
    }
    return {
        "country": strategy.country.code,
        "header": header,
        "objectives": objectives,
        "milestones": milestones,
        "budget": budget,
        "targets": targets,
        "links": links,
    }


def content_hash(canonical: dict[str, Any]) -> str:
    text = json.dumps(canonical, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# --------------------------------------------------------------------------- what changes


def diff_strategies(
    before: dict[str, Any] | None,
    after: dict[str, Any],
    edits: Sequence[EditRecord] = (),
) -> list[dict[str, Any]]:
    """Changes from one canonical strategy to another, as rows for the preview table.

    ``edits``: the in-place edits made on ``before``'s version (``edits_on_version``); the
    ones ``after`` would overwrite come first, as ``overwrites_edit`` rows.
    """
    return overwritten_edits(edits, after) + _diff(before, after)


def _diff(before: dict[str, Any] | None, after: dict[str, Any]) -> list[dict[str, Any]]:
    if before is None:
        out: list[dict[str, Any]] = [{"kind": "strategy", "change": "new", "key": after["country"]}]
        out += [
            {"kind": "objective", "change": "added", "key": code, "title": o["title"]}
            for code, o in after["objectives"].items()
        ]
        return out
    changes: list[dict[str, Any]] = []
    for name in HEADER_FIELDS:
        old, new = before["header"].get(name), after["header"].get(name)
        if old != new:
            changes.append(
                {"kind": "strategy", "change": "changed", "key": name, "before": old, "after": new}
            )
    changes += _diff_section("objective", before["objectives"], after["objectives"])
    for key in sorted(set(before["milestones"]) | set(after["milestones"])):
        old, new = before["milestones"].get(key), after["milestones"].get(key)
        if old == new:
            continue
        if old is None or new is None:
            changes.append(
                {
                    "kind": "milestone",
                    "change": "added" if old is None else "removed",
                    "key": key,
                    "title": (new or old or {}).get("title"),
                }
            )
        elif old["status"] != new["status"]:
            changes.append(
                {
                    "kind": "milestone",
                    "change": "status_changed",
                    "key": key,
                    "before": old["status"],
                    "after": new["status"],
                    "title": new["title"],
                }
            )
        else:
            fields = sorted(f for f in new if old.get(f) != new[f])
            changes.append(
                {
                    "kind": "milestone",
                    "change": "changed",
                    "key": key,
                    "fields": fields,
                    "title": new["title"],
                }
            )
    for key in sorted(set(before["budget"]) | set(after["budget"])):
        old, new = before["budget"].get(key), after["budget"].get(key)
        if old == new:
            continue
        row: dict[str, Any] = {"kind": "budget", "key": key}
        row["change"] = "added" if old is None else "removed" if new is None else "changed"
        for f in MONEY_FIELDS:
            a = decimal.Decimal((old or {}).get(f) or 0)
            b = decimal.Decimal((new or {}).get(f) or 0)
            row[f"{f}_before"] = (old or {}).get(f)
            row[f"{f}_after"] = (new or {}).get(f)
            row[f"{f}_difference"] = str(b - a)
        changes.append(row)
    changes += _diff_section("target", before["targets"], after["targets"])
    changes += _diff_section("indicator_link", before["links"], after["links"])
    return changes


def _diff_section(kind: str, before: dict[str, Any], after: dict[str, Any]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key), after.get(key)
        if old == new:
            continue
        row: dict[str, Any] = {"kind": kind, "key": key}
        if old is None:
            row["change"] = "added"
        elif new is None:
            row["change"] = "removed"
        else:
            row["change"] = "changed"
            row["fields"] = sorted(f for f in set(old) | set(new) if old.get(f) != new.get(f))
        shown = new or old
        if isinstance(shown, dict) and "title" in shown:
            row["title"] = shown["title"]
        out.append(row)
    return out


# --------------------------------------------------------------------------- in-place edits


@dataclass(frozen=True)
class EditRecord:
    """One accepted in-place edit (an audit row of a batch of kind 'edit') of a stored version."""

    table: str  # milestone | budget_line
    key: str  # the canonical key, e.g. "VSV01|M03" or "VSV01|2025|ESF_PLUS"
    action: str  # insert | update
    before: dict[str, Any] | None
    after: dict[str, Any]
    actor: str
    at: dt.datetime

    @property
    def row_key(self) -> str:
        return self.key.replace("|", "/")

    def edited_fields(self) -> list[str]:
        """The fields this edit set: all of an added row's, only the changed ones otherwise."""
        skip = {"objective_code", "code", "region"}
        if self.before is None:
            return [f for f in self.after if f not in skip]
        return [f for f in self.after if f not in skip and self.before.get(f) != self.after[f]]


EDITED_TABLES = {"milestone": "milestones", "budget_line": "budget"}


def edits_on_version(session: Session, strategy: Strategy) -> list[EditRecord]:
    """The in-place edits of ``strategy``'s version, oldest first."""
    country = strategy.country.code
    prefix = f"{country}/v{strategy.version}/"
    rows = session.scalars(
        select(AuditLog)
        .join(ImportBatch, ImportBatch.id == AuditLog.batch_id)
        .where(
            ImportBatch.kind == "edit",
            ImportBatch.outcome == "accepted",
            AuditLog.country_code == country,
            AuditLog.table_name.in_(sorted(EDITED_TABLES)),
            AuditLog.row_key.startswith(prefix, autoescape=True),
        )
        .order_by(AuditLog.id)
    ).all()
    return [
        EditRecord(
            table=r.table_name,
            key=r.row_key[len(prefix) :].replace("/", "|"),
            action=r.action,
            before=dict(r.before) if r.before is not None else None,
            after=dict(r.after or {}),
            actor=r.actor,
            at=r.at,
        )
        for r in rows
    ]


def _same_value(table: str, edited: Any, uploaded: Any) -> bool:
    if table == "budget_line":
        a = None if edited is None else decimal.Decimal(str(edited))
        b = None if uploaded is None else decimal.Decimal(str(uploaded))
        return a == b
    return edited == uploaded


def overwritten_edits(edits: Sequence[EditRecord], after: dict[str, Any]) -> list[dict[str, Any]]:
    """The edited values an upload of ``after`` would replace (the latest edit of each field).

    A field whose upload value equals the edited value is not overwritten; an edited row the
    upload does not contain at all is reported once, with ``field`` None.
    """
    latest: dict[tuple[str, str, str], EditRecord] = {}
    for edit in edits:
        for name in edit.edited_fields():
            latest[(edit.table, edit.key, name)] = edit
    out: list[dict[str, Any]] = []
    missing_rows: dict[tuple[str, str], dict[str, Any]] = {}
    for (table, key, name), edit in sorted(latest.items(), key=lambda kv: kv[0]):
        uploaded = after.get(EDITED_TABLES[table], {}).get(key)
        edited_value = edit.after.get(name)
        if uploaded is None:
            row = missing_rows.get((table, key))
            if row is None:
                row = _overwrite_row(edit, None, {}, None)
                row["change"] = "removes_edited_row"
                missing_rows[(table, key)] = row
                out.append(row)
            row["edited_value"][name] = edited_value
            continue
        if _same_value(table, edited_value, uploaded.get(name)):
            continue
        out.append(_overwrite_row(edit, name, edited_value, uploaded.get(name)))
    return out


def _overwrite_row(
    edit: EditRecord, name: str | None, edited_value: Any, upload_value: Any
) -> dict[str, Any]:
    return {
        "kind": "overwrites_edit",
        "change": "overwrites_edit",
        "key": edit.key,
        "table": edit.table,
        "row_key": edit.row_key,
        "field": name,
        "edited_value": edited_value,
        "upload_value": upload_value,
        "edited_by": edit.actor,
        "edited_at": edit.at.isoformat(timespec="seconds") if edit.at else None,
        "edit_action": edit.action,
    }


# --------------------------------------------------------------------------- reading the store


def current_strategy(session: Session, country: str) -> Strategy | None:
    """The newest stored version of a country's strategy, with its rows loaded."""
    stmt = (
        select(Strategy)
        .join(Place, Strategy.country_id == Place.id)
        .where(Place.code == country)
        .order_by(Strategy.version.desc())
        .limit(1)
        .options(
            selectinload(Strategy.objectives).selectinload(Objective.tags),
            selectinload(Strategy.objectives)
            .selectinload(Objective.milestones)
            .selectinload(Milestone.region),
            selectinload(Strategy.objectives).selectinload(Objective.budget_lines),
            selectinload(Strategy.objectives)
            .selectinload(Objective.indicator_links)
            .selectinload(ObjectiveIndicator.indicator),
            selectinload(Strategy.targets).selectinload(Target.indicator),
            selectinload(Strategy.targets).selectinload(Target.place),
        )
    )
    return session.scalars(stmt).first()


def preview_strategy_changes(session: Session, parsed: ParsedStrategy) -> list[dict[str, Any]]:
    """What storing ``parsed`` would change (for dry runs); empty when nothing would."""
    plan = plan_strategy(session, parsed)
    if plan.unchanged:
        return []
    edits = edits_on_version(session, plan.previous) if plan.previous is not None else []
    return diff_strategies(plan.before, plan.after, edits)


# --------------------------------------------------------------------------- the plan


@dataclass(frozen=True)
class StrategyPlan:
    """What storing a workbook would do, worked out before anything is written: the current
    version it is compared with (``previous``), both canonical forms, and the ``diff``."""

    country: str
    previous: Strategy | None
    before: dict[str, Any] | None
    after: dict[str, Any]
    content_hash: str
    unchanged: bool  # the content equals the current version's: nothing would be stored
    diff: StoreDiff


def plan_strategy(session: Session, parsed: ParsedStrategy) -> StrategyPlan:
    """Compare ``parsed`` with the country's current version; reads, never writes."""
    _require_ok(parsed)
    country = parsed.header.country
    assert country is not None
    after = canonical_from_parsed(parsed)
    new_hash = content_hash(after)
    previous = current_strategy(session, country)
    before = canonical_from_db(previous) if previous is not None else None
    unchanged = before is not None and content_hash(before) == new_hash
    diff = StoreDiff.nothing() if unchanged else _store_diff(country, before, after, parsed)
    return StrategyPlan(country, previous, before, after, new_hash, unchanged, diff)


def _store_diff(
    country: str, before: dict[str, Any] | None, after: dict[str, Any], parsed: ParsedStrategy
) -> StoreDiff:
    """One row per element the new version adds, changes or drops against the current one
    (the first upload adds them all), in the order header, objectives, milestones, budget
    lines, targets, links. A milestone belongs to the year it is due (a changed due date: to
    both years), a budget line to its year; the others belong to no single year."""
    old = before or {}
    records: list[dict[str, Any]] = []
    if before is None or before["header"] != after["header"]:
        records.append(
            {
                "change": ADDED if before is None else CHANGED,
                "element": "strategy",
                "key": country,
                "sheet": STRATEGY_FIELDS.name_en,
            }
        )
    rows = {
        "objectives": {o.code: o.row for o in parsed.objectives},
        "milestones": {f"{m.objective_code}|{m.code}": m.row for m in parsed.milestones},
        "budget": {f"{b.objective_code}|{b.year}|{b.funding_source}": b.row for b in parsed.budget},
        "targets": {f"{t.indicator}|{t.place}|{t.year}": t.row for t in parsed.targets},
        "links": {},
    }
    for t in reversed(parsed.targets):  # a link stands on the row of its first target
        if t.objective_code:
            rows["links"][f"{t.objective_code}|{t.indicator}"] = t.row
    sections = (
        ("objectives", "objective", OBJECTIVES.name_en, None),
        ("milestones", "milestone", MILESTONES.name_en, "Due date"),
        ("budget", "budget_line", BUDGET.name_en, "Year"),
        ("targets", "target", TARGETS.name_en, None),
        ("links", "objective_indicator", TARGETS.name_en, None),
    )
    for section, element, sheet, column in sections:
        was, now = old.get(section, {}), after[section]
        for key in sorted(set(was) | set(now)):
            a, b = was.get(key), now.get(key)
            if a == b:
                continue
            change = ADDED if a is None else REMOVED if b is None else CHANGED
            record = {
                "change": change,
                "element": element,
                "key": key,
                "sheet": sheet,
                "row": rows[section].get(key),
                "column": column,
                "label": key.replace("|", "/"),
            }
            years = _years(section, key, a, b)
            records += [{**record, "year": y} for y in years] or [record]
    return StoreDiff.from_records({"place": country, **r} for r in records)


def _years(section: str, key: str, before: Any, after: Any) -> list[int]:
    """The years a changed element's data belong to (none for an undated element)."""
    if section == "budget":
        return [int(key.split("|")[1])]
    if section == "milestones":
        due = {str(m["due_date"])[:4] for m in (before, after) if m and m.get("due_date")}
        return sorted(int(y) for y in due)
    return []


# --------------------------------------------------------------------------- writing


def _require_ok(parsed: ParsedStrategy) -> None:
    if not parsed.ok or parsed.header.country is None:
        raise ValueError("only a strategy workbook without problems can be stored")


def _json_safe(values: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in values.items():
        if isinstance(v, dt.date):
            v = v.isoformat()
        elif isinstance(v, decimal.Decimal):
            v = str(v)
        out[k] = v
    return out


def store_strategy(
    session: Session,
    parsed: ParsedStrategy,
    batch: ImportBatch,
    actor: str,
    *,
    plan: StrategyPlan | None = None,
) -> StoreResult:
    """Add ``parsed`` as a new strategy version unless its content equals the current one.

    ``plan``: ``plan_strategy(session, parsed)`` made earlier in the same transaction (the
    engine checks it first); worked out here when not given.
    """
    _require_ok(parsed)
    plan = plan if plan is not None else plan_strategy(session, parsed)
    h = parsed.header
    country_code = h.country
    assert country_code is not None and h.period_start and h.period_end and h.status and h.title
    country = session.scalars(select(Place).where(Place.code == country_code)).one()
    after, new_hash, previous, before = plan.after, plan.content_hash, plan.previous, plan.before
    if batch.id is None:
        session.add(batch)
        session.flush()
    batch.country_id = country.id
    if plan.unchanged and previous is not None:
        batch.unchanged = parsed.row_count
        batch.inserted = 0
        return StoreResult(
            country_code, previous.version, previous.id, previous.version, True, 0, new_hash
        )
    edits = edits_on_version(session, previous) if previous is not None else []
    changes = diff_strategies(before, after, edits)
    max_version = session.scalar(
        select(func.max(Strategy.version)).where(Strategy.country_id == country.id)
    )
    version = (max_version or 0) + 1
    writer = _Writer(session, batch, actor, country_code, version)
    strategy = Strategy(
        country_id=country.id,
        version=version,
        title=h.title,
        adopted_on=h.adopted_on,
        period_start=h.period_start,
        period_end=h.period_end,
        status=h.status,
        coordination_body=h.coordination_body,
        coordination_mechanism=h.coordination_mechanism,
        monitoring_arrangements=h.monitoring_arrangements,
        summary=h.summary,
        is_example=h.is_example,
        batch_id=batch.id,
    )
    session.add(strategy)
    session.flush()
    writer.audit(
        "strategy",
        "",
        {
            **{f: getattr(h, f) for f in HEADER_FIELDS},
            "version": version,
            "version_note": h.version_note,
            "content_hash": new_hash,
        },
    )
    places = _ids(
        session,
        Place,
        {m.region for m in parsed.milestones if m.region} | {t.place for t in parsed.targets},
    )
    indicators = _ids(session, Indicator, {t.indicator for t in parsed.targets})
    objectives: dict[str, Objective] = {}
    for o in parsed.objectives:
        obj = Objective(
            strategy_id=strategy.id,
            code=o.code,
            title=o.title or o.code,
            description=o.description,
            lead_body=o.lead_body,
            position=o.position,
        )
        obj.tags = [ObjectiveTag(dimension=d, code=c) for d, codes in o.tags.items() for c in codes]
        session.add(obj)
        objectives[o.code] = obj
        writer.audit(
            "objective",
            o.code,
            {
                "code": o.code,
                "title": o.title,
                "description": o.description,
                "lead_body": o.lead_body,
                "tags": {d: list(c) for d, c in o.tags.items()},
            },
        )
    session.flush()
    for m in parsed.milestones:
        session.add(
            Milestone(
                objective_id=objectives[m.objective_code].id,
                code=m.code,
                title=m.title,
                due_date=m.due_date,
                status=m.status,
                completed_on=m.completed_on,
                responsible_body=m.responsible_body,
                evidence_note=m.evidence_note,
                region_id=places[m.region] if m.region else None,
            )
        )
        writer.audit(
            "milestone",
            f"{m.objective_code}/{m.code}",
            {
                "title": m.title,
                "due_date": m.due_date,
                "status": m.status,
                "completed_on": m.completed_on,
                "responsible_body": m.responsible_body,
                "evidence_note": m.evidence_note,
                "region": m.region,
            },
        )
    for b in parsed.budget:
        session.add(
            BudgetLine(
                objective_id=objectives[b.objective_code].id,
                year=b.year,
                funding_source_code=b.funding_source,
                planned=b.planned,
                committed=b.committed,
                spent=b.spent,
            )
        )
        writer.audit(
            "budget_line",
            f"{b.objective_code}/{b.year}/{b.funding_source}",
            {"planned": b.planned, "committed": b.committed, "spent": b.spent},
        )
    directions = dict(
        session.execute(
            select(Indicator.id, Indicator.direction).where(
                Indicator.id.in_({indicators[t.indicator] for t in parsed.targets})
            )
        ).all()
    )
    for t in parsed.targets:
        indicator_id = indicators[t.indicator]
        session.add(
            Target(
                indicator_id=indicator_id,
                place_id=places[t.place],
                year=t.year,
                value=t.value,
                # "reach at least" for higher-is-better indicators, "get below" otherwise.
                operator="gt" if directions.get(indicator_id) == HIGHER_IS_BETTER else "lt",
                scope=t.scope,
                strategy_id=strategy.id,
                note=t.note,
            )
        )
        writer.audit(
            "target",
            f"{t.indicator}/{t.place}/{t.year}",
            {
                "value": t.value,
                "scope": t.scope,
                "objective_code": t.objective_code,
                "note": t.note,
            },
        )
    for key, link in after["links"].items():
        obj_code, indicator = key.split("|", 1)
        session.add(
            ObjectiveIndicator(
                objective_id=objectives[obj_code].id,
                indicator_id=indicators[indicator],
                target_value=link["value"],
                target_year=link["year"],
            )
        )
        writer.audit("objective_indicator", f"{obj_code}/{indicator}", dict(link))
    session.flush()
    batch.inserted = parsed.row_count
    batch.unchanged = 0
    return StoreResult(
        country_code,
        version,
        strategy.id,
        previous.version if previous else None,
        False,
        parsed.row_count,
        new_hash,
        changes,
    )


def _ids(session: Session, model: type[Place] | type[Indicator], codes: set[str]) -> dict[str, int]:
    if not codes:
        return {}
    rows = session.execute(select(model.code, model.id).where(model.code.in_(sorted(codes)))).all()
    return {code: id_ for code, id_ in rows}


class _Writer:
    """Collects the audit rows of one stored version."""

    def __init__(
        self, session: Session, batch: ImportBatch, actor: str, country: str, version: int
    ) -> None:
        self.session, self.batch, self.actor = session, batch, actor
        self.country, self.version = country, version

    def audit(self, table: str, key: str, after: dict[str, Any]) -> None:
        row_key = f"{self.country}/v{self.version}" + (f"/{key}" if key else "")
        self.session.add(
            AuditLog(
                actor=self.actor,
                action="insert",
                table_name=table,
                row_key=row_key[:200],
                before=None,
                after=_json_safe(after),
                batch_id=self.batch.id,
                country_code=self.country,
            )
        )
