"""The instructor home: refused to learners, content problems as file:line: message, drafts, the report inbox."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

import db
from services import progress, reports
from tests.ui.conftest import CATALOG_PAGE, INSTRUCTOR_PAGE, texts

NOW = datetime(2026, 5, 4, 12, 0, tzinfo=timezone.utc)
REFUSAL = "강사용 페이지예요. 강사 계정으로 로그인하면 열 수 있어요."


def test_local_learner_is_refused(open_page, app_env):
    (app_env / "lessons" / "tf-gradients" / "04-broken.md").write_text("no front matter\n", encoding="utf-8")
    at = open_page(INSTRUCTOR_PAGE)
    assert [e.value for e in at.error] == [REFUSAL]
    assert "04-broken.md" not in texts(at) and "콘텐츠 문제" not in texts(at)


def test_learner_account_is_refused(open_page_as):
    at = open_page_as("learner", INSTRUCTOR_PAGE)
    assert [e.value for e in at.error] == [REFUSAL]
    assert not at.tabs


@pytest.mark.parametrize("role", ["instructor", "admin"])
def test_staff_get_in(open_page_as, role):
    at = open_page_as(role, INSTRUCTOR_PAGE)
    assert not at.error
    assert [tab.label for tab in at.tabs] == ["문제 신고", "댓글 관리", "콘텐츠"]


def test_lists_problems_as_file_line_message(open_page_as, app_env):
    broken = app_env / "lessons" / "tf-gradients" / "04-broken.md"
    broken.write_text("---\nid: tf-gradients-04\ntitle: [unclosed\n---\nbody\n", encoding="utf-8")
    at = open_page_as("instructor", INSTRUCTOR_PAGE)
    assert "콘텐츠 문제 (1)" in texts(at)
    (line,) = [code.value for code in at.code if str(broken) in code.value]
    assert line.startswith(f"{broken}:") and line.split(":", 2)[1].isdigit()


def test_no_problems(open_page_as):
    at = open_page_as("instructor", INSTRUCTOR_PAGE, lang="en")
    assert "Content problems (0)" in texts(at)
    assert "No problems. Every lesson file was read." in texts(at)


def test_drafts_are_listed_and_marked_for_staff_only(open_page, open_page_as):
    at = open_page_as("instructor", INSTRUCTOR_PAGE)
    assert "초안 레슨 (1)" in texts(at)
    assert "`tf-gradients-03` [초안] 초안 레슨" in texts(at)
    learner = open_page(CATALOG_PAGE)
    assert "초안 레슨" not in texts(learner)
    teacher = open_page_as("instructor", CATALOG_PAGE)
    assert "03 · [초안] 초안 레슨" in texts(teacher)


@pytest.fixture
def filed(engine):
    """Three reports: two on lesson 01 (a typo, then wrong content), one on the exercise."""
    with db.session_scope(engine) as session:
        learner = progress.get_local_learner(session).id
        for minutes, kind, page, category, text in [
            (0, "lesson", "tf-gradients-01", "typo", "오타가 있어요: gradeint"),
            (1, "exercise", "tape-watch-persistent", "grader_problem", "채점기가 정답을 틀렸대요"),
            (2, "lesson", "tf-gradients-01", "wrong_content", "2단계 설명이 틀렸어요"),
        ]:
            reports.file_report(session, learner, kind, page, category, text, NOW + timedelta(minutes=minutes))


def report_texts(at) -> list[str]:
    return [element.value for element in at.get("text")]


def test_inbox_lists_open_reports_newest_first(open_page_as, filed):
    at = open_page_as("instructor", INSTRUCTOR_PAGE)
    assert report_texts(at) == ["2단계 설명이 틀렸어요", "채점기가 정답을 틀렸대요", "오타가 있어요: gradeint"]
    assert "신고 3건" in texts(at)
    assert "내용이 틀렸어요 · 레슨 `tf-gradients-01` · 2026-05-04 21:02 KST" in texts(at)


def test_inbox_filters_by_page_and_category(open_page_as, filed):
    at = open_page_as("instructor", INSTRUCTOR_PAGE)
    at.selectbox(key="report_inbox:page").set_value("tf-gradients-01").run()
    assert report_texts(at) == ["2단계 설명이 틀렸어요", "오타가 있어요: gradeint"]
    at.selectbox(key="report_inbox:category").set_value("typo").run()
    assert report_texts(at) == ["오타가 있어요: gradeint"]
    at.selectbox(key="report_inbox:page").set_value("tape-watch-persistent").run()
    assert report_texts(at) == []
    assert "조건에 맞는 신고가 없어요." in texts(at)


def test_resolve_then_reopen(open_page_as, filed, engine):
    at = open_page_as("instructor", INSTRUCTOR_PAGE)
    with db.session_scope(engine) as session:
        typo = reports.list_reports(session, category="typo")[0].id
    at.button(key=f"report_inbox:{typo}:resolve").click().run()
    assert "신고를 해결됨으로 표시했어요." in texts(at)
    assert "오타가 있어요: gradeint" not in report_texts(at)  # gone from the open list
    with db.session_scope(engine) as session:
        assert [r.text for r in reports.list_reports(session, status="resolved")] == ["오타가 있어요: gradeint"]

    at.selectbox(key="report_inbox:status").set_value("resolved").run()
    assert report_texts(at) == ["오타가 있어요: gradeint"]
    assert any(caption.value.startswith("해결: ") for caption in at.caption)
    at.button(key=f"report_inbox:{typo}:reopen").click().run()
    assert "신고를 다시 열었어요." in texts(at)
    assert report_texts(at) == []
    with db.session_scope(engine) as session:
        assert reports.list_reports(session, status="resolved") == []


def test_comment_moderation_tab_draws_the_queue(open_page_as):
    at = open_page_as("instructor", INSTRUCTOR_PAGE, lang="en")
    queue = at.tabs[1]
    assert [element.value for element in queue.subheader] == ["Flagged comments"]
