"""Lesson progress, XP and levels for one learner, as pages need them."""
from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import text
from sqlalchemy.orm import Session

from db import facts, queries
from db.models import ONE_LOCAL_WHERE, Learner
from db.queries import completed_lesson_ids, learner_events, xp_total
from db.types import utcnow
from gamification import ACHIEVEMENTS, Context
from gamification.events import LESSON_COMPLETED
from gamification.levels import level_progress
from services import keys, rewards
from services.rewards import Rewards

# The gamification package owns the list of achievements (achievements.yaml).
ACHIEVEMENTS_TOTAL = len(ACHIEVEMENTS)
_ACHIEVEMENT_IDS = frozenset(achievement.id for achievement in ACHIEVEMENTS)
LOCAL_DISPLAY_NAME = "학습자"

__all__ = [
    "ACHIEVEMENTS_TOTAL", "LearnerStats", "LessonAward", "Rewards", "award_achievement", "complete_lesson",
    "completed_lesson_ids", "get_local_learner", "guest_learner", "new_guest_learner", "learner_events", "learner_stats", "record_event", "xp_total",
]

record_event = facts.record_event


@dataclass(frozen=True)
class LessonAward:
    xp_awarded: int  # every XP this call paid: the lesson's, plus a streak bonus when one was due
    newly_completed: bool
    # What to celebrate (XP, level-up, achievements); left out of ==, which compares what the learner was paid.
    rewards: Rewards = field(default=rewards.NOTHING, compare=False)


@dataclass(frozen=True)
class LearnerStats:
    xp_total: int
    level: int
    xp_into_level: int
    xp_to_next: int
    lessons_done: int
    lessons_total: int
    achievements_done: int
    achievements_total: int
    percent_complete: int


def get_local_learner(session: Session) -> Learner:
    """The one profile used on this machine when nobody is signed in; created on first use."""
    # A partial unique index allows only one local learner, so racing first visits converge on one row.
    facts.insert_once(
        session,
        Learner,
        {"kind": "local", "display_name": LOCAL_DISPLAY_NAME},
        conflict_on=["kind"],
        conflict_where=text(ONE_LOCAL_WHERE),
    )
    learner = queries.local_learner(session)
    assert learner is not None  # inserted above or by whoever won the race
    return learner


def new_guest_learner(session: Session) -> Learner:
    """A fresh local profile for one browser on a shared server (ui/browser_session.py keeps its public id in a cookie)."""
    learner = Learner(kind="local", guest=True, display_name=LOCAL_DISPLAY_NAME)
    session.add(learner)
    session.flush()
    return learner


def guest_learner(session: Session, public_id: str) -> Learner | None:
    """The guest profile with this public id, or None (never the machine's profile, never an account)."""
    return queries.guest_learner(session, public_id)


def complete_lesson(
    session: Session, learner_id: int, lesson_id: str, xp: int, now: datetime | None = None,
    context: Context | None = None,
) -> LessonAward:
    """Mark a lesson done and pay what gamification's XP table gives for it (the lesson's `xp`, a streak
    bonus), then award achievements; calling again (or from many tabs at once) pays nothing more."""
    now = now or utcnow()
    facts.lock_learner(session, learner_id)  # before the first write, so tabs queue in one order
    newly = facts.record_lesson_completion(session, learner_id, lesson_id, now)
    earned = rewards.record(
        session, learner_id, LESSON_COMPLETED, subject=lesson_id, data={"xp": xp},
        dedupe_key=keys.lesson_completed(lesson_id), now=now, xp=xp, context=context,
    )
    return LessonAward(xp_awarded=earned.xp, newly_completed=newly, rewards=earned)


def award_achievement(session: Session, learner_id: int, achievement_id: str, now: datetime | None = None) -> bool:
    """Record an earned achievement once; True the first time (show the toast then)."""
    return facts.record_achievement(session, learner_id, achievement_id, now)


def learner_stats(
    session: Session,
    learner_id: int,
    lesson_ids: Collection[str],
    achievements_total: int = ACHIEVEMENTS_TOTAL,
) -> LearnerStats:
    """Totals for the dashboard; `lesson_ids` are the published lessons that count toward completion."""
    published = set(lesson_ids)
    done = queries.count_completed_lessons(session, learner_id, published)
    level = level_progress(xp_total(session, learner_id))
    return LearnerStats(
        xp_total=level.xp_total,
        level=level.level,
        xp_into_level=level.xp_into_level,
        xp_to_next=level.xp_to_next,
        lessons_done=done,
        lessons_total=len(published),
        # Only ids that still exist, so a retired achievement never shows as 18/17.
        achievements_done=len(queries.achievement_ids(session, learner_id) & _ACHIEVEMENT_IDS),
        achievements_total=achievements_total,
        # Floor, so 100 % means every lesson is really done.
        percent_complete=done * 100 // len(published) if published else 0,
    )
