"""Read and validate a strategy workbook into plain dataclasses, without touching the store.

Parsing is pure: every code list it checks against comes in a ``StrategyReference`` (built from
the database by ``load_strategy_reference`` or from ``domain`` by ``reference_from_domain``),
so it can be tested without a database. Every problem in the file is collected, never only
the first, each with the sheet, the Excel row, the column header and a stable code.
"""

from __future__ import annotations

import datetime as dt
import decimal
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from pathways_monitor.core.translation import N_
from pathways_monitor.domain.funding import FUNDING_SOURCES
from pathways_monitor.domain.indicators import INDICATORS, UNIT_PERCENT
from pathways_monitor.domain.names import spellings
from pathways_monitor.domain.nuts import nuts_regions
from pathways_monitor.domain.places import COUNTRIES, COUNTRY_BY_CODE, ISO_TO_EUROSTAT
from pathways_monitor.domain.taxonomy import (
    DIMENSIONS,
    STRATEGY_STATUSES,
)
from pathways_monitor.importers.problems import Problem, problem, suggest
from pathways_monitor.importers.strategy_rules import (
    YEAR_MAX,
    YEAR_MIN,
    Violation,
    check_amount,
    check_funding_source,
    check_milestone_status,
    check_year,
    completion_before_start,
    completion_matches_status,
    due_before_start,
    duplicate_milestone,
    parse_amount,
    parse_date,
)
from pathways_monitor.importers.strategy_rules import bad_date as _bad_date
from pathways_monitor.importers.strategy_rules import code_key as _code_key
from pathways_monitor.importers.strategy_rules import shown as _shown
from pathways_monitor.importers.strategy_rules import status_code as _status_code
from pathways_monitor.importers.templates import (
    BUDGET,
    MILESTONES,
    MULTI,
    OBJECTIVES,
    STRATEGY_FIELDS,
    STRATEGY_SHEETS,
    TARGETS,
    ColumnSpec,
    SheetSpec,
)
from pathways_monitor.importers.values import (
    REASON_BOOLEAN,
    REASON_INFINITE,
    REASON_MALFORMED,
    REASON_NOT_A_NUMBER,
    parse_value,
)

__all__ = ["YEAR_MAX", "YEAR_MIN", "parse_amount", "parse_date"]
HEADER_SCAN_ROWS = 30
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
TAG_COLUMNS: dict[str, str] = {  # ColumnSpec.key -> taxonomy dimension
    "policy_area": "policy_area",
    "measure_type": "measure_type",
    "reach": "reach",
    "target_groups": "target_group",
    "education_levels": "education_level",
    "governance_level": "governance_level",
}
# Dutch and English spellings of the strategy statuses (the domain has codes only).
STRATEGY_STATUS_LABELS: dict[str, tuple[str, ...]] = {
    "draft": ("Draft", "Ontwerp", "Concept"),
    "adopted": ("Adopted", "Vastgesteld", "Aangenomen"),
    "in_implementation": ("In implementation", "In uitvoering", "Implementation"),
    "under_revision": ("Under revision", "In herziening", "Wordt herzien"),
    "completed": ("Completed", "Afgerond", "Voltooid"),
}
_YES = {"yes", "y", "ja", "j", "true", "1", "x", "waar", "oui", "vrai", "wahr"}
_REQUIRED = N_("{label} is required.")
# A cell that should hold a number and does not, per reason (``importers.values``).
_NOT_A_NUMBER: dict[str, str] = {
    REASON_BOOLEAN: N_("Not a number (a true/false value is not a number)."),
    REASON_INFINITE: N_("Not a number (infinite value)."),
    REASON_NOT_A_NUMBER: N_("Not a number (not a number)."),
    REASON_MALFORMED: N_("Not a number (ambiguous or malformed number)."),
}
_NOT_A_NUMBER_FLAG = N_("Not a number (unknown flag {flag}).")


# --------------------------------------------------------------------------- reference data


@dataclass(frozen=True)
class StrategyReference:
    """The code lists a strategy workbook is checked against."""

    countries: frozenset[str]
    regions: dict[str, str]  # NUTS code -> country code
    indicators: dict[str, str]  # indicator code -> unit
    taxonomy: dict[str, tuple[str, ...]]  # dimension -> codes
    funding: tuple[str, ...]
    country_names: dict[str, str] = field(default_factory=dict)  # lower-case name -> code
    taxonomy_labels: dict[str, dict[str, str]] = field(default_factory=dict)
    funding_labels: dict[str, str] = field(default_factory=dict)  # lower-case name -> code


def _label_keys(label: str) -> tuple[str, ...]:
    """A label and its short form without the bracketed part: 'Gericht (groepen)', 'gericht'."""
    full = label.strip().lower()
    short = re.sub(r"\s*\(.*?\)\s*", " ", full).strip()
    return (full, short) if short and short != full else (full,)


def reference_from_domain() -> StrategyReference:
    """The reference lists as the domain modules define them (tests, offline validation)."""
    return StrategyReference(
        countries=frozenset(c.code for c in COUNTRIES),
        regions={
            r.code: r.country_code for r in nuts_regions() if r.country_code in COUNTRY_BY_CODE
        },
        indicators={i.code: i.unit for i in INDICATORS},
        taxonomy={code: dim.codes() for code, dim in DIMENSIONS.items()},
        funding=tuple(f.code for f in FUNDING_SOURCES),
        country_names={n.lower(): c.code for c in COUNTRIES for n in spellings(c.name_en)},
        taxonomy_labels={
            code: {
                key: t.code
                for t in dim.terms
                for lbl in spellings(t.label_en)
                for key in _label_keys(lbl)
            }
            for code, dim in DIMENSIONS.items()
        },
        funding_labels={n.lower(): f.code for f in FUNDING_SOURCES for n in spellings(f.name_en)},
    )


def load_strategy_reference(session: Any) -> StrategyReference:
    """The reference lists as stored in the database (includes national indicators)."""
    from sqlalchemy import select
    from sqlalchemy.orm import aliased

    from pathways_monitor.db.models import FundingSource, Indicator, Place, TaxonomyTerm

    countries = session.execute(
        select(Place.code, Place.name_en).where(Place.kind == "country")
    ).all()
    country = aliased(Place)
    regions = session.execute(
        select(Place.code, country.code)
        .join(country, Place.country_id == country.id)
        .where(Place.kind == "region")
    ).all()
    indicators = session.execute(select(Indicator.code, Indicator.unit)).all()
    terms = session.execute(
        select(TaxonomyTerm.dimension, TaxonomyTerm.code, TaxonomyTerm.label_en).order_by(
            TaxonomyTerm.dimension, TaxonomyTerm.position
        )
    ).all()
    funds = session.execute(
        select(FundingSource.code, FundingSource.name_en).order_by(FundingSource.position)
    ).all()
    taxonomy: dict[str, list[str]] = {}
    labels: dict[str, dict[str, str]] = {}
    for dim, code, en in terms:
        taxonomy.setdefault(dim, []).append(code)
        for label in spellings(en):
            for key in _label_keys(label):
                labels.setdefault(dim, {})[key] = code
    return StrategyReference(
        countries=frozenset(c for c, _ in countries),
        regions={code: cc for code, cc in regions},
        indicators={code: unit for code, unit in indicators},
        taxonomy={k: tuple(v) for k, v in taxonomy.items()},
        funding=tuple(code for code, _ in funds),
        country_names={n.lower(): c for c, en in countries for n in spellings(en)},
        taxonomy_labels=labels,
        funding_labels={n.lower(): c for c, en in funds for n in spellings(en)},
    )


# --------------------------------------------------------------------------- parsed content


@dataclass
class StrategyHeader:
    country: str | None = None
    title: str | None = None
    version_note: str | None = None
    adopted_on: dt.date | None = None
    period_start: int | None = None
    period_end: int | None = None
    status: str | None = None
    coordination_body: str | None = None
    coordination_mechanism: str | None = None
    monitoring_arrangements: str | None = None
    summary: str | None = None
    is_example: bool = False


@dataclass
class ObjectiveRow:
    code: str
    title: str | None
    description: str | None
    lead_body: str | None
    tags: dict[str, tuple[str, ...]]  # taxonomy dimension -> codes
    position: int
    row: int


@dataclass
class MilestoneRow:
    objective_code: str
    code: str
    title: str
    due_date: dt.date
    status: str
    completed_on: dt.date | None
    responsible_body: str | None
    evidence_note: str | None
    region: str | None
    row: int


@dataclass
class BudgetRow:
    objective_code: str
    year: int
    funding_source: str
    planned: decimal.Decimal | None
    committed: decimal.Decimal | None
    spent: decimal.Decimal | None
    row: int


@dataclass
class TargetRow:
    indicator: str
    place: str
    scope: str  # national | regional
    value: float
    year: int
    objective_code: str | None
    note: str | None
    row: int


@dataclass
class ParsedStrategy:
    filename: str
    header: StrategyHeader = field(default_factory=StrategyHeader)
    objectives: list[ObjectiveRow] = field(default_factory=list)
    milestones: list[MilestoneRow] = field(default_factory=list)
    budget: list[BudgetRow] = field(default_factory=list)
    targets: list[TargetRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(p.severity == "error" for p in self.problems)

    @property
    def country_code(self) -> str | None:
        return self.header.country

    @property
    def row_count(self) -> int:
        return (
            1 + len(self.objectives) + len(self.milestones) + len(self.budget) + len(self.targets)
        )


# --------------------------------------------------------------------------- cell values


def normalise_label(text: object) -> str:
    """Compare headers and sheet names ignoring case, spacing, punctuation and a trailing '*'."""
    s = str(text).strip().lower().replace("€", " eur ")
    s = re.sub(r"[^0-9a-zà-ÿ]+", " ", s)
    return " ".join(s.split())


def _clean_text(raw: object) -> str | None:
    if raw is None:
        return None
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    text = str(raw).strip()
    return text or None


# --------------------------------------------------------------------------- row reading


class _Cells:
    """One spreadsheet row with its column mapping; records problems as it converts cells."""

    def __init__(
        self,
        sheet: str,
        row: int | None,
        values: dict[str, object],
        headers: dict[str, str],
        problems: list[Problem],
    ) -> None:
        self.sheet, self.row, self.values, self.headers = sheet, row, values, headers
        self.problems = problems
        self.failed = False

    def problem(
        self,
        key: str,
        code: str,
        template: str,
        params: Mapping[str, Any] | None = None,
        raw: object = None,
    ) -> None:
        """Record a problem at this row, under the column's header: ``template`` is a message
        id (``N_``) filled with ``params``."""
        self.add(
            problem(
                code,
                template,
                params,
                sheet=self.sheet,
                row=self.row,
                column=self.headers.get(key, key),
                value=_shown(raw),
            )
        )

    def required(self, key: str) -> None:
        """Record that a required cell is empty."""
        self.problem(key, "missing_value", _REQUIRED, {"label": self.headers.get(key, key)})

    def add(self, found: Problem) -> None:
        self.failed = True
        self.problems.append(found)

    def violation(self, violation: Violation, raw: object = None) -> None:
        """Record a shared rule's violation at this row, under the column's header. Its message
        is the rule's own (``strategy_rules``), with its message id for other languages."""
        column = self.headers.get(violation.field, violation.field)
        if violation.template is None:
            self.add(
                Problem(
                    violation.code, violation.message, self.sheet, self.row, column, _shown(raw)
                )
            )
            return
        self.add(
            problem(
                violation.code,
                violation.template,
                violation.template_params,
                sheet=self.sheet,
                row=self.row,
                column=column,
                value=_shown(raw),
            )
        )

    def raw(self, key: str) -> object:
        return self.values.get(key)

    def text(self, key: str, required: bool = False) -> str | None:
        value = _clean_text(self.raw(key))
        if value is None and required:
            self.required(key)
        return value

    def date(self, key: str, required: bool = False) -> dt.date | None:
        raw = self.raw(key)
        value, ok = parse_date(raw)
        if not ok:
            self.violation(_bad_date(key, raw), raw)
        elif value is None and required:
            self.required(key)
        return value

    def year(self, key: str, required: bool = False) -> int | None:
        raw = self.raw(key)
        if _clean_text(raw) is None:
            if required:
                self.required(key)
            return None
        year, violation = check_year(key, raw)
        if violation is not None:
            self.violation(violation, raw)
        return year

    def amount(self, key: str) -> decimal.Decimal | None:
        raw = self.raw(key)
        value, violation = check_amount(key, raw)
        if violation is not None:
            self.violation(violation, raw)
        return value

    def number(self, key: str, required: bool = False) -> float | None:
        raw = self.raw(key)
        parsed = parse_value(raw)
        if not parsed.ok:
            if parsed.bad_flag is not None:
                template, params = _NOT_A_NUMBER_FLAG, {"flag": repr(parsed.bad_flag)}
            else:
                template, params = _NOT_A_NUMBER[str(parsed.reason)], {}
            self.problem(key, "bad_number", template, params, raw)
            return None
        if parsed.value is None and required:
            self.required(key)
        return parsed.value


@dataclass
class _Table:
    """A sheet located in the workbook: its header row and the rows under it."""

    name: str
    header_row: int
    headers: dict[str, str]  # ColumnSpec.key -> header as written
    rows: list[tuple[int, dict[str, object]]]


def _match_sheet(names: Sequence[str], spec: SheetSpec) -> str | None:
    wanted = {normalise_label(n) for n in spec.names()}
    for name in names:
        if normalise_label(name) in wanted:
            return name
    return None


def _column_lookup(spec: SheetSpec) -> dict[str, ColumnSpec]:
    lookup: dict[str, ColumnSpec] = {}
    for col in spec.columns:
        for name in col.names():
            lookup.setdefault(normalise_label(name), col)
    return lookup


def _read_table(
    name: str, rows: list[tuple[object, ...]], spec: SheetSpec, problems: list[Problem]
) -> _Table:
    lookup = _column_lookup(spec)
    best: tuple[int, dict[int, ColumnSpec], dict[str, str]] | None = None
    for idx, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        mapping: dict[int, ColumnSpec] = {}
        headers: dict[str, str] = {}
        for c, cell in enumerate(row):
            if cell is None:
                continue
            col = lookup.get(normalise_label(cell))
            if col is not None and col.key not in headers:
                mapping[c] = col
                headers[col.key] = str(cell).strip().rstrip("*").strip()
        if len(mapping) >= 2 and (best is None or len(mapping) > len(best[1])):
            best = (idx, mapping, headers)
    if best is None:
        has_content = any(_clean_text(v) is not None for row in rows for v in row)
        if has_content:
            for col in spec.columns:
                if col.required:
                    problems.append(
                        problem(
                            "missing_column",
                            N_("No header row with the column '{column}' was found."),
                            {"column": col.header_en},
                            sheet=name,
                            column=col.header_en,
                        )
                    )
        return _Table(name, 0, {}, [])
    header_idx, mapping, headers = best
    for col in spec.columns:
        if col.required and col.key not in headers:
            problems.append(
                problem(
                    "missing_column",
                    N_("The required column '{column}' (or '{column_nl}') is missing."),
                    {"column": col.header_en, "column_nl": col.header_nl},
                    sheet=name,
                    row=header_idx + 1,
                    column=col.header_en,
                )
            )
    for col in spec.columns:
        headers.setdefault(col.key, col.header_en)
    out: list[tuple[int, dict[str, object]]] = []
    for idx in range(header_idx + 1, len(rows)):
        row = rows[idx]
        values = {mapping[c].key: row[c] for c in mapping if c < len(row)}
        if all(_clean_text(v) is None for v in values.values()):
            continue
        out.append((idx + 1, values))
    return _Table(name, header_idx + 1, headers, out)


def _read_fields(
    name: str, rows: list[tuple[object, ...]]
) -> tuple[dict[str, tuple[int, object]], dict[str, str]]:
    """The Strategy sheet: a label in one cell and its value in the next filled cell."""
    lookup = _column_lookup(STRATEGY_FIELDS)
    found: dict[str, tuple[int, object]] = {}
    labels: dict[str, str] = {}
    for idx, row in enumerate(rows):
        cells = [(c, v) for c, v in enumerate(row) if _clean_text(v) is not None]
        if not cells:
            continue
        label = cells[0][1]
        col = lookup.get(normalise_label(label))
        if col is None or col.key in found:
            continue
        value = next((v for c, v in cells[1:]), None)
        found[col.key] = (idx + 1, value)
        labels[col.key] = str(label).strip().rstrip("*").strip()
    return found, labels


# --------------------------------------------------------------------------- the parser


def _open_rows(data: bytes) -> tuple[dict[str, list[tuple[object, ...]]] | None, Problem | None]:
    from openpyxl import load_workbook

    if data.startswith(OLE_MAGIC):
        return None, problem(
            "encrypted_workbook",
            N_(
                "The workbook is password-protected (or an old .xls file): save it without a "
                "password as .xlsx and upload again."
            ),
        )
    sheets: dict[str, list[tuple[object, ...]]] = {}
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            for ws in wb.worksheets:
                if hasattr(ws, "reset_dimensions"):
                    ws.reset_dimensions()  # some writers store a wrong used range (e.g. A1:A1)
                sheets[ws.title] = [tuple(r) for r in ws.iter_rows(values_only=True)]
        finally:
            wb.close()
    except Exception as exc:  # any failure to read an uploaded file means "unreadable"
        return None, problem(
            "not_a_workbook",
            N_("The file is not a readable Excel workbook (.xlsx): {error}."),
            {"error": exc.__class__.__name__},
        )
    return sheets, None


def parse_strategy_workbook(
    data: bytes, filename: str, reference: StrategyReference
) -> ParsedStrategy:
    """Parse and validate a strategy workbook; every problem found is in ``problems``."""
    parsed = ParsedStrategy(filename=filename)
    if not data:
        parsed.problems.append(problem("empty_file", N_("The file is empty.")))
        return parsed
    sheets, failure = _open_rows(data)
    if failure is not None or sheets is None:
        parsed.problems.append(failure or problem("not_a_workbook", N_("Not a workbook.")))
        return parsed
    if not any(_clean_text(v) is not None for rows in sheets.values() for r in rows for v in r):
        parsed.problems.append(problem("empty_file", N_("The workbook contains no data.")))
        return parsed
    located: dict[str, str] = {}
    for spec in STRATEGY_SHEETS:
        name = _match_sheet(list(sheets), spec)
        if name is None:
            parsed.problems.append(
                problem(
                    "missing_sheet",
                    N_("The sheet '{sheet}' (or '{sheet_nl}') is missing; use the template."),
                    {"sheet": spec.name_en, "sheet_nl": spec.name_nl},
                    sheet=spec.name_en,
                )
            )
        else:
            located[spec.key] = name
    problems = parsed.problems
    if "strategy" in located:
        parsed.header = _parse_header(
            located["strategy"], sheets[located["strategy"]], reference, problems
        )
    header = parsed.header
    tables = {
        key: _read_table(located[key], sheets[located[key]], spec, problems)
        for key, spec in (
            ("objectives", OBJECTIVES),
            ("milestones", MILESTONES),
            ("budget", BUDGET),
            ("targets", TARGETS),
        )
        if key in located
    }
    defined: dict[str, int] = {}
    if "objectives" in tables:
        parsed.objectives = _parse_objectives(tables["objectives"], reference, problems, defined)
        if not tables["objectives"].rows and tables["objectives"].header_row:
            problems.append(
                problem(
                    "missing_value",
                    N_("The strategy has no objectives."),
                    sheet=tables["objectives"].name,
                    row=tables["objectives"].header_row + 1,
                    column=OBJECTIVES.columns[0].header_en,
                )
            )
    check_objective = "objectives" in tables
    if "milestones" in tables:
        parsed.milestones = _parse_milestones(
            tables["milestones"], header, reference, problems, defined, check_objective
        )
    if "budget" in tables:
        parsed.budget = _parse_budget(
            tables["budget"], reference, problems, defined, check_objective
        )
    if "targets" in tables:
        parsed.targets = _parse_targets(
            tables["targets"], header, reference, problems, defined, check_objective
        )
    return parsed


def _parse_header(
    name: str, rows: list[tuple[object, ...]], reference: StrategyReference, problems: list[Problem]
) -> StrategyHeader:
    found, labels = _read_fields(name, rows)
    values = {k: v for k, (_, v) in found.items()}
    header = StrategyHeader()
    for col in STRATEGY_FIELDS.columns:
        labels.setdefault(col.key, col.header_en)

    def cells(key: str) -> _Cells:
        row = found.get(key, (None, None))[0]
        return _Cells(name, row, values, labels, problems)

    for col in STRATEGY_FIELDS.columns:
        if col.required and col.key not in found:
            problems.append(
                problem(
                    "missing_value",
                    N_("The field '{field}' ('{field_nl}') is missing or empty."),
                    {"field": col.header_en, "field_nl": col.header_nl},
                    sheet=name,
                    column=col.header_en,
                )
            )
    present = {k for k in found}

    country_raw = cells("country").text("country", required="country" in present)
    if country_raw is not None:
        code = _country_code(country_raw, reference)
        if code is None:
            hint = suggest(country_raw, sorted(reference.countries))
            if hint:
                template = N_("Unknown country code '{value}'. Did you mean '{hint}'?")
                params = {"value": country_raw, "hint": hint}
            else:
                template = N_("Unknown country code '{value}'. Use the Eurostat code, e.g. NL.")
                params = {"value": country_raw}
            cells("country").problem("country", "unknown_country", template, params, country_raw)
        header.country = code
    header.title = cells("title").text("title", required="title" in present)
    header.version_note = cells("version_note").text("version_note")
    header.adopted_on = cells("adopted_on").date("adopted_on")
    header.period_start = cells("period_start").year(
        "period_start", required="period_start" in present
    )
    header.period_end = cells("period_end").year("period_end", required="period_end" in present)
    if header.period_start and header.period_end and header.period_start > header.period_end:
        cells("period_end").problem(
            "period_end",
            "period_order",
            N_("The period ends ({end}) before it starts ({start})."),
            {"end": header.period_end, "start": header.period_start},
            values.get("period_end"),
        )
    status_raw = cells("status").text("status", required="status" in present)
    if status_raw is not None:
        status = _status_code(status_raw, STRATEGY_STATUSES, STRATEGY_STATUS_LABELS)
        if status is None:
            hint = suggest(status_raw, STRATEGY_STATUSES)
            allowed = ", ".join(STRATEGY_STATUSES)
            if hint:
                template = N_(
                    "Unknown strategy status '{value}'. Allowed: {allowed}. Did you mean '{hint}'?"
                )
                params = {"value": status_raw, "allowed": allowed, "hint": hint}
            else:
                template = N_("Unknown strategy status '{value}'. Allowed: {allowed}.")
                params = {"value": status_raw, "allowed": allowed}
            cells("status").problem("status", "bad_status", template, params, status_raw)
        header.status = status
    for key in (
        "coordination_body",
        "coordination_mechanism",
        "monitoring_arrangements",
        "summary",
    ):
        setattr(header, key, cells(key).text(key))
    header.is_example = (_clean_text(values.get("is_example")) or "").lower() in _YES
    return header


def _country_code(text: str, reference: StrategyReference) -> str | None:
    upper = text.strip().upper()
    upper = ISO_TO_EUROSTAT.get(upper, upper)
    if upper in reference.countries:
        return upper
    return reference.country_names.get(text.strip().lower())


def _tag_codes(
    cells: _Cells, key: str, dimension: str, reference: StrategyReference, required: bool
) -> tuple[str, ...]:
    raw = cells.raw(key)
    text = _clean_text(raw)
    if text is None:
        if required:
            cells.problem(
                key,
                "missing_value",
                N_("{label} needs at least one code."),
                {"label": cells.headers.get(key, key)},
            )
        return ()
    allowed = reference.taxonomy.get(dimension, ())
    labels = reference.taxonomy_labels.get(dimension, {})
    out: list[str] = []
    for token in re.split(r"[;,\n|]+", text):
        token = token.strip()
        if not token:
            continue
        code = _code_key(token)
        if code not in allowed:
            code = labels.get(token.lower(), "")
        if not code:
            hint = suggest(_code_key(token), allowed)
            if hint:
                template = N_("'{value}' is not a {dimension} code. Did you mean '{hint}'?")
                params = {"value": token, "dimension": dimension, "hint": hint}
            else:
                template = N_("'{value}' is not a {dimension} code. Allowed: {allowed}.")
                params = {"value": token, "dimension": dimension, "allowed": ", ".join(allowed)}
            cells.problem(key, "unknown_taxonomy_value", template, params, token)
            continue
        if code not in out:
            out.append(code)
    return tuple(out)


def _parse_objectives(
    table: _Table, reference: StrategyReference, problems: list[Problem], defined: dict[str, int]
) -> list[ObjectiveRow]:
    out: list[ObjectiveRow] = []
    for row, values in table.rows:
        cells = _Cells(table.name, row, values, table.headers, problems)
        code = cells.text("code", required=True)
        title = cells.text("title", required=True)
        tags: dict[str, tuple[str, ...]] = {}
        for col in OBJECTIVES.columns:
            if col.kind == MULTI:
                dim = TAG_COLUMNS[col.key]
                codes = _tag_codes(cells, col.key, dim, reference, col.required)
                if codes:
                    tags[dim] = codes
        if code is None:
            continue
        if code in defined:
            cells.problem(
                "code",
                "duplicate_objective",
                N_("The objective code '{code}' is already used on row {row}."),
                {"code": code, "row": defined[code]},
                code,
            )
            continue
        defined[code] = row
        out.append(
            ObjectiveRow(
                code=code,
                title=title,
                description=cells.text("description"),
                lead_body=cells.text("lead_body"),
                tags=tags,
                position=len(out) + 1,
                row=row,
            )
        )
    return out


def _check_objective(
    cells: _Cells, key: str, code: str | None, defined: dict[str, int], check: bool
) -> None:
    if check and code is not None and code not in defined:
        hint = suggest(code, list(defined))
        if hint:
            template = N_(
                "The objective '{code}' is not on the Objectives sheet. Did you mean '{hint}'?"
            )
            params = {"code": code, "hint": hint}
        else:
            template = N_("The objective '{code}' is not on the Objectives sheet.")
            params = {"code": code}
        cells.problem(key, "objective_not_defined", template, params, code)


def _region_code(
    cells: _Cells, key: str, raw: str, country: str | None, reference: StrategyReference
) -> str | None:
    code = raw.strip().upper()
    if country is not None and code == country:
        return None  # the whole country: not a regional milestone
    if code not in reference.regions:
        hint = suggest(
            code,
            [r for r, c in reference.regions.items() if c == country] or list(reference.regions),
        )
        if hint:
            template = N_("Unknown NUTS region code '{value}'. Did you mean '{hint}'?")
            params = {"value": raw, "hint": hint}
        else:
            template = N_("Unknown NUTS region code '{value}'.")
            params = {"value": raw}
        cells.problem(key, "unknown_region", template, params, raw)
        return None
    if country is not None and reference.regions[code] != country:
        cells.problem(
            key,
            "region_outside_country",
            N_("The region {region} is not in {country}, the strategy's country."),
            {"region": code, "country": country},
            raw,
        )
        return None
    return code


def _parse_milestones(
    table: _Table,
    header: StrategyHeader,
    reference: StrategyReference,
    problems: list[Problem],
    defined: dict[str, int],
    check: bool,
) -> list[MilestoneRow]:
    out: list[MilestoneRow] = []
    seen: dict[tuple[str, str], int] = {}
    for row, values in table.rows:
        cells = _Cells(table.name, row, values, table.headers, problems)
        objective = cells.text("objective_code", required=True)
        _check_objective(cells, "objective_code", objective, defined, check)
        code = cells.text("code", required=True)
        title = cells.text("title", required=True)
        due = cells.date("due_date", required=True)
        completed = cells.date("completed_on")
        status_raw = cells.text("status", required=True)
        status = None
        if status_raw is not None:
            status, violation = check_milestone_status(status_raw)
            if violation is not None:
                cells.violation(violation, status_raw)
        unreadable = cells.raw("completed_on") not in (None, "")
        violation = completion_matches_status(status, completed, date_unreadable=unreadable)
        if violation is not None:
            cells.violation(violation, None if violation.field == "completed_on" else status_raw)
        violation = due_before_start(due, header.period_start)
        if violation is not None:
            cells.violation(violation, cells.raw("due_date"))
        violation = completion_before_start(completed, header.period_start)
        if violation is not None:
            cells.violation(violation, cells.raw("completed_on"))
        region_raw = cells.text("region")
        region = (
            _region_code(cells, "region", region_raw, header.country, reference)
            if region_raw is not None
            else None
        )
        if objective is not None and code is not None:
            key = (objective, code)
            if key in seen:
                cells.violation(duplicate_milestone(objective, code, str(seen[key])), code)
            else:
                seen[key] = row
        if cells.failed:
            continue
        assert objective and code and title and due and status
        out.append(
            MilestoneRow(
                objective_code=objective,
                code=code,
                title=title,
                due_date=due,
                status=status,
                completed_on=completed,
                responsible_body=cells.text("responsible_body"),
                evidence_note=cells.text("evidence_note"),
                region=region,
                row=row,
            )
        )
    return out


def _parse_budget(
    table: _Table,
    reference: StrategyReference,
    problems: list[Problem],
    defined: dict[str, int],
    check: bool,
) -> list[BudgetRow]:
    out: list[BudgetRow] = []
    seen: dict[tuple[str, int, str], int] = {}
    for row, values in table.rows:
        cells = _Cells(table.name, row, values, table.headers, problems)
        objective = cells.text("objective_code", required=True)
        _check_objective(cells, "objective_code", objective, defined, check)
        year = cells.year("year", required=True)
        source_raw = cells.text("funding_source", required=True)
        source = None
        if source_raw is not None:
            source, violation = check_funding_source(
                source_raw, reference.funding, reference.funding_labels
            )
            if violation is not None:
                cells.violation(violation, source_raw)
        planned = cells.amount("planned")
        committed = cells.amount("committed")
        spent = cells.amount("spent")
        if objective and year and source:
            key = (objective, year, source)
            if key in seen:
                cells.problem(
                    "funding_source",
                    "duplicate_budget_line",
                    N_(
                        "{objective} / {year} / {source} is already on row {row}; add the amounts "
                        "into one row."
                    ),
                    {"objective": objective, "year": year, "source": source, "row": seen[key]},
                    source_raw,
                )
            else:
                seen[key] = row
        if cells.failed:
            continue
        assert objective and year and source
        out.append(BudgetRow(objective, year, source, planned, committed, spent, row))
    return out


def _parse_targets(
    table: _Table,
    header: StrategyHeader,
    reference: StrategyReference,
    problems: list[Problem],
    defined: dict[str, int],
    check: bool,
) -> list[TargetRow]:
    out: list[TargetRow] = []
    seen: dict[tuple[str, str, int], int] = {}
    for row, values in table.rows:
        cells = _Cells(table.name, row, values, table.headers, problems)
        indicator_raw = cells.text("indicator", required=True)
        indicator = None
        if indicator_raw is not None:
            upper = indicator_raw.strip().upper()
            if upper in reference.indicators:
                indicator = upper
            else:
                hint = suggest(upper, list(reference.indicators))
                if hint:
                    template = N_("Unknown indicator code '{value}'. Did you mean '{hint}'?")
                    params = {"value": indicator_raw, "hint": hint}
                else:
                    template = N_("Unknown indicator code '{value}'.")
                    params = {"value": indicator_raw}
                cells.problem("indicator", "unknown_indicator", template, params, indicator_raw)
        place_raw = cells.text("place", required=True)
        place, scope = None, None
        if place_raw is not None:
            place, scope = _target_place(cells, place_raw, header.country, reference)
        value = cells.number("value", required=True)
        if (
            value is not None
            and indicator is not None
            and reference.indicators.get(indicator) == UNIT_PERCENT
            and not 0 <= value <= 100
        ):
            cells.problem(
                "value",
                "percentage_out_of_range",
                N_("{indicator} is a percentage: the target must be between 0 and 100."),
                {"indicator": indicator},
                cells.raw("value"),
            )
        year = cells.year("year", required=True)
        objective = cells.text("objective_code")
        _check_objective(cells, "objective_code", objective, defined, check)
        if indicator and place and year:
            key = (indicator, place, year)
            if key in seen:
                cells.problem(
                    "indicator",
                    "duplicate_target",
                    N_("A target for {indicator} / {place} / {year} is already on row {row}."),
                    {"indicator": indicator, "place": place, "year": year, "row": seen[key]},
                    indicator_raw,
                )
            else:
                seen[key] = row
        if cells.failed:
            continue
        assert indicator and place and scope and value is not None and year
        out.append(
            TargetRow(indicator, place, scope, value, year, objective, cells.text("note"), row)
        )
    return out


def _target_place(
    cells: _Cells, raw: str, country: str | None, reference: StrategyReference
) -> tuple[str | None, str | None]:
    code = ISO_TO_EUROSTAT.get(raw.strip().upper(), raw.strip().upper())
    if code in reference.countries:
        if country is not None and code != country:
            cells.problem(
                "place",
                "region_outside_country",
                N_(
                    "{place} is another country: targets must be for {country} or one of its "
                    "regions."
                ),
                {"place": code, "country": country},
                raw,
            )
            return None, None
        return code, "national"
    if code in reference.regions:
        region = _region_code(cells, "place", code, country, reference)
        return (region, "regional") if region else (None, None)
    if re.fullmatch(r"[A-Z]{2}", code):
        cells.problem(
            "place", "unknown_country", N_("Unknown country code '{value}'."), {"value": raw}, raw
        )
    else:
        _region_code(cells, "place", code, country, reference)
    return None, None


def looks_like_strategy_workbook(sheet_names: Iterable[str]) -> bool:
    """True when a workbook has the template's Strategy and Objectives sheets (kind detection)."""
    names = list(sheet_names)
    return (
        _match_sheet(names, STRATEGY_FIELDS) is not None
        and _match_sheet(names, OBJECTIVES) is not None
    )
