"""Read queries: plain functions over a Session, so pages and services never write SQL."""
from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import datetime

from sqlalchemy import Row, func, select
from sqlalchemy.orm import Session

from db.models import (
    AchievementAward,
    Draft,
    Event,
    HintReveal,
    Learner,
    LessonCompletion,
    ProblemReport,
    SolutionReveal,
    Submission,
    XpAward,
)


def local_learner(session: Session) -> Learner | None:
    """The machine-wide local profile (guests are local profiles of one browser each, not this one)."""
    return session.scalars(select(Learner).where(Learner.kind == "local", Learner.guest.is_(False))).one_or_none()


def guest_learner(session: Session, public_id: str) -> Learner | None:
    return session.scalars(
        select(Learner).where(Learner.public_id == public_id, Learner.kind == "local", Learner.guest.is_(True))
    ).one_or_none()


def learner_by_username(session: Session, username: str) -> Learner | None:
    return session.scalars(select(Learner).where(Learner.username == username)).one_or_none()


def xp_total(session: Session, learner_id: int) -> int:
    total = session.scalar(select(func.coalesce(func.sum(XpAward.amount), 0)).where(XpAward.learner_id == learner_id))
    return int(total or 0)


def xp_paid_by_submission(session: Session, learner_id: int, submission_id: int) -> tuple[int, int]:
    """(XP the ledger rows pointing at this submission paid, the learner's XP from the rows written before them).
    "Before" is by ledger id, which the database hands out in commit order, not by anyone's clock."""
    paid, first = session.execute(
        select(func.coalesce(func.sum(XpAward.amount), 0), func.min(XpAward.id))
        .where(XpAward.learner_id == learner_id, XpAward.submission_id == submission_id)
    ).one()
    if first is None:
        return 0, 0
    before = session.scalar(select(func.coalesce(func.sum(XpAward.amount), 0))
                            .where(XpAward.learner_id == learner_id, XpAward.id < first))
    return int(paid or 0), int(before or 0)


def achievements_of_submission(session: Session, learner_id: int, submission_id: int) -> set[str]:
    stmt = select(AchievementAward.achievement_id).where(AchievementAward.learner_id == learner_id,
                                                         AchievementAward.submission_id == submission_id)
    return set(session.scalars(stmt))


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


def has_event(session: Session, learner_id: int, kind: str, subject: str) -> bool:
    stmt = select(Event.id).where(Event.learner_id == learner_id, Event.kind == kind, Event.subject == subject)
    return session.scalar(stmt.limit(1)) is not None


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


# -- gamification reads: the history as rows, the ledger over time, achievements and the leaderboard --------

EVENT_COLUMNS = (Event.id, Event.kind, Event.subject, Event.occurred_at, Event.data)


def event_rows(session: Session, learner_id: int, after_id: int = 0) -> list[Row]:
    """(id, kind, subject, occurred_at, data) rows as plain tuples (no ORM objects: a long history loads
    several times faster); all of them in time order, or only those with id > after_id in id order."""
    stmt = select(*EVENT_COLUMNS).where(Event.learner_id == learner_id)
    if after_id:
        return list(session.execute(stmt.where(Event.id > after_id).order_by(Event.id)))
    return list(session.execute(stmt.order_by(Event.occurred_at, Event.id)))


def event_count(session: Session, learner_id: int, up_to_id: int | None = None) -> int:
    stmt = select(func.count()).select_from(Event).where(Event.learner_id == learner_id)
    if up_to_id is not None:
        stmt = stmt.where(Event.id <= up_to_id)
    return int(session.scalar(stmt) or 0)


def ledger(session: Session, learner_id: int) -> list[tuple[datetime, int]]:
    """(created_at, amount) of every XP award, oldest first: XP over time and per day."""
    stmt = (
        select(XpAward.created_at, XpAward.amount)
        .where(XpAward.learner_id == learner_id)
        .order_by(XpAward.created_at, XpAward.id)
    )
    return [(at, amount) for at, amount in session.execute(stmt)]


def awarded_achievements(session: Session, learner_id: int) -> dict[str, datetime]:
    stmt = select(AchievementAward.achievement_id, AchievementAward.awarded_at).where(
        AchievementAward.learner_id == learner_id
    )
    # Result has .keys() (column names), so dict(result) would treat it as a mapping; unpack rows instead.
    return {key: value for key, value in session.execute(stmt)}


def achievement_holders(session: Session) -> dict[str, int]:
    """How many people hold each achievement (for rarity): a profile merged into an account is that account's
    person, so its copies of the account's awards are not counted again."""
    stmt = (
        select(AchievementAward.achievement_id, func.count())
        .join(Learner, Learner.id == AchievementAward.learner_id)
        .where(Learner.merged_into.is_(None))
        .group_by(AchievementAward.achievement_id)
    )
    return {key: value for key, value in session.execute(stmt)}


def active_learner_count(session: Session) -> int:
    """People who did something (at least one event), each once: idle guest profiles a visit created and
    profiles merged into an account are not learners of their own."""
    did_something = select(Event.id).where(Event.learner_id == Learner.id).exists()
    stmt = select(func.count()).select_from(Learner).where(Learner.merged_into.is_(None), did_something)
    return int(session.scalar(stmt) or 0)


def learner_ids(session: Session) -> list[int]:
    return list(session.scalars(select(Learner.id).order_by(Learner.id)))


def attempts_to_pass(session: Session, learner_id: int) -> dict[str, int]:
    """Per solved exercise: graded attempts up to and including the first pass.

    Numbered by a window over this learner's graded submissions (read through the learner's own index), not by
    joining each first pass back to the table: SQLite, without statistics, answered that join through
    ix_submissions_state_id, scanning every learner's submissions (45 ms for one learner with 5,000 submissions; this takes about 5)."""
    numbered = (
        select(
            Submission.exercise_id,
            Submission.status,
            func.row_number().over(partition_by=Submission.exercise_id, order_by=Submission.id).label("n"),
        )
        .where(Submission.learner_id == learner_id, Submission.state == "done", Submission.gradable.is_(True))
        .subquery()
    )
    stmt = (
        select(numbered.c.exercise_id, func.min(numbered.c.n))
        .where(numbered.c.status == "pass")
        .group_by(numbered.c.exercise_id)
    )
    return {key: int(value) for key, value in session.execute(stmt)}


def leaderboard_awards(
    session: Session, start: datetime, end: datetime
) -> list[tuple[int, str, datetime, int]]:
    """(learner_id, shown name, created_at, amount) of opted-in learners' awards in [start, end)."""
    name = func.coalesce(Learner.leaderboard_name, Learner.display_name)
    stmt = (
        select(Learner.id, name, XpAward.created_at, XpAward.amount)
        .join(XpAward, XpAward.learner_id == Learner.id)
        .where(Learner.leaderboard_opt_in.is_(True), XpAward.created_at >= start, XpAward.created_at < end)
    )
    return [tuple(row) for row in session.execute(stmt)]


def problem_reports(
    session: Session, status: str | None = None, page_id: str | None = None, category: str | None = None
) -> list[ProblemReport]:
    """Problem reports, newest first, narrowed by whichever filters are given."""
    stmt = select(ProblemReport).order_by(ProblemReport.created_at.desc(), ProblemReport.id.desc())
    if status is not None:
        stmt = stmt.where(ProblemReport.status == status)
    if page_id is not None:
        stmt = stmt.where(ProblemReport.page_id == page_id)
    if category is not None:
        stmt = stmt.where(ProblemReport.category == category)
    return list(session.scalars(stmt))
