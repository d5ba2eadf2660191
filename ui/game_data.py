"""What the achievements, profile and leaderboard pages read and write, through services only."""
from __future__ import annotations

from datetime import datetime, timezone
from typing import TYPE_CHECKING

import db
from services import achievements, leaderboard, profile
from services.context import catalog_context
from ui import data, store

if TYPE_CHECKING:
    from services.achievements import AchievementCard
    from services.leaderboard import Board
    from services.profile import Profile
    from services.rewards import Rewards


def _now() -> datetime:
    return datetime.now(timezone.utc)


def achievement_cards() -> list[AchievementCard]:
    cat = data.catalog()
    with db.session_scope(store.engine()) as session:
        return achievements.achievement_board(session, data.learner_id(), _now(), catalog_context(cat))


def learner_profile() -> Profile:
    cat = data.catalog()
    with db.session_scope(store.engine()) as session:
        return profile.profile(session, data.learner_id(), _now(), catalog=cat, context=catalog_context(cat))


def set_daily_goal(goal: int) -> Rewards:
    with db.session_scope(store.engine()) as session:
        return profile.set_daily_goal(session, data.learner_id(), goal, _now(), catalog_context(data.catalog()))


def weekly_board() -> Board:
    with db.session_scope(store.engine()) as session:
        return leaderboard.weekly_board(session, data.learner_id(), _now())


def join_leaderboard(name: str) -> str:
    """Raises services.leaderboard.LeaderboardNameInvalid for an empty or too long name."""
    with db.session_scope(store.engine()) as session:
        return leaderboard.join(session, data.learner_id(), name)


def leave_leaderboard() -> None:
    with db.session_scope(store.engine()) as session:
        leaderboard.leave(session, data.learner_id())
