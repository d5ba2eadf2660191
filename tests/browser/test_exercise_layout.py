"""The exercise page as a learner sees it in Chromium, in Korean and English: no button covers the code, the
statement sits beside the editor, the English page shows no Korean (starter, chart legend, toasts), and a 390 px
phone can read a lesson and submit. Screenshots land in artifacts/browser/ (git ignores it)."""
from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from catalog import load_exercise
from tests.browser.harness import REPO, requires_chromium, streamlit_app

pytestmark = requires_chromium

EXERCISE_ID = "clip-global-norm-step"  # its chart sets the learner's numbers beside the expected ones
FOLDER = REPO / "exercises" / EXERCISE_ID
EXERCISE = load_exercise(FOLDER)
# Wrong on the first hidden case too, the one the chart draws, so its bars visibly differ from the expected ones.
WRONG = FOLDER / "mistakes" / "per_tensor_clip.py"
ARTIFACTS = REPO / "artifacts" / "browser"
HANGUL = re.compile("[\uac00-\ud7a3\u3131-\u318e]")
WIDE, PHONE = {"width": 1400, "height": 900}, {"width": 390, "height": 844}
GRADE_TIMEOUT_MS = 180_000  # the first grading also starts TensorFlow, on a shared machine
WORDS = {  # what the page says, per language
    "ko": {"submit": "제출", "failed": "아직이에요", "passed": "통과", "not_attempted": "아직 시도하지 않았어요",
           "yours": "내 코드", "plain": "간단한 편집기 쓰기"},
    "en": {"submit": "Submit", "failed": "Not yet", "passed": "Passed", "not_attempted": "Not attempted",
           "yours": "your code", "plain": "Use the plain editor"},
}


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    """The app with the real editor component (not the plain text area AppTest uses), one grader worker, and a
    profile per browser (each test's context is a new learner: no draft or verdict carries over)."""
    with streamlit_app(tmp_path_factory.mktemp("layout"), grader_workers="1", local_profile="browser",
                       unset=("STREAM_PLAIN_EDITOR",)) as url:
        yield url


@pytest.fixture
def open_page(browser, server) -> Iterator:
    """open_page(path, viewport) in a fresh context (its own cookies: a new learner)."""
    contexts = []

    def open_(path: str, viewport: dict = WIDE):
        context = browser.new_context(viewport=viewport)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(60_000)
        page.goto(f"{server}{path}")
        return page

    yield open_
    for context in contexts:
        context.close()


def _shot(page, name: str) -> None:
    """The whole page: Streamlit scrolls inside its main block, so the window is made as tall as that for a moment."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    height = page.evaluate("document.querySelector('[data-testid=stMain]').scrollHeight")
    page.set_viewport_size({"width": size["width"], "height": max(size["height"], min(height, 8000))})
    page.wait_for_timeout(500)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))
    page.set_viewport_size(size)


def _editor(page):
    """The code editor's iframe, once its text is drawn."""
    page.get_by_test_id("stMain").locator("iframe[title*='code_editor']").first.wait_for()
    frame = page.frame_locator("iframe[title*='code_editor']").first
    frame.locator(".ace_content").wait_for()
    return frame


def _type(page, frame, code: str) -> None:
    frame.locator(".ace_text-input").focus()
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.keyboard.insert_text(code)


def _overlap(a: dict, b: dict) -> bool:
    return a["x"] < b["x"] + b["width"] and b["x"] < a["x"] + a["width"] and \
        a["y"] < b["y"] + b["height"] and b["y"] < a["y"] + a["height"]


def _submit(page, lang: str):
    return page.get_by_test_id("stMain").get_by_role("button", name=WORDS[lang]["submit"], exact=True)


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_no_button_covers_the_code_and_the_statement_sits_beside_it(open_page, lang):
    page = open_page(f"/exercise?exercise={EXERCISE_ID}&lang={lang}")
    frame = _editor(page)
    _submit(page, lang).wait_for()
    assert frame.locator("button").count() == 0  # the component draws no floating buttons of its own
    text_area = frame.locator(".ace_scroller").bounding_box()
    buttons = [b for b in page.locator("button").all() if b.is_visible()]
    assert len(buttons) >= 3
    covering = [(b.inner_text(), box) for b in buttons if (box := b.bounding_box()) and _overlap(box, text_area)]
    assert not covering, (text_area, covering)
    # On a wide screen the statement is on the left of the editor, at the same height.
    title = page.get_by_test_id("stMain").locator("h1").first.bounding_box()
    editor = page.locator("iframe[title*='code_editor']").first.bounding_box()
    assert title["x"] + title["width"] <= editor["x"] and title["y"] < editor["y"] + editor["height"], (title, editor)
    # Submit sits right below the code, inside the first screen.
    submit = _submit(page, lang).bounding_box()
    assert 0 <= submit["y"] - (editor["y"] + editor["height"]) < 120 and submit["y"] + submit["height"] < WIDE["height"]


def _legend(page) -> str:
    chart = page.get_by_test_id("stMain").get_by_test_id("stVegaLiteChart").first
    chart.locator("svg").first.wait_for()
    chart.get_by_text(re.compile("expected|정답")).first.wait_for()
    return chart.inner_text()


def test_the_english_page_shows_no_korean_in_starter_chart_or_toasts(open_page):
    page = open_page(f"/exercise?exercise={EXERCISE_ID}&lang=en")
    frame = _editor(page)
    starter = frame.locator(".ace_content").inner_text()
    assert starter.split("\n")[0] in EXERCISE.starter_in("en")

    # A wrong answer typed, then Submit pressed below the editor: the typed code is what gets graded.
    _type(page, frame, WRONG.read_text(encoding="utf-8"))
    _submit(page, "en").click()
    main = page.get_by_test_id("stMain")
    main.get_by_text("Not yet", exact=False).first.wait_for(timeout=GRADE_TIMEOUT_MS)
    legend = _legend(page)
    assert "your code" in legend and "expected" in legend and not HANGUL.search(legend), legend
    assert "--seed" not in main.inner_text()  # the replay command is for staff
    _shot(page, "exercise-en-wrong-verdict")

    # The solution by Ctrl+Enter (the shortcut stays): XP, and every toast in English.
    _type(page, frame, (FOLDER / "solution.py").read_text(encoding="utf-8"))
    page.keyboard.press("Control+Enter")
    toast = page.get_by_test_id("stToast").get_by_text(re.compile(r"^\+\d+ XP$"))
    toast.wait_for(timeout=GRADE_TIMEOUT_MS)
    toasts = [t.inner_text() for t in page.get_by_test_id("stToast").all()]
    assert toasts and not [t for t in toasts if HANGUL.search(t)], toasts
    main.get_by_text("Passed", exact=True).first.wait_for()
    _shot(page, "exercise-en-passed-verdict")

    if not (FOLDER / "starter.en.py").is_file():
        pytest.skip(f"{EXERCISE_ID} has no starter.en.py yet: its English starter cannot be checked for Hangul")
    assert not HANGUL.search(starter), starter


def test_the_korean_chart_legend_is_korean_only(open_page):
    page = open_page(f"/exercise?exercise={EXERCISE_ID}&lang=ko")
    frame = _editor(page)
    _type(page, frame, WRONG.read_text(encoding="utf-8"))
    _submit(page, "ko").click()
    legend = _legend(page)
    assert "내 코드" in legend and "your code" not in legend and "expected" not in legend, legend
    _shot(page, "exercise-ko-wrong-verdict")


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_a_phone_can_read_a_lesson_and_submit_an_exercise(open_page, lang):
    page = open_page(f"/lesson?lesson={EXERCISE.lesson}&lang={lang}", PHONE)
    main = page.get_by_test_id("stMain")
    main.locator("h1").first.wait_for()
    page.wait_for_timeout(500)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]  # no sideways scrolling
    assert main.locator("h1").first.bounding_box()["width"] <= PHONE["width"]
    _shot(page, f"lesson-{lang}-390px")

    page.goto(page.url.split("/lesson")[0] + f"/exercise?exercise={EXERCISE_ID}&lang={lang}")
    _editor(page)
    submit = _submit(page, lang)
    submit.scroll_into_view_if_needed()
    box = submit.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"] and box["height"] >= 32, box
    submit.click()  # the untouched starter: told so, not counted
    main.get_by_text(WORDS[lang]["not_attempted"]).first.wait_for(timeout=GRADE_TIMEOUT_MS)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    _shot(page, f"exercise-{lang}-390px")


def test_the_plain_editor_choice_survives_a_reload(open_page):
    page = open_page(f"/exercise?exercise={EXERCISE_ID}&lang=en")
    _editor(page)
    page.get_by_test_id("stMain").get_by_text(WORDS["en"]["plain"]).click()
    page.get_by_test_id("stMain").locator("textarea").first.wait_for()
    page.wait_for_function("document.cookie.includes('stream_plain_editor=1')")
    page.reload()
    page.get_by_test_id("stMain").locator("textarea").first.wait_for()
    assert page.locator("iframe[title*='code_editor']").count() == 0


def test_screenshots_of_home_and_lesson(open_page):
    page = open_page("/?lang=en")
    page.get_by_test_id("stMain").locator("h1").first.wait_for()
    _shot(page, "home-en")
    page = open_page(f"/lesson?lesson={EXERCISE.lesson}&lang=ko")
    page.get_by_test_id("stMain").locator("h1").first.wait_for()
    _shot(page, "lesson-ko")
