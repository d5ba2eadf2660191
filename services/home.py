"""The home page's data: where to continue, today's goal and streak, and per lesson its exercises passed."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from catalog import Catalog, Lesson
from db import queries
from db.models import Learner
from db.types import utcnow
from gamification import DAILY_GOALS, DailyProgress, StreakState, daily_progress
from gamification.events import EXERCISE_PASSED
from services import history
from services.context import DRAFT, catalog_context, zone_name

__all__ = ["Home", "NextStep", "home"]


@dataclass(frozen=True)
class NextStep:
    """The first unfinished thing in catalog order: a lesson to read, or an exercise of a read lesson to pass."""

    kind: str  # "lesson" | "exercise"
    lesson_id: str
    exercise_id: str | None = None


@dataclass(frozen=True)
class Home:
    next_step: NextStep | None  # None when every published lesson is read and every exercise passed
    started: bool  # anything read or passed yet ("start" rather than "continue")
    streak: StreakState
    goal: DailyProgress
    lessons_done: frozenset[str]
    exercises_passed: frozenset[str]


def _published(catalog: Catalog) -> list[Lesson]:
    return [lesson for course in catalog.courses for lesson in course.lessons if lesson.status != DRAFT]


def next_step(catalog: Catalog, done: frozenset[str], passed: frozenset[str]) -> NextStep | None:
    """Course by course, lesson by lesson: an unread lesson, else an exercise of it not passed yet."""
    for lesson in _published(catalog):
        if lesson.id not in done:
            return NextStep("lesson", lesson.id)
        for exercise_id in lesson.exercises:
            if exercise_id not in passed:
                return NextStep("exercise", lesson.id, exercise_id)
    return None


def home(session: Session, learner_id: int, catalog: Catalog, now: datetime | None = None) -> Home:
    """Everything the home page shows about this learner, read in one unit of work."""
    now = now or utcnow()
    learner = session.get(Learner, learner_id)
    if learner is None:
        raise LookupError(f"no learner with id {learner_id}")
    tz = zone_name(learner.timezone)
    context = catalog_context(catalog)
    streak, passed = history.read(
        session, learner_id, tz, context,
        lambda summary: (summary.streak(now), frozenset(summary.subjects.get(EXERCISE_PASSED, ()))),
    )
    done = frozenset(queries.completed_lesson_ids(session, learner_id))
    goal = learner.daily_goal if learner.daily_goal in DAILY_GOALS else DAILY_GOALS[1]
    return Home(
        next_step=next_step(catalog, done, passed),
        started=bool(done or passed),
        streak=streak,
        goal=daily_progress(queries.ledger(session, learner_id), now, ZoneInfo(tz), goal),
        lessons_done=done,
        exercises_passed=passed,
    )
