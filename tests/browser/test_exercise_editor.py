"""The exercise page in a real browser: type into the code editor component, Submit from inside it, get XP."""
from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
REPO = Path(__file__).resolve().parents[2]
EXERCISE_ID = "tape-watch-persistent"  # small and fast to grade
START_TIMEOUT_S = 60

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} is missing (playwright's own browsers are never downloaded)")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    """`streamlit run app.py` with a temp database and the real editor; stopped by its pid afterwards."""
    tmp = tmp_path_factory.mktemp("exercise")
    port, log = _free_port(), tmp / "streamlit.log"
    env = {**os.environ, "STREAM_DATABASE_URL": f"sqlite:///{tmp / 't.db'}", "STREAM_GRADER_WORKERS": "1"}
    env.pop("STREAM_PLAIN_EDITOR", None)
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port), "--server.headless",
             "true", "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false"],
            cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            assert process.poll() is None, log.read_text()[-3000:]
            assert time.monotonic() < deadline, log.read_text()[-3000:]
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                    break
            except OSError:
                time.sleep(0.3)
        yield url
    finally:
        process.terminate()  # only the process this fixture started
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture
def page(server) -> Iterator:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                             args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        page.set_default_timeout(60_000)
        yield page
        browser.close()


def _editor(page):
    """The code editor's iframe, once its buttons are drawn."""
    page.get_by_test_id("stMain").locator("iframe").first.wait_for()
    frame = page.frame_locator("iframe[title*='code_editor']").first
    frame.get_by_role("button", name="Submit").wait_for()
    return frame


def test_submit_from_the_editor_passes_and_pays_xp(server, page):
    page.goto(f"{server}/exercise?exercise={EXERCISE_ID}&lang=en")
    editor = _editor(page)
    editor.locator(".ace_text-input").focus()
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.keyboard.insert_text((REPO / "exercises" / EXERCISE_ID / "solution.py").read_text(encoding="utf-8"))
    editor.get_by_role("button", name="Submit").click()

    main = page.get_by_test_id("stMain")
    main.get_by_text("Passed").wait_for(timeout=120_000)  # the first grading also starts TensorFlow
    page.get_by_test_id("stToast").get_by_text(re.compile(r"^\+\d+ XP$")).wait_for()  # bonuses may add to it
    main.get_by_text("Solved ✓").wait_for()
    # The grader's numbers drawn as an Altair chart (rendered by Vega in the page, not just sent).
    chart = main.get_by_test_id("stVegaLiteChart").first
    chart.wait_for()
    chart.locator("canvas, svg").first.wait_for()

    page.reload()  # the draft came back from the database, not from the browser
    editor = _editor(page)
    assert "persistent=True" in editor.locator(".ace_content").inner_text()
