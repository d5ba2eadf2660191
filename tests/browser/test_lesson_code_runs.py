"""A lesson code block runs in a real browser: Run under the block, and below it what the block printed (the same
text as the lesson's output block), after the blocks it builds on; Try it edits it and Run shows the new output."""
from __future__ import annotations

from collections.abc import Iterator

import pytest

from catalog import load_catalog
from catalog.render import to_blocks
from services import lesson_code
from tests.browser.harness import requires_chromium, streamlit_app

pytestmark = requires_chromium
LESSON = "tf-gradients-01"
RUN_WAIT_MS = 120_000  # a cold pool imports TensorFlow first


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("lesson-code")
    with streamlit_app(tmp) as url:
        yield url


def _second_block(lang: str):
    """The lesson's second runnable block with an output block: it needs the first one run before it."""
    lesson = next(x for x in load_catalog().lessons if x.id == LESSON)
    plan = lesson_code.plan(to_blocks(lesson.text(lang).body))
    with_output = [e for e in plan.runnable if e.output is not None and e.code.output != "varies"]
    position = [e.index for e in plan.runnable].index(with_output[1].index)
    return position, with_output[1]


@pytest.mark.parametrize(("lang", "run", "label"), [("ko", "실행", "실행 결과"), ("en", "Run", "Result")])
def test_a_lesson_block_runs_and_shows_its_output(browser, site, tmp_path, lang, run, label):
    position, entry = _second_block(lang)
    context = browser.new_context(locale="ko-KR" if lang == "ko" else "en-US", viewport={"width": 1280, "height": 2000})
    page = context.new_page()
    page.set_default_timeout(60_000)
    try:
        page.goto(f"{site}/lesson?lesson={LESSON}&lang={lang}")
        main = page.get_by_test_id("stMain")
        buttons = main.get_by_role("button", name=run, exact=True)
        buttons.first.wait_for()
        buttons.nth(position).click()
        result = main.locator(".stream-run-output")
        result.first.wait_for(timeout=RUN_WAIT_MS)
        text = result.first.inner_text()
        assert label in text
        want = lesson_code.normalise_output(entry.output.text)
        assert lesson_code.normalise_output(text.split(label, 1)[1]) == want
        page.screenshot(path=str(tmp_path / f"lesson-code-{lang}.png"), full_page=True)  # an artifact, not committed
        if lang == "en":  # Try it: the block becomes an editor in place; Run shows the edited block's output
            main.get_by_role("button", name="Try it", exact=True).nth(position).click()
            editor = main.locator("textarea").first
            editor.wait_for()
            editor.fill('print("edited", 6 * 7)')
            editor.press("Control+Enter")
            buttons.nth(position).click()
            page.wait_for_function("""() => [...document.querySelectorAll('.stream-run-output')]
                .some(o => o.innerText.includes('edited 42'))""", timeout=RUN_WAIT_MS)
    finally:
        context.close()
