"""Daily XP goal: how much the learner earned on their local today against the goal they chose."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, tzinfo
from typing import NamedTuple

from .events import as_zone, local_date, require_aware

DAILY_GOALS = (10, 20, 30, 50)
# Used until the learner picks one, so "goal met" means something from the first day.
DEFAULT_DAILY_GOAL = 20


class DailyProgress(NamedTuple):
    earned_today: int
    goal: int
    met: bool


def check_goal(goal: int) -> int:
    if goal not in DAILY_GOALS:
        raise ValueError(f"daily goal must be one of {DAILY_GOALS}, got {goal!r}")
    return goal


def daily_progress(xp_events_with_amounts: Iterable[tuple[datetime, int]], now: datetime,
                   tz: str | tzinfo, goal: int) -> DailyProgress:
    """Sum the XP whose instant falls on the learner's local today (pairs of (occurred_at, amount))."""
    zone = as_zone(tz)
    today = local_date(require_aware(now), zone)
    earned = sum(amount for at, amount in xp_events_with_amounts if local_date(at, zone) == today)
    goal = check_goal(goal)
    return DailyProgress(earned, goal, earned >= goal)
