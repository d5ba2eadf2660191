"""Weekly leaderboard: the week starts Monday 00:00 on the viewer's clock; only opted-in learners show."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from gamification import RankedLearner, week_start, weekly_ranking

SEOUL = ZoneInfo("Asia/Seoul")
NEW_YORK = ZoneInfo("America/New_York")
UTC = timezone.utc


@pytest.mark.parametrize("now, tz, expected_local", [
    # Monday 00:30 in Seoul is still Sunday in UTC.
    (datetime(2025, 3, 10, 0, 30, tzinfo=SEOUL), "Asia/Seoul", datetime(2025, 3, 10)),
    (datetime(2025, 3, 10, 0, 30, tzinfo=SEOUL), "UTC", datetime(2025, 3, 3)),
    (datetime(2025, 3, 9, 23, 59, tzinfo=SEOUL), "Asia/Seoul", datetime(2025, 3, 3)),
    (datetime(2025, 3, 16, 23, 59, tzinfo=SEOUL), "Asia/Seoul", datetime(2025, 3, 10)),
    # The week of the spring-forward Sunday and the one after it.
    (datetime(2025, 3, 9, 23, 0, tzinfo=NEW_YORK), "America/New_York", datetime(2025, 3, 3)),
    (datetime(2025, 3, 12, 9, 0, tzinfo=NEW_YORK), "America/New_York", datetime(2025, 3, 10)),
])
def test_week_starts_monday_midnight_local(now, tz, expected_local):
    start = week_start(now, tz)
    assert start.replace(tzinfo=None) == expected_local
    assert start.utcoffset() == expected_local.replace(tzinfo=ZoneInfo(tz)).utcoffset()
    assert start <= now < start + timedelta(days=8)


def entry(learner_id, name, xp_at, opted_in=True):
    return (learner_id, name, opted_in, xp_at)


@pytest.mark.parametrize("viewer_tz, expected_xp", [
    ("Asia/Seoul", 5),   # Monday 00:30 there: Sunday's 30 XP belongs to last week
    ("UTC", 35),         # still Sunday in UTC: both awards are this week
])
def test_week_resets_on_monday_in_the_viewers_zone(viewer_tz, expected_xp):
    now = datetime(2025, 3, 10, 0, 30, tzinfo=SEOUL)
    awards = [(datetime(2025, 3, 9, 23, 30, tzinfo=SEOUL), 30), (datetime(2025, 3, 10, 0, 10, tzinfo=SEOUL), 5)]
    assert weekly_ranking([entry(1, "Mina", awards)], now, viewer_tz) == [RankedLearner(1, 1, "Mina", expected_xp)]


def test_next_week_starts_at_local_midnight_across_daylight_saving():
    # Monday 10 March 00:30 EDT is 04:30 UTC; 168 hours after Monday 3 March 00:00 EST would be 05:00 UTC.
    now = datetime(2025, 3, 9, 23, 45, tzinfo=NEW_YORK)
    awards = [(datetime(2025, 3, 9, 23, 30, tzinfo=NEW_YORK), 10), (datetime(2025, 3, 10, 0, 30, tzinfo=NEW_YORK), 20)]
    assert [r.xp for r in weekly_ranking([entry(1, "Ana", awards)], now, NEW_YORK)] == [10]


def test_ranking_orders_shares_ties_and_hides_opted_out():
    now = datetime(2025, 3, 12, 12, tzinfo=SEOUL)
    this_week = datetime(2025, 3, 11, 9, tzinfo=SEOUL)
    last_week = datetime(2025, 3, 7, 9, tzinfo=SEOUL)
    entries = [
        entry("a", "Ari", [(this_week, 40), (last_week, 500)]),
        entry("b", "Bo", [(this_week, 70)]),
        entry("c", "Cy", [(this_week, 40)]),
        entry("d", "Dan", [(this_week, 999)], opted_in=False),
        entry("e", "Eun", [(last_week, 80)]),  # nothing this week: not listed
        entry("f", "Fin", [(this_week, 10)]),
    ]
    assert weekly_ranking(entries, now, SEOUL) == [
        RankedLearner(1, "b", "Bo", 70), RankedLearner(2, "a", "Ari", 40),
        RankedLearner(2, "c", "Cy", 40), RankedLearner(4, "f", "Fin", 10),
    ]


@pytest.mark.parametrize("learners, top, shown", [(40, 30, 30), (12, 30, 12), (40, 5, 5)])
def test_top_limits_the_list(learners, top, shown):
    now = datetime(2025, 3, 12, 12, tzinfo=UTC)
    entries = [entry(i, f"L{i:02d}", [(now - timedelta(hours=1), 100 + i)]) for i in range(learners)]
    ranking = weekly_ranking(entries, now, UTC, top=top)
    assert len(ranking) == shown
    assert ranking[0].xp == 100 + learners - 1
    assert [r.rank for r in ranking] == list(range(1, shown + 1))
