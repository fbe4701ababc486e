"""Every projection the country page can show on the demo data stays inside 0-100 %.

The walk goes through the page's own data path (``dashboard.country_data.load_indicator``) for
every country x indicator offered, and then through the chart builder, so what is checked is
what is drawn: the central line, both bands and the y-axis.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from pathways_monitor.db import queries
from pathways_monitor.db.session import make_engine
from pathways_monitor.web.dashboard.country.data import indicator_choices, load_indicator
from pathways_monitor.web.dashboard.country.figures import indicator_figure
from tests.conftest import demo_copy


@pytest.fixture(scope="module")
def demo_engine(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    engine = make_engine(demo_copy(demo_template, tmp_path_factory.mktemp("walk-demo")))
    yield engine
    engine.dispose()


def test_no_band_or_central_value_outside_0_and_100_for_any_country_and_indicator(
    demo_engine: Engine,
) -> None:
    shown = refused = series_seen = 0
    with Session(demo_engine) as session:
        countries = queries.places(session, kinds=["country"]).to_dict("records")
        assert len(countries) >= 35
        for place in countries:
            for choice in indicator_choices(session, place["code"]):
                data = load_indicator(session, place, choice["code"], None)
                assert data is not None
                if data.series["value"].notna().sum() == 0:
                    continue
                series_seen += 1
                for proj in (data.trend, data.to_eu, data.to_national):
                    if proj is None:
                        continue
                    if proj.insufficient_data:
                        refused += 1
                        assert proj.points == () and proj.probability_meets_target is None
                        continue
                    shown += 1
                    for pt in proj.points:
                        key = (place["code"], choice["code"], pt.year)
                        assert 0 < pt.low95 <= pt.low80 <= pt.central, key
                        assert pt.central <= pt.high80 <= pt.high95 < 100, key
                fig = indicator_figure(
                    data.series,
                    data.groups,
                    {g: g for g in data.groups},
                    data.eu,
                    eu_target=data.eu_target,
                    national_target=data.national_target,
                    projection=data.to_eu or data.trend,
                    lang="en",
                )
                drawn = [
                    float(y)
                    for trace in fig.data
                    for y in (trace.y if trace.y is not None else ())
                    if y is not None
                ]
                assert all(0 <= y <= 100 for y in drawn), (place["code"], choice["code"])
                y_range = fig.layout.yaxis.range
                if y_range is not None:
                    assert y_range[0] >= 0 and y_range[1] <= 100, (place["code"], y_range)
    # ELET for ~38 countries and PISA reading/maths for most: many shown, PISA mostly refused.
    assert series_seen >= 110 and shown >= 120 and refused >= 80, (series_seen, shown, refused)
