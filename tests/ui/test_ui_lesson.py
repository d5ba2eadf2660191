"""The lesson page: the seed's header, the body, exercises, mark complete (paid once), links and slots."""
from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.ui.conftest import APP, LESSON_PAGE, texts


def header_xp(at: AppTest) -> str:
    """The first stats line of the main area ("**레벨 0** · 10 XP · …")."""
    return next(m.value for m in at.main.markdown if "XP" in m.value and "·" in m.value)


def test_lesson_in_korean_mirrors_the_seed(open_page):
    at = open_page(LESSON_PAGE, lesson="tf-gradients-01")
    page = texts(at)
    assert [title.value for title in at.title] == ["첫 번째 레슨"]
    for expected in [
        "테스트 코스", "레슨 01 / 02", "~7분 · tape, basics",
        "**레벨 0** · 0 XP · 레슨 0/2 · 업적 0/17", "다음 레벨까지 0/100 XP · 100 XP 남음 · 0% 완료",
        "Tape는 연산을 **기록**해.", "첫 테이프 · python", "import tensorflow as tf",
        "연습 문제", "persistent tape 하나로 gradient 두 개 구하기 · 쉬움 · 15 XP",
        "진행 상황", "완료로 표시", "진행 상황은 이 기기에만 저장돼요",
        "다음: 두 번째 레슨 →", "문제 신고", "댓글",
    ]:
        assert expected in page, expected
    assert "이전:" not in page  # the first lesson has no previous one
    assert "공개" not in page  # the publishing status is for staff; a learner only ever sees published lessons
    assert sum("레벨 0" in m.value for m in at.markdown) == 1  # the stats once, in the page header (not the sidebar too)
    exercise_links = [link.proto.query_string for link in at.get("page_link") if "exercise=" in link.proto.query_string]
    assert exercise_links == ["exercise=tape-watch-persistent&lang=ko"]


def test_lesson_in_english(open_page):
    at = open_page(LESSON_PAGE, lang="en", lesson="tf-gradients-02")
    page = texts(at)
    assert [title.value for title in at.title] == ["Second lesson on clipping"]
    for expected in [
        "Test course", "Lesson 02 of 02", "~11 min · clipping",
        "**Level 0** · 0 XP · 0/2 lessons · 0/17 achievements",
        "0/100 XP to next level · 100 XP to go · 0% complete",
        "This lesson has no exercises.", "Mark complete",
        "Progress is local-only — sign in to sync across devices.",
        "← Previous: First lesson", "Report a problem", "Comments",
    ]:
        assert expected in page, expected


def test_mark_complete_pays_the_lessons_xp_once(open_page):
    at = open_page(LESSON_PAGE, lesson="tf-gradients-02")
    assert "· 0 XP ·" in header_xp(at)
    at.button(key="lesson_complete").click().run()
    assert not at.exception
    assert "· 20 XP · 레슨 1/2 ·" in header_xp(at)
    assert not [m for m in at.sidebar.markdown if "XP" in m.value]  # drawn once, in the header, as the seed
    # The first lesson ever also unlocks the "first lesson" achievement: named in a toast, with balloons.
    assert [toast.value for toast in at.toast] == ["+20 XP", "업적 달성: 📖 첫 페이지"]
    assert at.get("balloons")
    button = at.button(key="lesson_complete")
    assert button.label == "완료했어요 ✓" and button.disabled

    at.run()  # the button cannot be clicked again (AppTest refuses too); a rerun pays nothing more
    assert "· 20 XP ·" in header_xp(at) and not at.toast


def test_second_tab_cannot_pay_twice(open_page):
    first = open_page(LESSON_PAGE, lesson="tf-gradients-01")
    second = open_page(LESSON_PAGE, lesson="tf-gradients-01")  # opened before the first click
    first.button(key="lesson_complete").click().run()
    second.button(key="lesson_complete").click().run()
    assert not second.exception
    assert "· 10 XP ·" in header_xp(second)
    assert [toast.value for toast in second.toast] == ["이미 완료한 레슨이에요."]


def test_unknown_lesson_says_so_and_links_back(open_page):
    at = open_page(LESSON_PAGE, lesson="no-such-lesson")
    assert "'no-such-lesson' 레슨을 찾을 수 없어요" in at.error[0].value
    assert [link.proto.label for link in at.get("page_link")] == ["← 코스 목록으로"]
    assert not at.button


def test_unknown_lesson_in_english(open_page):
    at = open_page(LESSON_PAGE, lang="en", lesson="nope")
    assert "There is no lesson 'nope'" in at.error[0].value


def test_no_lesson_chosen(open_page):
    at = open_page(LESSON_PAGE)
    assert "레슨을 고르지 않았어요" in at.info[0].value


def test_draft_is_hidden_from_learners_and_shown_to_instructors(open_page, open_page_as):
    at = open_page(LESSON_PAGE, lesson="tf-gradients-03")
    assert "'tf-gradients-03' 레슨을 찾을 수 없어요" in at.error[0].value

    at = open_page_as("instructor", LESSON_PAGE, lesson="tf-gradients-03")
    page = texts(at)
    assert "레슨 03 / 03 · 초안" in page
    assert "초안이에요. 학습자에게는 보이지 않아요." in page
    # Nothing to complete in a draft (drafts can still be reported and, when signed in, commented on).
    keys = [button.key for button in at.button]
    assert "lesson_complete" not in keys and "report:lesson:tf-gradients-03:submit" in keys


def test_lesson_page_has_no_unsafe_html(open_page):
    at = open_page(LESSON_PAGE, lesson="tf-gradients-01")
    assert not any(m.proto.allow_html for m in at.markdown)
    # The only st.html is the stylesheet that puts Streamlit's own uploader words in Korean (ui/widgets.py).
    assert [h.proto.body.startswith("<style>") and "<script" not in h.proto.body for h in at.get("html")] == [True]


def test_page_renders_straight_from_the_app_file(app_env):
    """Without the fixture's helper: AppTest opens app.py on the lesson URL like a browser would."""
    at = AppTest.from_file(APP, default_timeout=30)
    at.switch_page(LESSON_PAGE)
    at.query_params["lesson"] = "tf-gradients-01"
    at.run()
    assert not at.exception
