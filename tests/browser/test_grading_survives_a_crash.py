"""Nothing a learner submits is lost when the app dies: submit on the exercise page, kill -9 the
`streamlit run app.py` process a moment later, start it again and open the page: the verdict arrives without
resubmitting, and the XP is paid once."""
from __future__ import annotations

import re
import time
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, func, select

from db.models import Event, Submission, XpAward
from gamification.events import EXERCISE_PASSED
from tests.browser.harness import REPO, AppServer, requires_chromium

EXERCISE_ID = "clip-global-norm-step"
SOLUTION = (REPO / "exercises" / EXERCISE_ID / "solution.py").read_text(encoding="utf-8")

pytestmark = requires_chromium


@pytest.fixture
def server(tmp_path) -> Iterator[AppServer]:
    # The plain text area: this test is about the pipeline, tests/browser/test_exercise_editor.py types into the editor.
    app = AppServer(tmp_path, "crash", grader_workers="1", plain_editor="1")
    try:
        yield app.start()
    finally:
        app.stop()


def _rows(server: AppServer) -> list[tuple]:
    engine = create_engine(server.env["STREAM_DATABASE_URL"])
    try:
        with engine.connect() as connection:
            return connection.execute(select(Submission.id, Submission.state, Submission.attempts,
                                             Submission.status)).all()
    finally:
        engine.dispose()


def _paid(server: AppServer) -> tuple[int, int]:
    engine = create_engine(server.env["STREAM_DATABASE_URL"])
    try:
        with engine.connect() as connection:
            xp = connection.scalar(select(func.coalesce(func.sum(XpAward.amount), 0)))
            passes = connection.scalar(select(func.count()).select_from(Event).where(Event.kind == EXERCISE_PASSED))
            return int(xp), int(passes)
    finally:
        engine.dispose()


def test_a_submission_survives_kill_9_of_the_app_and_is_paid_once(browser, server):
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(60_000)
    try:
        page.goto(f"{server.url}/exercise?exercise={EXERCISE_ID}&lang=en")
        main = page.get_by_test_id("stMain")
        code = main.locator("textarea").first
        code.wait_for()
        code.fill(SOLUTION)
        code.blur()  # the plain editor commits its text on blur
        main.get_by_role("button", name="Submit").click()

        deadline = time.monotonic() + 30
        while not _rows(server):  # committed: the app has handed it to its grader, which is still warming up
            assert time.monotonic() < deadline, "the submission was never stored"
            time.sleep(0.05)
        server.kill9()
        ((sid, state, _, _),) = _rows(server)
        assert state in ("queued", "running"), f"graded before the crash ({state}): the test proves nothing"

        server.start()
        page.goto(f"{server.url}/exercise?exercise={EXERCISE_ID}&lang=en")  # opened again; nothing resubmitted
        main = page.get_by_test_id("stMain")
        main.get_by_text("Passed").first.wait_for(timeout=180_000)  # the restarted app starts TensorFlow first
        main.get_by_text("Solved ✓").wait_for()
        page.get_by_test_id("stToast").get_by_text(re.compile(r"^\+\d+ XP$")).wait_for(timeout=10_000)
    finally:
        context.close()

    rows = _rows(server)
    assert [(r[0], r[1], r[3]) for r in rows] == [(sid, "done", "pass")], rows  # the one submission, graded
    xp, passes = _paid(server)
    assert passes == 1 and xp >= 20, (xp, passes)  # the exercise's XP (plus a first-try bonus), once
