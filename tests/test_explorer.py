"""Indicator explorer: the table is what is shown, the chart is drawn from it, and the CSV and
xlsx downloads hold exactly the grid's rows (parsed back and compared)."""

from __future__ import annotations

import base64
import io
from collections.abc import Iterator
from typing import Any

import openpyxl
import pandas as pd
import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from pathways_monitor.db import queries_regions
from pathways_monitor.db.models import Breakdown, Indicator, Observation, Place
from pathways_monitor.demo.load import DATA_DIR
from pathways_monitor.importers.engine import import_file
from pathways_monitor.web.dashboard.explorer import figures as figs

FILES = ("edat_lfse_16_total.tsv", "edat_lfse_14.tsv")
NAMES = {"NL": "Netherlands", "BE": "Belgium", "EU27_2020": "EU"}


def _obs() -> pd.DataFrame:
    base = {c: "TOTAL" for c in ("citizenship", "country_of_birth", "urbanisation")}
    base |= {c: "TOTAL" for c in ("ses_quartile", "disability", "custom_dimension", "custom_value")}
    rows = [
        {
            "indicator": "ELET",
            "geo": g,
            "year": y,
            "sex": s,
            "value": v,
            "flag": f,
            "source": "edat_lfse_14",
        }
        | base
        for g, y, s, v, f in [
            ("NL", 2023, "M", 7.4, None),
            ("NL", 2022, "F", 4.3, "b"),
            ("BE", 2022, "F", 4.8, "bu"),
            ("BE", 2023, "F", None, "u"),
        ]
    ]
    return pd.DataFrame(rows)


def test_explorer_table_order_numbers_and_flags() -> None:
    table = figs.explorer_table(
        _obs(), geos=["BE", "NL"], breakdown="sex", names=NAMES, unit="percent", lang="en"
    )
    assert list(table.columns) == list(figs.FIELDS)
    assert list(zip(table["geo"], table["group"], table["year"], strict=True)) == [
        ("BE", "Females", 2022),
        ("BE", "Females", 2023),
        ("NL", "Males", 2023),
        ("NL", "Females", 2022),
    ]
    assert table["value"].iloc[0] == 4.8 and pd.isna(table["value"].iloc[1])
    assert table["flag"].tolist() == ["bu", "u", "", "b"]
    assert table["flag_meaning"].iloc[0] == "break in time series; low reliability"
    dutch = figs.explorer_table(
        _obs(), geos=["NL"], breakdown="sex", names=NAMES, unit="percent", lang="nl"
    )
    assert dutch["group"].tolist() == ["Mannen", "Vrouwen", "Vrouwen", "Vrouwen"]
    assert dutch["geo"].tolist() == ["NL", "NL", "BE", "BE"]  # unselected places go last


def test_group_labels_for_custom_and_total() -> None:
    row = {"custom_dimension": "school_type", "custom_value": "VMBO"}
    assert figs.group_label(row, "custom", "en") == "school_type: VMBO"
    assert figs.group_label({}, "none", "nl") == "Totaal"
    assert figs.group_label({"urbanisation": "DEG3"}, "urbanisation", "en") == "Rural areas"


def test_line_figure_one_trace_per_place_and_group_with_target() -> None:
    table = figs.explorer_table(
        _obs(), geos=["NL", "BE"], breakdown="sex", names=NAMES, unit="percent", lang="en"
    )
    fig = figs.line_figure(table, title="ELET", target=9.0, unit="percent", lang="en")
    assert [tr.name for tr in fig.data] == [
        "Netherlands – Males",
        "Netherlands – Females",
        "Belgium – Females",
    ]
    assert fig.layout.shapes[0].y0 == 9.0
    assert list(fig.data[2].text) == [" (bu)"]  # the suppressed BE 2023 is not drawn


def test_export_frame_keeps_grid_order_and_ignores_unknown_keys() -> None:
    rows = [
        {"indicator": "ELET", "geo": "NL", "year": 2023, "value": 5.6, "flag": "", "evil": "x"},
        {"indicator": "ELET", "geo": "BE", "year": 2022, "value": None, "flag": "u"},
    ]
    frame = figs.export_frame(rows, "en")
    assert list(frame.columns) == list(figs.headers("en").values())
    assert frame["Code"].tolist() == ["NL", "BE"] and "evil" not in frame.columns


# --------------------------------------------------------------------------- queries


def _load(session: Session) -> None:
    for name in FILES:
        report = import_file(session, (DATA_DIR / name).read_bytes(), name, user="t")
        assert report.status == "accepted", report.problems[:3]


def _add_custom(session: Session) -> None:
    """A ministry's own indicator with its own breakdown dimension (school type)."""
    nl = session.scalar(select(Place).where(Place.code == "NL"))
    assert nl is not None
    ind = Indicator(
        code="NL_VSV_TYPE",
        name_en="New early leavers by school type",
        unit="percent",
        direction="lower_is_better",
        is_canonical=False,
    )
    session.add(ind)
    session.flush()
    for value, number in (("VMBO", 2.1), ("MBO", 5.0)):
        bd = Breakdown(custom_dimension="school_type", custom_value=value)
        session.add(bd)
        session.flush()
        session.add(
            Observation(
                indicator_id=ind.id, place_id=nl.id, year=2023, breakdown_id=bd.id, value=number
            )
        )
    session.commit()


def test_explorer_queries(session: Session) -> None:
    _load(session)
    _add_custom(session)
    assert queries_regions.breakdowns_present(session, "ELET") == ["none", "sex"]
    assert queries_regions.breakdowns_present(session, "NL_VSV_TYPE") == ["none", "custom"]
    assert queries_regions.year_span(session, "LOWACH_SCI") is None
    places = queries_regions.places_with_data(session, "ELET")
    assert {"NL", "EU27_2020", "NL32", "NL35"} <= set(places["code"])
    by_sex = queries_regions.explorer_observations(session, "ELET", ["NL"], "sex", 2020, 2022)
    assert sorted(set(by_sex["sex"])) == ["F", "M", "T"] and set(by_sex["year"]) == {
        2020,
        2021,
        2022,
    }
    total = queries_regions.explorer_observations(session, "ELET", ["NL", "NL32"], "none")
    assert set(total["sex"]) == {"T"} and set(total["geo"]) == {"NL", "NL32"}
    custom = queries_regions.explorer_observations(session, "NL_VSV_TYPE", ["NL"], "custom")
    assert sorted(custom["custom_value"]) == ["MBO", "VMBO"]
    with pytest.raises(ValueError):
        queries_regions.explorer_observations(session, "ELET", ["NL"], "bogus")


# --------------------------------------------------------------------------- callbacks


@pytest.fixture
def app_db(sqlite_engine: Engine) -> Iterator[Any]:
    from pathways_monitor.core.settings import Settings
    from pathways_monitor.web.app import create_app

    with Session(sqlite_engine) as session:
        _load(session)
    app = create_app(Settings(database_url=sqlite_engine.url.render_as_string(False)))
    with app.server.app_context():
        yield app


def _grid(body: list[Any]) -> Any:
    from pathways_monitor.web.dashboard.explorer import page as explorer

    return next(c for c in body if getattr(c, "id", None) == explorer.GRID)


def _decode(download: dict[str, Any]) -> bytes:
    return base64.b64decode(download["content"])


def test_update_and_downloads_hold_exactly_the_grid(app_db: Any) -> None:
    from pathways_monitor.web.dashboard.explorer import page as explorer

    out = explorer.update("ELET", ["NL", "BE", "EU27_2020"], "sex", [2010, 2025], "en", {})
    place_opts, bd_opts, breakdown, low, high, _marks, years, body, search = out
    assert [o["value"] for o in bd_opts] == ["none", "sex"] and breakdown == "sex"
    assert (low, high, years) == (1992, 2025, [2010, 2025])
    assert search == "?indicator=ELET&geo=NL,BE,EU27_2020&breakdown=sex&from=2010&to=2025"
    assert "NL32" in {o["value"] for o in place_opts}
    rows = _grid(body).rowData
    assert [r["geo"] for r in rows][:1] == ["NL"] and {r["geo"] for r in rows} == {
        "NL",
        "BE",
        "EU27_2020",
    }
    assert len(rows) == 3 * 3 * 16  # 3 places x 3 sexes x 2010-2025
    chart = next(c for c in body if getattr(c, "id", None) == "explorer-chart")
    assert sum(len(tr.x) for tr in chart.figure.data) == sum(r["value"] is not None for r in rows)

    fields = list(figs.FIELDS)
    expected = pd.DataFrame(rows)[fields]
    # the grid shows the rows sorted by the visitor: the download follows that order
    shown = list(reversed(rows))
    csv = explorer.download_csv(1, shown, rows, "en")
    assert csv["filename"].endswith(".csv")
    back = pd.read_csv(io.BytesIO(_decode(csv)), encoding="utf-8-sig", keep_default_na=False)
    back.columns = fields
    want = expected.iloc[::-1].reset_index(drop=True)
    assert back["geo"].tolist() == want["geo"].tolist()
    assert back["year"].tolist() == want["year"].tolist()
    values = pd.to_numeric(back["value"].replace("", None))
    assert values.tolist() == pytest.approx(want["value"].astype(float).tolist(), nan_ok=True)
    assert back["flag"].tolist() == want["flag"].tolist()

    xlsx = explorer.download_xlsx(1, None, rows, "nl", search)
    wb = openpyxl.load_workbook(io.BytesIO(_decode(xlsx)))
    assert wb.sheetnames == ["Data", "Over"]
    data = list(wb["Data"].iter_rows(values_only=True))
    assert list(data[0]) == list(figs.headers("nl").values())
    got = [dict(zip(fields, r, strict=True)) for r in data[1:]]
    for g, r in zip(got, rows, strict=True):
        assert g["geo"] == r["geo"] and g["year"] == r["year"] and g["group"] == r["group"]
        assert g["value"] == r["value"]  # numbers as numbers (None stays empty)
        assert (g["flag"] or "") == r["flag"]
    assert len(got) == len(rows)
    about = dict(wb["Over"].iter_rows(values_only=True))
    assert "Eurostat" in about["Bronvermelding"]


def test_download_neutralises_formulas_sent_back_by_the_browser(app_db: Any) -> None:
    from pathways_monitor.web.dashboard.explorer import page as explorer

    rows = [
        {"indicator": "ELET", "geo": "NL", "place": '=HYPERLINK("x")', "year": 2023, "value": 5.0}
    ]
    csv = _decode(explorer.download_csv(1, rows, rows, "en"))
    back = pd.read_csv(io.BytesIO(csv), encoding="utf-8-sig")
    assert back.iloc[0, 2] == '\'=HYPERLINK("x")'
    xlsx = _decode(explorer.download_xlsx(1, rows, rows, "en", ""))
    cell = openpyxl.load_workbook(io.BytesIO(xlsx))["Data"]["C2"]
    assert cell.data_type == "s" and cell.value.startswith("'=")


def test_empty_and_unknown_selections_explain_themselves(app_db: Any) -> None:
    from pathways_monitor.web.dashboard.explorer import page as explorer

    empty = explorer.update("ELET", [], "none", None, "en", {})[7]
    assert "Choose at least one place" in str(empty)
    assert not any(getattr(c, "id", None) == "explorer-chart" for c in empty)
    science = str(explorer.update("LOWACH_SCI", ["NL"], "none", None, "en", {})[7])
    assert "no data" in science
    unknown_place = explorer.update("ELET", ["NL", "ZZ9"], "none", [2020, 2021], "en", {})
    assert "ZZ9" in str(unknown_place[7]) and "ZZ9" not in unknown_place[8]
    unknown = str(explorer.update("NOPE", ["NL"], "none", None, "en", {})[7])
    assert "NOPE" in unknown and "/explorer?indicator=ELET" in unknown
