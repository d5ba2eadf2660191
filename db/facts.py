"""Race-proof writes: a fact that already exists is left alone by the database, not by a prior check."""
from __future__ import annotations

import functools
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Insert, Table, TextClause, bindparam, select, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from db.models import (
    AchievementAward,
    Base,
    Draft,
    Event,
    HintReveal,
    Learner,
    LessonCompletion,
    SolutionReveal,
    Submission,
    XpAward,
)
from db.types import utcnow


def _insert(session: Session, model: type[Base]) -> Insert:
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        return postgresql.insert(model)
    if dialect == "sqlite":
        return sqlite.insert(model)
    raise NotImplementedError(f"no ON CONFLICT insert for the {dialect} dialect")


def insert_once(
    session: Session,
    model: type[Base],
    values: dict[str, Any],
    conflict_on: Sequence[str],
    conflict_where: ColumnElement[bool] | TextClause | None = None,
) -> bool:
    """INSERT … ON CONFLICT DO NOTHING; True if this call's row landed, False if one was already there."""
    if conflict_where is None and _complete(model.__table__, values):
        fast = _insert_ignore(model.__table__, tuple(values), tuple(conflict_on), conflict_on[0])
        return session.execute(fast, values).first() is not None
    stmt = _insert(session, model).values(**values)
    stmt = stmt.on_conflict_do_nothing(index_elements=list(conflict_on), index_where=conflict_where)
    # RETURNING yields a row only if ours was inserted; rowcount is unreliable once the dialect adds
    # an implicit RETURNING. Concurrent callers with the same key: PostgreSQL makes the loser wait
    # for the winner's commit, SQLite serialises writers; either way exactly one gets a row back.
    stmt = stmt.returning(getattr(model, conflict_on[0]))
    return session.execute(stmt).first() is not None


def _complete(table: Table, values: dict[str, Any]) -> bool:
    """True if `values` name every column the fast path cannot fill in (Python-side defaults need the ORM)."""
    return all(
        column.name in values or column.nullable or column.server_default is not None
        or (column.primary_key and column.autoincrement in (True, "auto") and column.default is None)
        for column in table.columns
    )


@functools.lru_cache(maxsize=64)
def _insert_ignore(table: Table, columns: tuple[str, ...], conflict_on: tuple[str, ...], returning: str) -> TextClause:
    # SQLAlchemy 2.0 does not cache the compiled form of an ON CONFLICT insert, so every call recompiled it
    # (~0.7 ms, most of recording an event). A text statement with typed parameters compiles once. SQLite
    # (>= 3.35) and PostgreSQL spell it the same way.
    sql = (
        f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({', '.join(':' + c for c in columns)}) "
        f"ON CONFLICT ({', '.join(conflict_on)}) DO NOTHING RETURNING {returning}"
    )
    return text(sql).bindparams(*(bindparam(c, type_=table.c[c].type) for c in columns))


def record_event(
    session: Session,
    learner_id: int,
    kind: str,
    *,
    subject: str | None = None,
    data: dict[str, Any] | None = None,
    dedupe_key: str | None = None,
    now: datetime | None = None,
) -> bool:
    """Append an event; with a dedupe_key the same fact lands once. True if it landed now."""
    values = dict(
        learner_id=learner_id, kind=kind, subject=subject, data=data or {},
        dedupe_key=dedupe_key, occurred_at=now or utcnow(),
    )
    return insert_once(session, Event, values, ["learner_id", "dedupe_key"])


def append_event(
    session: Session,
    learner_id: int,
    kind: str,
    *,
    subject: str | None = None,
    data: dict[str, Any] | None = None,
    dedupe_key: str | None = None,
    now: datetime | None = None,
) -> int | None:
    """Like record_event, but hands back the new event's id (None if the same fact was already there)."""
    values = dict(
        learner_id=learner_id, kind=kind, subject=subject, data=data or {},
        dedupe_key=dedupe_key, occurred_at=now or utcnow(),
    )
    stmt = _insert_ignore(Event.__table__, tuple(values), ("learner_id", "dedupe_key"), "id")
    return session.execute(stmt, values).scalar()


def lock_learner(session: Session, learner_id: int) -> Learner:
    """Take this learner's write lock until the transaction ends, so their events are judged one at a time.

    Two different events recorded at once (two tabs) must each see the other, or an achievement that
    needs both would be missed. PostgreSQL: a row lock (NO KEY, so inserts that reference the learner
    don't wait on it). SQLite ignores FOR UPDATE; its BEGIN IMMEDIATE already runs writers one by one.
    """
    stmt = select(Learner).where(Learner.id == learner_id).with_for_update(key_share=True)
    learner = session.scalars(stmt.execution_options(populate_existing=True)).one_or_none()
    if learner is None:
        raise LookupError(f"no learner with id {learner_id}")
    return learner


def update_learner(session: Session, learner_id: int, **values: Any) -> None:
    """Change settings on the learner row (daily goal, leaderboard opt-in and name)."""
    # The default synchronisation also updates a Learner already loaded in this session, so it never shows stale.
    session.execute(update(Learner).where(Learner.id == learner_id).values(**values))


def award_xp(
    session: Session, learner_id: int, award_key: str, amount: int, reason: str, now: datetime | None = None,
    submission_id: int | None = None,
) -> bool:
    """Pay XP into the ledger once per award_key (noting the submission whose grade paid it). True if this call paid it."""
    values = dict(learner_id=learner_id, award_key=award_key, amount=amount, reason=reason, created_at=now or utcnow(),
                  submission_id=submission_id)
    return insert_once(session, XpAward, values, ["learner_id", "award_key"])


def record_lesson_completion(session: Session, learner_id: int, lesson_id: str, now: datetime | None = None) -> bool:
    values = dict(learner_id=learner_id, lesson_id=lesson_id, completed_at=now or utcnow())
    return insert_once(session, LessonCompletion, values, ["learner_id", "lesson_id"])


def record_achievement(
    session: Session, learner_id: int, achievement_id: str, now: datetime | None = None,
    submission_id: int | None = None,
) -> bool:
    values = dict(learner_id=learner_id, achievement_id=achievement_id, awarded_at=now or utcnow(),
                  submission_id=submission_id)
    return insert_once(session, AchievementAward, values, ["learner_id", "achievement_id"])


def record_hint_reveal(
    session: Session, learner_id: int, exercise_id: str, hint_index: int, now: datetime | None = None
) -> bool:
    values = dict(learner_id=learner_id, exercise_id=exercise_id, hint_index=hint_index, revealed_at=now or utcnow())
    return insert_once(session, HintReveal, values, ["learner_id", "exercise_id", "hint_index"])


def record_solution_reveal(
    session: Session, learner_id: int, exercise_id: str, now: datetime | None = None
) -> bool:
    values = dict(learner_id=learner_id, exercise_id=exercise_id, revealed_at=now or utcnow())
    return insert_once(session, SolutionReveal, values, ["learner_id", "exercise_id"])


def upsert_draft(
    session: Session, learner_id: int, exercise_id: str, code: str, now: datetime | None = None
) -> None:
    """Keep the latest code per learner and exercise; two tabs saving at once both succeed, last wins."""
    now = now or utcnow()
    stmt = _insert(session, Draft).values(learner_id=learner_id, exercise_id=exercise_id, code=code, updated_at=now)
    stmt = stmt.on_conflict_do_update(
        index_elements=["learner_id", "exercise_id"], set_={"code": code, "updated_at": now}
    )
    session.execute(stmt)


def mark_submission_running(session: Session, submission_id: int) -> bool:
    """queued -> running; False if it had already moved on."""
    stmt = (
        update(Submission)
        .where(Submission.id == submission_id, Submission.state == "queued")
        .values(state="running")
        .execution_options(synchronize_session=False)
    )
    return session.execute(stmt).rowcount == 1


def mark_submission_done(session: Session, submission_id: int, values: dict[str, Any]) -> bool:
    """Store the grade and set state done, once: a second finisher (retry, other tab) gets False."""
    stmt = (
        update(Submission)
        .where(Submission.id == submission_id, Submission.state != "done")
        .values(state="done", **values)
        .execution_options(synchronize_session=False)
    )
    return session.execute(stmt).rowcount == 1
