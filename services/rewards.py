"""Record one event and pay what it earns: XP by gamification's rules into the ledger, then achievements."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from db import facts, queries
from db.types import utcnow
from gamification import Achievement, Award, Context, Event, level_progress
from gamification.events import EXERCISE_PASSED, LESSON_COMPLETED
from services import achievements, history
from services.context import catalog_context, with_xp, zone_name


@dataclass(frozen=True)
class Rewards:
    """What one recorded event (or several, added together) earned; pages celebrate from this."""

    awards: tuple[Award, ...] = ()  # ledger rows this call wrote; a racing duplicate gets none
    achievements: tuple[Achievement, ...] = ()  # newly unlocked by this call
    xp_before: int = 0
    xp_after: int = 0
    recorded: bool = False  # False when the same fact was already there (a second tab, a retry)

    @property
    def xp(self) -> int:
        return sum(award.amount for award in self.awards)

    @property
    def level_before(self) -> int:
        return level_progress(self.xp_before).level

    @property
    def level_after(self) -> int:
        return level_progress(self.xp_after).level

    @property
    def leveled_up(self) -> bool:
        return self.level_after > self.level_before

    def __add__(self, later: Rewards) -> Rewards:
        if not self.recorded:
            return later if later.recorded else self
        if not later.recorded:
            return self
        return Rewards(self.awards + later.awards, self.achievements + later.achievements,
                       self.xp_before, later.xp_after, True)


NOTHING = Rewards()


def record(
    session: Session,
    learner_id: int,
    kind: str,
    *,
    subject: str | None = None,
    data: dict[str, Any] | None = None,
    dedupe_key: str | None = None,
    now: datetime | None = None,
    xp: int | None = None,
    context: Context | None = None,
    submission_id: int | None = None,
) -> Rewards:
    """Append the event; if it is new, pay the awards gamification.awards_for gives it and award every
    achievement it unlocks. `xp` is the caller's XP for this lesson or exercise (it wins over the catalog's).
    `submission_id`: the submission whose grade this event is; its ledger and achievement rows point at it.

    Double payment is impossible by the ledger's UNIQUE(learner, award_key), not by checking first; the
    learner lock only makes concurrent *different* events see each other, so nothing is missed."""
    now = now or utcnow()
    learner = facts.lock_learner(session, learner_id)
    tz = zone_name(learner.timezone)
    base = context if context is not None else catalog_context()
    snapshot = history.snapshot(session, learner_id, tz, base)  # the history *before* this event

    event_id = facts.append_event(
        session, learner_id, kind, subject=subject, data=data, dedupe_key=dedupe_key, now=now
    )
    if event_id is None:
        return NOTHING
    judged_with = base
    if xp is not None and subject and kind == LESSON_COMPLETED:
        judged_with = with_xp(base, lessons={subject: xp})
    elif xp is not None and subject and kind == EXERCISE_PASSED:
        judged_with = with_xp(base, exercises={subject: xp})
    awards = snapshot.add(event_id, Event(kind, subject, now, data or {}), judged_with)

    xp_before = queries.xp_total(session, learner_id)
    paid = tuple(
        award for award in awards
        if facts.award_xp(session, learner_id, award.key, award.amount, award.reason, now, submission_id)
    )
    xp_after = xp_before + sum(award.amount for award in paid)
    unlocked = achievements.award_unlocked(session, learner_id, snapshot.summary, base, now, tz, xp_after,
                                           submission_id)
    return Rewards(paid, unlocked, xp_before, xp_after, recorded=True)
