"""The read-only HTTP API v1 (INTERFACES.md, "HTTP API") on the demo database.

Numbers are checked against the published source files in demo/data, not against the store, so
a bug in the import or in the API shows up here.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from pathways_monitor.analysis.progress import assess
from pathways_monitor.core.settings import Settings
from pathways_monitor.db import queries
from pathways_monitor.db.models import (
    BudgetLine,
    Milestone,
    Objective,
    ObjectiveTag,
    Place,
    Strategy,
)
from pathways_monitor.db.session import make_engine
from pathways_monitor.demo.load import DATA_DIR, load_demo
from pathways_monitor.domain.breakdowns import BREAKDOWN_COLUMNS
from pathways_monitor.domain.taxonomy import OPEN_MILESTONE_STATUSES
from pathways_monitor.web.app import create_app
from tests.conftest import demo_copy

API = "/api/v1"
CENT = Decimal("0.01")


# --------------------------------------------------------------------------- source files


def _cell(raw: str) -> tuple[float | None, str | None]:
    """A Eurostat TSV cell such as '7.5 b', '6.2 ' or ': u' -> (value, flag)."""
    parts = raw.strip().split()
    if not parts:
        return None, None
    value = None if parts[0] == ":" else float(parts[0])
    flag = parts[1] if len(parts) > 1 else None
    return value, flag


def eurostat_series(
    file: str, key_prefix: str, geo: str
) -> dict[int, tuple[float | None, str | None]]:
    """year -> (value, flag) of one row of a Eurostat bulk TSV (only cells with something in)."""
    lines = (DATA_DIR / file).read_text(encoding="utf-8").splitlines()
    years = [int(y) for y in lines[0].split("\t")[1:]]
    for line in lines[1:]:
        cells = line.split("\t")
        if cells[0] == f"{key_prefix},{geo}":
            pairs = {y: _cell(c) for y, c in zip(years, cells[1:], strict=True)}
            return {y: p for y, p in pairs.items() if p != (None, None)}
    raise AssertionError(f"{key_prefix},{geo} not in {file}")


def elet_nl(sex: str = "T") -> dict[int, tuple[float | None, str | None]]:
    return eurostat_series("edat_lfse_14.tsv", f"A,{sex},POP,Y18-24,PC", "NL")


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def demo_url(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    return demo_copy(demo_template, tmp_path_factory.mktemp("api-demo"))


@pytest.fixture(scope="module")
def client(demo_url: str) -> FlaskClient:
    return create_app(Settings(database_url=demo_url)).server.test_client()


@pytest.fixture
def db(demo_url: str) -> Iterator[Session]:
    engine = make_engine(demo_url)
    with Session(engine) as session:
        yield session
    engine.dispose()


def get_json(client: FlaskClient, url: str, status: int = 200) -> Any:
    response = client.get(url)
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    return response.get_json()


def get_csv(client: FlaskClient, url: str) -> pd.DataFrame:
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "text/csv"
    return pd.read_csv(
        io.BytesIO(response.data),
        encoding="utf-8-sig",
        keep_default_na=False,
        na_values=[""],
    )


# --------------------------------------------------------------------------- indicators


def test_indicators_lists_canonical_codes_with_eu_targets(client: FlaskClient) -> None:
    response = client.get(f"{API}/indicators")
    assert response.headers["Cache-Control"] == "public, max-age=60"
    rows = {r["code"]: r for r in response.get_json()}
    assert {"ELET", "LOWACH_READ", "LOWACH_MATH", "LOWACH_SCI"} <= set(rows)
    elet = rows["ELET"]
    assert elet["name"] == "Early leavers from education and training"
    assert (elet["unit"], elet["direction"]) == ("percent", "lower_is_better")
    assert (elet["eu_target_value"], elet["eu_target_year"]) == (9.0, 2030)
    for code in ("LOWACH_READ", "LOWACH_MATH", "LOWACH_SCI"):
        assert rows[code]["eu_target_value"] == 15.0


def test_indicators_csv_matches_json(client: FlaskClient) -> None:
    rows = get_json(client, f"{API}/indicators")
    frame = get_csv(client, f"{API}/indicators?format=csv")
    assert list(frame["code"]) == [r["code"] for r in rows]
    assert list(frame["eu_target_value"]) == [r["eu_target_value"] for r in rows]


# --------------------------------------------------------------------------- observations


def test_observations_equal_the_eurostat_file(client: FlaskClient) -> None:
    rows = get_json(client, f"{API}/observations?indicator=ELET&geo=NL")
    source = elet_nl("T")
    assert {r["year"]: (r["value"], r["flag"]) for r in rows} == source
    nl_2023 = next(r for r in rows if r["year"] == 2023)
    assert (nl_2023["value"], nl_2023["flag"]) == (6.2, None)
    nl_2021 = next(r for r in rows if r["year"] == 2021)
    assert (nl_2021["value"], nl_2021["flag"]) == (5.1, "b")
    first = rows[0]
    assert set(first) == {"indicator", "geo", "year", "breakdowns", "value", "flag", "source"}
    assert first["breakdowns"] == {c: ("T" if c == "sex" else "TOTAL") for c in BREAKDOWN_COLUMNS}
    assert first["source"] in {"edat_lfse_14", "edat_lfse_16"}
    assert all(isinstance(r["value"], float) for r in rows)


def test_observations_year_range_and_sex(client: FlaskClient) -> None:
    rows = get_json(client, f"{API}/observations?indicator=ELET&geo=NL&sex=M&from=2015&to=2020")
    assert [r["year"] for r in rows] == list(range(2015, 2021))
    males = elet_nl("M")
    assert all((r["value"], r["flag"]) == males[r["year"]] for r in rows)
    assert {r["breakdowns"]["sex"] for r in rows} == {"M"}


def test_observations_breakdown_and_geo_list(client: FlaskClient) -> None:
    url = f"{API}/observations?indicator=ELET&geo=NL,BE&breakdown=sex&from=2023&to=2023"
    rows = get_json(client, url)
    got = {(r["geo"], r["breakdowns"]["sex"]): r["value"] for r in rows}
    assert len(rows) == 6
    for geo in ("NL", "BE"):
        for sex in ("T", "M", "F"):
            expected = eurostat_series("edat_lfse_14.tsv", f"A,{sex},POP,Y18-24,PC", geo)
            assert got[(geo, sex)] == expected[2023][0]


def test_missing_value_is_null_with_its_flag(client: FlaskClient) -> None:
    source = eurostat_series("edat_lfse_16_total.tsv", "A,PC,T,Y18-24", "AT11")
    assert source[2000] == (None, "u")
    rows = get_json(client, f"{API}/observations?indicator=ELET&geo=AT11&to=2000")
    row = next(r for r in rows if r["year"] == 2000)
    assert row["value"] is None and row["flag"] == "u"


def test_observations_csv_parses_back_to_the_same_numbers(client: FlaskClient) -> None:
    url = f"{API}/observations?indicator=ELET&geo=NL,AT11&breakdown=sex"
    rows = get_json(client, url)
    frame = get_csv(client, url + "&format=csv")
    assert list(frame.columns) == [
        "indicator",
        "geo",
        "year",
        *BREAKDOWN_COLUMNS,
        "value",
        "flag",
        "source",
    ]
    assert len(frame) == len(rows)
    for rec, row in zip(frame.to_dict("records"), rows, strict=True):
        assert (rec["geo"], rec["year"], rec["sex"]) == (
            row["geo"],
            row["year"],
            row["breakdowns"]["sex"],
        )
        value = None if pd.isna(rec["value"]) else rec["value"]
        flag = None if pd.isna(rec["flag"]) else rec["flag"]
        assert (value, flag) == (row["value"], row["flag"])


# --------------------------------------------------------------------------- progress

PROGRESS_FIELDS = (
    "latest_year",
    "latest_value",
    "target_value",
    "target_year",
    "distance_to_target",
    "window_start",
    "window_end",
    "cagr_observed",
    "cagr_required",
    "ratio",
    "class",
    "window",
    "explanation",
)


def _expected(
    series: dict[int, tuple[float | None, str | None]], target: float, window: str
) -> Any:
    points = [(y, v, f) for y, (v, f) in series.items()]
    return assess(points, target, 2030, "lower_is_better", window, operator="lt", unit="%")


@pytest.mark.parametrize("window", ["short", "long"])
def test_progress_equals_assess_on_the_source_series(client: FlaskClient, window: str) -> None:
    body = get_json(client, f"{API}/progress?indicator=ELET&geo=NL&window={window}")
    assert set(PROGRESS_FIELDS) <= set(body)
    a = _expected(elet_nl("T"), 9.0, window)
    assert body["latest_year"] == a.latest_year == 2025
    assert body["latest_value"] == a.latest_value == 7.4
    assert body["window_start"] == a.base_year == (2020 if window == "short" else 2010)
    assert body["window_end"] == a.latest_year
    for field in ("distance_to_target", "cagr_observed", "cagr_required", "ratio"):
        assert body[field] == getattr(a, field), field
    assert (body["target_value"], body["target_year"], body["target_scope"]) == (9.0, 2030, "eu")
    assert body["class"] == a.progress_class
    assert body["window"] == window
    assert body["explanation"] == a.explanation_en


def test_progress_against_the_national_target(client: FlaskClient, db: Session) -> None:
    national = queries.national_targets(db, "NL")["ELET"]
    body = get_json(client, f"{API}/progress?indicator=ELET&geo=NL&target=national&window=long")
    a = _expected(elet_nl("T"), national.value, "long")
    assert (body["target_value"], body["target_scope"]) == (national.value, "national")
    assert (body["ratio"], body["class"]) == (a.ratio, a.progress_class)
    assert body["cagr_required"] == a.cagr_required


def test_progress_without_data_is_insufficient_data(client: FlaskClient) -> None:
    body = get_json(client, f"{API}/progress?indicator=LOWACH_SCI&geo=NL")
    assert body["class"] == "insufficient_data"
    assert body["latest_value"] is None and body["ratio"] is None


def test_progress_csv_parses_back(client: FlaskClient) -> None:
    body = get_json(client, f"{API}/progress?indicator=LOWACH_READ&geo=NL")
    frame = get_csv(client, f"{API}/progress?indicator=LOWACH_READ&geo=NL&format=csv")
    rec = frame.iloc[0]
    for field in ("latest_year", "latest_value", "cagr_observed", "cagr_required"):
        assert rec[field] == body[field], field
    assert rec["class"] == body["class"]
    pisa = pd.read_csv(DATA_DIR / "pisa_low_achievers_sdg_04_40.csv")
    nl = pisa[(pisa["geo"] == "NL") & (pisa["field"] == "READING") & (pisa["sex"] == "T")]
    assert body["latest_value"] == float(nl.loc[nl["year"].idxmax(), "value"])


# --------------------------------------------------------------------------- strategies


def test_strategy_content_equals_the_store(client: FlaskClient, db: Session) -> None:
    body = get_json(client, f"{API}/strategies/NL")
    strategy = db.scalar(
        select(Strategy).join(Place, Place.id == Strategy.country_id).where(Place.code == "NL")
    )
    assert strategy is not None
    assert body["is_example"] is True and body["title"].startswith("EXAMPLE")
    assert (body["version"], body["status"]) == (strategy.version, strategy.status)
    assert body["adopted_on"] == strategy.adopted_on.isoformat()
    assert (body["period_start"], body["period_end"]) == (2021, 2030)

    objectives = db.scalars(
        select(Objective).where(Objective.strategy_id == strategy.id).order_by(Objective.position)
    ).all()
    assert body["counts"]["objectives"] == len(objectives) == 22
    assert [o["code"] for o in body["objectives"]] == [o.code for o in objectives]
    first = objectives[0]
    tags = db.execute(
        select(ObjectiveTag.dimension, ObjectiveTag.code).where(
            ObjectiveTag.objective_id == first.id
        )
    ).all()
    got_tags = {(d, c) for d, codes in body["objectives"][0]["tags"].items() for c in codes}
    assert got_tags == set(tags)
    assert body["objectives"][0]["indicators"]

    milestones = db.scalars(
        select(Milestone).join(Objective).where(Objective.strategy_id == strategy.id)
    ).all()
    api_milestones = {
        (m["objective"], m["code"]): m for o in body["objectives"] for m in o["milestones"]
    }
    assert len(api_milestones) == len(milestones) == body["counts"]["milestones"]
    today = dt.date.today()
    late = 0
    for m in milestones:
        got = api_milestones[(m.objective.code, m.code)]
        assert (got["status"], got["due_date"]) == (m.status, m.due_date.isoformat())
        is_late = m.status in OPEN_MILESTONE_STATUSES and m.due_date < today
        late += is_late
        assert got["late"] is is_late
        assert got["days_overdue"] == ((today - m.due_date).days if is_late else 0)
    assert late > 0 and body["counts"]["late_milestones"] == late


def test_strategy_budget_sums_are_exact(client: FlaskClient, db: Session) -> None:
    budget = get_json(client, f"{API}/strategies/NL")["budget"]
    lines = db.scalars(select(BudgetLine).join(Objective).join(Strategy)).all()
    by_source: dict[str, Decimal] = {}
    for line in lines:
        if line.planned is not None:
            by_source[line.funding_source_code] = (
                by_source.get(line.funding_source_code, 0) + line.planned
            )
    got = {r["source"]: r["planned"] for r in budget["by_source"]}
    assert got == {s: float(v.quantize(CENT)) for s, v in by_source.items()}
    spent = sum((x.spent for x in lines if x.spent is not None), Decimal(0))
    assert budget["totals"]["spent"] == float(spent.quantize(CENT))
    cell_total = sum(Decimal(str(r["planned"])) for r in budget["by_source_year"])
    assert cell_total == sum(by_source.values())
    assert all(isinstance(r["planned"], float) for r in budget["by_source_year"])


def test_strategy_version_parameter(client: FlaskClient) -> None:
    assert get_json(client, f"{API}/strategies/NL?version=1")["version"] == 1
    err = get_json(client, f"{API}/strategies/NL?version=7", 404)
    assert (err["code"], err["versions"]) == ("no_strategy", [1])


# --------------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("url", "status", "code", "value"),
    [
        ("/observations?geo=NL", 400, "missing_parameter", None),
        ("/observations?indicator=ELET", 400, "missing_parameter", None),
        ("/observations?indicator=ELET&geo=NL&from=abc", 400, "bad_parameter", "abc"),
        ("/observations?indicator=ELET&geo=NL&from=2020&to=2010", 400, "bad_parameter", 2020),
        ("/observations?indicator=ELET&geo=NL&sex=X", 400, "bad_parameter", "X"),
        ("/observations?indicator=ELET&geo=NL&breakdown=colour", 400, "bad_parameter", "colour"),
        ("/observations?indicator=ELET&geo=NL&format=xml", 400, "bad_format", "xml"),
        ("/indicators?format=xlsx", 400, "bad_format", "xlsx"),
        ("/progress?indicator=ELET", 400, "missing_parameter", None),
        ("/progress?indicator=ELET&geo=NL&window=medium", 400, "bad_parameter", "medium"),
        ("/progress?indicator=ELET&geo=NL&target=regional", 400, "bad_parameter", "regional"),
        ("/progress?indicator=ELET&geo=NL&format=pdf", 400, "bad_format", "pdf"),
        ("/strategies/NL?version=one", 400, "bad_parameter", "one"),
        ("/strategies/NL?format=csv", 400, "bad_format", "csv"),
        ("/observations?indicator=ELTE&geo=NL", 404, "unknown_indicator", "ELTE"),
        ("/observations?indicator=ELET&geo=NL,ZZ", 404, "unknown_place", "ZZ"),
        ("/progress?indicator=NOPE&geo=NL", 404, "unknown_indicator", "NOPE"),
        ("/progress?indicator=ELET&geo=QQ", 404, "unknown_place", "QQ"),
        ("/progress?indicator=ELET&geo=BE&target=national", 404, "no_target", "ELET"),
        ("/strategies/QQ", 404, "unknown_place", "QQ"),
        ("/strategies/BE", 404, "no_strategy", "BE"),
    ],
)
def test_errors(client: FlaskClient, url: str, status: int, code: str, value: Any) -> None:
    response = client.get(API + url)
    assert response.status_code == status
    body = response.get_json()
    assert (body["code"], body["value"]) == (code, value)
    assert body["error"]
    assert "public" not in response.headers.get("Cache-Control", "")


def test_unknown_indicator_suggests_the_closest_code(client: FlaskClient) -> None:
    body = get_json(client, f"{API}/observations?indicator=ELTE&geo=NL", 404)
    assert body["did_you_mean"] == "ELET"


@pytest.mark.parametrize(
    "url",
    [
        "/indicators",
        "/observations?indicator=ELET&geo=NL",
        "/progress?indicator=ELET&geo=NL",
        "/strategies/NL",
    ],
)
def test_private_instance_answers_401(demo_url: str, url: str) -> None:
    app = create_app(Settings(database_url=demo_url, public_read=False))
    response = app.server.test_client().get(API + url)
    assert response.status_code == 401
    assert response.get_json()["code"] == "unauthorized"
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert "public" not in response.headers["Cache-Control"]


# --------------------------------------------------------------------------- speed

TIMED_ROUTES = (
    "/indicators",
    "/observations?indicator=ELET&geo=NL",
    "/observations?indicator=ELET&geo=NL,BE,DE,FR&breakdown=sex&format=csv",
    "/progress?indicator=ELET&geo=NL",
    "/strategies/NL",
)


@pytest.mark.parametrize("url", TIMED_ROUTES)
def test_repeated_requests_give_the_same_answer(client: FlaskClient, url: str) -> None:
    """What the benchmark times (``python -m bench.scale``) answers the same every time."""
    first = client.get(API + url)
    assert first.status_code == 200
    for _ in range(3):
        again = client.get(API + url)
        assert (again.status_code, again.data) == (200, first.data)


# --------------------------------------------------------------------------- PostgreSQL


@pytest.mark.postgres
def test_api_on_postgresql(pg_committed_engine: Any, pg_database: str) -> None:
    """The same answers on PostgreSQL (Numeric money, boolean flags, ordering)."""
    load_demo(pg_committed_engine)
    client = create_app(Settings(database_url=pg_database)).server.test_client()
    rows = get_json(client, f"{API}/observations?indicator=ELET&geo=NL")
    assert {r["year"]: (r["value"], r["flag"]) for r in rows} == elet_nl("T")
    body = get_json(client, f"{API}/progress?indicator=ELET&geo=NL&window=long")
    a = _expected(elet_nl("T"), 9.0, "long")
    assert (body["ratio"], body["class"]) == (a.ratio, a.progress_class)
    strategy = get_json(client, f"{API}/strategies/NL")
    assert strategy["counts"]["objectives"] == len(strategy["objectives"]) > 0
    with Session(pg_committed_engine) as session:
        planned = sum(
            (x for x in session.scalars(select(BudgetLine.planned)) if x is not None), Decimal(0)
        )
    assert strategy["budget"]["totals"]["planned"] == float(planned.quantize(CENT))


@pytest.mark.parametrize("lang", ["fr", "de"])
def test_progress_explanation_in_the_asked_language(client: FlaskClient, lang: str) -> None:
    """``lang`` adds the explanation and label in that language; English fields unchanged."""
    plain = client.get("/api/v1/progress?indicator=ELET&geo=NL").get_json()
    asked = client.get(f"/api/v1/progress?indicator=ELET&geo=NL&lang={lang}").get_json()
    assert asked["explanation"] == plain["explanation"] and "lang" not in plain
    assert asked["lang"] == lang and asked["explanation_lang"] != plain["explanation"]
    assert asked["class_label_lang"] != plain["class_label"]
    bad = client.get("/api/v1/progress?indicator=ELET&geo=NL&lang=xx")
    assert bad.status_code == 400 and bad.get_json()["parameter"] == "lang"
