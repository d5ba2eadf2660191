"""Problem reports: stored as typed, refused when unusable (nothing written), and the first one unlocks an achievement."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest
from sqlalchemy import func, select

from db import AchievementAward, Event, ProblemReport, session_scope
from services import progress, reports
from services.reports import MAX_TEXT_CHARS, InvalidReport

NOW = datetime(2026, 5, 4, 12, 0, tzinfo=timezone.utc)
HOSTILE = ["'); DROP TABLE learners; --", "<script>alert(1)</script>", "Robert'); DELETE FROM events WHERE ('1'='1"]


@pytest.fixture
def learner_id(engine) -> int:
    with session_scope(engine) as session:
        return progress.get_local_learner(session).id


def _count(engine, model) -> int:
    with session_scope(engine) as session:
        return session.scalar(select(func.count()).select_from(model))


def _file(engine, learner_id, text="The loss is wrong in step 2.", *, kind="lesson", page="tf-gradients-01",
          category="wrong_content"):
    with session_scope(engine) as session:
        filed = reports.file_report(session, learner_id, kind, page, category, text, NOW)
        return filed.report.id, filed.rewards


def test_a_report_is_stored_as_typed_and_open(engine, learner_id):
    report_id, _ = _file(engine, learner_id, "  오타: 'gradeint' → 'gradient'\n")
    with session_scope(engine) as session:
        (stored,) = reports.list_reports(session)
        assert stored.id == report_id
        assert (stored.learner_id, stored.page_kind, stored.page_id, stored.category, stored.text, stored.status) == (
            learner_id, "lesson", "tf-gradients-01", "wrong_content", "오타: 'gradeint' → 'gradient'", "open"
        )
        assert stored.created_at == NOW and stored.created_at.tzinfo is not None
        assert stored.resolved_at is None


@pytest.mark.parametrize("text", HOSTILE)
def test_sql_and_html_are_stored_verbatim_and_harm_nothing(engine, learner_id, text):
    _file(engine, learner_id, text, kind="exercise", page="tape-watch-persistent", category="other")
    with session_scope(engine) as session:
        assert [r.text for r in reports.list_reports(session)] == [text]
    with session_scope(engine) as session:
        assert progress.get_local_learner(session).id == learner_id  # the learners table is still there


def test_the_longest_allowed_text_is_kept_whole(engine, learner_id):
    text = "가" * MAX_TEXT_CHARS  # characters, not bytes: 2000 Korean syllables are 6000 bytes
    _file(engine, learner_id, text)
    with session_scope(engine) as session:
        assert reports.list_reports(session)[0].text == text


@pytest.mark.parametrize(("args", "key"), [
    ({"text": ""}, "report.empty"),
    ({"text": "   \n\t "}, "report.empty"),
    ({"text": "x" * (MAX_TEXT_CHARS + 1)}, "report.too_long"),
    ({"category": "spam"}, "report.bad_category"),
    ({"category": None}, "report.bad_category"),
    ({"kind": "profile"}, "report.bad_page"),
    ({"page": ""}, "report.bad_page"),
])
def test_unusable_reports_are_refused_and_nothing_is_stored(engine, learner_id, args, key):
    with pytest.raises(InvalidReport) as refused:
        _file(engine, learner_id, **args)
    assert refused.value.key == key
    assert isinstance(refused.value, ValueError)
    assert _count(engine, ProblemReport) == 0
    assert _count(engine, Event) == 0
    assert _count(engine, AchievementAward) == 0


def test_the_first_report_unlocks_first_report_and_later_ones_do_not(engine, learner_id):
    _, first = _file(engine, learner_id)
    _, second = _file(engine, learner_id, "Another one", category="typo")
    assert "first_report" in [a.id for a in first.achievements]
    assert "first_report" not in [a.id for a in second.achievements]
    assert second.recorded  # every report is its own event
    with session_scope(engine) as session:
        assert session.scalars(select(Event.kind)).all() == ["report_filed", "report_filed"]


def test_twenty_reports_at_once_all_land_and_unlock_first_report_exactly_once(engine, learner_id, run_at_once):
    def report(i, barrier):
        with session_scope(engine) as session:
            barrier.wait()
            filed = reports.file_report(session, learner_id, "exercise", "tape-watch-persistent", "grader_problem",
                                        f"report {i}", NOW)
            return [a.id for a in filed.rewards.achievements]

    unlocked = run_at_once(20, report)
    assert sum(ids.count("first_report") for ids in unlocked) == 1
    assert _count(engine, ProblemReport) == 20
    with session_scope(engine) as session:
        awarded = session.scalars(
            select(AchievementAward.achievement_id).where(AchievementAward.achievement_id == "first_report")
        ).all()
        assert awarded == ["first_report"]


def test_the_inbox_filters_by_status_page_and_category_newest_first(engine, learner_id):
    a, _ = _file(engine, learner_id, "a", page="l1", category="typo")
    b, _ = _file(engine, learner_id, "b", page="l2", category="typo")
    c, _ = _file(engine, learner_id, "c", page="l1", category="other")
    with session_scope(engine) as session:
        session.get(ProblemReport, a).status = "resolved"
        session.get(ProblemReport, a).resolved_at = NOW
    with session_scope(engine) as session:
        ids = lambda **f: [r.id for r in reports.list_reports(session, **f)]  # noqa: E731
        assert ids() == [c, b, a]  # same created_at: the later report first
        assert ids(status="open") == [c, b]
        assert ids(status="resolved") == [a]
        assert ids(page_id="l1") == [c, a]
        assert ids(category="typo") == [b, a]
        assert ids(status="open", page_id="l1", category="typo") == []


def test_the_database_itself_refuses_an_unknown_category(engine, learner_id):
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError):
        with session_scope(engine) as session:
            session.add(ProblemReport(learner_id=learner_id, page_kind="lesson", page_id="x", category="spam",
                                      text="t", created_at=NOW))
