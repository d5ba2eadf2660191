"""The one grading pipeline: screen once, commit the submission row, hand it to the backend chosen in settings.

Pages follow the stored row (`GradingService.submission`, `overview`), whatever the backend: state, place in line,
the verdict, and what this very submission paid (ledger and achievement rows point at it). The backends (this
process's warm pool, or Dramatiq queue workers) and the claim-grade-store-pay step they share are in
services/grading_backends.py. "Run" (ungraded, nothing stored) always uses this process's pool, through the same
service.
"""
from __future__ import annotations

import dataclasses
import json
import logging
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine, func, or_, select

import db
from db.models import Submission
from gamification import ACHIEVEMENTS, Achievement
from gamification.levels import level_progress
from grader import GradeResult, GraderPool, Ticket
from grader.engine import MAX_CODE_BYTES, BrokenExercise, ExerciseNotFound, load_bundle, screen
from services import exercises as exercise_service
from services import grading_queue as gq
from services.grading_backends import (  # noqa: F401  (re-exported: the pipeline's public names)
    MAX_ATTEMPTS,
    Backend,
    Health,
    LocalBackend,
    PoolHandle,
    QueueBackend,
    grade_stored,
    new_worker_id,
)

log = logging.getLogger(__name__)
BACKENDS = ("local", "queue")

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
