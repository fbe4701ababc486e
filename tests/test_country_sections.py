"""The country page's lazily loaded sections: which open from a shared URL, and their summary."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from pathways_monitor.web.dashboard.country import sections as cs


def test_open_param_and_milestone_filters_open_sections() -> None:
    assert cs.opened_from_query({}) == []
    assert cs.opened_from_query({"open": "budget,milestones"}) == ["milestones", "budget"]
    assert cs.opened_from_query({"status": "late"}) == ["milestones"]
    assert cs.opened_from_query({"open": "nonsense"}) == []


def test_url_keeps_other_parameters_and_order() -> None:
    assert cs.with_open("?geo=NL&lang=nl", ["budget"]) == "?geo=NL&lang=nl&open=budget"
    assert cs.with_open("?geo=NL&open=budget", []) == "?geo=NL"
    assert cs.is_open(["milestones"], "milestones") and not cs.is_open(None, "budget")


def test_late_count_visible_while_collapsed() -> None:
    milestones = pd.DataFrame(
        {
            "due_date": [dt.date(2025, 1, 1), dt.date(2027, 1, 1), dt.date(2024, 1, 1)],
            "status": ["delayed", "not_started", "completed"],
            "completed_on": [None, None, dt.date(2024, 2, 1)],
            "objective_code": ["O1", "O1", "O2"],
            "code": ["M1", "M2", "M1"],
        }
    )
    text = cs.milestone_summary(milestones, dt.date(2026, 11, 23), "en")
    assert "3" in text and "1 late" in text
    assert "te laat" in cs.milestone_summary(milestones, dt.date(2026, 11, 23), "nl")
