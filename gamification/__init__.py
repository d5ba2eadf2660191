"""Pure gamification rules: XP, levels, streaks and achievements as functions of the event history."""
from .achievements import (
    ACHIEVEMENTS, Achievement, AchievementDataError, AchievementStatus, Tier, evaluate, load_achievements,
    newly_unlocked,
)
from .events import EVENT_KINDS, XP_EARNING_KINDS, Context, Event
from .goals import DAILY_GOALS, DEFAULT_DAILY_GOAL, DailyProgress, daily_progress
from .leaderboard import RankedLearner, week_start, weekly_ranking
from .levels import LevelProgress, level_progress
from .streaks import StreakState, streak
from .summary import Summary
from .xp import XP, Award, XpTable, awards_for, xp_table_markdown

__all__ = [
    "ACHIEVEMENTS", "Achievement", "AchievementDataError", "AchievementStatus", "Tier", "evaluate",
    "load_achievements", "newly_unlocked", "EVENT_KINDS", "XP_EARNING_KINDS", "Context", "Event",
    "DAILY_GOALS", "DEFAULT_DAILY_GOAL", "DailyProgress", "daily_progress", "RankedLearner", "week_start",
    "weekly_ranking", "LevelProgress", "level_progress", "StreakState", "streak", "Summary", "XP", "Award",
    "XpTable", "awards_for", "xp_table_markdown",
]
