"""Background imports through the API: ``POST /api/v1/import`` answers 202 for large files (or
``background=1``) and ``GET /api/v1/jobs/ID`` tells how far the job got, then gives the report.

The values checked in the store are read off ``fixtures/auth/nl_elet.csv`` by hand.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, text

from bench.imports import generate_frame
from pathways_monitor.core.settings import Settings, SettingsError
from tests.test_api_import import Api, _make_api
from tests.test_auth import fast_hashing  # noqa: F401  (autouse)

NL_VALUES = [("NL", 2021, 5.3), ("NL", 2022, 5.6), ("NL32", 2022, 6.1)]


@pytest.fixture
def small_api(engine: Engine) -> Iterator[Api]:
    """Every file over 64 bytes is a background import (on SQLite and PostgreSQL)."""
    yield from _make_api(engine, sync_import_bytes=64)


@pytest.fixture
def api(sqlite_engine: Engine) -> Iterator[Api]:
    yield from _make_api(sqlite_engine)


def _get(api: Api, url: str, who: str | None, **params: str) -> Any:
    headers = {"Authorization": f"Bearer {api.tokens[who]}"} if who else {}
    return api.client.get(url, headers=headers, query_string=params)


def _wait(api: Api, url: str, who: str, **params: str) -> dict[str, Any]:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        response = _get(api, url, who, **params)
        assert response.status_code == 200, response.get_json()
        body = response.get_json()
        if body["state"] in ("done", "failed"):
            return body
        time.sleep(0.05)
    raise AssertionError(f"job at {url} did not finish: {body}")


def _stored(engine: Engine) -> list[tuple[str, int, float]]:
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT p.code, o.year, o.value FROM observation o "
                "JOIN place p ON p.id = o.place_id ORDER BY p.code, o.year"
            )
        ).all()
    return [tuple(r) for r in rows]  # type: ignore[misc]


def _job_count(engine: Engine) -> int:
    with engine.connect() as conn:
        return conn.execute(text("SELECT count(*) FROM job")).scalar_one()


def test_large_file_answers_202_and_the_job_imports_it(small_api: Api) -> None:
    api = small_api
    response = api.post("nl_elet.csv", "editor_nl")
    assert response.status_code == 202, response.get_json()
    body = response.get_json()
    assert body["state"] == "queued" and len(body["job"]) == 32
    assert body["url"] == f"/api/v1/jobs/{body['job']}" == response.headers["Location"]

    done = _wait(api, body["url"], "editor_nl")
    assert done["state"] == "done" and done["error"] is None, done
    assert done["kind"] == "import" and done["file"] == "nl_elet.csv" and not done["dry_run"]
    assert done["report_status"] == 200
    report = done["report"]
    assert report["status"] == "accepted" and report["inserted"] == 3 and report["updated"] == 0
    assert "changes" not in report  # the preview stays on the upload page
    assert done["progress"]["fraction"] == 1.0 and done["progress"]["rows_stored"] == 3
    assert done["created_at"] <= done["started_at"] <= done["finished_at"]
    assert _stored(api.engine) == NL_VALUES
    with api.engine.connect() as conn:
        uploader = conn.execute(text("SELECT uploaded_by FROM import_batch")).scalar_one()
    assert uploader == "ed.nl@example.org"  # run as the token's user, not as a worker


def test_job_status_is_never_cached(small_api: Api) -> None:
    url = small_api.post("nl_elet.csv", "editor_nl").get_json()["url"]
    response = _get(small_api, url, "editor_nl")
    assert response.headers["Cache-Control"] == "no-store"
    _wait(small_api, url, "editor_nl")


def test_background_flag_queues_a_small_file(api: Api) -> None:
    response = api.post("nl_elet.csv", "admin", background="1")
    assert response.status_code == 202
    done = _wait(api, response.get_json()["url"], "admin")
    assert done["report"]["inserted"] == 3 and done["report_status"] == 200
    # without the flag the same small file is imported within the request
    again = api.post("nl_elet.csv", "admin")
    assert again.status_code == 200 and again.get_json()["unchanged"] == 3


def test_background_dry_run_writes_nothing(api: Api) -> None:
    before = api.counts()
    response = api.post("nl_elet.csv", "editor_nl", background="1", dry_run="1")
    done = _wait(api, response.get_json()["url"], "editor_nl")
    assert done["dry_run"] is True and done["report"]["inserted"] == 3
    assert done["report_status"] == 200
    assert api.counts() == before and _stored(api.engine) == []


def test_rejected_file_reports_422_in_the_asked_language(api: Api) -> None:
    before = api.counts()
    url = api.post("broken_nl.csv", "editor_nl", background="1").get_json()["url"]
    done = _wait(api, url, "editor_nl")
    assert done["state"] == "done"  # the job ran to its end; the file was refused
    assert done["report"]["status"] == "rejected" and done["report_status"] == 422
    codes = {p["code"] for p in done["report"]["problems"]}
    assert {"not_a_number", "bad_year"} <= codes
    assert api.counts() == before
    english = {p["code"]: p["message"] for p in done["report"]["problems"]}
    french = _get(api, url, "editor_nl", lang="fr").get_json()["report"]["problems"]
    assert all(p["message"] != english[p["code"]] for p in french if p["code"] == "bad_year")
    assert any(p["code"] == "bad_year" for p in french)


def test_lang_given_with_the_upload_is_kept_for_the_report(api: Api) -> None:
    url = api.post("broken_nl.csv", "editor_nl", background="1", lang="de").get_json()["url"]
    german = _wait(api, url, "editor_nl")["report"]["problems"]
    english = _get(api, url, "editor_nl", lang="en").get_json()["report"]["problems"]
    assert [p["code"] for p in german] == [p["code"] for p in english]
    assert [p["message"] for p in german] != [p["message"] for p in english]


def test_out_of_scope_file_reports_403(api: Api) -> None:
    before = api.counts()
    url = api.post("be_elet.csv", "editor_nl", background="1").get_json()["url"]
    done = _wait(api, url, "editor_nl")
    assert done["report_status"] == 403 and done["report"]["status"] == "rejected"
    assert api.counts() == before


def test_job_status_needs_the_token_of_its_sender_or_an_admin(api: Api) -> None:
    url = api.post("nl_elet.csv", "editor_nl", background="1").get_json()["url"]
    _wait(api, url, "editor_nl")
    anonymous = _get(api, url, None)
    assert anonymous.status_code == 401 and anonymous.get_json()["code"] == "unauthorized"
    other = _get(api, url, "coord_nl32")
    assert other.status_code == 403 and other.get_json()["code"] == "forbidden"
    assert _get(api, url, "admin").status_code == 200


@pytest.mark.parametrize("job_id", ["0" * 32, "nope", "x" * 200])
def test_unknown_job_404(api: Api, job_id: str) -> None:
    response = _get(api, f"/api/v1/jobs/{job_id}", "admin")
    assert response.status_code == 404 and response.get_json()["code"] == "unknown_job"


def test_refusals_come_before_any_job(sqlite_engine: Engine) -> None:
    """No token, a viewer and a file over the upload limit are answered at once: no job row."""
    for api in _make_api(sqlite_engine, max_upload_bytes=100, sync_import_bytes=10):
        assert api.post("nl_elet.csv", None).status_code == 401
        assert api.post("nl_elet.csv", "viewer").status_code == 403
        assert api.post("nl_elet.csv", "admin").status_code == 413  # 142 bytes > 100
        assert _job_count(api.engine) == 0


@pytest.mark.parametrize(("raw", "expected"), [("2", 2 * 1024 * 1024), ("0.25", 256 * 1024)])
def test_sync_import_limit_in_megabytes(raw: str, expected: int) -> None:
    assert Settings.from_env({"PATHWAYS_SYNC_IMPORT_MB": raw}).sync_import_bytes == expected


def test_sync_import_limit_defaults_to_2_mb() -> None:
    assert Settings.from_env({}).sync_import_bytes == 2 * 1024 * 1024


@pytest.mark.parametrize("raw", ["two", "0", "-1", "nan"])
def test_bad_sync_import_limit_refused(raw: str) -> None:
    with pytest.raises(SettingsError, match="PATHWAYS_SYNC_IMPORT_MB"):
        Settings.from_env({"PATHWAYS_SYNC_IMPORT_MB": raw})


def test_progress_is_visible_while_a_large_import_runs(api: Api, tmp_path: Path) -> None:
    """60,000 generated rows: the job is seen running part-way, the counts only grow, and every
    row is stored in the end (a value compared with the generated table)."""
    with api.engine.connect() as conn:
        regions = list(
            conn.execute(text("SELECT code FROM place WHERE kind = 'region' ORDER BY code"))
            .scalars()
            .all()
        )
    frame = generate_frame(60_000, regions)
    path = tmp_path / "regions_60k.csv"
    frame.to_csv(path, index=False)
    with path.open("rb") as handle:
        response = api.client.post(
            "/api/v1/import",
            data={"file": (handle, path.name), "background": "1"},
            headers={"Authorization": f"Bearer {api.tokens['admin']}"},
        )
    url = response.get_json()["url"]
    seen: list[dict[str, Any]] = []
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        body = _get(api, url, "admin").get_json()
        seen.append(body)
        if body["state"] in ("done", "failed"):
            break
        time.sleep(0.02)
    final = seen[-1]
    assert final["state"] == "done" and final["report"]["inserted"] == 60_000, final
    running = [b for b in seen if b["state"] == "running" and 0 < b["progress"]["fraction"] < 1]
    assert running, [b["stage"] for b in seen]
    fractions = [b["progress"]["fraction"] for b in seen]
    assert fractions == sorted(fractions)
    assert final["progress"]["rows_stored"] == 60_000
    first = frame.iloc[0]
    group = frame[
        (frame["indicator"] == first["indicator"])
        & (frame["geo"] == first["geo"])
        & (frame["year"] == first["year"])
    ]
    with api.engine.connect() as conn:
        stored = conn.execute(
            text(
                "SELECT o.value FROM observation o JOIN place p ON p.id = o.place_id "
                "JOIN indicator i ON i.id = o.indicator_id "
                "WHERE i.code = :ind AND p.code = :geo AND o.year = :year"
            ),
            {"ind": first["indicator"], "geo": first["geo"], "year": int(first["year"])},
        ).scalars()
        assert sorted(stored) == pytest.approx(sorted(group["value"].astype(float)))
