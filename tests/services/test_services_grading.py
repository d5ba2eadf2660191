"""The grading pipeline's database side on SQLite and PostgreSQL: rows a dead process left are graded again
(once, even with two app processes recovering), the attempt budget ends in a grader failure that does not count,
what a submission paid is read through its own id, and the sweeper re-sends a row whose message was lost.

The grader here is a stand-in that returns a GradeResult (the real sandbox is tested in tests/grader, and end to
end in tests/browser and tests/queue); what is under test is who claims, who pays and how often."""
from __future__ import annotations

import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from db import Event, Submission, XpAward, session_scope
from db.models import AchievementAward
from db.types import utcnow
from gamification.events import EXERCISE_ATTEMPTED
from grader import GradeResult, Status
from services import exercises, grading_queue as gq, progress
from services.grading import MAX_ATTEMPTS, GradingService, LocalBackend, QueueBackend, grade_stored

REPO = Path(__file__).resolve().parents[2]
EX = "clip-global-norm-step"
BASE_XP = 30
DEAD = "some-host-that-is-gone:4242:dead00"  # never beat: no heartbeat row, so its claims are orphaned


class StandInPool:
    """What LocalBackend needs of services.grading.PoolHandle, grading instantly; counts each grade."""

    def __init__(self, workers: int = 2, status: Status = Status.PASS, delay_s: float = 0.0) -> None:
        self.pool = type("P", (), {"workers": workers})()
        self.ready = threading.Event()
        self.ready.set()
        self.error = None
        self.status = status
        self.delay_s = delay_s
        self.graded: list[str] = []
        self._lock = threading.Lock()

    def start_in_background(self) -> None:
        pass

    def grade(self, exercise_id: str, code: str, lang: str) -> GradeResult:
        time.sleep(self.delay_s)
        with self._lock:
            self.graded.append(code)
        passed = self.status is Status.PASS
        return GradeResult(exercise_id=exercise_id, status=self.status, gradable=True, score=1.0 if passed else 0.0,
                           message=f"graded in {lang}")

    def protections_missing(self) -> list[str]:
        return []

    def close(self) -> None:
        pass

    def retire(self) -> None:
        pass


@pytest.fixture
def learner_id(engine) -> int:
    with session_scope(engine) as session:
        return progress.get_local_learner(session).id


def _orphan(engine, learner_id: int, code: str, *, state: str, attempts: int = 0, worker: str | None = DEAD) -> int:
    """A row a killed process left: it had been handed to `worker` (and perhaps claimed), then nothing."""
    with session_scope(engine) as session:
        sid = exercises.create_submission(session, learner_id, EX, code, lang="en", base_xp=BASE_XP, worker=worker).id
        session.execute(update(Submission).where(Submission.id == sid).values(state=state, attempts=attempts))
    return sid


def _row(engine, sid: int) -> Submission:
    with session_scope(engine) as session:
        row = session.get(Submission, sid)
        session.expunge(row)
        return row


def _wait_done(engine, *sids: int, timeout: float = 20) -> list[Submission]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        rows = [_row(engine, sid) for sid in sids]
        if all(row.state == "done" for row in rows):
            return rows
        time.sleep(0.05)
    raise AssertionError(f"not graded within {timeout} s: {[(r.id, r.state, r.worker) for r in rows]}")


def _xp(engine, learner_id: int) -> int:
    with session_scope(engine) as session:
        return progress.xp_total(session, learner_id)


def _attempt_events(engine, learner_id: int) -> int:
    with session_scope(engine) as session:
        return session.scalar(select(func.count()).select_from(Event)
                              .where(Event.learner_id == learner_id, Event.kind == EXERCISE_ATTEMPTED))


def test_at_start_rows_left_queued_or_running_by_a_dead_process_are_graded_and_paid_once(engine, learner_id):
    queued = _orphan(engine, learner_id, "queued = 1", state="queued")
    running = _orphan(engine, learner_id, "running = 1", state="running", attempts=1)
    pool = StandInPool()
    backend = LocalBackend(engine, pool)
    try:
        rows = _wait_done(engine, queued, running)
    finally:
        backend.close()
    assert [(r.status, r.gradable, r.worker) for r in rows] == [("pass", True, backend.id)] * 2
    assert [r.attempts for r in rows] == [1, 2]  # the claim that died counted
    assert sorted(pool.graded) == ["queued = 1", "running = 1"]
    assert rows[0].result_json and "graded in en" in rows[0].result_json  # the stored language, not a default
    # Whichever pass was stored first paid the exercise (graded side by side); the other pays nothing more.
    with session_scope(engine) as session:
        paid = sorted(exercises.rewards_of_submission(session, r.id).xp for r in rows)
    assert paid[0] == 0 and paid[1] >= BASE_XP
    assert _xp(engine, learner_id) == paid[1]


def test_past_the_attempt_budget_the_learner_is_told_it_was_the_grader_and_it_does_not_count(engine, learner_id):
    sid = _orphan(engine, learner_id, "kills its grader = 1", state="running", attempts=MAX_ATTEMPTS)
    pool = StandInPool()
    backend = LocalBackend(engine, pool)
    try:
        (row,) = _wait_done(engine, sid)
    finally:
        backend.close()
    assert (row.status, row.gradable, row.attempts) == ("error", False, MAX_ATTEMPTS + 1)
    assert pool.graded == []  # not run a fourth time
    result = GradeResult.from_dict(__import__("json").loads(row.result_json))
    assert [d.id for d in result.diagnoses] == ["grader_failed"]
    assert "not your fault" in result.message and "does not count" in result.message
    assert _xp(engine, learner_id) == 0 and _attempt_events(engine, learner_id) == 0


def test_a_row_held_by_a_live_process_is_left_to_it(engine, learner_id):
    with session_scope(engine) as session:
        gq.beat(session, "elsewhere:1:live00", 1, 0)  # another host, heartbeat fresh: alive
    sid = _orphan(engine, learner_id, "theirs = 1", state="running", attempts=1, worker="elsewhere:1:live00")
    backend = LocalBackend(engine, StandInPool())
    try:
        assert backend.recover() == 0
        time.sleep(0.3)
        assert _row(engine, sid).state == "running"
        # Once its heartbeat is stale, the row is orphaned and taken over.
        with session_scope(engine) as session:
            gq.beat(session, "elsewhere:1:live00", 1, 0, now=utcnow() - timedelta(seconds=gq.WORKER_ALIVE_S + 5))
        assert backend.recover() == 1
        (row,) = _wait_done(engine, sid)
    finally:
        backend.close()
    assert (row.status, row.attempts, row.worker) == ("pass", 2, backend.id)


def test_two_app_processes_recovering_at_once_grade_each_orphan_once(engine, learner_id):
    sids = [_orphan(engine, learner_id, f"orphan_{i} = 1", state="queued") for i in range(6)]
    pools = [StandInPool(delay_s=0.05), StandInPool(delay_s=0.05)]
    backends = [LocalBackend(engine, pool) for pool in pools]  # each recovers at start, concurrently
    try:
        rows = _wait_done(engine, *sids)
        time.sleep(0.5)  # anything graded twice would have shown by now
    finally:
        for backend in backends:
            backend.close()
    graded = pools[0].graded + pools[1].graded
    assert sorted(graded) == sorted(f"orphan_{i} = 1" for i in range(6))
    assert all(row.attempts == 1 for row in rows)
    assert _attempt_events(engine, learner_id) == 6


def test_what_a_submission_paid_is_read_through_its_own_id(engine, learner_id):
    """Two submissions finished at the same instant (two tabs): each reads only its own ledger rows."""
    now = utcnow()
    with session_scope(engine) as session:
        a = exercises.create_submission(session, learner_id, EX, "a = 1", now).id
        b = exercises.create_submission(session, learner_id, "dqn-td-target", "b = 1", now).id
    passed = {"status": "pass", "gradable": True, "score": 1.0, "message": "", "mode": "grade"}
    with session_scope(engine) as session:
        paid_a = exercises.finish_submission(session, a, {**passed, "exercise_id": EX}, 30, now).xp_awarded
    with session_scope(engine) as session:
        paid_b = exercises.finish_submission(session, b, {**passed, "exercise_id": "dqn-td-target"}, 50, now).xp_awarded
    with session_scope(engine) as session:
        got_a, got_b = exercises.rewards_of_submission(session, a), exercises.rewards_of_submission(session, b)
        pointing = set(session.scalars(select(AchievementAward.submission_id).where(
            AchievementAward.learner_id == learner_id)))
        unlinked = session.scalar(select(func.count()).select_from(XpAward)
                                  .where(XpAward.learner_id == learner_id, XpAward.submission_id.is_(None)))
    assert (got_a.xp, got_b.xp) == (paid_a, paid_b) and paid_a != paid_b
    assert got_a.xp_total_before == 0 and got_b.xp_total_before == paid_a
    assert "first-pass" in got_a.achievement_ids or got_a.achievement_ids  # the first pass unlocks something
    assert not (got_a.achievement_ids & got_b.achievement_ids)
    assert pointing <= {a, b} and unlinked == 0


def test_the_service_stores_screened_code_as_not_counted_and_grades_the_rest(engine, learner_id):
    pool = StandInPool()
    service = GradingService(engine, LocalBackend(engine, pool), pool, REPO / "exercises", owns_pool=False)
    starter = (REPO / "exercises" / EX / "starter.py").read_text(encoding="utf-8")
    try:
        screened = service.submit(learner_id, EX, starter, "en", BASE_XP)
        graded = service.submit(learner_id, EX, "changed = 1\n", "en", BASE_XP)
        _wait_done(engine, graded)
        untouched, passed = service.submission(screened), service.submission(graded)
    finally:
        service.close()
    assert untouched.done and not untouched.result.gradable and untouched.paid.xp == 0
    assert untouched.result.diagnoses[0].id == "not_attempted"
    assert pool.graded == ["changed = 1\n"]  # the starter never reached the grader
    assert passed.result.passed and passed.paid.xp >= BASE_XP and passed.number == 2


class RecordingBroker:
    """Stands in for a Dramatiq broker: keeps the messages it is given (or refuses them all)."""

    def __init__(self, down: bool = False, waiting: int | None = None) -> None:
        self.down = down
        self.sent: list[int] = []
        if waiting is not None:  # a broker that can count its waiting messages, as RabbitMQ's can
            self.get_queue_message_counts = lambda queue_name: (waiting, 0, 0)

    def declare_queue(self, name: str) -> None:
        if self.down:
            raise ConnectionError("broker down")

    def enqueue(self, message) -> None:
        self.sent.append(message.args[0])

    def close(self) -> None:
        pass


def test_the_sweeper_resends_a_row_committed_without_a_message_once_after_the_grace(engine, learner_id):
    with session_scope(engine) as session:
        lost = exercises.create_submission(session, learner_id, EX, "lost = 1", utcnow() - timedelta(seconds=90),
                                           lang="en", base_xp=BASE_XP).id
        fresh = exercises.create_submission(session, learner_id, EX, "fresh = 1", lang="en", base_xp=BASE_XP).id
        gq.beat(session, "w-elsewhere:1:aa", 1, 0)
        held = exercises.create_submission(session, learner_id, EX, "held = 1", utcnow() - timedelta(seconds=90)).id
        session.execute(update(Submission).where(Submission.id == held).values(state="running", worker="w-elsewhere:1:aa"))
    one, two = RecordingBroker(), RecordingBroker()
    assert gq.sweep(engine, one, grace_s=60) == 1
    assert gq.sweep(engine, two, grace_s=60) == 0  # the row was taken by the first sweeper; within the grace again
    assert one.sent == [lost] and two.sent == []
    assert fresh not in one.sent and held not in one.sent
    # A sweeper that died after taking the row: once sent_at is older than the grace, it is sent again.
    later = utcnow() + timedelta(seconds=61)
    assert gq.sweep(engine, two, grace_s=60, now=later) >= 1 and lost in two.sent


def test_while_messages_wait_in_the_broker_a_queued_row_is_not_sent_again(engine, learner_id):
    with session_scope(engine) as session:
        waiting = exercises.create_submission(session, learner_id, EX, "in line = 1", utcnow() - timedelta(seconds=90),
                                              lang="en", base_xp=BASE_XP).id
        orphan = exercises.create_submission(session, learner_id, EX, "orphan = 1", utcnow() - timedelta(seconds=90)).id
        session.execute(update(Submission).where(Submission.id == orphan).values(state="running", worker=DEAD))
    busy = RecordingBroker(waiting=40)
    assert gq.sweep(engine, busy, grace_s=60) == 1
    assert busy.sent == [orphan]  # a row its dead holder had is sent; the one waiting in line is left alone
    idle = RecordingBroker(waiting=0)
    assert gq.sweep(engine, idle, grace_s=60) == 1 and idle.sent == [waiting]


def test_a_duplicate_delivery_is_refused_while_its_holder_lives_and_pays_once(engine, learner_id):
    with session_scope(engine) as session:
        sid = exercises.create_submission(session, learner_id, EX, "x = 1", lang="en", base_xp=BASE_XP).id
        gq.beat(session, "worker-a:1:aa", 1, 0)
        first = gq.claim(session, sid, "worker-a:1:aa")
    with session_scope(engine) as session:
        assert gq.claim(session, sid, "worker-b:2:bb") is None  # worker-a is alive: not graded twice at once
    pool = StandInPool()
    assert grade_stored(engine, pool.grade, sid, "worker-a:1:aa")  # worker-a's own claim goes on
    assert not grade_stored(engine, pool.grade, sid, "worker-b:2:bb")  # done: a redelivery does nothing
    assert first.attempts == 1 and _row(engine, sid).attempts == 2 and len(pool.graded) == 1
    assert _attempt_events(engine, learner_id) == 1


def test_the_queue_backend_keeps_the_row_when_the_broker_is_down(engine, learner_id):
    pool = StandInPool()
    service = GradingService(engine, QueueBackend(engine, RecordingBroker(down=True)), pool, REPO / "exercises",
                             owns_pool=False)
    sid = service.submit(learner_id, EX, "changed = 1\n", "en", BASE_XP)
    tracked = service.submission(sid)
    assert (tracked.state, tracked.broker_down, tracked.position) == ("queued", True, 1)


def test_settings_refuse_an_unknown_grading_backend():
    import settings

    with pytest.raises(ValueError, match="grading_backend .* must be one of local, queue; got 'celery'"):
        settings.build_settings({"STREAM_GRADING_BACKEND": "celery"})


def test_merging_a_profile_while_its_submission_waits_never_grades_it_for_both(engine, learner_id):
    from db.models import Learner
    from services.merge import merge_local_into

    waiting = _orphan(engine, learner_id, "waiting = 1", state="queued")
    with session_scope(engine) as session:
        account = Learner(kind="account", username="merger", display_name="M")
        session.add(account)
        session.flush()
        account_id = account.id
        merge_local_into(session, learner_id, account_id)
    pool = StandInPool()
    backend = LocalBackend(engine, pool)  # recovery finds the waiting row (its holder is gone)
    try:
        _wait_done(engine, waiting)
        time.sleep(0.5)
    finally:
        backend.close()
    assert pool.graded == ["waiting = 1"]  # graded once
    with session_scope(engine) as session:
        copies = session.scalar(select(func.count()).select_from(Submission).where(Submission.learner_id == account_id))
    assert copies == 0  # no ungraded copy for the account to be graded (and paid) again
