"""Run and Submit jobs of one browser session; a graded submission is recorded even if the tab closes."""
from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field

from sqlalchemy import Engine

import db
from gamification import ACHIEVEMENTS
from gamification.levels import level_progress
from grader import GradeResult, Ticket
from grader.engine import BrokenExercise, ExerciseNotFound, load_bundle, screen
from services import exercises as exercise_service
from services import progress
from services.grading_queue import BrokerUnavailable
from settings import get_settings
from ui import grading
from ui.exercise import state

log = logging.getLogger(__name__)
POLL_S = 0.2  # how often the recorder looks whether the ticket started running
FOLLOW_S = 3600.0  # queue backend: how long this session follows a submission before it stops looking


@dataclass
class GradingJob:
    """One press of Run or Submit: a ticket in the pool, or a verdict the screen gave at once."""

    kind: str  # run | grade
    ticket: Ticket | grading.QueuedTicket | None = None
    screened: GradeResult | None = None  # empty, oversized, unchanged or unparsable code: never queued
    submission_id: int | None = None
    xp_awarded: int = 0
    new_level: int | None = None  # set when this pass crossed a level
    achievements: tuple = ()  # gamification Achievements this submission unlocked, when services report them
    record_error: str | None = None
    notice: str | None = None  # a locale key to show under the status (queue backend: broker was down)
    announced: bool = False
    gave_up: bool = False  # queue backend: no verdict within FOLLOW_S; this page stopped waiting for it
    number: int = 0  # set when added to the page's list
    _recorded: threading.Event = field(default_factory=threading.Event, repr=False)

    @property
    def done(self) -> bool:
        if self.screened is not None or self.gave_up:
            return True
        return self.ticket.done and (self.kind == "run" or self._recorded.is_set())

    @property
    def result(self) -> GradeResult | None:
        if self.screened is not None:
            return self.screened
        return self.ticket.result(0) if self.ticket.done and not self.gave_up else None


def start(kind: str, learner_id: int, exercise_id: str, base_xp: int, code: str, lang: str) -> GradingJob:
    """Screen the code here (instant answers for bad input), else queue it; "grade" also records a submission."""
    mode = "grade" if kind == "grade" else "run"
    try:
        bundle = load_bundle(get_settings().exercises_dir, exercise_id)
    except (ExerciseNotFound, BrokenExercise):
        bundle = None  # the pool reports it as the grader's problem, never the learner's
    screened = screen(bundle, code, lang, mode) if bundle is not None else code
    if isinstance(screened, GradeResult):
        return GradingJob(kind=kind, screened=screened)
    if kind == "grade" and grading.backend() == "queue":
        return _start_queued(learner_id, exercise_id, base_xp, screened, lang)
    pool = grading.get_pool()  # Run stays on this process's pool in both backends: it records nothing
    if kind == "run":
        return GradingJob(kind=kind, ticket=pool.submit(exercise_id, screened, lang, mode="run"))
    engine = state.engine()
    with db.session_scope(engine) as session:
        submission_id = exercise_service.create_submission(session, learner_id, exercise_id, screened).id
    job = GradingJob(kind=kind, ticket=pool.submit(exercise_id, screened, lang, mode="grade"),
                     submission_id=submission_id)
    threading.Thread(target=_record, args=(job, engine, learner_id, base_xp), name=f"record-{submission_id}",
                     daemon=True).start()
    return job


def _record(job: GradingJob, engine: Engine, learner_id: int, base_xp: int) -> None:
    try:
        marked_running = False
        while True:
            try:
                result = job.ticket.result(POLL_S)
                break
            except TimeoutError:
                pass
            if job.ticket.state == "running" and not marked_running:  # the history shows "running"
                with db.session_scope(engine) as session:
                    exercise_service.start_submission(session, job.submission_id)
                marked_running = True
        with db.session_scope(engine) as session:
            before = level_progress(progress.xp_total(session, learner_id)).level
            finished = exercise_service.finish_submission(session, job.submission_id, result.to_dict(), base_xp)
            after = level_progress(progress.xp_total(session, learner_id)).level
        job.xp_awarded = finished.xp_awarded
        job.new_level = after if after > before and finished.xp_awarded else None
        # Services that award achievements say which in `rewards`; older ones have no such field.
        job.achievements = tuple(getattr(getattr(finished, "rewards", None), "achievements", ()) or ())
    except Exception as exc:  # the verdict still shows; only the record failed
        log.exception("could not record submission %s", job.submission_id)
        job.record_error = f"{type(exc).__name__}: {exc}"
    finally:
        job._recorded.set()


def _start_queued(learner_id: int, exercise_id: str, base_xp: int, code: str, lang: str) -> GradingJob:
    """Queue backend: the worker stores the grade and pays XP; this session only follows the stored row."""
    engine = state.engine()
    notice = None
    try:
        ticket = grading.enqueue_grade(engine, learner_id, exercise_id, code, lang, base_xp)
    except BrokerUnavailable as exc:  # stored all the same; a worker sends it once the broker is back
        ticket, notice = grading.QueuedTicket(engine, exc.submission_id), "queue.broker_down"
    job = GradingJob(kind="grade", ticket=ticket, submission_id=ticket.id, notice=notice)
    threading.Thread(target=_follow, args=(job, engine), name=f"follow-{ticket.id}", daemon=True).start()
    return job


def _follow(job: GradingJob, engine: Engine) -> None:
    """Wait for the worker's verdict, then read what it paid for this very submission (not the change in the
    learner's totals, which a second submission in flight would share)."""
    try:
        job.ticket.result(FOLLOW_S)
        with db.session_scope(engine) as session:
            paid = exercise_service.rewards_of_submission(session, job.submission_id)
        job.xp_awarded = paid.xp
        before, after = level_progress(paid.xp_total_before).level, level_progress(paid.xp_total_before + paid.xp).level
        job.new_level = after if after > before else None
        job.achievements = tuple(a for a in ACHIEVEMENTS if a.id in paid.achievement_ids)  # definition order
    except TimeoutError:  # stop following; the stored row gets its verdict whenever a worker comes
        job.gave_up = True
    except Exception as exc:
        log.exception("could not follow submission %s", job.submission_id)
        job.record_error = f"{type(exc).__name__}: {exc}"
    finally:
        job._recorded.set()
