"""Three courses in a real browser, in Korean and English: the home page starts the learner at the first lesson
of TensorFlow 기초, and the first and last lesson of every course open with their title, code and exercises."""
from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from catalog import load_catalog
from tests.browser.harness import REPO, requires_chromium, streamlit_app

pytestmark = requires_chromium
HANGUL = re.compile(r"[가-힣]")


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    with streamlit_app(tmp_path_factory.mktemp("courses")) as url:
        yield url


def _published(course):
    return [lesson for lesson in course.lessons if lesson.status == "published"]


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_first_and_last_lesson_of_every_course_open_from_home(server, browser, lang):
    catalog = load_catalog(REPO / "lessons", REPO / "exercises")
    assert [course.id for course in catalog.courses] == ["tf-basics", "tf-gradients", "training-stability"]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(30_000)
    main = page.get_by_test_id("stMain")

    page.goto(f"{server}/?lang={lang}")
    first = _published(catalog.courses[0])[0]
    main.get_by_role("link", name="레슨 열기" if lang == "ko" else "Open the lesson").click()  # home's next step
    main.get_by_role("heading", name=first.text(lang).title).wait_for()

    for course in catalog.courses:
        lessons = _published(course)
        for lesson in (lessons[0], lessons[-1]):
            page.goto(f"{server}/lesson?lesson={lesson.id}&lang={lang}")
            main.get_by_role("heading", name=lesson.text(lang).title).wait_for()
            main.get_by_text(course.title_in(lang)).first.wait_for()
            main.get_by_test_id("stCode").first.wait_for()  # the lesson's code blocks are drawn
            main.get_by_text(re.compile("^(연습 문제|Exercises)$")).first.wait_for()  # down to its exercise list
            for exercise_id in lesson.exercises:  # every exercise of the lesson is offered, in the page's language
                title = catalog.exercise(exercise_id).text(lang).title
                assert main.get_by_role("link", name=re.compile(re.escape(title))).count() == 1, (lesson.id, title)
            if lang == "en":
                heading = main.get_by_role("heading", name=lesson.text("en").title).inner_text()
                assert not HANGUL.search(heading), heading
    context.close()
