"""Reads for the EU targets overview: one indicator, the EU-27 countries and the EU aggregate."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy.orm import Session

from pathways_monitor.db import queries
from pathways_monitor.domain.indicators import EU_AGGREGATE, INDICATOR_BY_CODE, TARGET_YEAR
from pathways_monitor.domain.places import EU27_CODES

OVERVIEW_GEOS: tuple[str, ...] = (EU_AGGREGATE, *EU27_CODES)


@dataclass(frozen=True)
class OverviewData:
    """Everything the overview page needs for one indicator, read in one go."""

    indicator: str
    observations: pd.DataFrame  # db.queries.OBS_FRAME_COLUMNS, total population only
    target_value: float | None
    target_year: int
    operator: str


def overview_data(session: Session, indicator: str) -> OverviewData:
    """Total-population observations of ``indicator`` for EU27_2020 and the 27 countries.

    The EU target comes from the database (what the API reports); the domain definition is the
    fallback for a database whose reference data predates the target.
    """
    frame = queries.observations(session, [indicator], OVERVIEW_GEOS, sex="T")
    stored = queries.eu_targets(session).get(indicator)
    definition = INDICATOR_BY_CODE.get(indicator)
    if stored is not None:
        value: float | None = stored.value
        year = stored.year
        operator = stored.operator
    else:
        value = definition.eu_target if definition else None
        year = (definition.eu_target_year if definition else None) or TARGET_YEAR
        operator = definition.operator if definition else "lt"
    return OverviewData(
        indicator=indicator,
        observations=frame,
        target_value=value,
        target_year=year,
        operator=operator,
    )
