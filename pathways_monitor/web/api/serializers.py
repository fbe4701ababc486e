"""Turn query results into the API's JSON rows and CSV tables: pure functions, no database.

Numbers stay numbers (never strings), a missing value is ``None`` (JSON null) next to its flag,
and money is exact to the cent.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

import pandas as pd

from pathways_monitor.analysis.progress import ProgressAssessment, explained
from pathways_monitor.db.models import BudgetLine, Milestone, Objective, Strategy
from pathways_monitor.domain.breakdowns import BREAKDOWN_COLUMNS
from pathways_monitor.domain.funding import FUNDING_SOURCES
from pathways_monitor.domain.taxonomy import OPEN_MILESTONE_STATUSES, TAXONOMY
from pathways_monitor.reports.table_export import frame_to_csv_bytes

CENT = Decimal("0.01")
MONEY_FIELDS: tuple[str, ...] = ("planned", "committed", "spent")
_SOURCE_ORDER: dict[str, int] = {s.code: i for i, s in enumerate(FUNDING_SOURCES)}


# --------------------------------------------------------------------------- scalars


def number(value: Any) -> float | None:
    """A float for JSON; None for missing (None, NaN, pd.NA)."""
    if value is None or value is pd.NA:
        return None
    out = float(value)
    return None if math.isnan(out) else out


def text(value: Any) -> str | None:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    return str(value)


def money(value: Decimal | None) -> float | None:
    """Euros rounded to the cent, as a JSON number (float of a 2-decimal Decimal is exact)."""
    return None if value is None else float(Decimal(value).quantize(CENT))


def iso_date(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


# --------------------------------------------------------------------------- observations


def observation_rows(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows of ``db.queries.observations`` as JSON objects with a nested ``breakdowns`` object."""
    rows: list[dict[str, Any]] = []
    for rec in frame.to_dict("records"):
        rows.append(
            {
                "indicator": rec["indicator"],
                "geo": rec["geo"],
                "year": int(rec["year"]),
                "breakdowns": {c: rec[c] for c in BREAKDOWN_COLUMNS},
                "value": number(rec["value"]),
                "flag": text(rec["flag"]),
                "source": text(rec["source"]),
            }
        )
    return rows


# --------------------------------------------------------------------------- progress


def progress_dict(
    assessment: ProgressAssessment,
    *,
    indicator: str,
    geo: str,
    sex: str,
    target_scope: str,
    target_operator: str,
    lang: str | None = None,
) -> dict[str, Any]:
    """The progress route's object; figures straight from ``analysis.progress.assess``.

    With ``lang`` (``?lang=fr``) the object also carries the explanation and the class label
    in that language (``explanation_lang``, ``class_label_lang``); the English and Dutch fields
    stay as they were.
    """
    a = assessment
    extra: dict[str, Any] = {}
    if lang:
        extra = {
            "lang": lang,
            "explanation_lang": explained(a, lang),
            "class_label_lang": a.label(lang),
        }
    return {
        "indicator": indicator,
        "geo": geo,
        "sex": sex,
        "direction": a.indicator_direction,
        "window": a.window,
        "window_start": a.base_year,
        "window_end": a.latest_year if a.base_year is not None else None,
        "base_value": a.base_value,
        "latest_year": a.latest_year,
        "latest_value": a.latest_value,
        "latest_flag": a.latest_flag,
        "target_value": a.target_value,
        "target_year": a.target_year,
        "target_scope": target_scope,
        "target_operator": target_operator,
        "distance_to_target": a.distance_to_target,
        "cagr_observed": a.cagr_observed,
        "cagr_required": a.cagr_required,
        "ratio": a.ratio,
        "class": a.progress_class,
        "break_in_window": a.break_in_window,
        "break_years": list(a.break_years),
        "explanation": a.explanation_en,
        "explanation_nl": a.explanation_nl,
        # Added with issue 11 (additive): the observed trend beside "achieved", the reason of
        # "insufficient_data", the class label with its qualifier and the limits applied.
        "trend": a.trend,
        "moving_away": a.moving_away,
        "insufficient_reason": a.insufficient_reason,
        "class_label": a.label("en"),
        "class_label_nl": a.label("nl"),
        "min_span_years": a.min_span_years,
        "max_age_years": a.max_age_years,
        "as_of_year": a.as_of_year,
    } | extra


# --------------------------------------------------------------------------- strategies


def milestone_dict(milestone: Milestone, objective_code: str, today: dt.date) -> dict[str, Any]:
    """A milestone is late when it is still open (not completed/cancelled) after its due date."""
    late = milestone.status in OPEN_MILESTONE_STATUSES and milestone.due_date < today
    return {
        "code": milestone.code,
        "objective": objective_code,
        "title": milestone.title,
        "status": milestone.status,
        "due_date": iso_date(milestone.due_date),
        "completed_on": iso_date(milestone.completed_on),
        "responsible_body": milestone.responsible_body,
        "region": milestone.region.code if milestone.region is not None else None,
        "late": late,
        "days_overdue": (today - milestone.due_date).days if late else 0,
    }


def objective_dict(objective: Objective, today: dt.date) -> dict[str, Any]:
    tags: dict[str, list[str]] = {d.code: [] for d in TAXONOMY}
    for tag in objective.tags:
        tags.setdefault(tag.dimension, []).append(tag.code)
    order = {d.code: {c: i for i, c in enumerate(d.codes())} for d in TAXONOMY}
    for dim, codes in tags.items():
        codes.sort(key=lambda c, dim=dim: (order.get(dim, {}).get(c, len(order)), c))
    return {
        "code": objective.code,
        "title": objective.title,
        "description": objective.description,
        "lead_body": objective.lead_body,
        "tags": tags,
        "indicators": [
            {
                "indicator": link.indicator.code,
                "target_value": number(link.target_value),
                "target_year": link.target_year,
            }
            for link in sorted(objective.indicator_links, key=lambda x: x.indicator.code)
        ],
        "milestones": [
            milestone_dict(m, objective.code, today)
            for m in sorted(objective.milestones, key=lambda m: (m.due_date, m.code))
        ],
    }


def _sum(values: Iterable[Decimal | None]) -> Decimal | None:
    """Sum of the amounts given; None when none is given (unknown, not zero)."""
    present = [Decimal(v) for v in values if v is not None]
    return sum(present, Decimal(0)) if present else None


def _money_sums(lines: list[BudgetLine]) -> dict[str, float | None]:
    return {f: money(_sum(getattr(line, f) for line in lines)) for f in MONEY_FIELDS}


def budget_dict(lines: list[BudgetLine]) -> dict[str, Any]:
    """Budget by funding source and year, per source, per year and in total (exact Decimal sums)."""
    by_key: dict[tuple[str, int], list[BudgetLine]] = {}
    for line in lines:
        by_key.setdefault((line.funding_source_code, line.year), []).append(line)

    def source_key(code: str) -> tuple[int, str]:
        return (_SOURCE_ORDER.get(code, len(_SOURCE_ORDER)), code)

    keys = sorted(by_key, key=lambda k: (source_key(k[0]), k[1]))
    sources = sorted({k[0] for k in keys}, key=source_key)
    years = sorted({k[1] for k in keys})
    return {
        "currency": "EUR",
        "by_source_year": [
            {"source": s, "year": y, **_money_sums(by_key[(s, y)])} for s, y in keys
        ],
        "by_source": [
            {"source": s, **_money_sums([x for x in lines if x.funding_source_code == s])}
            for s in sources
        ],
        "by_year": [{"year": y, **_money_sums([x for x in lines if x.year == y])} for y in years],
        "totals": _money_sums(lines),
    }


def strategy_dict(
    strategy: Strategy, country: str, versions: list[int], today: dt.date
) -> dict[str, Any]:
    """The strategies route's object; ``today`` decides which milestones are late."""
    objectives = list(strategy.objectives)
    lines = [line for o in objectives for line in o.budget_lines]
    milestones = [m for o in objectives for m in o.milestones]
    late = sum(1 for m in milestones if m.status in OPEN_MILESTONE_STATUSES and m.due_date < today)
    return {
        "country": country,
        "title": strategy.title,
        "version": strategy.version,
        "versions": versions,
        "is_current": bool(versions) and strategy.version == versions[0],
        "adopted_on": iso_date(strategy.adopted_on),
        "period_start": strategy.period_start,
        "period_end": strategy.period_end,
        "status": strategy.status,
        "coordination_body": strategy.coordination_body,
        "coordination_mechanism": strategy.coordination_mechanism,
        "monitoring_arrangements": strategy.monitoring_arrangements,
        "summary": strategy.summary,
        "is_example": bool(strategy.is_example),
        "as_of": today.isoformat(),
        "counts": {
            "objectives": len(objectives),
            "milestones": len(milestones),
            "late_milestones": late,
            "budget_lines": len(lines),
        },
        "targets": [
            {
                "indicator": t.indicator.code,
                "place": t.place.code,
                "scope": t.scope,
                "value": number(t.value),
                "year": t.year,
                "operator": t.operator,
            }
            for t in sorted(strategy.targets, key=lambda t: (t.indicator.code, t.place.code))
        ],
        "objectives": [objective_dict(o, today) for o in objectives],
        "budget": budget_dict(lines),
    }


# --------------------------------------------------------------------------- CSV


def frame_to_csv(frame: pd.DataFrame) -> bytes:
    """CSV bytes through the product's one exporter (formula injection neutralised, BOM)."""
    return frame_to_csv_bytes(frame)


def records_frame(rows: list[Mapping[str, Any]], columns: list[str]) -> pd.DataFrame:
    """A flat frame for CSV; list cells are joined with ';'."""
    flat = [
        {c: (";".join(map(str, r[c])) if isinstance(r.get(c), list) else r.get(c)) for c in columns}
        for r in rows
    ]
    return pd.DataFrame(flat, columns=columns)
