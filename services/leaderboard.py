"""The weekly leaderboard: opting in under a display name, and this week's top learners in the viewer's zone."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from db import facts, queries
from db.models import Learner
from db.types import utcnow
from gamification import RankedLearner, week_start, weekly_ranking
from services.context import zone_name

TOP = 30
NAME_MAX = 40


class LeaderboardNameInvalid(ValueError):
    """The display name is empty or too long; the page says which."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason  # "empty" | "too_long"


@dataclass(frozen=True)
class Board:
    week_start: datetime  # Monday 00:00 in the viewer's zone
    resets_at: datetime  # next Monday 00:00 there
    rows: tuple[RankedLearner, ...]  # top 30, ties share a rank
    me: RankedLearner | None  # the viewer's place even outside the top, if opted in and earned XP this week
    opted_in: bool
    name: str  # the name shown (or suggested) for the viewer


def clean_name(name: str) -> str:
    cleaned = " ".join((name or "").split())  # no invisible differences between two names on screen
    if not cleaned:
        raise LeaderboardNameInvalid("empty")
    if len(cleaned) > NAME_MAX:
        raise LeaderboardNameInvalid("too_long")
    return cleaned


def join(session: Session, learner_id: int, name: str) -> str:
    """Opt in (or rename); returns the name as it will be shown."""
    shown = clean_name(name)
    facts.update_learner(session, learner_id, leaderboard_opt_in=True, leaderboard_name=shown)
    return shown


def leave(session: Session, learner_id: int) -> None:
    """Opt out; the name is kept so opting in again is one click."""
    facts.update_learner(session, learner_id, leaderboard_opt_in=False)


def weekly_board(session: Session, viewer_id: int, now: datetime | None = None, top: int = TOP) -> Board:
    """This week's ranking, the week starting Monday 00:00 on the viewer's wall clock."""
    now = now or utcnow()
    viewer = session.get(Learner, viewer_id)
    if viewer is None:
        raise LookupError(f"no learner with id {viewer_id}")
    tz = zone_name(viewer.timezone)
    start = week_start(now, tz)
    end = start + timedelta(days=7)  # wall-clock days: next Monday 00:00 even across a DST change
    names: dict[int, str] = {}
    awards: defaultdict[int, list[tuple[datetime, int]]] = defaultdict(list)
    for learner_id, name, at, amount in queries.leaderboard_awards(session, start, end):
        names[learner_id] = name
        awards[learner_id].append((at, amount))
    everyone = weekly_ranking(((i, names[i], True, awards[i]) for i in awards), now, tz, top=len(awards))
    me = next((row for row in everyone if row.learner_id == viewer_id), None)
    return Board(
        week_start=start, resets_at=end, rows=tuple(everyone[:top]), me=me,
        opted_in=viewer.leaderboard_opt_in, name=viewer.leaderboard_name or viewer.display_name,
    )
