"""The one grading pipeline: screen once, commit the submission row, hand it to the backend chosen in settings.

Pages follow the stored row (`GradingService.submission`), whatever the backend: state, place in line, the
verdict, and what this very submission paid (ledger and achievement rows point at it). Two backends sit behind
one interface:

- `LocalBackend` grades in this process's warm pool. The process registers as a grader in `grading_workers`
  (heartbeat), so a row it holds is known to be orphaned once it dies; at start and every RECOVER_EVERY_S it
  takes over rows left queued or running by dead processes (compare-and-set on the holder: of two app processes
  sharing a database exactly one takes each row) and grades them again. Claims count attempts as on the queue;
  past MAX_ATTEMPTS a grader failure is stored: not the learner's fault and not an attempt.
- `QueueBackend` sends the row's id to the Dramatiq workers (services/worker.py), whose sweeper re-sends rows no
  live worker holds after the grace period.

Both grade through `grade_stored`, so "claim, grade, store once, pay once" is written once. "Run" (ungraded,
nothing stored) always uses this process's pool, through the same service.
"""
from __future__ import annotations

import dataclasses
import json
import logging
import os
import queue
import secrets
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Protocol

from sqlalchemy import Engine, func, or_, select, update

import db
from db.models import Submission
from db.types import utcnow
from gamification import ACHIEVEMENTS, Achievement
from gamification.levels import level_progress
from grader import GradeResult, GraderPool, Ticket
from grader.engine import MAX_CODE_BYTES, BrokenExercise, ExerciseNotFound, load_bundle, screen
from services import exercises as exercise_service
from services import grading_queue as gq

log = logging.getLogger(__name__)
BACKENDS = ("local", "queue")
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


# ---- what pages read ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Paid:
    """What grading one submission paid, read through the rows that point at it."""

    xp: int = 0
    new_level: int | None = None  # set when this submission's XP crossed a level
    achievements: tuple[Achievement, ...] = ()  # in definition order


@dataclass(frozen=True)
class TrackedSubmission:
    """One stored submission as the page shows it."""

    id: int
    number: int  # 1 = the learner's first submission of this exercise ("Submission #3")
    state: str  # queued | running | done
    position: int  # 1 = next in line; 0 once running or done
    created_at: datetime
    result: GradeResult | None  # once done
    paid: Paid  # nothing until done
    broker_down: bool = False  # queue backend: stored, but its message has not left yet

    @property
    def done(self) -> bool:
        return self.state == "done"


@dataclass(frozen=True)
class RunJob:
    """One press of Run: a pool ticket, or the screen's answer at once. Nothing is stored."""

    ticket: Ticket | None = None
    screened: GradeResult | None = None

    @property
    def done(self) -> bool:
        return self.screened is not None or self.ticket.done

    @property
    def result(self) -> GradeResult | None:
        return self.screened if self.screened is not None else (self.ticket.result(0) if self.ticket.done else None)


_RESULT_FIELDS = {f.name for f in dataclasses.fields(GradeResult)}


def stored_result(row: Submission) -> GradeResult:
    """The verdict stored with a done row, whole (checks, diagnoses, charts); rows stored by older code or by hand
    may lack fields, which the row's own columns fill in."""
    data = json.loads(row.result_json) if row.result_json else {}
    base = {"exercise_id": row.exercise_id, "message": "", "status": row.status or "error",
            "gradable": row.gradable, "score": row.score or 0.0}
    return GradeResult.from_dict({**base, **{k: v for k, v in data.items() if k in _RESULT_FIELDS}})


class GradingService:
    """Submit (screen, commit, hand over), run, and read back submissions; one per process."""

    def __init__(self, engine: Engine, backend: Backend, pool: PoolHandle, exercises_dir: Path,
                 owns_pool: bool = True) -> None:
        self.engine = engine
        self.backend = backend
        self.pool = pool
        self.exercises_dir = Path(exercises_dir)
        self._owns_pool = owns_pool

    @classmethod
    def from_settings(cls, engine: Engine, settings, pool: PoolHandle | None = None) -> GradingService:
        """The backend settings.grading_backend names (settings refuses any other); the pool is made here
        unless given (tests share one)."""
        owns = pool is None
        pool = pool or PoolHandle(GraderPool(Path(settings.exercises_dir), workers=settings.grader_workers))
        if settings.grading_backend == "queue":
            backend: Backend = QueueBackend(engine, gq.make_broker(settings.broker_url), settings.grading_queue)
        else:
            backend = LocalBackend(engine, pool)
        return cls(engine, backend, pool, settings.exercises_dir, owns_pool=owns)

    def _screen(self, exercise_id: str, code: str, lang: str, mode: str) -> GradeResult | str:
        try:
            bundle = load_bundle(self.exercises_dir, exercise_id)
        except (ExerciseNotFound, BrokenExercise):
            return code  # graded anyway: the pool reports it as the grader's problem, never the learner's
        return screen(bundle, code, lang, mode)

    def submit(self, learner_id: int, exercise_id: str, code: str, lang: str, base_xp: int) -> int:
        """Screen the code (the only place it is screened), commit the row, hand it to the backend; returns its id.

        Code the screen answers at once (empty, oversized, untouched starter, syntax error) is stored as done and
        not counted, so the history shows what was just done. BrokerUnavailable is not raised: the row is stored
        and the page says so (TrackedSubmission.broker_down) while the sweeper sends it."""
        screened = self._screen(exercise_id, code, lang, "grade")
        answered = isinstance(screened, GradeResult)
        stored = (code if len(code.encode("utf-8", "replace")) <= MAX_CODE_BYTES else "") if answered else screened
        with db.session_scope(self.engine) as session:
            row = exercise_service.create_submission(
                session, learner_id, exercise_id, stored, lang=lang, base_xp=base_xp,
                worker=None if answered else self.backend.assign_to())
            submission_id = row.id
            if answered:
                exercise_service.finish_submission(session, submission_id, screened.to_dict(), base_xp)
                return submission_id
        try:
            self.backend.hand_over(submission_id, lang, base_xp)
        except gq.BrokerUnavailable:
            log.warning("broker down; submission %s is stored and will be sent later", submission_id)
        return submission_id

    def run(self, exercise_id: str, code: str, lang: str) -> RunJob:
        screened = self._screen(exercise_id, code, lang, "run")
        if isinstance(screened, GradeResult):
            return RunJob(screened=screened)
        return RunJob(ticket=self.pool.submit(exercise_id, screened, lang, "run"))

    def submission(self, submission_id: int) -> TrackedSubmission:
        with db.session_scope(self.engine) as session:
            row = session.get(Submission, submission_id)
            if row is None:
                raise exercise_service.SubmissionNotFound(f"no submission with id {submission_id}")
            return self._track(session, row)

    def open_submissions(self, learner_id: int, exercise_id: str) -> list[int]:
        """This learner's submissions of this exercise not graded yet, oldest first (whichever process took them)."""
        with db.session_scope(self.engine) as session:
            return list(session.scalars(
                select(Submission.id).where(Submission.learner_id == learner_id,
                                            Submission.exercise_id == exercise_id,
                                            Submission.state != "done").order_by(Submission.id)))

    def overview(self, learner_id: int, exercise_id: str) -> tuple[list[int], TrackedSubmission | None]:
        """(ids of the learner's ungraded submissions of this exercise, oldest first; the newest one if it is done):
        what the exercise page draws on every run, read in one unit of work."""
        with db.session_scope(self.engine) as session:
            rows = session.execute(
                select(Submission.id, Submission.state).where(Submission.learner_id == learner_id,
                                                              Submission.exercise_id == exercise_id,
                                                              or_(Submission.state != "done",
                                                                  Submission.id == self._newest(learner_id, exercise_id)))
                .order_by(Submission.id)).all()
            open_ids = [sid for sid, state in rows if state != "done"]
            newest = rows[-1] if rows else None
            if newest is None or newest.state != "done":
                return open_ids, None
            return open_ids, self._track(session, session.get(Submission, newest.id))

    @staticmethod
    def _newest(learner_id: int, exercise_id: str):
        return (select(func.max(Submission.id)).where(Submission.learner_id == learner_id,
                                                      Submission.exercise_id == exercise_id).scalar_subquery())

    def latest(self, learner_id: int, exercise_id: str) -> TrackedSubmission | None:
        with db.session_scope(self.engine) as session:
            row = session.scalars(select(Submission).where(Submission.learner_id == learner_id,
                                                           Submission.exercise_id == exercise_id)
                                  .order_by(Submission.id.desc()).limit(1)).first()
            return self._track(session, row) if row is not None else None

    def _track(self, session, row: Submission) -> TrackedSubmission:
        result = stored_result(row) if row.state == "done" else None
        paid = Paid()
        if row.state == "done":
            got = exercise_service.rewards_of_submission(session, row.id)
            before, after = level_progress(got.xp_total_before).level, level_progress(got.xp_total_before + got.xp).level
            paid = Paid(xp=got.xp, new_level=after if got.xp and after > before else None,
                        achievements=tuple(a for a in ACHIEVEMENTS if a.id in got.achievement_ids))
        number = session.scalar(select(func.count()).select_from(Submission).where(
            Submission.learner_id == row.learner_id, Submission.exercise_id == row.exercise_id,
            Submission.id <= row.id))
        return TrackedSubmission(
            id=row.id, number=int(number or 1), state=row.state, created_at=row.created_at, result=result, paid=paid,
            position=gq.place_in_queue(session, row.id) if row.state == "queued" else 0,
            broker_down=row.state == "queued" and (row.last_error or "").startswith(gq.ENQUEUE_FAILED))

    def health(self) -> Health:
        return self.backend.health()

    def protections_missing(self) -> list[str]:
        """Sandbox protections the running grader lacks (this process's pool, or the live queue workers)."""
        try:
            return self.backend.protections_missing()
        except Exception:
            log.exception("could not read the grader's protections")
            return []

    def close(self) -> None:
        self.backend.close()
        if self._owns_pool:
            self.pool.retire()
