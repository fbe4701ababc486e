"""The upload templates: sheets, drop-downs from the domain lists, comments, hidden Lists."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook
from sqlalchemy import Engine

from pathways_monitor.domain.funding import FUNDING_SOURCES
from pathways_monitor.domain.taxonomy import MILESTONE_STATUSES
from pathways_monitor.importers.templates import (
    LISTS_SHEET,
    STRATEGY_SHEETS,
    code_lists,
    write_indicator_template,
    write_strategy_template,
)


def _load(writer, lang: str = "en") -> Workbook:  # type: ignore[no-untyped-def]
    buf = io.BytesIO()
    writer(buf, lang=lang)
    buf.seek(0)
    return load_workbook(buf)


@pytest.fixture(scope="module")
def strategy_wb() -> Workbook:
    return _load(write_strategy_template)


def _validation_for(ws, column_letter: str):  # type: ignore[no-untyped-def]
    for dv in ws.data_validations.dataValidation:
        if any(str(rng).startswith(f"{column_letter}2") for rng in dv.sqref.ranges):
            return dv
    return None


def test_strategy_template_has_every_sheet_and_a_hidden_lists_sheet(strategy_wb: Workbook) -> None:
    assert strategy_wb.sheetnames == [
        "Instructions",
        "Strategy",
        "Objectives",
        "Milestones",
        "Budget",
        "Indicator targets",
        LISTS_SHEET,
    ]
    assert strategy_wb[LISTS_SHEET].sheet_state == "hidden"
    assert all(strategy_wb[n].sheet_state == "visible" for n in strategy_wb.sheetnames[:-1])


def test_lists_sheet_holds_the_domain_code_lists(strategy_wb: Workbook) -> None:
    ws = strategy_wb[LISTS_SHEET]
    columns = {
        col[0].value: [c.value for c in col[1:] if c.value is not None] for col in ws.iter_cols()
    }
    assert columns["funding_source"] == [f.code for f in FUNDING_SOURCES]
    assert columns["milestone_status"] == list(MILESTONE_STATUSES)
    assert "NL32" in columns["region"] and "NL" in columns["country"]
    assert len(columns["region"]) > 200  # long list: why it lives on a sheet, not in the formula


def test_headers_have_comments_frozen_panes_and_widths(strategy_wb: Workbook) -> None:
    for spec in STRATEGY_SHEETS[1:]:
        ws = strategy_wb[spec.name_en]
        assert ws.freeze_panes == "A2"
        for c, col in enumerate(spec.columns, start=1):
            cell = ws.cell(row=1, column=c)
            assert cell.value.rstrip(" *") == col.header_en
            assert cell.comment is not None and cell.comment.text == col.help_en
        assert ws.column_dimensions["A"].width >= 10
    assert strategy_wb["Strategy"]["A2"].comment is not None


def test_coded_columns_have_drop_downs_referencing_the_lists_sheet(strategy_wb: Workbook) -> None:
    milestones = strategy_wb["Milestones"]
    status = _validation_for(milestones, "E")
    assert status is not None and status.type == "list"
    assert status.formula1.startswith(f"'{LISTS_SHEET}'!") and status.showErrorMessage
    region = _validation_for(milestones, "I")
    assert region is not None and LISTS_SHEET in region.formula1
    budget = strategy_wb["Budget"]
    source = _validation_for(budget, "C")
    assert source is not None and source.type == "list" and source.showErrorMessage
    planned = _validation_for(budget, "D")
    assert planned is not None and planned.type == "decimal"
    targets = strategy_wb["Indicator targets"]
    indicator = _validation_for(targets, "A")
    assert indicator is not None and indicator.type == "list"
    strategy = strategy_wb["Strategy"]
    kinds = {str(dv.sqref): dv for dv in strategy.data_validations.dataValidation}
    assert kinds["B2"].type == "list"  # country
    assert kinds["B8"].type == "list"  # status


def test_multi_valued_tag_columns_allow_free_text_and_list_the_codes(strategy_wb: Workbook) -> None:
    ws = strategy_wb["Objectives"]
    policy = _validation_for(ws, "E")
    assert policy is not None
    assert not policy.showErrorMessage  # several codes separated by ';' must be accepted
    assert "learners" in policy.prompt and "data_monitoring" in policy.prompt


def test_instructions_explain_sheets_and_errors(strategy_wb: Workbook) -> None:
    text = " ".join(
        str(c.value) for row in strategy_wb["Instructions"].iter_rows() for c in row if c.value
    )
    for name in ("Objectives", "Milestones", "Budget", "Indicator targets", "row number"):
        assert name in text


def test_dutch_strategy_template_uses_dutch_names() -> None:
    wb = _load(write_strategy_template, "nl")
    assert "Doelstellingen" in wb.sheetnames and "Mijlpalen" in wb.sheetnames
    # One Dutch word for "Due date" everywhere (the catalog's), not a template-only one.
    assert wb["Mijlpalen"]["D1"].value.startswith("Uiterste datum")


def test_indicator_template_has_long_and_wide_sheets() -> None:
    wb = _load(write_indicator_template)
    assert wb.sheetnames == ["Instructions", "Observations", "Wide example", LISTS_SHEET]
    assert wb[LISTS_SHEET].sheet_state == "hidden"
    obs = wb["Observations"]
    headers = [c.value.rstrip(" *") for c in obs[1] if c.value]
    assert headers[:4] == ["indicator", "place", "year", "sex"]
    assert {"value", "flag", "ses_quartile", "custom_dimension"} <= set(headers)
    sex = _validation_for(obs, "D")
    assert sex is not None and sex.type == "list"
    assert wb["Wide example"]["D1"].value == 2018


def test_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError):
        write_strategy_template(io.BytesIO(), lang="es")  # no catalog shipped


def test_code_lists_cover_every_taxonomy_dimension() -> None:
    lists = code_lists()
    for dim in (
        "policy_area",
        "measure_type",
        "reach",
        "target_group",
        "education_level",
        "governance_level",
    ):
        assert lists[dim]


@pytest.mark.parametrize("lang", ["nl", "fr", "de"])
def test_indicator_template_of_each_language_reads_like_the_english_one(
    sqlite_engine: Engine, lang: str
) -> None:
    """Only the example rows of the Observations sheet: the explanation and the wide example
    sheets are skipped under their French and German names too."""
    from sqlalchemy.orm import Session

    from pathways_monitor.importers.engine import import_file

    def rows(language: str) -> int:
        buffer = io.BytesIO()
        write_indicator_template(buffer, lang=language)
        with Session(sqlite_engine) as session:
            report = import_file(session, buffer.getvalue(), "template.xlsx", dry_run=True)
        assert report.errors == [], report.problems
        return report.rows

    assert rows(lang) == rows("en") == 2
