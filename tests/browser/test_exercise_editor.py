"""The exercise page in a real browser: type into the code editor component, press Submit below it, get XP."""
from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from tests.browser.harness import REPO, requires_chromium, streamlit_app

EXERCISE_ID = "tape-watch-persistent"  # small and fast to grade

pytestmark = requires_chromium


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    """The app with the real editor component (not the plain text area AppTest uses) and one grader worker."""
    with streamlit_app(tmp_path_factory.mktemp("exercise"), grader_workers="1", unset=("STREAM_PLAIN_EDITOR",)) as url:
        yield url


@pytest.fixture
def page(browser, server) -> Iterator:
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(60_000)
    yield page
    context.close()


def _editor(page):
    """The code editor's iframe, once its text is drawn."""
    page.get_by_test_id("stMain").locator("iframe").first.wait_for()
    frame = page.frame_locator("iframe[title*='code_editor']").first
    frame.locator(".ace_content").wait_for()
    return frame


def test_submit_from_the_editor_passes_and_pays_xp(server, page):
    page.goto(f"{server}/exercise?exercise={EXERCISE_ID}&lang=en")
    editor = _editor(page)
    editor.locator(".ace_text-input").focus()
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.keyboard.insert_text((REPO / "exercises" / EXERCISE_ID / "solution.py").read_text(encoding="utf-8"))
    page.get_by_test_id("stMain").get_by_role("button", name="Submit", exact=True).click()  # pressing it blurs the editor: the typed text goes first

    main = page.get_by_test_id("stMain")
    main.get_by_text("Passed", exact=True).wait_for(timeout=120_000)  # the first grading also starts TensorFlow
    page.get_by_test_id("stToast").get_by_text(re.compile(r"^\+\d+ XP$")).wait_for()  # bonuses may add to it
    main.get_by_text("Solved ✓").wait_for()
    # The grader's numbers drawn as an Altair chart (rendered by Vega in the page, not just sent).
    chart = main.get_by_test_id("stVegaLiteChart").first
    chart.wait_for()
    chart.locator("canvas, svg").first.wait_for()

    page.reload()  # the draft came back from the database, not from the browser
    editor = _editor(page)
    assert "persistent=True" in editor.locator(".ace_content").inner_text()
