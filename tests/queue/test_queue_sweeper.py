"""The sweeper closes the queue's two crash windows: a row committed whose message was never sent (the app died
between commit and send) and a row a dead worker held after its message was gone are graded after the grace
period, by a real worker on the real Redis, and pay once."""
from __future__ import annotations

import time

from sqlalchemy import update

import db
from db.models import Submission
from db.queries import xp_total
from services import exercises as exercise_service
from tests.queue.conftest import FIXTURES, TOY_XP, new_learner, wait_done

SOLUTION = (FIXTURES / "toy-grad" / "solution.py").read_text()
GRACE_S = 3.0


def test_a_row_committed_with_no_message_is_graded_after_the_grace(start_worker, queue_engine):
    worker = start_worker(grace_s=GRACE_S)
    learner = new_learner(queue_engine)
    with db.session_scope(queue_engine) as session:  # what enqueue commits before it sends; then the app died
        sid = exercise_service.create_submission(session, learner, "toy-grad", SOLUTION, lang="en",
                                                 base_xp=TOY_XP).id
    started = time.monotonic()
    done = wait_done(queue_engine, sid, timeout=60)
    assert time.monotonic() - started >= GRACE_S - 1.0  # not before the grace: a message may still be on its way
    assert (done.status, done.gradable, done.attempts, done.worker) == ("pass", True, 1, worker.id)
    assert done.sent_at is not None  # the sweeper sent it
    with db.session_scope(queue_engine) as session:
        assert exercise_service.rewards_of_submission(session, sid).xp == xp_total(session, learner) >= TOY_XP


def test_a_row_a_dead_worker_held_is_sent_again_and_paid_once(start_worker, queue_engine):
    start_worker(grace_s=GRACE_S)
    learner = new_learner(queue_engine)
    with db.session_scope(queue_engine) as session:
        sid = exercise_service.create_submission(session, learner, "toy-grad", SOLUTION, lang="en",
                                                 base_xp=TOY_XP).id
        # Claimed once by a worker that is gone (no heartbeat), whose message was acknowledged or lost.
        session.execute(update(Submission).where(Submission.id == sid)
                        .values(state="running", attempts=1, worker="gone-host:1:dead00"))
    done = wait_done(queue_engine, sid, timeout=60)
    assert (done.status, done.attempts) == ("pass", 2)
    with db.session_scope(queue_engine) as session:
        paid = xp_total(session, learner)
        assert paid >= TOY_XP and exercise_service.rewards_of_submission(session, sid).xp == paid
