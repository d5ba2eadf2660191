"""The exercise page on the queue backend: place in line while no worker runs, then the worker's verdict and XP,
and the same verdict in a second browser session (a second app replica reads the same database)."""
from __future__ import annotations

import time

import pytest
from streamlit.testing.v1 import AppTest

import db
import settings
from services import progress
from tests.queue.conftest import REPO

pytestmark = pytest.mark.parametrize("module_database_url", ["sqlite"], indirect=True, scope="module")

APP = str(REPO / "app.py")
PAGE = "ui/pages/exercise.py"
EXERCISE_ID = "tape-watch-persistent"
FOLDER = REPO / "exercises" / EXERCISE_ID
SOLUTION = (FOLDER / "solution.py").read_text(encoding="utf-8")


@pytest.fixture
def queue_app(monkeypatch, module_database_url, redis_url, queue_name, queue_engine):
    monkeypatch.setenv("STREAM_DATABASE_URL", module_database_url)
    monkeypatch.setenv("STREAM_GRADING_BACKEND", "queue")
    monkeypatch.setenv("STREAM_BROKER_URL", redis_url)
    monkeypatch.setenv("STREAM_GRADING_QUEUE", queue_name)
    monkeypatch.setenv("STREAM_PLAIN_EDITOR", "1")  # AppTest cannot drive the editor component
    for name in ("STREAM_EXERCISES_DIR", "STREAM_LESSONS_DIR", "STREAM_DEFAULT_LANG"):
        monkeypatch.delenv(name, raising=False)
    settings.get_settings.cache_clear()

    def open_page() -> AppTest:
        at = AppTest.from_file(APP, default_timeout=30)
        at.query_params["lang"] = "en"
        at.query_params["exercise"] = EXERCISE_ID
        at.switch_page(PAGE)
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        return at

    yield open_page
    settings.get_settings.cache_clear()


def _open(engine) -> list[int]:
    """The local learner's submissions not graded yet, as the page reads them."""
    from sqlalchemy import select

    from db.models import Submission

    with db.session_scope(engine) as session:
        learner = progress.get_local_learner(session).id
        return list(session.scalars(select(Submission.id).where(Submission.learner_id == learner,
                                                                Submission.state != "done")))


def _labels(at: AppTest) -> list[str]:
    return [s.label for s in at.status]


def _texts(at: AppTest) -> str:
    parts = [str(e.value) for kind in ("markdown", "caption", "info", "warning", "error", "success")
             for e in getattr(at, kind)]
    return "\n".join(parts + _labels(at))


def test_queued_then_graded_by_a_worker_and_seen_from_another_session(queue_app, start_worker, queue_engine):
    at = queue_app()
    at.text_area(key=f"ex:{EXERCISE_ID}:text").input(SOLUTION)
    at.button(key=f"ex:{EXERCISE_ID}:submit").click().run()
    assert not at.exception, [e.value for e in at.exception]
    # No worker yet: the submission waits, first in line, and the learner is told why.
    assert any("queued" in label and "number 1 in line" in label for label in _labels(at)), _labels(at)
    assert "No grading worker is running" in _texts(at)

    start_worker(exercises=REPO / "exercises")
    deadline = time.monotonic() + 90
    while _open(queue_engine):
        assert time.monotonic() < deadline, _labels(at)
        time.sleep(0.2)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    with db.session_scope(queue_engine) as session:
        xp = progress.xp_total(session, progress.get_local_learner(session).id)
    assert xp > 0
    toasts = " ".join(t.value for t in at.toast)
    assert f"+{xp} XP" in toasts, toasts
    # The worker awarded the first-pass achievements; this session learns of them from the database.
    assert "First Green" in toasts and "Bullseye" in toasts, toasts
    assert "Solved" in _texts(at) or "solved" in _texts(at).lower()

    other = queue_app()  # a fresh browser session (another replica would read the same rows)
    assert "solved" in _texts(other).lower()
    assert "queued" not in " ".join(_labels(other))


def test_a_page_that_waited_too_long_stops_and_says_the_submission_is_kept(queue_app, queue_engine, redis_url,
                                                                            monkeypatch):
    from services import grading_queue as gq
    from ui.exercise import live

    monkeypatch.setattr(live, "FOLLOW_S", 1.0)  # an hour in the app
    unheard = f"nobody-listens-{time.monotonic_ns()}"  # this module's worker listens on another queue
    monkeypatch.setenv("STREAM_GRADING_QUEUE", unheard)
    settings.get_settings.cache_clear()
    at = queue_app()
    at.text_area(key=f"ex:{EXERCISE_ID}:text").input(SOLUTION)
    at.button(key=f"ex:{EXERCISE_ID}:submit").click().run()
    (submission_id,) = _open(queue_engine)
    time.sleep(1.5)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("still no verdict" in label for label in _labels(at)), _labels(at)
    assert "The submission is kept" in _texts(at) + " ".join(m.value for m in at.markdown)
    with db.session_scope(queue_engine) as session:
        row = session.get(db.models.Submission, submission_id)
        assert row.state == "queued"  # still there for a worker
        session.delete(row)  # and not left for this module's other tests to count
    broker = gq.make_broker(redis_url)
    broker.flush(unheard)
    broker.close()


def test_instructors_see_queue_length_workers_alive_and_throughput(queue_app, queue_engine):
    from datetime import timedelta

    from db.models import Learner
    from db.types import utcnow
    from services import exercises as exercise_service
    from services import grading_queue as gq

    now = utcnow()
    with db.session_scope(queue_engine) as session:
        staff = Learner(kind="account", username="teacher-q", display_name="T", role="instructor")
        session.add(staff)
        session.flush()
        staff_id = staff.id
        before = gq.queue_stats(session, now)  # this module's real worker may be alive too
        waiting = [exercise_service.create_submission(session, staff_id, "not-sent", "x = 1").id for _ in range(2)]
        gq.beat(session, "host-a:101:aa", 2, 5, now=now)
        gq.beat(session, "host-b:102:bb", 2, 5, now=now - timedelta(seconds=gq.WORKER_ALIVE_S + 30))  # gone
        expected = gq.queue_stats(session, now)
    assert (expected.queued, expected.workers_alive) == (before.queued + 2, before.workers_alive + 1)

    at = AppTest.from_file(APP, default_timeout=30)
    at.query_params["lang"] = "en"
    at.session_state["account_id"] = staff_id
    at.switch_page("ui/pages/analytics.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    shown = {m.label: m.value for m in at.metric}
    assert shown["Waiting"] == str(expected.queued)
    assert shown["Workers alive"] == str(expected.workers_alive)
    assert "Graded per minute (last 10 min)" in shown
    with db.session_scope(queue_engine) as session:
        session.query(db.models.Submission).filter(db.models.Submission.id.in_(waiting)).delete()
        gq.retire(session, "host-a:101:aa")
        gq.retire(session, "host-b:102:bb")
