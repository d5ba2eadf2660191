"""A learner's journey in a real browser: open a lesson, mark it complete, see the XP change; switch language."""
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
START_TIMEOUT_S = 60

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} is missing (the browser test drives Debian's chromium; playwright's own browsers are never downloaded)")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_healthy(url: str, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"streamlit exited with {server.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    pytest.fail(f"streamlit did not answer within {START_TIMEOUT_S}s:\n{log.read_text()[-3000:]}")


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    """`streamlit run app.py` on a free port with a temp database; stopped by its pid afterwards."""
    tmp = tmp_path_factory.mktemp("journey")
    port = free_port()
    log = tmp / "streamlit.log"
    env = {**os.environ, "STREAM_DATABASE_URL": f"sqlite:///{tmp / 't.db'}"}
    env.pop("STREAM_SHOW_DRAFTS", None)
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
             "--server.headless", "true", "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false"],
            cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, process, log)
        yield url
    finally:
        process.terminate()  # only the process this fixture started
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="ko-KR")
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    context.close()


def first_lesson():
    from catalog import load_catalog

    return next(lesson for lesson in load_catalog(REPO / "lessons", REPO / "exercises").lessons
                if lesson.status == "published")


def header_stats(page) -> str:
    return page.get_by_test_id("stMain").get_by_text(re.compile(r"^레벨 \d+ · \d+ XP")).inner_text()


def test_open_lesson_mark_complete_and_see_xp(server, page):
    lesson = first_lesson()
    page.goto(f"{server}/lesson?lesson={lesson.id}")
    main = page.get_by_test_id("stMain")
    main.get_by_role("heading", name=lesson.text("ko").title).wait_for()
    assert re.search(r"· 0 XP ·", header_stats(page))

    main.get_by_role("button", name="완료로 표시").click()
    main.get_by_role("button", name="완료했어요 ✓").wait_for()
    assert f"· {lesson.xp} XP ·" in header_stats(page)
    page.get_by_test_id("stToast").get_by_text(f"+{lesson.xp} XP").wait_for()

    page.reload()  # the award is stored, not just shown
    main.get_by_role("button", name="완료했어요 ✓").wait_for()
    assert f"· {lesson.xp} XP ·" in header_stats(page)


def test_language_switch_survives_a_refresh(server, page):
    lesson = first_lesson()
    page.goto(f"{server}/lesson?lesson={lesson.id}")
    main = page.get_by_test_id("stMain")
    main.get_by_role("heading", name=lesson.text("ko").title).wait_for()

    page.get_by_test_id("stSidebar").get_by_role("radio", name="English").click()
    main.get_by_role("heading", name=lesson.text("en").title).wait_for()
    page.wait_for_url(re.compile(r"[?&]lang=en"))

    page.reload()
    main.get_by_role("heading", name=lesson.text("en").title).wait_for()
    main.get_by_text("Progress is local-only — sign in to sync across devices.").wait_for()


def test_catalog_links_to_the_lesson(server, page):
    lesson = first_lesson()
    page.goto(server)
    main = page.get_by_test_id("stMain")
    main.get_by_role("link", name=re.compile(re.escape(lesson.text("ko").title))).click()
    page.wait_for_url(re.compile(rf"/lesson\?.*lesson={re.escape(lesson.id)}"))
    main.get_by_role("heading", name=lesson.text("ko").title).wait_for()
