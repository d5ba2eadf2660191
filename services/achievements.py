"""Achievements in the database: award what the rules unlock, re-evaluate everyone, and the page's board."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from db import facts, queries, session_scope
from db.models import Learner
from db.types import utcnow
from gamification import ACHIEVEMENTS, Achievement, AchievementStatus, Context, Summary, evaluate, newly_unlocked
from services import history
from services.context import catalog_context, zone_name

BY_ID = {achievement.id: achievement for achievement in ACHIEVEMENTS}


@dataclass(frozen=True)
class AchievementCard:
    """One achievement as the learner's page shows it."""

    achievement: Achievement
    unlocked: bool  # from the awards table: once earned, never taken back
    awarded_at: datetime | None
    progress: int
    target: int
    label: str  # "3/7"
    rarity: float  # share of all learners who hold it, 0..1


def award_unlocked(
    session: Session, learner_id: int, summary: Summary, context: Context, now: datetime, tz: str, xp_total: int,
    submission_id: int | None = None,
) -> tuple[Achievement, ...]:
    """Evaluate all achievements on the summary and insert the unlocked ones not yet awarded (noting the submission
    whose grade unlocked them); returns those this call inserted. UNIQUE(learner, achievement) means a racing
    duplicate inserts nothing."""
    statuses = evaluate(summary, context, now, tz, xp_total=xp_total)
    candidates = newly_unlocked(statuses, queries.achievement_ids(session, learner_id))
    return tuple(
        BY_ID[achievement_id] for achievement_id in candidates
        if facts.record_achievement(session, learner_id, achievement_id, now, submission_id)
    )


def statuses_for(session: Session, learner_id: int, now: datetime,
                 context: Context | None = None) -> list[AchievementStatus]:
    """Progress on every achievement ("3/7") from the learner's current history."""
    learner = _learner(session, learner_id)
    tz = zone_name(learner.timezone)
    base = context if context is not None else catalog_context()
    xp_total = queries.xp_total(session, learner_id)
    return history.read(session, learner_id, tz, base, lambda s: evaluate(s, base, now, tz, xp_total=xp_total))


def achievement_board(session: Session, learner_id: int, now: datetime | None = None,
                      context: Context | None = None) -> list[AchievementCard]:
    """All achievements in definition order: unlocked or not, progress, and how rare each is."""
    now = now or utcnow()
    statuses = {status.id: status for status in statuses_for(session, learner_id, now, context)}
    awarded = queries.awarded_achievements(session, learner_id)
    holders = queries.achievement_holders(session)
    learners = max(1, queries.active_learner_count(session))
    cards = []
    for achievement in ACHIEVEMENTS:
        status = statuses[achievement.id]
        unlocked = achievement.id in awarded
        progress = status.target if unlocked and status.target else status.progress
        cards.append(AchievementCard(
            achievement=achievement, unlocked=unlocked, awarded_at=awarded.get(achievement.id),
            progress=progress, target=status.target, label=f"{progress}/{status.target}",
            rarity=holders.get(achievement.id, 0) / learners,
        ))
    return cards


def reevaluate_learner(session: Session, learner_id: int, now: datetime | None = None,
                       context: Context | None = None) -> tuple[Achievement, ...]:
    """Award whatever this learner's history unlocks but the table lacks (after a new achievement or a fix)."""
    now = now or utcnow()
    learner = facts.lock_learner(session, learner_id)
    tz = zone_name(learner.timezone)
    base = context if context is not None else catalog_context()
    summary = history.snapshot(session, learner_id, tz, base).summary
    return award_unlocked(session, learner_id, summary, base, now, tz, queries.xp_total(session, learner_id))


def reevaluate_all(engine: Engine, now: datetime | None = None, context: Context | None = None,
                   report: Callable[[int, tuple[Achievement, ...]], None] | None = None) -> int:
    """Re-evaluate every learner, one transaction each; returns how many achievements were newly awarded.
    Running it twice awards nothing the second time."""
    with session_scope(engine) as session:
        learner_ids = queries.learner_ids(session)
    total = 0
    for learner_id in learner_ids:
        with session_scope(engine) as session:
            awarded = reevaluate_learner(session, learner_id, now, context)
        total += len(awarded)
        if report is not None:
            report(learner_id, awarded)
    return total


def _learner(session: Session, learner_id: int) -> Learner:
    learner = session.get(Learner, learner_id)
    if learner is None:
        raise LookupError(f"no learner with id {learner_id}")
    return learner
