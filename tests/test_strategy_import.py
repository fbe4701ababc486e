"""Strategy workbook: parsing, every problem code, the example strategy and versioned storage."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Callable
from decimal import Decimal

import openpyxl
import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pathways_monitor.db.models import (
    AuditLog,
    BudgetLine,
    ImportBatch,
    Milestone,
    Objective,
    ObjectiveIndicator,
    ObjectiveTag,
    Strategy,
    Target,
)
from pathways_monitor.demo.example_strategy import (
    AS_OF,
    TITLE,
    build_example_workbook,
    example_content,
)
from pathways_monitor.importers.strategy_store import (
    canonical_from_parsed,
    preview_strategy_changes,
    store_strategy,
)
from pathways_monitor.importers.strategy_workbook import (
    ParsedStrategy,
    StrategyReference,
    load_strategy_reference,
    parse_amount,
    parse_date,
    parse_strategy_workbook,
    reference_from_domain,
)
from pathways_monitor.importers.templates import StrategyContent, write_strategy_template
from tests.conftest import FIXTURES

MINISTRY_FIXTURE = FIXTURES / "strategy" / "ministry_style_nl.xlsx"


@pytest.fixture(scope="module")
def reference() -> StrategyReference:
    return reference_from_domain()


@pytest.fixture(scope="module")
def example_bytes() -> bytes:
    buf = io.BytesIO()
    build_example_workbook(buf)
    return buf.getvalue()


@pytest.fixture(scope="module")
def small_bytes() -> bytes:
    """The example cut to its first four objectives: same first rows, faster to edit."""
    content = example_content()
    keep = {o["code"] for o in content.objectives[:4]}
    small = StrategyContent(
        content.fields,
        content.objectives[:4],
        [m for m in content.milestones if m["objective_code"] in keep],
        [b for b in content.budget if b["objective_code"] in keep],
        [t for t in content.targets if t["objective_code"] in keep],
    )
    buf = io.BytesIO()
    write_strategy_template(buf, content=small)
    return buf.getvalue()


@pytest.fixture(scope="module")
def example(example_bytes: bytes, reference: StrategyReference) -> ParsedStrategy:
    return parse_strategy_workbook(example_bytes, "example.xlsx", reference)


def _edited(data: bytes, edit: Callable[[Workbook], None]) -> bytes:
    wb = load_workbook(io.BytesIO(data))
    edit(wb)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# --------------------------------------------------------------------------- pure parsing


def test_example_workbook_parses_without_problems(example: ParsedStrategy) -> None:
    content = example_content()
    assert example.problems == []
    assert len(example.objectives) == len(content.objectives) == 22
    assert len(example.milestones) == len(content.milestones)
    assert 90 <= len(example.milestones) <= 110
    assert len(example.budget) == len(content.budget)
    assert len(example.targets) == 7
    h = example.header
    assert (h.country, h.title, h.period_start, h.period_end, h.status) == (
        "NL",
        TITLE,
        2021,
        2030,
        "in_implementation",
    )
    assert h.is_example and "EXAMPLE" in h.title


def test_example_covers_the_taxonomy_and_has_late_and_completed_milestones(
    example: ParsedStrategy,
) -> None:
    areas = {c for o in example.objectives for c in o.tags["policy_area"]}
    types = {c for o in example.objectives for c in o.tags["measure_type"]}
    assert areas == {
        "learners",
        "school_staff",
        "whole_school",
        "system_level",
        "governance",
        "data_monitoring",
    }
    assert types == {"prevention", "intervention", "compensation"}
    late = [m for m in example.milestones if m.due_date < AS_OF and m.status != "completed"]
    assert len(late) >= 5
    assert sum(m.status == "completed" for m in example.milestones) >= 20
    assert {m.region for m in example.milestones if m.region} >= {"NL32", "NL33", "NL41"}
    sources = {b.funding_source for b in example.budget}
    assert {"NATIONAL", "ESF_PLUS", "RRF", "ERASMUS_PLUS", "ERDF", "AMIF"} <= sources
    for b in example.budget:
        assert b.committed is None or b.committed <= b.planned
        assert b.spent is None or b.year < AS_OF.year
    national = {(t.indicator, t.value) for t in example.targets if t.scope == "national"}
    assert national == {
        ("ELET", 7.5),
        ("LOWACH_READ", 20.0),
        ("LOWACH_MATH", 18.0),
        ("LOWACH_SCI", 17.0),
    }
    assert len({t.place for t in example.targets if t.scope == "regional"}) >= 2


def test_example_is_deterministic(example_bytes: bytes, reference: StrategyReference) -> None:
    buf = io.BytesIO()
    build_example_workbook(buf)
    again = parse_strategy_workbook(buf.getvalue(), "again.xlsx", reference)
    first = parse_strategy_workbook(example_bytes, "example.xlsx", reference)
    assert canonical_from_parsed(again) == canonical_from_parsed(first)


def test_dutch_template_with_the_same_content_gives_the_same_strategy(
    example: ParsedStrategy, reference: StrategyReference
) -> None:
    buf = io.BytesIO()
    build_example_workbook(buf, lang="nl")
    dutch = parse_strategy_workbook(buf.getvalue(), "voorbeeld.xlsx", reference)
    assert dutch.problems == []
    assert canonical_from_parsed(dutch) == canonical_from_parsed(example)


@pytest.mark.parametrize("lang", ["fr", "de"])
def test_french_and_german_templates_give_the_same_strategy(
    example: ParsedStrategy, reference: StrategyReference, lang: str
) -> None:
    """The template of each language reads back: headings, sheet names and yes/no translated."""
    buf = io.BytesIO()
    build_example_workbook(buf, lang=lang)
    wb = openpyxl.load_workbook(io.BytesIO(buf.getvalue()))
    english = {"Instructions", "Strategy", "Objectives", "Milestones"}  # "Budget" is French too
    assert not english & set(wb.sheetnames), wb.sheetnames  # the sheets are named in {lang}
    parsed = parse_strategy_workbook(buf.getvalue(), f"strategy_{lang}.xlsx", reference)
    assert parsed.problems == []
    assert canonical_from_parsed(parsed) == canonical_from_parsed(example)


def test_ministry_style_workbook_with_title_rows_dutch_headers_dates_and_amounts(
    reference: StrategyReference,
) -> None:
    parsed = parse_strategy_workbook(
        MINISTRY_FIXTURE.read_bytes(), MINISTRY_FIXTURE.name, reference
    )
    assert parsed.problems == []
    assert parsed.header.country == "NL" and parsed.header.status == "adopted"
    assert parsed.header.adopted_on == dt.date(2022, 9, 15)
    assert [(o.code, o.row) for o in parsed.objectives] == [("D1", 4), ("D2", 6)]
    d1 = parsed.objectives[0]
    assert d1.tags["policy_area"] == ("learners", "data_monitoring")
    assert d1.tags["reach"] == ("targeted",) and d1.tags["target_group"] == ("boys", "migrant")
    first = parsed.milestones[0]
    assert (first.status, first.completed_on, first.region) == (
        "completed",
        dt.date(2023, 12, 20),
        "NL33",
    )
    assert parsed.milestones[2].due_date == dt.date(2024, 3, 1)
    national = parsed.budget[0]
    assert (national.funding_source, national.planned, national.spent) == (
        "NATIONAL",
        Decimal("1234567.89"),
        Decimal("950000.50"),
    )
    assert parsed.budget[1].funding_source == "ESF_PLUS"
    assert [(t.place, t.scope, t.value) for t in parsed.targets] == [
        ("NL", "national", 7.5),
        ("NL33", "regional", 8.0),
    ]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("€ 1.234.567,89", Decimal("1234567.89")),
        ("1,234,567.89", Decimal("1234567.89")),
        ("1.500", Decimal("1500.00")),
        ("12,5", Decimal("12.50")),
        (1250000.1, Decimal("1250000.10")),
        ("EUR 2 000", Decimal("2000.00")),
        (None, None),
    ],
)
def test_parse_amount(raw: object, expected: Decimal | None) -> None:
    assert parse_amount(raw) == (expected, True)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2024-03-31", dt.date(2024, 3, 31)),
        ("31-03-2024", dt.date(2024, 3, 31)),
        ("1/3/2024", dt.date(2024, 3, 1)),
        (dt.datetime(2024, 3, 31, 0, 0), dt.date(2024, 3, 31)),
        (45382, dt.date(2024, 3, 31)),
    ],
)
def test_parse_date(raw: object, expected: dt.date) -> None:
    assert parse_date(raw) == (expected, True)


def test_bad_amounts_and_dates_are_refused() -> None:
    assert parse_amount("veel")[1] is False
    assert parse_date("31-02-2024")[1] is False
    assert parse_date("soon")[1] is False


# --------------------------------------------------------------------------- every problem code


def _set(sheet: str, cell: str, value: object) -> Callable[[Workbook], None]:
    def edit(wb: Workbook) -> None:
        wb[sheet][cell] = value

    return edit


def _both(*edits: Callable[[Workbook], None]) -> Callable[[Workbook], None]:
    def edit(wb: Workbook) -> None:
        for e in edits:
            e(wb)

    return edit


def _drop(sheet: str) -> Callable[[Workbook], None]:
    def edit(wb: Workbook) -> None:
        del wb[sheet]

    return edit


# Rows in the example: Strategy B2 country, B6 period start, B7 period end, B8 status;
# Objectives row 2 = VSV01, row 3 = VSV02; Milestones row 2 = VSV01/M01 (completed 2022),
# row 3 = VSV01/M02; Budget rows 2-4 = VSV01 2021 NATIONAL, 2021 ESF_PLUS, 2022 NATIONAL;
# Indicator targets row 2 = ELET/NL, rows 4-6 = regional ELET targets.
BROKEN: list[tuple[str, Callable[[Workbook], None], str | None, int | None, str | None]] = [
    ("missing_sheet", _drop("Milestones"), "Milestones", None, None),
    ("missing_column", _set("Budget", "B1", "Jhr"), "Budget", 1, "Year"),
    ("unknown_country", _set("Strategy", "B2", "XX"), "Strategy", 2, "Country"),
    ("unknown_region", _set("Milestones", "I2", "NL99"), "Milestones", 2, "Region (NUTS code)"),
    (
        "region_outside_country",
        _set("Milestones", "I2", "BE21"),
        "Milestones",
        2,
        "Region (NUTS code)",
    ),
    (
        "unknown_indicator",
        _set("Indicator targets", "A2", "ELETT"),
        "Indicator targets",
        2,
        "Indicator code",
    ),
    (
        "unknown_taxonomy_value",
        _set("Objectives", "E2", "learner; governance"),
        "Objectives",
        2,
        "Policy area",
    ),
    ("missing_value", _set("Objectives", "B3", None), "Objectives", 3, "Title"),
    ("bad_date", _set("Milestones", "D2", "31-02-2024"), "Milestones", 2, "Due date"),
    ("bad_year", _set("Budget", "B2", "twenty"), "Budget", 2, "Year"),
    ("bad_number", _set("Budget", "D2", "lots"), "Budget", 2, "Planned EUR"),
    ("negative_amount", _set("Budget", "E2", -5), "Budget", 2, "Committed EUR"),
    (
        "percentage_out_of_range",
        _set("Indicator targets", "C2", 750),
        "Indicator targets",
        2,
        "Target value",
    ),
    (
        "milestone_before_strategy_start",
        _set("Milestones", "D2", dt.datetime(2019, 1, 31)),
        "Milestones",
        2,
        "Due date",
    ),
    (
        "completion_before_start",
        _set("Milestones", "F2", "15-05-2020"),
        "Milestones",
        2,
        "Completion date",
    ),
    ("completed_without_date", _set("Milestones", "F2", None), "Milestones", 2, "Completion date"),
    ("objective_not_defined", _set("Milestones", "A2", "VSV99"), "Milestones", 2, "Objective code"),
    ("objective_not_defined", _set("Budget", "A2", "VSV99"), "Budget", 2, "Objective code"),
    (
        "objective_not_defined",
        _set("Indicator targets", "E2", "VSV99"),
        "Indicator targets",
        2,
        "Objective code",
    ),
    ("duplicate_objective", _set("Objectives", "A3", "VSV01"), "Objectives", 3, "Objective code"),
    ("duplicate_milestone", _set("Milestones", "B3", "M01"), "Milestones", 3, "Milestone code"),
    ("duplicate_budget_line", _set("Budget", "B4", 2021), "Budget", 4, "Funding source"),
    ("bad_status", _set("Milestones", "E3", "done-ish"), "Milestones", 3, "Status"),
    ("bad_status", _set("Strategy", "B8", "implementing"), "Strategy", 8, "Status"),
    ("unknown_funding_source", _set("Budget", "C2", "ESFF"), "Budget", 2, "Funding source"),
    ("period_order", _set("Strategy", "B6", 2031), "Strategy", 7, "Period end"),
    ("bad_year", _set("Strategy", "B6", 1850), "Strategy", 6, "Period start"),
    (
        "duplicate_target",
        _set("Indicator targets", "A6", "ELET_X"),
        "Indicator targets",
        6,
        "Indicator code",
    ),
    ("missing_value", _both(_set("Budget", "C2", None)), "Budget", 2, "Funding source"),
]


@pytest.mark.parametrize(
    ("code", "edit", "sheet", "row", "column"),
    BROKEN,
    ids=[f"{b[0]}-{b[2]}-{i}" for i, b in enumerate(BROKEN)],
)
def test_each_problem_is_reported_where_it_is(
    small_bytes: bytes,
    reference: StrategyReference,
    code: str,
    edit: Callable[[Workbook], None],
    sheet: str | None,
    row: int | None,
    column: str | None,
) -> None:
    if code == "duplicate_target":  # make row 6 repeat row 2 (ELET/NL/2030)
        edit = _both(_set("Indicator targets", "A6", "ELET"), _set("Indicator targets", "B6", "NL"))
    parsed = parse_strategy_workbook(_edited(small_bytes, edit), "broken.xlsx", reference)
    found = [(p.code, p.sheet, p.row, p.column) for p in parsed.problems]
    assert (code, sheet, row, column) in found, found
    assert not parsed.ok


def test_taxonomy_message_suggests_the_closest_code(
    small_bytes: bytes, reference: StrategyReference
) -> None:
    data = _edited(small_bytes, _set("Objectives", "E2", "learner"))
    problem = parse_strategy_workbook(data, "x.xlsx", reference).problems[0]
    assert problem.code == "unknown_taxonomy_value" and problem.value == "learner"
    assert "'learners'" in problem.message


def test_all_problems_are_collected_not_only_the_first(
    small_bytes: bytes, reference: StrategyReference
) -> None:
    data = _edited(
        small_bytes,
        _both(
            _set("Budget", "D2", "lots"),
            _set("Milestones", "D5", "soon"),
            _set("Strategy", "B2", "XX"),
        ),
    )
    codes = sorted(p.code for p in parse_strategy_workbook(data, "x.xlsx", reference).problems)
    assert codes == ["bad_date", "bad_number", "unknown_country"]


def test_header_row_below_title_rows_and_mixed_case_headers(
    small_bytes: bytes, reference: StrategyReference
) -> None:
    def edit(wb: Workbook) -> None:
        ws = wb["Budget"]
        ws.insert_rows(1, amount=2)
        ws["A1"] = "Budget of the strategy (EUR)"
        ws["D3"] = "  PLANNED eur "
        ws.sheet_state = "hidden"

    data = _edited(small_bytes, _both(edit, _set("Budget", "D4", "lots")))
    problems = parse_strategy_workbook(data, "x.xlsx", reference).problems
    assert [(p.code, p.row, p.column) for p in problems] == [("bad_number", 4, "PLANNED eur")]


def test_empty_and_unreadable_files(reference: StrategyReference) -> None:
    assert parse_strategy_workbook(b"", "e.xlsx", reference).problems[0].code == "empty_file"
    buf = io.BytesIO()
    Workbook().save(buf)
    assert (
        parse_strategy_workbook(buf.getvalue(), "e.xlsx", reference).problems[0].code
        == "empty_file"
    )
    assert (
        parse_strategy_workbook(b"not a zip", "x.xlsx", reference).problems[0].code
        == "not_a_workbook"
    )
    zipped = io.BytesIO()
    with zipfile.ZipFile(zipped, "w") as archive:
        archive.writestr("notes.txt", "not a spreadsheet")
    assert parse_strategy_workbook(zipped.getvalue(), "z.xlsx", reference).problems[0].code == (
        "not_a_workbook"
    )
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512
    assert (
        parse_strategy_workbook(ole, "x.xlsx", reference).problems[0].code == "encrypted_workbook"
    )


# --------------------------------------------------------------------------- storing versions


def _batch(name: str = "example.xlsx") -> ImportBatch:
    return ImportBatch(
        file_name=name, checksum="0" * 64, kind="strategy", uploaded_by="tester", outcome="accepted"
    )


def _count(session: Session, model: type) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


def test_reference_from_database_matches_the_domain(session: Session) -> None:
    db_ref = load_strategy_reference(session)
    domain = reference_from_domain()
    assert "NL" in db_ref.countries and db_ref.regions["NL32"] == "NL"
    assert db_ref.taxonomy == domain.taxonomy
    assert set(db_ref.funding) == set(domain.funding)
    assert db_ref.indicators["ELET"] == "percent"


def test_example_stores_as_version_one_with_matching_counts(
    session: Session, example_bytes: bytes
) -> None:
    parsed = parse_strategy_workbook(
        example_bytes, "example.xlsx", load_strategy_reference(session)
    )
    assert parsed.problems == []
    batch = _batch()
    session.add(batch)
    result = store_strategy(session, parsed, batch, "tester")
    session.commit()
    assert (result.version, result.unchanged, result.previous_version) == (1, False, None)
    strategy = session.get(Strategy, result.strategy_id)
    assert strategy is not None and strategy.is_example and strategy.batch_id == batch.id
    assert _count(session, Objective) == len(parsed.objectives)
    assert _count(session, Milestone) == len(parsed.milestones)
    assert _count(session, BudgetLine) == len(parsed.budget)
    assert _count(session, Target) - _count_eu_targets(session) == len(parsed.targets)
    assert _count(session, ObjectiveTag) == sum(
        len(c) for o in parsed.objectives for c in o.tags.values()
    )
    assert _count(session, ObjectiveIndicator) == 5  # 4 national links + the regional objective
    completed = session.scalars(select(Milestone).where(Milestone.status == "completed")).all()
    assert completed and all(m.completed_on for m in completed)
    total = session.scalar(select(func.sum(BudgetLine.planned)))
    assert Decimal(total) == sum(b.planned for b in parsed.budget if b.planned)
    audits = _count(session, AuditLog)
    assert (
        audits == 1 + len(parsed.objectives) + len(parsed.milestones) + len(parsed.budget) + 7 + 5
    )
    assert result.changes[0] == {"kind": "strategy", "change": "new", "key": "NL"}


def _count_eu_targets(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Target).where(Target.scope == "eu")) or 0


def test_reimport_of_identical_content_changes_nothing(
    session: Session, example_bytes: bytes
) -> None:
    reference = load_strategy_reference(session)
    parsed = parse_strategy_workbook(example_bytes, "example.xlsx", reference)
    store_strategy(session, parsed, _batch(), "tester")
    session.commit()
    audits = _count(session, AuditLog)
    # Same content, another file (Dutch headers): still identical.
    buf = io.BytesIO()
    build_example_workbook(buf, lang="nl")
    again = parse_strategy_workbook(buf.getvalue(), "voorbeeld.xlsx", reference)
    assert preview_strategy_changes(session, again) == []
    batch = _batch("voorbeeld.xlsx")
    result = store_strategy(session, again, batch, "tester")
    session.commit()
    assert result.unchanged and result.version == 1 and result.changes == []
    assert batch.unchanged == again.row_count and batch.inserted == 0
    assert _count(session, Strategy) == 1
    assert _count(session, AuditLog) == audits


def test_corrected_workbook_creates_version_two_and_keeps_version_one(
    session: Session, example_bytes: bytes
) -> None:
    reference = load_strategy_reference(session)
    first = parse_strategy_workbook(example_bytes, "example.xlsx", reference)
    store_strategy(session, first, _batch(), "tester")
    session.commit()

    def correct(wb: Workbook) -> None:
        milestones = wb["Milestones"]
        assert milestones["E4"].value == "delayed"  # VSV01/M03 is late
        milestones["E4"] = "completed"
        milestones["F4"] = dt.datetime(2026, 10, 1)
        wb["Budget"]["D2"] = 40_000_000
        objectives = wb["Objectives"]
        objectives.delete_rows(objectives.max_row)  # GOV01 ...
        for ws_name in ("Milestones", "Budget"):  # ... and its rows
            ws = wb[ws_name]
            for r in range(ws.max_row, 1, -1):
                if ws.cell(row=r, column=1).value == "GOV01":
                    ws.delete_rows(r)

    corrected = parse_strategy_workbook(_edited(example_bytes, correct), "v2.xlsx", reference)
    assert corrected.problems == []
    preview = preview_strategy_changes(session, corrected)
    result = store_strategy(session, corrected, _batch("v2.xlsx"), "tester")
    session.commit()
    assert (result.version, result.previous_version, result.unchanged) == (2, 1, False)
    assert result.changes == preview
    kinds = {(c["kind"], c["change"], c["key"]) for c in result.changes}
    assert ("objective", "removed", "GOV01") in kinds
    assert ("milestone", "status_changed", "VSV01|M03") in kinds
    budget = next(c for c in result.changes if c["kind"] == "budget" and c["change"] == "changed")
    assert budget["key"] == "VSV01|2021|NATIONAL" and budget["planned_after"] == "40000000.00"
    versions = session.scalars(select(Strategy).order_by(Strategy.version)).all()
    assert [s.version for s in versions] == [1, 2]
    assert len(versions[0].objectives) == 22 and len(versions[1].objectives) == 21
    gov = next(o for o in versions[0].objectives if o.code == "GOV01")
    assert gov.milestones and gov.budget_lines  # version 1 untouched


def test_store_refuses_a_workbook_with_problems(session: Session, example_bytes: bytes) -> None:
    data = _edited(example_bytes, _set("Budget", "D2", "lots"))
    parsed = parse_strategy_workbook(data, "x.xlsx", load_strategy_reference(session))
    with pytest.raises(ValueError):
        store_strategy(session, parsed, _batch(), "tester")
