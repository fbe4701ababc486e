"""A 200,000-row file through the upload page (issue 13): the check runs in the background, the
progress bar advances, and the page keeps answering other callbacks meanwhile."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text

from bench.imports import generate_frame
from tests.browser.conftest import LiveServer, wait_until_settled

ROWS = 200_000
# Every label the bar shows, in order, recorded by the page itself (the tick redraws it every
# 500 ms; polling from the test could miss one).
RECORD_PROGRESS = """() => {
    window.__progress = [];
    const seen = () => {
        for (const bar of document.querySelectorAll('.upload-job-bar .progress-bar')) {
            const label = bar.textContent.trim();
            const last = window.__progress[window.__progress.length - 1];
            if (label && label !== last) window.__progress.push(label);
        }
    };
    new MutationObserver(seen).observe(document.body,
        {subtree: true, childList: true, characterData: true, attributes: true});
}"""


def _regions_without_data(database_url: str) -> list[str]:
    engine = create_engine(database_url)
    try:
        with engine.connect() as conn:
            return list(
                conn.execute(
                    text(
                        "SELECT code FROM place p WHERE kind = 'region' AND NOT EXISTS "
                        "(SELECT 1 FROM observation o WHERE o.place_id = p.id) ORDER BY code"
                    )
                ).scalars()
            )
    finally:
        engine.dispose()


def test_a_200k_row_check_shows_progress_while_the_page_answers(
    page: Any, live_server: LiveServer, tmp_path: Path
) -> None:
    path = tmp_path / "regional_indicators_200k.csv"
    generate_frame(ROWS, _regions_without_data(live_server.database_url)).to_csv(path, index=False)
    assert sum(1 for _ in path.open(encoding="utf-8")) == ROWS + 1

    page.goto(live_server.url + "/upload")
    wait_until_settled(page)
    page.evaluate(RECORD_PROGRESS)
    page.set_input_files("#upload-area input[type=file]", str(path))

    # The answer does not wait for the check: the progress panel comes first.
    page.locator(".upload-job .upload-job-bar").wait_for(state="visible", timeout=60_000)
    assert page.locator(".upload-file").count() == 0

    # Meanwhile another callback answers: the indicator template is built and downloaded.
    started = time.monotonic()
    with page.expect_download(timeout=30_000) as download:
        page.locator("#upload-template-indicators").click()
    answered = time.monotonic() - started
    still_running = page.locator(".upload-job .upload-job-bar").count()
    assert download.value.suggested_filename.endswith(".xlsx")
    assert still_running == 1, f"the check ended before the template came ({answered:.1f} s)"

    # The check ends with the file's card: accepted, every row counted, nothing stored yet.
    card = page.locator(".upload-file")
    card.wait_for(state="visible", timeout=120_000)
    text_ = card.inner_text()
    assert "Accepted" in text_
    assert "200,000" in text_  # rows read, as shown in the card
    assert "200,000 new value(s), 0 changed, 0 unchanged." in page.locator("body").inner_text()
    assert page.locator(".upload-job-bar").count() == 0

    labels = page.evaluate("window.__progress")
    print(f"template answered in {answered:.2f} s; bar showed {labels}")
    percents = [int(label.rstrip(" %")) for label in labels]
    assert len(percents) >= 2, f"the bar did not advance: {labels}"
    assert percents == sorted(percents) and percents[-1] > percents[0], labels
