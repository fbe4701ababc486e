"""analysis.strategy on hand-made frames: lateness, exact budget totals, funded-but-off-track."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pandas as pd
import pytest

from pathways_monitor.analysis import strategy as strat
from pathways_monitor.web.dashboard.country.texts import fmt_eur, fmt_share

TODAY = dt.date(2026, 11, 23)
D = Decimal


def milestones_frame() -> pd.DataFrame:
    rows = [
        # objective, code, due, status, body
        ("A", "M1", dt.date(2026, 11, 22), "not_started", "OCW"),  # late, 1 day
        ("A", "M2", dt.date(2026, 11, 23), "in_progress", "OCW"),  # due today: not late
        ("A", "M3", dt.date(2020, 1, 1), "completed", "DUO"),  # closed
        ("B", "M1", dt.date(2025, 11, 23), "delayed", "DUO"),  # late, 365 days
        ("B", "M2", dt.date(2024, 2, 29), "cancelled", "OCW"),  # closed
        ("B", "M3", dt.date(2027, 1, 1), "not_started", None),  # future
        ("C", "M1", dt.date(2026, 1, 1), "in_progress", "SZW"),  # late, 326 days
    ]
    return pd.DataFrame(
        [
            {
                "milestone_id": i,
                "objective_code": o,
                "objective_title": f"Objective {o}",
                "code": c,
                "title": f"{o}{c}",
                "due_date": due,
                "status": status,
                "completed_on": due if status == "completed" else None,
                "responsible_body": body,
                "evidence_note": None,
                "region": None,
            }
            for i, (o, c, due, status, body) in enumerate(rows)
        ]
    )


def test_lateness_flags_only_open_milestones_past_due() -> None:
    out = strat.with_lateness(milestones_frame(), TODAY)
    late = dict(zip(out["title"], out["is_late"], strict=True))
    assert late == {
        "AM1": True,
        "AM2": False,
        "AM3": False,
        "BM1": True,
        "BM2": False,
        "BM3": False,
        "CM1": True,
    }
    days = dict(zip(out["title"], out["days_overdue"], strict=True))
    assert days["AM1"] == 1
    assert days["BM1"] == 365
    assert days["CM1"] == (TODAY - dt.date(2026, 1, 1)).days == 326
    assert days["AM2"] == days["AM3"] == days["BM3"] == 0


def test_late_milestones_longest_overdue_first_and_today_is_a_parameter() -> None:
    late = strat.late_milestones(milestones_frame(), TODAY)
    assert list(late["title"]) == ["BM1", "CM1", "AM1"]
    # The same data a year earlier: only B/M1 (due 2025-11-23) is not yet late either.
    earlier = strat.late_milestones(milestones_frame(), dt.date(2025, 11, 23))
    assert earlier.empty


def test_late_milestones_accepts_timestamps_and_iso_strings() -> None:
    frame = milestones_frame()
    frame["due_date"] = [pd.Timestamp(d) for d in frame["due_date"]]
    assert len(strat.late_milestones(frame, TODAY)) == 3
    frame["due_date"] = [d.date().isoformat() for d in frame["due_date"]]
    assert len(strat.late_milestones(frame, TODAY)) == 3


def test_filter_milestones_with_late_pseudo_status() -> None:
    frame = strat.with_lateness(milestones_frame(), TODAY)
    assert set(strat.filter_milestones(frame, statuses=["late"])["title"]) == {"AM1", "BM1", "CM1"}
    got = strat.filter_milestones(frame, statuses=["late", "completed"], bodies=["DUO"])
    assert set(got["title"]) == {"AM3", "BM1"}
    assert set(strat.filter_milestones(frame, objectives=["B"])["title"]) == {"BM1", "BM2", "BM3"}
    assert len(strat.filter_milestones(frame)) == len(frame)


def test_milestone_progress_counts() -> None:
    progress = strat.milestone_progress(milestones_frame(), TODAY)
    assert progress.loc["A"].to_dict() == {
        "total": 3,
        "completed": 1,
        "cancelled": 0,
        "late": 1,
        "planned": 3,
    }
    assert progress.loc["B"].to_dict() == {
        "total": 3,
        "completed": 0,
        "cancelled": 1,
        "late": 1,
        "planned": 2,
    }
    assert strat.milestone_progress(milestones_frame().iloc[0:0], TODAY).empty


def budget_frame() -> pd.DataFrame:
    rows = [
        # objective, areas, year, source, is_eu, pos, planned, committed, spent
        ("A", ("learners",), 2025, "NATIONAL", False, 0, D("0.10"), D("0.10"), None),
        ("A", ("learners",), 2025, "ESF_PLUS", True, 4, D("0.20"), None, None),
        ("A", ("learners",), 2026, "NATIONAL", False, 0, D("1000000.01"), D("5"), None),
        ("B", ("learners", "governance"), 2025, "NATIONAL", False, 0, D("0.10"), D("1"), D("1")),
        ("B", ("learners", "governance"), 2026, "RRF", True, 3, D("2500000"), None, None),
        ("C", (), 2026, "NATIONAL", False, 0, D("7"), None, None),
        ("E", ("learners",), 2026, "NATIONAL", False, 0, D("0"), None, None),
    ]
    return pd.DataFrame(
        [
            {
                "objective_code": o,
                "objective_title": f"Objective {o}",
                "policy_areas": areas,
                "year": year,
                "funding_source": src,
                "funding_name_en": src.title(),
                "is_eu": eu,
                "funding_position": pos,
                "planned": p,
                "committed": c,
                "spent": s,
            }
            for o, areas, year, src, eu, pos, p, c, s in rows
        ]
    )


def test_decimal_sum_is_exact_and_missing_is_not_zero() -> None:
    assert strat.decimal_sum([D("0.1"), D("0.1"), D("0.1")]) == D("0.3")
    assert strat.decimal_sum([None, D("2"), float("nan")]) == D("2")
    assert strat.decimal_sum([None, None]) is None
    assert strat.decimal_sum([]) is None


def test_budget_totals_per_source_year_and_grand_total_are_exact() -> None:
    budget = budget_frame()
    by_source = strat.budget_by_source(budget)
    assert list(by_source["funding_source"]) == ["NATIONAL", "RRF", "ESF_PLUS"]
    national = by_source.iloc[0]
    assert national["planned"] == D("1000007.21")  # 0.10 + 1000000.01 + 0.10 + 7 + 0
    assert isinstance(national["planned"], Decimal)
    assert national["committed"] == D("6.10")
    assert national["spent"] == D("1")
    esf = by_source.set_index("funding_source").loc["ESF_PLUS"]
    assert esf["committed"] is None and esf["spent"] is None
    by_year = strat.budget_by_year(budget)
    assert list(by_year["year"]) == [2025, 2026]
    assert list(by_year["planned"]) == [D("0.40"), D("3500007.01")]
    total = strat.grand_total(budget)
    assert total["planned"] == sum(by_year["planned"]) == D("3500007.41")
    fund_type = strat.budget_by_fund_type(budget).set_index("is_eu")["planned"].to_dict()
    assert fund_type == {False: D("1000007.21"), True: D("2500000.20")}


def test_budget_by_year_source_and_objective_ordering() -> None:
    budget = budget_frame()
    ys = strat.budget_by_year_source(budget)
    assert list(zip(ys["year"], ys["funding_source"], strict=True)) == [
        (2025, "NATIONAL"),
        (2025, "ESF_PLUS"),
        (2026, "NATIONAL"),
        (2026, "RRF"),
    ]
    by_objective = strat.budget_by_objective(budget)
    assert list(by_objective["objective_code"]) == ["B", "A", "C", "E"]
    assert by_objective.iloc[0]["planned"] == D("2500000.10")


def test_budget_by_policy_area_counts_multi_area_objectives_in_each_area() -> None:
    out = strat.budget_by_policy_area(budget_frame(), ["learners", "governance"])
    totals = dict(zip(out["policy_area"], out["planned"], strict=True))
    assert totals == {
        "learners": D("3500000.41"),  # A + B + E
        "governance": D("2500000.10"),  # B, in full
        "": D("7"),  # C has no policy area
    }
    assert list(out["policy_area"]) == ["learners", "governance", ""]


def test_funded_but_off_track() -> None:
    objectives = pd.DataFrame({"code": list("ABCDE"), "title": [f"T{c}" for c in "ABCDE"]})
    links = pd.DataFrame(
        {
            "objective_code": ["A", "C", "C", "E"],
            "indicator": ["ELET", "LOWACH_READ", "LOWACH_MATH", "ELET"],
            "target_value": [7.5, None, 18.0, None],
            "target_year": [2030, None, 2030, None],
        }
    )
    classes = {"ELET": "insufficient", "LOWACH_READ": "on_track", "LOWACH_MATH": "achieved"}
    # B has a late milestone; D is late too but has no budget; E is linked to an off-track
    # indicator but plans zero euro.
    milestones = milestones_frame()
    milestones.loc[milestones["objective_code"] == "C", "objective_code"] = "D"
    out = strat.funded_but_off_track(objectives, budget_frame(), links, classes, milestones, TODAY)
    assert list(out["objective_code"]) == ["B", "A"]
    row_a = out.set_index("objective_code").loc["A"]
    assert row_a["off_track_indicators"] == (("ELET", "insufficient"),)
    assert row_a["late_milestones"] == 1  # A/M1
    row_b = out.set_index("objective_code").loc["B"]
    assert row_b["off_track_indicators"] == ()
    assert row_b["late_milestones"] == 1
    assert row_b["planned"] == D("2500000.10")
    # "away" counts as off track too; on track and no late milestones: nothing.
    away = strat.funded_but_off_track(
        objectives, budget_frame(), links, {"LOWACH_READ": "away"}, milestones.iloc[0:0], TODAY
    )
    assert list(away["objective_code"]) == ["C"]


@pytest.mark.parametrize(
    ("value", "lang", "expected"),
    [
        (D("1234567"), "nl", "€ 1.234.567"),
        (D("1234567"), "en", "€1,234,567"),
        (D("1234567.5"), "nl", "€ 1.234.567,50"),
        (D("1234567.50"), "en", "€1,234,567.50"),
        (D("999"), "en", "€999"),
        (D("0"), "nl", "€ 0"),
        (None, "en", "–"),
        (12.0, "en", "€12"),
    ],
)
def test_fmt_eur(value: Decimal | float | None, lang: str, expected: str) -> None:
    assert fmt_eur(value, lang) == expected


def test_fmt_share() -> None:
    assert fmt_share(D("1"), D("3"), "nl") == "33,3 %"
    assert fmt_share(D("1"), D("8"), "en") == "12.5 %"
    assert fmt_share(D("1"), D("0"), "en") == "–"
