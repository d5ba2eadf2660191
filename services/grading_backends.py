"""The grading backends behind services/grading.py, and the step both share.

- `LocalBackend` grades in this process's warm pool (`PoolHandle`). The process registers as a grader in
  `grading_workers` (heartbeat), so a row it holds is known to be orphaned once it dies; at start and every
  RECOVER_EVERY_S it takes over rows left queued or running by dead processes (compare-and-set on the holder: of two
  app processes sharing a database exactly one takes each row) and grades them again.
- `QueueBackend` sends the row's id to the Dramatiq workers (services/worker.py), whose sweeper re-sends rows no
  live worker holds after the grace period.
- `grade_stored`: claim (counting the attempt), grade, store once, pay once; past MAX_ATTEMPTS claims a grader
  failure is stored instead: not the learner's fault and not an attempt. The queue worker runs the same step.
"""
from __future__ import annotations

import logging
import os
import queue
import secrets
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import Engine, or_, select, update

import db
from db.models import Submission
from db.types import utcnow
from grader import GradeResult, GraderPool, Ticket
from services import exercises as exercise_service
from services import grading_queue as gq

log = logging.getLogger("services.grading")

MAX_ATTEMPTS = gq.MAX_ATTEMPTS
HEARTBEAT_S = 5.0  # the local grader's heartbeat; alive means seen within gq.WORKER_ALIVE_S
RECOVER_EVERY_S = 30.0  # the local backend also looks for rows orphaned by another (dead) app process this often
JOB_WAIT_S = 300.0  # bounds one grade; the pool enforces each exercise's own limit well before this
RETIRE_WAIT_S = 120.0  # a replaced pool gets this long to finish what it had queued before it closes


def new_worker_id() -> str:
    """host:pid:random, unique per process (grading_workers.id); gq.beat reads the pid back from it."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"


# ---- the grading step both backends share ------------------------------------------------------------------
GradeFn = Callable[[str, str, str], GradeResult]  # (exercise_id, code, lang) -> the grader's verdict


def grade_stored(engine: Engine, grade: GradeFn, submission_id: int, worker_id: str, *, lang: str = "ko",
                 base_xp: int = 0) -> bool:
    """Claim a stored submission, grade it, store the grade and pay once. False if there was nothing to do (done
    already, or a live process holds it). Past MAX_ATTEMPTS claims a grader failure is stored instead of grading.
    If grading raises, the claim is given back and the exception propagates (the caller retries)."""
    with db.session_scope(engine) as session:
        claim = gq.claim(session, submission_id, worker_id)
    if claim is None:
        return False
    lang = claim.lang or lang
    base_xp = claim.base_xp if claim.base_xp is not None else base_xp
    if claim.attempts > MAX_ATTEMPTS:
        log.warning("submission %s was tried %d times; storing a grader failure", submission_id, MAX_ATTEMPTS)
        result = gq.grader_failure(claim.exercise_id, lang, MAX_ATTEMPTS)
    else:
        try:
            result = grade(claim.exercise_id, claim.code, lang).to_dict()
        except Exception as exc:
            with db.session_scope(engine) as session:
                gq.release(session, submission_id, worker_id, f"{type(exc).__name__}: {exc}")
            raise
    with db.session_scope(engine) as session:
        exercise_service.finish_submission(session, submission_id, result, base_xp)
    return True


# ---- the process's warm pool -------------------------------------------------------------------------------
class PoolHandle:
    """One GraderPool plus whether its zygote is up yet, and why not if it failed."""

    def __init__(self, pool: GraderPool) -> None:
        self.pool = pool
        self.ready = threading.Event()
        self.error: str | None = None
        self._lock = threading.Lock()
        self._starting = False

    def start_in_background(self) -> None:
        """Start (or retry) the zygote on a thread; jobs submitted meanwhile wait in the pool's queue."""
        with self._lock:
            if self._starting or self.ready.is_set():
                return
            self._starting, self.error = True, None
        threading.Thread(target=self._start, name="grader-warmup", daemon=True).start()

    def _start(self) -> None:
        try:
            self.pool.start()
            self.ready.set()
        except Exception as exc:  # shown on the page; the next submit retries
            log.exception("the grader could not start")
            self.error = f"{type(exc).__name__}: {exc}"
        finally:
            with self._lock:
                self._starting = False

    def submit(self, exercise_id: str, code: str, lang: str, mode: str) -> Ticket:
        if self.error or not self.ready.is_set():
            self.start_in_background()
        return self.pool.submit(exercise_id, code, lang, mode=mode, screened=True)

    def grade(self, exercise_id: str, code: str, lang: str) -> GradeResult:
        return self.submit(exercise_id, code, lang, "grade").result(JOB_WAIT_S)

    def protections_missing(self) -> list[str]:
        return self.pool.protections_missing()

    def close(self) -> None:
        self.pool.close()

    def retire(self) -> None:
        """Close once the queue has drained (bounded), so jobs already submitted still get their verdict."""
        def close_when_idle() -> None:
            deadline = time.monotonic() + RETIRE_WAIT_S
            while self.pool.queue_length() and time.monotonic() < deadline:
                time.sleep(1.0)
            time.sleep(min(30.0, max(0.0, deadline - time.monotonic())))  # the last ones may still be running
            self.close()

        threading.Thread(target=close_when_idle, name="grader-retire", daemon=True).start()


# ---- backends ----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Health:
    """What a waiting learner may be told about the grader: warming up, down (why), or no worker running."""

    warming_up: bool = False
    error: str | None = None
    workers_alive: int | None = None  # queue backend only


class Backend(Protocol):
    name: str

    def assign_to(self) -> str | None:
        """The holder to store on a new row (the local process), or None (a queue worker claims it)."""

    def hand_over(self, submission_id: int, lang: str, base_xp: int) -> None:
        """Take a committed row; may raise gq.BrokerUnavailable (the row stays stored, the sweeper sends it)."""

    def health(self) -> Health: ...

    def protections_missing(self) -> list[str]: ...

    def close(self) -> None: ...


class LocalBackend:
    """Grades in this process's pool, with a heartbeat so that rows it holds are recovered if it dies."""

    name = "local"

    def __init__(self, engine: Engine, pool: PoolHandle, worker_id: str | None = None,
                 recover_every_s: float = RECOVER_EVERY_S) -> None:
        self.engine = engine
        self.pool = pool
        self.id = worker_id or new_worker_id()
        self.threads = max(1, pool.pool.workers)
        self.jobs_done = 0
        self._jobs: queue.Queue[int | None] = queue.Queue()
        self._stop = threading.Event()
        self._recover_every_s = recover_every_s
        self._beat()  # alive before any row names this process as its holder
        for n in range(self.threads):
            threading.Thread(target=self._dispatch, name=f"grading-local-{n}", daemon=True).start()
        threading.Thread(target=self._heartbeat, name="grading-local-heartbeat", daemon=True).start()

    def assign_to(self) -> str:
        return self.id

    def hand_over(self, submission_id: int, lang: str, base_xp: int) -> None:
        self.pool.start_in_background()
        self._jobs.put(submission_id)

    def recover(self) -> int:
        """Take over the rows dead processes left queued or running, and grade them again; returns how many."""
        now = utcnow()
        with db.session_scope(self.engine) as session:
            rows = session.execute(
                select(Submission.id, Submission.worker).where(
                    Submission.state.in_(("queued", "running")),
                    or_(Submission.worker.is_(None), Submission.worker != self.id))
                .order_by(Submission.id)
            ).all()
            orphans = [(sid, holder) for sid, holder in rows
                       if holder is None or gq.worker_gone(session, holder, now)]
        taken = 0
        for submission_id, holder in orphans:
            with db.session_scope(self.engine) as session:
                was = Submission.worker.is_(None) if holder is None else Submission.worker == holder
                moved = session.execute(
                    update(Submission).where(Submission.id == submission_id, was,
                                             Submission.state.in_(("queued", "running")))
                    .values(worker=self.id).execution_options(synchronize_session=False)
                ).rowcount == 1
            if moved:
                taken += 1
                self.hand_over(submission_id, "ko", 0)
        if taken:
            log.warning("recovered %d submission(s) left by a stopped process", taken)
        return taken

    def health(self) -> Health:
        return Health(warming_up=not self.pool.ready.is_set() and not self.pool.error, error=self.pool.error)

    def protections_missing(self) -> list[str]:
        return self.pool.protections_missing()

    def close(self) -> None:
        self._stop.set()
        for _ in range(self.threads):
            self._jobs.put(None)
        try:
            with db.session_scope(self.engine) as session:
                gq.retire(session, self.id)
        except Exception:  # the database may be gone already (a test's temporary file)
            log.debug("could not retire %s", self.id, exc_info=True)

    def _dispatch(self) -> None:
        while not self._stop.is_set():
            submission_id = self._jobs.get()
            if submission_id is None:
                return
            try:
                if grade_stored(self.engine, self.pool.grade, submission_id, self.id):
                    self.jobs_done += 1
            except Exception:  # the claim was given back; try again (the attempt budget bounds this)
                log.exception("grading submission %s failed; trying again", submission_id)
                if not self._stop.wait(1.0):
                    self._jobs.put(submission_id)

    def _beat(self) -> None:
        with db.session_scope(self.engine) as session:
            gq.beat(session, self.id, self.threads, self.jobs_done,
                    protections_missing=self.pool.protections_missing())

    def _heartbeat(self) -> None:
        since_recover = self._recover_every_s  # recover right away: this is the app's start
        while not self._stop.is_set():
            try:
                if since_recover >= self._recover_every_s:
                    since_recover = 0.0
                    self.recover()
                self._beat()
            except Exception:  # a database hiccup must not stop the heartbeat; the next beat tries again
                log.exception("local grader heartbeat failed")
            if self._stop.wait(HEARTBEAT_S):
                return
            since_recover += HEARTBEAT_S


class QueueBackend:
    """Sends each committed row to the Dramatiq workers (services/worker.py), which store the grade."""

    name = "queue"

    def __init__(self, engine: Engine, broker, queue_name: str = gq.QUEUE_NAME) -> None:
        self.engine = engine
        self.broker = broker
        self.queue_name = queue_name

    def assign_to(self) -> None:
        return None

    def hand_over(self, submission_id: int, lang: str, base_xp: int) -> None:
        try:
            gq.send(self.broker, submission_id, lang, base_xp, self.queue_name)
        except gq.BrokerUnavailable as exc:
            with db.session_scope(self.engine) as session:
                gq.record_error(session, submission_id, f"{gq.ENQUEUE_FAILED} {lang} {base_xp}: {exc}")
            exc.submission_id = submission_id
            raise

    def health(self) -> Health:
        with db.session_scope(self.engine) as session:
            return Health(workers_alive=gq.queue_stats(session).workers_alive)

    def protections_missing(self) -> list[str]:
        with db.session_scope(self.engine) as session:
            return sorted({name for names in gq.protections_missing(session).values() for name in names})

    def close(self) -> None:
        try:
            self.broker.close()
        except Exception:
            log.debug("broker close failed", exc_info=True)
