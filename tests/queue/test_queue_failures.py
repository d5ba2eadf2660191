"""No submission lost: a worker killed mid-job, a message delivered twice, a poison job, workers all stopped,
the broker down at submit time; and hostile code through the queue is contained as it is locally."""
from __future__ import annotations

import socket
import time

import pytest
from sqlalchemy import func, select, update

import db
from db.models import Event, GradingWorker, Submission
from db.queries import xp_total
from gamification.events import EXERCISE_ATTEMPTED, EXERCISE_PASSED
from services import exercises as exercise_service
from services import grading_queue as gq
from tests.grader.test_hostile import HOSTILE, TAIL
from tests.queue.conftest import FIXTURES, TOY_XP, new_learner, wait_done

SOLUTION = (FIXTURES / "toy-grad" / "solution.py").read_text()
# Correct, but takes ~1.5 s of its 3 s limit: long enough to be caught mid-job.
SLOW = SOLUTION + "\nimport time\ntime.sleep(1.5)\n"


def _events(engine, learner: int, kind: str) -> int:
    with db.session_scope(engine) as session:
        return session.scalar(select(func.count()).select_from(Event).where(Event.learner_id == learner, Event.kind == kind))


def _row(engine, submission_id: int) -> Submission:
    with db.session_scope(engine) as session:
        row = session.get(Submission, submission_id)
        session.expunge(row)
        return row


@pytest.fixture(scope="module")
def two_workers(start_worker):
    return [start_worker(), start_worker()]


def test_a_duplicate_delivery_while_it_is_graded_is_refused_and_pays_once(two_workers, broker, queue_engine,
                                                                          queue_name):
    learner = new_learner(queue_engine)
    sid = gq.enqueue(queue_engine, broker, learner, "toy-grad", SLOW, "en", TOY_XP, queue_name)
    gq.send(broker, sid, "en", TOY_XP, queue_name)  # a duplicate delivery (a sweeper), taken by the other idle worker
    done = wait_done(queue_engine, sid)
    time.sleep(3)  # had the duplicate been graded too, it would have finished by now
    row = _row(queue_engine, sid)
    # The claim is refused while a live worker holds the row: graded once, not twice at the same time.
    assert (done.status, row.attempts) == ("pass", 1)
    with db.session_scope(queue_engine) as session:
        paid = xp_total(session, learner)
        assert exercise_service.rewards_of_submission(session, sid).xp == paid >= TOY_XP
    assert _events(queue_engine, learner, EXERCISE_ATTEMPTED) == 1
    assert _events(queue_engine, learner, EXERCISE_PASSED) == 1
    # Nothing else is due: the ledger cannot grow from this submission any more.
    gq.send(broker, sid, "en", TOY_XP, queue_name)
    time.sleep(2)
    with db.session_scope(queue_engine) as session:
        assert xp_total(session, learner) == paid


def test_a_worker_killed_mid_job_leaves_it_to_another_worker(two_workers, broker, queue_engine, queue_name):
    learner = new_learner(queue_engine)
    sid = gq.enqueue(queue_engine, broker, learner, "toy-grad", SLOW, "en", TOY_XP, queue_name)
    deadline = time.monotonic() + 30
    while (row := _row(queue_engine, sid)).state != "running":
        assert time.monotonic() < deadline, "no worker took the job"
        time.sleep(0.05)
    victim = next(w for w in two_workers if w.id == row.worker)
    survivor = next(w for w in two_workers if w is not victim)
    victim.kill9()

    done = wait_done(queue_engine, sid, timeout=120)  # broker heartbeat timeout (15 s) + the sweep
    assert (done.status, done.gradable, done.worker, done.attempts) == ("pass", True, survivor.id, 2)
    assert _events(queue_engine, learner, EXERCISE_PASSED) == 1
    with db.session_scope(queue_engine) as session:
        assert xp_total(session, learner) >= TOY_XP
        assert gq.queue_stats(session).workers_alive >= 1


def test_a_job_that_failed_max_attempts_is_a_grader_failure_not_an_attempt(two_workers, broker, queue_engine,
                                                                             queue_name):
    learner = new_learner(queue_engine)
    with db.session_scope(queue_engine) as session:
        sid = exercise_service.create_submission(session, learner, "toy-grad", SOLUTION).id
        session.execute(update(Submission).where(Submission.id == sid).values(attempts=gq.MAX_ATTEMPTS))
    gq.send(broker, sid, "en", TOY_XP, queue_name)
    done = wait_done(queue_engine, sid)
    assert (done.state, done.status, done.gradable, done.attempts) == ("done", "error", False, gq.MAX_ATTEMPTS + 1)
    with db.session_scope(queue_engine) as session:
        result = gq.submission_state(session, sid).result
        assert xp_total(session, learner) == 0
    assert [d["id"] for d in result["diagnoses"]] == ["grader_failed"]
    assert "not your fault" in result["message"] and "not count" in result["message"]
    assert _events(queue_engine, learner, EXERCISE_ATTEMPTED) == 0


@pytest.mark.parametrize("name", ["fork_bomb", "root_only_file", "infinite_loop", "subprocess_shell"])
def test_hostile_code_through_the_queue_is_contained_as_locally(two_workers, broker, queue_engine, queue_name, name):
    code, statuses = HOSTILE[name]
    learner = new_learner(queue_engine)
    started = time.monotonic()
    sid = gq.enqueue(queue_engine, broker, learner, "toy-grad", code + TAIL, "en", TOY_XP, queue_name)
    done = wait_done(queue_engine, sid, timeout=60)
    assert done.status in {s.value for s in statuses}, done.result_json
    assert time.monotonic() - started < 30
    with db.session_scope(queue_engine) as session:
        result = gq.submission_state(session, sid).result
    assert result["message"] and "/grader/" not in result["message"] and "harness" not in result["message"]


def test_network_from_a_queued_submission_reaches_nothing(two_workers, broker, queue_engine, queue_name):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(5)
    listener.settimeout(0.5)
    port = listener.getsockname()[1]
    code = f"import socket\nsocket.create_connection(('127.0.0.1', {port}), timeout=2)" + TAIL
    sid = gq.enqueue(queue_engine, broker, new_learner(queue_engine), "toy-grad", code, "en", TOY_XP, queue_name)
    done = wait_done(queue_engine, sid, timeout=60)
    with pytest.raises(socket.timeout):
        listener.accept()
    listener.close()
    assert done.status == "error"


def test_jobs_wait_in_the_broker_while_no_worker_runs(two_workers, start_worker, broker, queue_engine, queue_name):
    codes = {w.id: w.stop() for w in two_workers}
    assert sorted(codes.values()) == [-9, 0]  # the victim was killed; SIGTERM stops the survivor cleanly
    survivor = next(i for i, code in codes.items() if code == 0)
    with db.session_scope(queue_engine) as session:
        assert session.get(GradingWorker, survivor) is None  # a clean stop removes its heartbeat row at once
    learner = new_learner(queue_engine)
    ids = [gq.enqueue(queue_engine, broker, learner, "toy-grad", SOLUTION, "en", TOY_XP, queue_name) for _ in range(3)]
    assert broker.do_qsize(queue_name) >= 3  # held by the broker, not by any process of ours
    with db.session_scope(queue_engine) as session:
        assert [gq.place_in_queue(session, i) for i in ids] == [1, 2, 3]
    start_worker()
    assert all(wait_done(queue_engine, i).status == "pass" for i in ids)


def test_a_submission_made_while_the_broker_is_down_is_kept_and_sent_later(two_workers, start_worker, broker,
                                                                           queue_engine, queue_name):
    dead = gq.make_broker("redis://127.0.0.1:1/0")
    learner = new_learner(queue_engine)
    with pytest.raises(gq.BrokerUnavailable):
        gq.enqueue(queue_engine, dead, learner, "toy-grad", SOLUTION, "en", TOY_XP, queue_name)
    with db.session_scope(queue_engine) as session:
        stored = session.scalars(select(Submission).where(Submission.learner_id == learner)).one()
        assert (stored.state, stored.code) == ("queued", SOLUTION)  # nothing the learner typed is lost
        sid = stored.id
    # Any running worker resends it within RESEND_EVERY_S; do it here to keep the test short.
    assert gq.resend_unsent(queue_engine, broker, queue_name) == 1
    assert gq.resend_unsent(queue_engine, broker, queue_name) == 0
    assert wait_done(queue_engine, sid).status == "pass"
