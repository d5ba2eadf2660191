"""The profile page's data: XP over time, an activity calendar, streak, daily goal, courses and attempts."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from catalog import Catalog, load_catalog
from db import facts, queries
from db.models import Learner
from db.types import utcnow
from gamification import DAILY_GOALS, Context, DailyProgress, StreakState, daily_progress
from gamification.events import DAILY_GOAL_SET
from gamification.goals import check_goal
from services import history, rewards
from services.context import DRAFT, catalog_context, zone_name
from services.rewards import Rewards

CALENDAR_WEEKS = 26

__all__ = ["DAILY_GOALS", "CourseCompletion", "DayActivity", "ExerciseAttempts", "Profile", "XpPoint",
           "profile", "set_daily_goal"]


@dataclass(frozen=True)
class XpPoint:
    at: datetime  # in the learner's zone
    total: int  # cumulative XP after this award


@dataclass(frozen=True)
class DayActivity:
    day: date  # the learner's local day
    xp: int
    active: bool  # a lesson completed or an exercise passed (counts for the streak even at 0 XP)


@dataclass(frozen=True)
class CourseCompletion:
    course_id: str
    title: dict[str, str]
    done: int
    total: int


@dataclass(frozen=True)
class ExerciseAttempts:
    exercise_id: str
    title: dict[str, str]  # by language; the id when the exercise left the catalog
    attempts: int  # graded attempts up to and including the first pass


@dataclass(frozen=True)
class Profile:
    timezone: str
    xp_total: int
    xp_over_time: tuple[XpPoint, ...]
    calendar: tuple[DayActivity, ...]  # whole weeks, Monday first, ending with the week of today
    streak: StreakState
    goal: DailyProgress
    courses: tuple[CourseCompletion, ...]
    attempts: tuple[ExerciseAttempts, ...]


def profile(session: Session, learner_id: int, now: datetime | None = None, catalog: Catalog | None = None,
            context: Context | None = None, weeks: int = CALENDAR_WEEKS) -> Profile:
    """Everything the profile page draws, read in one unit of work so the numbers agree."""
    now = now or utcnow()
    catalog = catalog if catalog is not None else load_catalog()
    context = context if context is not None else catalog_context(catalog)
    learner = _learner(session, learner_id)
    tz = zone_name(learner.timezone)
    zone = ZoneInfo(tz)

    ledger = queries.ledger(session, learner_id)
    points, running = [], 0
    xp_by_day: Counter[date] = Counter()
    for at, amount in ledger:
        running += amount
        local = at.astimezone(zone)
        points.append(XpPoint(local, running))
        xp_by_day[local.date()] += amount

    streak = history.read(session, learner_id, tz, context, lambda summary: summary.streak(now))
    today = now.astimezone(zone).date()
    active_days = set(streak.days)
    first = today - timedelta(days=today.weekday() + 7 * (weeks - 1))
    calendar = tuple(
        DayActivity(day, xp_by_day.get(day, 0), day in active_days)
        for day in (first + timedelta(days=i) for i in range(7 * weeks))
    )
    goal = learner.daily_goal if learner.daily_goal in DAILY_GOALS else DAILY_GOALS[1]
    return Profile(
        timezone=tz,
        xp_total=running,
        xp_over_time=tuple(points),
        calendar=calendar,
        streak=streak,
        goal=daily_progress(ledger, now, zone, goal),
        courses=_courses(session, learner_id, catalog),
        attempts=_attempts(session, learner_id, catalog),
    )


def _learner(session: Session, learner_id: int) -> Learner:
    learner = session.get(Learner, learner_id)
    if learner is None:
        raise LookupError(f"no learner with id {learner_id}")
    return learner


def _courses(session: Session, learner_id: int, catalog: Catalog) -> tuple[CourseCompletion, ...]:
    done = queries.completed_lesson_ids(session, learner_id)
    rows = []
    for course in catalog.courses:
        published = [lesson.id for lesson in course.lessons if lesson.status != DRAFT]
        if published:
            rows.append(CourseCompletion(course.id, dict(course.title), len(done.intersection(published)),
                                         len(published)))
    return tuple(rows)


def _attempts(session: Session, learner_id: int, catalog: Catalog) -> tuple[ExerciseAttempts, ...]:
    rows = []
    for exercise_id, attempts in sorted(queries.attempts_to_pass(session, learner_id).items()):
        exercise = catalog.exercises.get(exercise_id)
        title = {lang: text.title for lang, text in exercise.texts.items()} if exercise else {"ko": exercise_id}
        rows.append(ExerciseAttempts(exercise_id, title, attempts))
    return tuple(rows)


def set_daily_goal(session: Session, learner_id: int, goal: int, now: datetime | None = None,
                   context: Context | None = None) -> Rewards:
    """Choose 10/20/30/50 XP a day. Recorded as an event too, since "goal met" days depend on the goal then."""
    check_goal(goal)
    facts.lock_learner(session, learner_id)
    facts.update_learner(session, learner_id, daily_goal=goal)
    return rewards.record(session, learner_id, DAILY_GOAL_SET, data={"goal": goal}, now=now, context=context)
