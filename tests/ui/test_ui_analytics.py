"""Analytics page: staff only, charts and CSV for a course with activity, and a plain message for an empty range."""
from __future__ import annotations

import json
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


@pytest.mark.parametrize("lang, said", [
    ("en", "Exercise figures count learners whose first graded attempt falls in the range; "
           "passed counts those of them who have passed by now, even after the range ends."),
    ("ko", "문제 통계는 첫 채점 제출이 기간 안에 있는 학습자를 세고, 통과는 그중 지금까지 통과한 학습자예요"),
])
def test_the_page_says_what_the_pass_rate_counts(open_page, engine, activity, lang, said):
    at = _open(open_page, _account(engine, "instructor"), lang=lang)
    assert said in texts(at)
    axis = json.loads(at.get("vega_lite_chart")[1].proto.spec)["encoding"]["x"]["title"]
    assert axis == ("Pass rate (passed by now)" if lang == "en" else "통과율 (지금까지 통과)")


def test_daily_active_follows_the_chosen_course(open_page, engine, app_env):
    from tests.ui.conftest import COURSE_YAML, lesson_file

    other = app_env / "lessons" / "other"
    other.mkdir()
    # Its own title: the course picker tells courses apart by title.
    course_yaml = COURSE_YAML.replace("id: tf-gradients", "id: other").replace("Test course", "Other course")
    (other / "course.yaml").write_text(course_yaml.replace("테스트 코스", "다른 코스"), encoding="utf-8")
    (other / "01-o.md").write_text(lesson_file(1, title="다른 코스").replace("tf-gradients-01", "other-01"),
                                   encoding="utf-8")
    with session_scope(engine) as session:
        learner = Learner(kind="account", username="only-other", display_name="O")
        session.add(learner)
        session.flush()
        progress.complete_lesson(session, learner.id, "other-01", 10, datetime.now(timezone.utc))
    at = _open(open_page, _account(engine, "instructor"))
    assert ("Daily active counts this course's learners (anyone who has completed one of its lessons or worked on "
            "one of its exercises) on each day they used the app.") in texts(at)

    at.selectbox(key="analytics_course").set_value("tf-gradients").run()
    assert "No learner activity in this range yet." in texts(at)  # the other course's learner is not here
    assert not _daily_active_table(at)

    at.selectbox(key="analytics_course").set_value("other").run()
    assert "No learner activity in this range yet." not in texts(at)
    assert list(_daily_active_table(at)[0]["learners"]) == [1]


def _daily_active_table(at) -> list:
    return [table.value for table in at.dataframe if "day" in table.value.columns]
