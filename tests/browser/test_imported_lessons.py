"""Imported lessons in a real browser: no literal HTML tags, every image drawn, one title, outputs that are not
code, LaTeX typeset, and nothing from the imported HTML runs."""
from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from catalog.importer import plan_import, write_plan
from tests.browser.harness import requires_chromium, streamlit_app
from tests.catalog.import_fixtures import keras_guides, mkdocs_project, notebook, png

pytestmark = requires_chromium

# Runs in the page: what the lesson body shows, as the browser built it.
INSPECT = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  const images = [...main.querySelectorAll('img')].map(i => ({src: i.src.slice(0, 60),
                                                              ok: i.complete && i.naturalWidth > 0}));
  const titles = [...main.querySelectorAll('h1')].map(h => h.innerText.trim());
  const outputs = [...main.querySelectorAll('.stream-output')].map(o => ({text: o.innerText,
      buttons: o.querySelectorAll('button').length, code: o.querySelectorAll('code').length}));
  const handlers = [...main.querySelectorAll('*')]
      .filter(e => [...e.attributes].some(a => a.name.startsWith('on'))).length;
  return {text: main.innerText, images, titles, outputs, handlers, katex: main.querySelectorAll('.katex').length,
          pre: [...main.querySelectorAll('.stream-pre')].map(p => getComputedStyle(p).whiteSpace)};
}"""
LITERAL_TAG = re.compile(r"</?(?:div|span|pre|img|br|p|b|a|table|details|summary|font|iframe|script|style)\b[^>\n]*>",
                         re.I)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Iterator[tuple[str, dict[str, str]]]:
    tmp = tmp_path_factory.mktemp("imported")
    lessons, exercises = tmp / "lessons", tmp / "exercises"
    exercises.mkdir()
    ids = {}
    for name, source in (("keras", keras_guides(tmp / "src")), ("mkdocs", mkdocs_project(tmp / "src")),
                         ("notebook", notebook(tmp / "src"))):
        plan = plan_import(source, lessons, "imported", publish=True)
        write_plan(plan)
        for index, lesson in enumerate(plan.lessons):
            ids[f"{name}{index or ''}"] = lesson.lesson_id
    with streamlit_app(tmp, lessons_dir=str(lessons), exercises_dir=str(exercises)) as url:
        yield url, ids


def _open(browser, url: str, lesson_id: str, images: int, katex: bool):
    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 2400})
    page = context.new_page()
    page.set_default_timeout(60_000)
    # No network here: https images (a Colab badge, a favicon) are answered with a picture, so "shown" is decided
    # by how the page draws them, not by the internet.
    picture = png(16, 16)
    page.route(re.compile(r"^https://(?!127\.0\.0\.1)"), lambda route: route.fulfill(
        status=200, content_type="image/png", body=picture))
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(f"{url}/lesson?lesson={lesson_id}&lang=en")
    page.get_by_test_id("stMain").get_by_role("heading", name="Exercises").wait_for()
    try:  # Streamlit may draw an element twice while the page settles: give the images a moment to load
        page.wait_for_function("""(n) => {
            const all = [...document.querySelectorAll('[data-testid="stMain"] img')];
            return all.length >= n && all.every(i => i.complete && i.naturalWidth > 0); }""", arg=images, timeout=15_000)
    except PlaywrightTimeout:
        pass  # the assertions below say which image did not show
    if katex:  # KaTeX typesets after the markdown is drawn; on a busy machine that can take a moment
        try:
            page.locator('[data-testid="stMain"] .katex').first.wait_for(timeout=15_000)
        except PlaywrightTimeout:
            pass
    return context, page, dialogs


@pytest.mark.parametrize("source,title,images,outputs,katex", [
    ("keras", "Training a small classifier", 4, 1, False),
    ("mkdocs", "Why gradients explode", 1, 0, True),
    ("mkdocs1", "Clipping the global norm", 1, 1, True),
    ("notebook", "Watching a loss fall", 2, 3, True),
])
def test_imported_lesson_in_chromium(site, browser, source, title, images, outputs, katex):
    url, ids = site
    context, page, dialogs = _open(browser, url, ids[source], images, katex)
    try:
        shown = page.evaluate(INSPECT)
    finally:
        context.close()
    assert shown["titles"] == [title]  # once, as the page's title
    assert not LITERAL_TAG.search(shown["text"]), LITERAL_TAG.findall(shown["text"])[:5]
    assert len(shown["images"]) == images and all(image["ok"] for image in shown["images"]), shown["images"]
    assert len(shown["outputs"]) == outputs
    for output in shown["outputs"]:
        assert output["buttons"] == 0 and output["code"] == 0 and output["text"].startswith("Output\n")
    assert (shown["katex"] > 0) == katex and "$" not in shown["text"].replace("$$", "")  # no raw $…$ left
    assert shown["handlers"] == 0 and not dialogs
    assert all(space == "pre" for space in shown["pre"])
    if source == "keras":
        assert "┃ Layer (type)" in shown["text"] and "Epoch 1/2\n2/2" in shown["text"]
        assert shown["images"][2]["src"].startswith("data:image/png;base64,")
