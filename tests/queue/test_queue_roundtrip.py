"""Enqueue -> a real worker grades -> the verdict and XP are visible from another session, on both databases."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

import db
from db.models import Submission
from db.queries import xp_total
from services import grading_queue as gq
from tests.queue.conftest import FIXTURES, TOY_XP, new_learner, wait_done

pytestmark = pytest.mark.parametrize("module_database_url", ["sqlite", "postgresql"], indirect=True, scope="module")

SOLUTION = (FIXTURES / "toy-grad" / "solution.py").read_text()
WRONG = SOLUTION.replace("x ** 2", "x ** 3")


def test_a_queued_submission_is_graded_and_seen_from_a_second_session(
        worker, broker, queue_engine, queue_name, module_database_url):
    learner = new_learner(queue_engine)
    wrong = gq.enqueue(queue_engine, broker, learner, "toy-grad", WRONG, "en", TOY_XP, queue_name)
    right = gq.enqueue(queue_engine, broker, learner, "toy-grad", SOLUTION, "en", TOY_XP, queue_name)

    # A second app replica: its own engine on the same database.
    other = db.make_engine(module_database_url)
    try:
        failed, passed = wait_done(other, wrong), wait_done(other, right)
        assert (failed.status, failed.gradable) == ("fail", True)
        assert (passed.status, passed.gradable, passed.score) == ("pass", True, 1.0)
        assert passed.worker == worker.id and passed.attempts == 1
        assert passed.created_at <= passed.started_at <= passed.finished_at
        with db.session_scope(other) as session:
            state = gq.submission_state(session, right)
            assert state.state == "done" and state.position == 0
            assert state.result["status"] == "pass" and state.result["message"]
            assert xp_total(session, learner) >= TOY_XP  # paid by the worker, read by the other replica
            assert gq.queue_stats(session).workers_alive >= 1
    finally:
        other.dispose()


def test_a_redelivered_message_after_the_grade_changes_nothing(worker, broker, queue_engine, queue_name):
    learner = new_learner(queue_engine)
    sid = gq.enqueue(queue_engine, broker, learner, "toy-grad", SOLUTION, "en", TOY_XP, queue_name)
    first = wait_done(queue_engine, sid)
    with db.session_scope(queue_engine) as session:
        xp_before = xp_total(session, learner)
    gq.send(broker, sid, "en", TOY_XP, queue_name)  # the broker delivers it again
    sentinel = gq.enqueue(queue_engine, broker, learner, "toy-grad", WRONG, "en", TOY_XP, queue_name)
    wait_done(queue_engine, sentinel)  # one worker thread, FIFO: the duplicate was handled before this
    with db.session_scope(queue_engine) as session:
        again = session.get(Submission, sid)
        assert (again.attempts, again.finished_at, again.result_json) == (1, first.finished_at, first.result_json)
        assert xp_total(session, learner) == xp_before


def test_place_in_queue_counts_the_queued_submissions_ahead(queue_engine):
    learner = new_learner(queue_engine)
    from services import exercises as exercise_service

    with db.session_scope(queue_engine) as session:
        ids = [exercise_service.create_submission(session, learner, "not-sent", "x = 1").id for _ in range(3)]
        ahead = session.scalar(select(func.count()).select_from(Submission)
                               .where(Submission.state == "queued", Submission.id < ids[0]))
        assert [gq.place_in_queue(session, i) for i in ids] == [ahead + 1, ahead + 2, ahead + 3]
        exercise_service.start_submission(session, ids[0])
        assert [gq.place_in_queue(session, i) for i in ids] == [0, ahead + 1, ahead + 2]
        assert gq.submission_state(session, ids[2]).state == "queued"
        session.query(Submission).filter(Submission.id.in_(ids)).delete()  # not-sent rows: keep the queue clean
