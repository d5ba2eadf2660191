"""A learner's journey in a real browser: open a lesson, mark it complete, see the XP change; switch language."""
from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from tests.browser.harness import first_lesson, requires_chromium, streamlit_app

pytestmark = requires_chromium


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    with streamlit_app(tmp_path_factory.mktemp("journey")) as url:
        yield url


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="ko-KR")
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    context.close()


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
