"""The profile page's numbers, the achievements board and the weekly leaderboard, from services."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from db import Learner, session_scope
from services import accounts, achievements, history, leaderboard, profile, progress
from services.leaderboard import LeaderboardNameInvalid
from tests.services.test_services_gamification import CONTEXT, NOW, lesson, pass_after_a_fail, submit

DAY = timedelta(days=1)


@pytest.fixture(autouse=True)
def fresh_cache():
    history.clear_cache()
    yield
    history.clear_cache()


@pytest.fixture
def learner_id(engine) -> int:
    with session_scope(engine) as session:
        return progress.get_local_learner(session).id


def _profile(engine, learner_id, now=NOW):
    with session_scope(engine) as session:
        return profile.profile(session, learner_id, now, context=CONTEXT)


def test_profile_shows_xp_over_time_calendar_streak_goal_and_attempts(engine, learner_id):
    lesson(engine, learner_id, "c/01", NOW - DAY)
    lesson(engine, learner_id, "c/02", NOW)
    pass_after_a_fail(engine, learner_id, "clip-a", NOW)  # two attempts
    submit(engine, learner_id, "stop-a", "pass", NOW)  # one attempt, first try
    data = _profile(engine, learner_id)

    assert [p.total for p in data.xp_over_time] == [10, 20, 40, 60, 65]
    assert data.xp_over_time[0].at.utcoffset() == timedelta(hours=9)  # drawn on the learner's clock
    assert data.xp_total == 65
    days = {day.day: day for day in data.calendar}
    assert (days[date(2026, 5, 4)].xp, days[date(2026, 5, 4)].active) == (55, True)
    assert (days[date(2026, 5, 3)].xp, days[date(2026, 5, 2)].active) == (10, False)
    assert len(data.calendar) % 7 == 0 and data.calendar[0].day.weekday() == 0
    assert (data.streak.current, data.streak.longest, data.streak.today_done) == (2, 2, True)
    assert (data.goal.earned_today, data.goal.goal, data.goal.met) == (55, 20, True)
    assert {a.exercise_id: a.attempts for a in data.attempts} == {"clip-a": 2, "stop-a": 1}


def test_profile_of_a_newcomer_is_empty_but_whole(engine, learner_id):
    data = _profile(engine, learner_id)
    assert data.xp_over_time == () and data.attempts == ()
    assert not any(day.active or day.xp for day in data.calendar)
    assert (data.streak.current, data.goal.earned_today, data.goal.goal) == (0, 0, 20)


def test_setting_the_daily_goal_changes_todays_target(engine, learner_id):
    lesson(engine, learner_id, "c/01", NOW)
    with session_scope(engine) as session:
        profile.set_daily_goal(session, learner_id, 10, NOW, context=CONTEXT)
    assert (_profile(engine, learner_id).goal.goal, _profile(engine, learner_id).goal.met) == (10, True)
    with session_scope(engine) as session, pytest.raises(ValueError, match="daily goal"):
        profile.set_daily_goal(session, learner_id, 15, NOW, context=CONTEXT)


def test_achievement_board_shows_progress_unlocks_and_rarity(engine, learner_id):
    with session_scope(engine) as session:
        other = Learner(kind="account", username="b", display_name="B")
        session.add(other)
        session.flush()
        other_id = other.id
    lesson(engine, learner_id, "c/01", NOW)
    lesson(engine, other_id, "c/01", NOW)
    lesson(engine, other_id, "c/02", NOW)
    with session_scope(engine) as session:
        cards = {c.achievement.id: c for c in achievements.achievement_board(session, learner_id, NOW, CONTEXT)}
    assert len(cards) == 17
    assert cards["first_lesson"].unlocked and cards["first_lesson"].rarity == 1.0
    assert not cards["course_complete"].unlocked and cards["course_complete"].label == "1/2"
    assert cards["course_complete"].rarity == 0.5
    assert cards["streak_7"].label == "1/7" and cards["streak_30"].rarity == 0.0


def test_rarity_counts_people_who_did_something_once_each(engine, learner_id):
    from services.merge import merge_local_into

    with session_scope(engine) as session:
        idle = [Learner(kind="local", guest=True, display_name=f"guest {n}") for n in range(3)]  # visited only
        guest = Learner(kind="local", guest=True, display_name="guest who signed up")
        session.add_all([*idle, guest])
        session.flush()
        guest_id = guest.id
    lesson(engine, learner_id, "c/01", NOW)  # one person, who finished a lesson
    lesson(engine, guest_id, "c/01", NOW)  # another, as a guest first ...
    with session_scope(engine) as session:  # ... who then signed up and merged the guest profile
        account_id = accounts.sign_up(session, "mina", "a-long-password-1", now=NOW).id
    with session_scope(engine) as session:
        merge_local_into(session, guest_id, account_id, NOW, CONTEXT)
    with session_scope(engine) as session:
        cards = {c.achievement.id: c for c in achievements.achievement_board(session, learner_id, NOW, CONTEXT)}
    # Two people did something and both hold it: not 3 of 6 profiles, nor 3 holders of 3 active ones.
    assert cards["first_lesson"].rarity == 1.0
    assert cards["course_complete"].rarity == 0.0


def _learner(engine, name, tz="Asia/Seoul") -> int:
    with session_scope(engine) as session:
        learner = Learner(kind="account", username=name, display_name=name, timezone=tz)
        session.add(learner)
        session.flush()
        return learner.id


def _board(engine, viewer, now=NOW):
    with session_scope(engine) as session:
        return leaderboard.weekly_board(session, viewer, now)


def test_leaderboard_lists_only_learners_who_opted_in_under_their_chosen_name(engine, learner_id):
    shy, keen = _learner(engine, "shy"), _learner(engine, "keen")
    lesson(engine, shy, "c/01", NOW, xp=50)
    lesson(engine, keen, "c/01", NOW, xp=30)
    lesson(engine, learner_id, "c/01", NOW, xp=40)
    with session_scope(engine) as session:
        assert leaderboard.join(session, keen, "  Tensor   Fan ") == "Tensor Fan"
        leaderboard.join(session, learner_id, "Me")
    board = _board(engine, learner_id)
    assert [(r.rank, r.display_name, r.xp) for r in board.rows] == [(1, "Me", 40), (2, "Tensor Fan", 30)]
    assert board.opted_in and board.me.rank == 1
    with session_scope(engine) as session:
        leaderboard.leave(session, learner_id)
    board = _board(engine, learner_id)
    assert [r.display_name for r in board.rows] == ["Tensor Fan"] and board.me is None and board.name == "Me"


def test_leaderboard_shows_the_top_thirty_and_my_place_below_them(engine, learner_id):
    for n in range(32):
        other = _learner(engine, f"l{n:02d}")
        lesson(engine, other, "c/01", NOW, xp=100 + n)
        with session_scope(engine) as session:
            leaderboard.join(session, other, f"L{n:02d}")
    lesson(engine, learner_id, "c/01", NOW, xp=1)
    with session_scope(engine) as session:
        leaderboard.join(session, learner_id, "Me")
    board = _board(engine, learner_id)
    assert len(board.rows) == 30 and board.rows[0].display_name == "L31"
    assert (board.me.rank, board.me.xp) == (33, 1)


def test_the_week_resets_on_monday_midnight_in_the_viewers_zone(engine, learner_id):
    # An hour apart in UTC, but on either side of Monday 00:00 on the viewer's (Seoul) wall clock.
    sunday_night = datetime(2026, 5, 10, 14, 30, tzinfo=timezone.utc)  # Sun 23:30 KST
    monday = datetime(2026, 5, 10, 15, 30, tzinfo=timezone.utc)  # Mon 00:30 KST
    lesson(engine, learner_id, "c/01", sunday_night, xp=40)
    with session_scope(engine) as session:
        leaderboard.join(session, learner_id, "Me")
    assert [r.xp for r in _board(engine, learner_id, sunday_night).rows] == [40]
    fresh = _board(engine, learner_id, monday)
    assert fresh.rows == () and fresh.week_start.isoformat() == "2026-05-11T00:00:00+09:00"
    assert fresh.resets_at.isoformat() == "2026-05-18T00:00:00+09:00"


@pytest.mark.parametrize(("name", "reason"), [("   ", "empty"), ("x" * 41, "too_long")])
def test_a_bad_leaderboard_name_is_refused_with_a_reason(engine, learner_id, name, reason):
    with session_scope(engine) as session, pytest.raises(LeaderboardNameInvalid) as refused:
        leaderboard.join(session, learner_id, name)
    assert refused.value.reason == reason
