"""A strategy's national target takes its comparison from the indicator's direction."""

from __future__ import annotations

import io

import openpyxl
from sqlalchemy import select
from sqlalchemy.orm import Session

from pathways_monitor.db.models import Indicator, Target
from pathways_monitor.demo.load import example_strategy_bytes
from pathways_monitor.importers.engine import import_file


def test_higher_is_better_target_is_reach_at_least(session: Session) -> None:
    session.add(
        Indicator(
            code="NAT_ATTEND",
            name_en="Attendance rate",
            unit="percent",
            direction="higher_is_better",
            is_canonical=False,
            min_value=0,
            max_value=100,
        )
    )
    session.commit()
    wb = openpyxl.load_workbook(io.BytesIO(example_strategy_bytes()))
    ws = wb["Indicator targets"]
    ws.append(["NAT_ATTEND", "NL", 96, 2030, "VSV01", "attendance"])
    buffer = io.BytesIO()
    wb.save(buffer)
    report = import_file(session, buffer.getvalue(), "strategy.xlsx")
    assert report.accepted, report.problems
    operators = dict(
        session.execute(
            select(Indicator.code, Target.operator)
            .join(Indicator, Indicator.id == Target.indicator_id)
            .where(Target.scope == "national")
        ).all()
    )
    assert operators["NAT_ATTEND"] == "gt"
    assert operators["ELET"] == "lt"
