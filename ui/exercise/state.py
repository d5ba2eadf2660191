"""What the page knows about the learner and one exercise, read in one unit of work through services."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import Engine

import db
from db.models import Learner
from services import exercises as exercise_service
from ui import data, store

SOLUTION_AFTER_FAILS = 3  # failed gradable attempts that unlock the solution


@dataclass(frozen=True)
class Attempt:
    id: int  # the stored submission (its full verdict opens again from it)
    at: datetime  # in the learner's time zone
    state: str  # queued | running | done
    status: str | None  # pass | fail | error | timeout | memory
    gradable: bool
    score: float | None


@dataclass(frozen=True)
class Workspace:
    learner_id: int
    draft: str | None
    hints_revealed: frozenset[int]
    solution_seen: bool
    passed: bool
    history: tuple[Attempt, ...]  # newest first

    @property
    def failed_attempts(self) -> int:
        return sum(1 for a in self.history if a.gradable and a.state == "done" and a.status != "pass")

    @property
    def solution_unlocked(self) -> bool:
        return self.passed or self.failed_attempts >= SOLUTION_AFTER_FAILS

    def xp_left(self, base_xp: int, extra_hints: int = 0) -> int:
        """What a first pass would still pay; 0 once passed (the exercise pays out once)."""
        if self.passed:
            return 0
        return exercise_service.pass_xp(base_xp, len(self.hints_revealed) + extra_hints, self.solution_seen)


def engine() -> Engine:
    # The engine the rest of the UI uses (keyed by the configured URL), so the sidebar sees the same facts.
    return store.engine()


def load_workspace(exercise_id: str) -> Workspace:
    with db.session_scope(engine()) as session:
        # Whoever this browser is: the signed-in account, else the local profile.
        learner = session.get(Learner, data.learner_id())
        zone = _zone(learner.timezone)
        history = tuple(
            Attempt(id=s.id, at=s.created_at.astimezone(zone), state=s.state, status=s.status, gradable=s.gradable,
                    score=s.score)
            for s in exercise_service.submission_history(session, learner.id, exercise_id)
        )
        return Workspace(
            learner_id=learner.id,
            draft=exercise_service.load_draft(session, learner.id, exercise_id),
            hints_revealed=frozenset(exercise_service.revealed_hints(session, learner.id, exercise_id)),
            solution_seen=exercise_service.solution_revealed(session, learner.id, exercise_id),
            passed=exercise_service.first_pass(session, learner.id, exercise_id) is not None,
            history=history,
        )


# Buttons pass the learner the page was drawn for; their callbacks run on the next run, after this browser may
# have been signed out (here or, by "sign out everywhere", a password change or reset, elsewhere). They act only
# if the browser is still that learner, and otherwise do nothing: the page then redraws for whoever it is now.


def _still(learner_id: int) -> bool:
    return data.learner_id() == learner_id


def save_draft(learner_id: int, exercise_id: str, code: str) -> None:
    if not _still(learner_id):
        return
    with db.session_scope(engine()) as session:
        exercise_service.save_draft(session, learner_id, exercise_id, code)


def reveal_hint(learner_id: int, exercise_id: str, index: int) -> None:
    if not _still(learner_id):
        return
    with db.session_scope(engine()) as session:
        exercise_service.reveal_hint(session, learner_id, exercise_id, index)


def reveal_solution(learner_id: int, exercise_id: str) -> None:
    if not _still(learner_id):
        return
    with db.session_scope(engine()) as session:
        exercise_service.reveal_solution(session, learner_id, exercise_id)


def _zone(name: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(name or "UTC")
    except (KeyError, ValueError):  # an unknown zone name must not break the page
        return ZoneInfo("UTC")
