"""Streaks count the learner's local days; freezes cover one missed day each; today pending never breaks it."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from gamification import Event, streak
from gamification.streaks import StreakCounter

SEOUL = ZoneInfo("Asia/Seoul")
NEW_YORK = ZoneInfo("America/New_York")
START = date(2025, 1, 1)


def lesson_at(moment: datetime) -> Event:
    return Event("lesson_completed", f"lesson-{moment.isoformat()}", moment)


def on_days(offsets, tz=SEOUL, kind="lesson_completed") -> list[Event]:
    return [Event(kind, f"x{o}", datetime.combine(START + timedelta(days=o), datetime.min.time(), tzinfo=tz)
                  + timedelta(hours=20)) for o in offsets]


def noon(offset: int, tz=SEOUL) -> datetime:
    return datetime.combine(START + timedelta(days=offset), datetime.min.time(), tzinfo=tz) + timedelta(hours=12)


@pytest.mark.parametrize("tz, expected_days", [
    ("Asia/Seoul", [date(2025, 3, 1), date(2025, 3, 2)]),
    # The same two instants are 14:30 and 15:30 on one UTC day.
    ("UTC", [date(2025, 3, 1)]),
])
def test_2330_and_0030_in_seoul_are_two_days_there(tz, expected_days):
    events = [lesson_at(datetime(2025, 3, 1, 23, 30, tzinfo=SEOUL)),
              lesson_at(datetime(2025, 3, 2, 0, 30, tzinfo=SEOUL))]
    state = streak(events, datetime(2025, 3, 2, 12, tzinfo=SEOUL), tz)
    assert list(state.days) == expected_days
    assert state.current == len(expected_days)


@pytest.mark.parametrize("local_times, expected_days", [
    # Spring forward on 9 March 2025: the day has 23 hours, late evenings still land on their own day.
    ([(3, 8, 23, 30), (3, 9, 23, 30), (3, 10, 23, 30)], [date(2025, 3, 8), date(2025, 3, 9), date(2025, 3, 10)]),
    ([(3, 8, 0, 30), (3, 9, 0, 30), (3, 9, 3, 30), (3, 10, 0, 30)],
     [date(2025, 3, 8), date(2025, 3, 9), date(2025, 3, 10)]),
    # Fall back on 2 November 2025: 23:30 that night is 04:30 UTC on the 3rd but still the 2nd in New York.
    ([(11, 1, 23, 30), (11, 2, 1, 30), (11, 2, 23, 30)], [date(2025, 11, 1), date(2025, 11, 2)]),
    ([(11, 1, 23, 59), (11, 2, 23, 59), (11, 3, 0, 1)], [date(2025, 11, 1), date(2025, 11, 2), date(2025, 11, 3)]),
])
def test_new_york_days_across_daylight_saving_changes(local_times, expected_days):
    events = [lesson_at(datetime(2025, m, d, h, mi, tzinfo=NEW_YORK)) for m, d, h, mi in local_times]
    last = expected_days[-1]
    state = streak(events, datetime(last.year, last.month, last.day, 23, 59, tzinfo=NEW_YORK), "America/New_York")
    assert list(state.days) == expected_days
    assert state.current == len(expected_days)


def test_utc_instant_lands_on_the_new_york_day():
    # 03:30 UTC on 10 March is 23:30 EDT on 9 March: counted on the 9th, so 8-9-10 is unbroken.
    events = [lesson_at(datetime(2025, 3, 8, 20, tzinfo=NEW_YORK)),
              lesson_at(datetime(2025, 3, 10, 3, 30, tzinfo=timezone.utc)),
              lesson_at(datetime(2025, 3, 10, 20, tzinfo=NEW_YORK))]
    state = streak(events, datetime(2025, 3, 10, 21, tzinfo=NEW_YORK), NEW_YORK)
    assert state.current == 3


STREAK_ROWS = [
    # (why, active day offsets, today offset, current, longest, freezes available, freezes used, today done)
    ("nothing yet", [], 0, 0, 0, 0, 0, False),
    ("three days, today done", [0, 1, 2], 2, 3, 3, 0, 0, True),
    ("today not done yet keeps it", [0, 1, 2], 3, 3, 3, 0, 0, False),
    ("a missed day without a freeze breaks it", [0, 1, 2], 4, 0, 3, 0, 0, False),
    ("broken then restarted", [0, 1, 2, 4], 4, 1, 3, 0, 0, True),
    ("seven days earn a freeze", list(range(7)), 6, 7, 7, 1, 0, True),
    ("the freeze covers one missed day", list(range(7)) + [8], 8, 8, 8, 0, 1, True),
    ("covered day pending today", list(range(7)), 8, 7, 7, 0, 1, False),
    ("one freeze does not cover two days", list(range(7)) + [9], 9, 1, 7, 0, 1, True),
    ("two missed days end it even before activity", list(range(7)), 9, 0, 7, 0, 1, False),
    ("fourteen days bank two freezes", list(range(14)), 13, 14, 14, 2, 0, True),
    ("never more than two banked", list(range(21)), 20, 21, 21, 2, 0, True),
    ("two banked cover two missed days", list(range(21)) + [23], 23, 22, 22, 0, 2, True),
    ("two banked do not cover three", list(range(21)) + [24], 24, 1, 21, 0, 2, True),
    ("six days earn no freeze", list(range(6)) + [7], 7, 1, 6, 0, 0, True),
    ("a frozen day does not count toward the next freeze", list(range(7)) + list(range(8, 14)), 13, 13, 13, 0, 1, True),
    ("the next freeze comes at fourteen counted days", list(range(7)) + list(range(8, 15)), 14, 14, 14, 1, 1, True),
    ("longest survives a break", list(range(10)) + [20, 21], 21, 2, 10, 0, 1, True),
]


@pytest.mark.parametrize("why, active, today, current, longest, available, used, today_done", STREAK_ROWS,
                         ids=[row[0] for row in STREAK_ROWS])
def test_streak_and_freezes(why, active, today, current, longest, available, used, today_done):
    state = streak(on_days(active), noon(today), SEOUL)
    assert (state.current, state.longest, state.freezes_available, state.freezes_used, state.today_done) == (
        current, longest, available, used, today_done)


@pytest.mark.parametrize("kind, counts", [
    ("lesson_completed", True), ("exercise_passed", True),
    ("exercise_attempted", False), ("hint_revealed", False), ("comment_posted", False), ("daily_goal_set", False),
])
def test_only_xp_earning_kinds_keep_a_streak(kind, counts):
    state = streak(on_days([0, 1, 2], kind=kind), noon(2), SEOUL)
    assert state.current == (3 if counts else 0)


def test_events_after_now_are_ignored():
    state = streak(on_days([0, 1, 2, 3, 4]), noon(2), SEOUL)
    assert (state.current, state.longest, state.days[-1]) == (3, 3, START + timedelta(days=2))


def test_out_of_order_marking_matches_in_order():
    days = [START + timedelta(days=o) for o in [*range(8), 9, 10, 14, 15, 16]]
    in_order, shuffled = StreakCounter(), StreakCounter()
    for day in days:
        in_order.mark(day)
    for day in reversed(days):
        shuffled.mark(day)
    today = START + timedelta(days=16)
    assert in_order.state(today) == shuffled.state(today)


def test_naive_now_is_refused():
    with pytest.raises(ValueError, match="aware"):
        streak([], datetime(2025, 1, 1), SEOUL)
