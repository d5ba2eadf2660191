"""Daily goal: XP earned on the learner's local today against a goal of 10, 20, 30 or 50."""
from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from gamification import DailyProgress, daily_progress

SEOUL = ZoneInfo("Asia/Seoul")
NOW = datetime(2025, 3, 2, 8, 0, tzinfo=SEOUL)  # 23:00 UTC on 1 March


@pytest.mark.parametrize("goal, amounts, earned, met", [
    (10, [], 0, False),
    (10, [10], 10, True),
    (20, [15], 15, False),
    (20, [15, 5], 20, True),
    (30, [20, 5], 25, False),
    (50, [49], 49, False),
    (50, [30, 25], 55, True),
])
def test_goal_met_at_the_threshold(goal, amounts, earned, met):
    awards = [(NOW - timedelta(minutes=i + 1), amount) for i, amount in enumerate(amounts)]
    assert daily_progress(awards, NOW, SEOUL, goal) == DailyProgress(earned, goal, met)


def test_today_is_the_learners_local_day():
    awards = [
        (datetime(2025, 3, 1, 23, 50, tzinfo=SEOUL), 40),  # same UTC day as NOW, but yesterday in Seoul
        (datetime(2025, 3, 2, 0, 10, tzinfo=SEOUL), 15),
    ]
    assert daily_progress(awards, NOW, "Asia/Seoul", 20) == (15, 20, False)
    # Seen from UTC both awards are "today".
    assert daily_progress(awards, NOW, "UTC", 20) == (55, 20, True)


@pytest.mark.parametrize("goal", [0, 15, 25, 100])
def test_only_the_offered_goals(goal):
    with pytest.raises(ValueError, match="10, 20, 30, 50"):
        daily_progress([], NOW, SEOUL, goal)
