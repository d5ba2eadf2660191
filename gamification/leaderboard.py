"""The weekly leaderboard: XP earned since Monday 00:00 on the viewer's wall clock, opted-in learners only."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, time, timedelta, tzinfo

from .events import as_zone, local_date, require_aware

LeaderboardEntry = tuple[object, str, bool, Iterable[tuple[datetime, int]]]


@dataclass(frozen=True)
class RankedLearner:
    rank: int  # ties share a rank (1, 2, 2, 4) so nobody is placed below an equal score
    learner_id: object
    display_name: str
    xp: int


def week_start(now: datetime, tz: str | tzinfo) -> datetime:
    """Monday 00:00 local time of the week containing `now`, as an aware datetime in `tz`."""
    zone = as_zone(tz)
    today = local_date(require_aware(now), zone)
    return datetime.combine(today - timedelta(days=today.weekday()), time(0), tzinfo=zone)


def weekly_ranking(entries: Iterable[LeaderboardEntry], now: datetime, tz: str | tzinfo,
                   top: int = 30) -> list[RankedLearner]:
    """Rank learners by XP in this local week; entries are (learner_id, display_name, opted_in, [(at, amount)])."""
    zone = as_zone(tz)
    start = week_start(now, zone)
    # Same-zone arithmetic in Python is wall-clock, so this is next Monday 00:00 even across a DST change
    # (adding 168 hours in UTC would be an hour off).
    end = start + timedelta(days=7)
    totals = []
    for learner_id, display_name, opted_in, awards in entries:
        if not opted_in:
            continue
        xp = sum(amount for at, amount in awards if start <= at < end)
        if xp > 0:
            totals.append((xp, display_name, learner_id))
    # Name then id break ties only for a stable order on screen; the rank itself stays shared.
    totals.sort(key=lambda row: (-row[0], row[1].casefold(), str(row[2])))
    ranked: list[RankedLearner] = []
    for position, (xp, name, learner_id) in enumerate(totals[:top], start=1):
        rank = ranked[-1].rank if ranked and ranked[-1].xp == xp else position
        ranked.append(RankedLearner(rank, learner_id, name, xp))
    return ranked
