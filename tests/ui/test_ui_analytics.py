"""Analytics page: staff only, charts and CSV for a course with activity, and a plain message for an empty range."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from db import Learner, session_scope
from services import exercises, progress
from tests.ui.conftest import EXERCISE_ID, texts

ANALYTICS_PAGE = "ui/pages/analytics.py"


def _account(engine, role: str) -> int:
    with session_scope(engine) as session:
        person = Learner(kind="account", username=f"{role}1", display_name=role.title(), role=role)
        session.add(person)
        session.flush()
        return person.id


def _open(open_page, account_id: int, lang: str = "en"):
    # AppTest has no sign-in form to go through; the sign-in flow's only output is this session key.
    from streamlit.testing.v1 import AppTest

    from tests.ui.conftest import APP
    at = AppTest.from_file(APP, default_timeout=30)
    at.query_params["lang"] = lang
    at.session_state["account_id"] = account_id
    at.switch_page(ANALYTICS_PAGE)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.fixture
def activity(engine) -> None:
    """Today: one learner completed lesson 1, failed the exercise with a diagnosis, then passed it."""
    now = datetime.now(timezone.utc)
    with session_scope(engine) as session:
        learner = Learner(kind="account", username="stu", display_name="Stu")
        session.add(learner)
        session.flush()
        progress.complete_lesson(session, learner.id, "tf-gradients-01", 10, now)
        exercises.reveal_hint(session, learner.id, EXERCISE_ID, 0, now)
        learner_id = learner.id
    for offset, status, diagnoses in ((0, "fail", [{"id": "forgot_watch", "message": "m"}]), (5, "pass", [])):
        at = now + timedelta(seconds=offset)
        with session_scope(engine) as session:
            submission = exercises.create_submission(session, learner_id, EXERCISE_ID, "code", at)
        with session_scope(engine) as session:
            exercises.finish_submission(session, submission.id, {"status": status, "gradable": True, "score": 0.0,
                                                                  "diagnoses": diagnoses}, 20, at)


def test_a_learner_is_refused(open_page, engine):
    at = _open(open_page, _account(engine, "learner"))
    assert at.error and not at.get("vega_lite_chart") and not at.get("download_button")
    assert "Course analytics" not in texts(at)


def test_instructor_sees_charts_and_csv_downloads(open_page, engine, activity):
    at = _open(open_page, _account(engine, "instructor"))
    assert not at.error
    assert "Course analytics" in texts(at)
    assert len(at.get("vega_lite_chart")) == 5  # funnel, pass rates, mistakes, hints, daily active
    downloads = at.get("download_button")
    assert len(downloads) == 5
    assert "forgot_watch" in str(at.get("vega_lite_chart")[2].proto)


def test_empty_range_says_so(open_page, engine):
    at = _open(open_page, _account(engine, "admin"), lang="en")
    assert "No submissions in this range yet." in texts(at)
    assert "No lesson completions in this range yet." in texts(at)
    assert not at.get("download_button")


def test_korean_empty_message(open_page, engine):
    at = _open(open_page, _account(engine, "instructor"), lang="ko")
    assert "이 기간에는 아직 제출이 없어요." in texts(at)
