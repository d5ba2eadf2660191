"""Report a problem on the lesson and exercise pages: thanks and one stored row, or a clear error with the text kept."""
from __future__ import annotations

from sqlalchemy import select

from db import ProblemReport, session_scope
from services.reports import MAX_TEXT_CHARS
from tests.ui.conftest import EXERCISE_ID, LESSON_PAGE, texts

EXERCISE_PAGE = "ui/pages/exercise.py"
LESSON = "tf-gradients-01"
KEY = f"report:lesson:{LESSON}"


def _stored(engine) -> list[tuple[str, str, str, str]]:
    with session_scope(engine) as session:
        return [(r.page_kind, r.page_id, r.category, r.text) for r in session.scalars(select(ProblemReport))]


def _send(at, text: str, category: str | None = None):
    if category:
        at.selectbox(key=f"{KEY}:category").set_value(category)
    at.text_area(key=f"{KEY}:text").input(text)
    at.button(key=f"{KEY}:submit").click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_the_box_sits_in_the_lesson_report_slot_with_its_limit(open_page):
    at = open_page(LESSON_PAGE, lesson=LESSON)
    assert "이 페이지에서 버그를 발견하셨거나 피드백이 있으세요? **문제 신고**" in [e.label for e in at.expander]
    assert f"최대 {MAX_TEXT_CHARS}자까지 쓸 수 있어요." in texts(at)
    assert at.selectbox(key=f"{KEY}:category").options == ["오타", "내용이 틀렸어요", "채점기 문제", "기타"]


def test_sending_a_report_thanks_the_learner_and_stores_one_row(open_page, engine):
    at = _send(open_page(LESSON_PAGE, lesson=LESSON), "<b>2단계</b> 설명이 틀렸어요", category="wrong_content")
    assert [s.value for s in at.success] == ["신고해 주셔서 고마워요! 강사가 확인할 거예요."]
    assert not at.error
    assert at.text_area(key=f"{KEY}:text").value == ""  # ready for the next one
    assert _stored(engine) == [("lesson", LESSON, "wrong_content", "<b>2단계</b> 설명이 틀렸어요")]
    assert "업적 달성: 🐞 버그 사냥꾼" in [toast.value for toast in at.toast]  # the first report's achievement


def test_an_empty_report_says_so_and_stores_nothing(open_page, engine):
    at = _send(open_page(LESSON_PAGE, lesson=LESSON), "   ")
    assert [e.value for e in at.error] == ["신고 내용을 입력해 주세요."]
    assert not at.success
    assert _stored(engine) == []


def test_an_over_long_report_keeps_what_was_typed(open_page, engine):
    typed = "너무 길어요 " * 400  # 2,800 characters
    at = _send(open_page(LESSON_PAGE, lang="en", lesson=LESSON), typed)
    (error,) = at.error
    assert error.value.startswith(f"Reports can be at most {MAX_TEXT_CHARS} characters; this one has")
    assert at.text_area(key=f"{KEY}:text").value == typed  # nothing lost: shorten it and send again
    assert _stored(engine) == []

    at = _send(at, typed[:MAX_TEXT_CHARS])
    assert [s.value for s in at.success] == ["Thanks for the report! The instructors will see it."]
    assert len(_stored(engine)) == 1


def test_the_exercise_page_has_the_box_too(open_page, engine, monkeypatch):
    monkeypatch.setenv("STREAM_PLAIN_EDITOR", "1")  # AppTest cannot drive the editor component
    at = open_page(EXERCISE_PAGE, lang="en", exercise=EXERCISE_ID)
    key = f"report:exercise:{EXERCISE_ID}"
    assert "Found a bug on this page or have feedback? **Report a problem**" in [e.label for e in at.expander]
    at.selectbox(key=f"{key}:category").set_value("grader_problem")
    at.text_area(key=f"{key}:text").input("My right answer fails check 2.")
    at.button(key=f"{key}:submit").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert [s.value for s in at.success] == ["Thanks for the report! The instructors will see it."]
    assert _stored(engine) == [("exercise", EXERCISE_ID, "grader_problem", "My right answer fails check 2.")]
