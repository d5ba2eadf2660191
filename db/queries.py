"""Read queries: plain functions over a Session, so pages and services never write SQL."""
from __future__ import annotations

from collections.abc import Collection, Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import (
    AchievementAward,
    Draft,
    Event,
    HintReveal,
    Learner,
    LessonCompletion,
    SolutionReveal,
    Submission,
    XpAward,
)


def local_learner(session: Session) -> Learner | None:
    return session.scalars(select(Learner).where(Learner.kind == "local")).one_or_none()


def learner_by_username(session: Session, username: str) -> Learner | None:
    return session.scalars(select(Learner).where(Learner.username == username)).one_or_none()


def xp_total(session: Session, learner_id: int) -> int:
    total = session.scalar(select(func.coalesce(func.sum(XpAward.amount), 0)).where(XpAward.learner_id == learner_id))
    return int(total or 0)


def xp_awards(session: Session, learner_id: int) -> list[XpAward]:
    return list(session.scalars(select(XpAward).where(XpAward.learner_id == learner_id).order_by(XpAward.id)))


def completed_lesson_ids(session: Session, learner_id: int) -> set[str]:
    return set(session.scalars(select(LessonCompletion.lesson_id).where(LessonCompletion.learner_id == learner_id)))


def count_completed_lessons(session: Session, learner_id: int, lesson_ids: Collection[str]) -> int:
    if not lesson_ids:
        return 0
    stmt = select(func.count()).where(
        LessonCompletion.learner_id == learner_id, LessonCompletion.lesson_id.in_(list(lesson_ids))
    )
    return int(session.scalar(stmt) or 0)


def achievement_ids(session: Session, learner_id: int) -> set[str]:
    stmt = select(AchievementAward.achievement_id).where(AchievementAward.learner_id == learner_id)
    return set(session.scalars(stmt))


def learner_events(session: Session, learner_id: int, kinds: Iterable[str] | None = None) -> list[Event]:
    """A learner's history, oldest first: what the gamification rules read."""
    stmt = select(Event).where(Event.learner_id == learner_id)
    if kinds is not None:
        stmt = stmt.where(Event.kind.in_(list(kinds)))
    return list(session.scalars(stmt.order_by(Event.occurred_at, Event.id)))


def draft_code(session: Session, learner_id: int, exercise_id: str) -> str | None:
    return session.scalar(select(Draft.code).where(Draft.learner_id == learner_id, Draft.exercise_id == exercise_id))


def hint_indexes(session: Session, learner_id: int, exercise_id: str) -> set[int]:
    stmt = select(HintReveal.hint_index).where(
        HintReveal.learner_id == learner_id, HintReveal.exercise_id == exercise_id
    )
    return set(session.scalars(stmt))


def solution_revealed(session: Session, learner_id: int, exercise_id: str) -> bool:
    stmt = select(SolutionReveal.learner_id).where(
        SolutionReveal.learner_id == learner_id, SolutionReveal.exercise_id == exercise_id
    )
    return session.scalar(stmt) is not None


def submissions(session: Session, learner_id: int, exercise_id: str, limit: int | None = None) -> list[Submission]:
    """Newest first."""
    stmt = (
        select(Submission)
        .where(Submission.learner_id == learner_id, Submission.exercise_id == exercise_id)
        .order_by(Submission.created_at.desc(), Submission.id.desc())
        .limit(limit)
    )
    return list(session.scalars(stmt))


def first_passing_submission(session: Session, learner_id: int, exercise_id: str) -> Submission | None:
    stmt = (
        select(Submission)
        .where(
            Submission.learner_id == learner_id,
            Submission.exercise_id == exercise_id,
            Submission.state == "done",
            Submission.status == "pass",
            Submission.gradable.is_(True),
        )
        .order_by(Submission.finished_at, Submission.id)
        .limit(1)
    )
    return session.scalars(stmt).first()
