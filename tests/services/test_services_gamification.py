"""XP and achievements through the services: paid once under races, re-evaluated safely, all 17 reachable."""
from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import func, select

from db import AchievementAward, Event, Learner, XpAward, facts, session_scope
from gamification import ACHIEVEMENTS, XP, Context
from services import accounts, achievements, comments, exercises, history, profile, progress, reports, rewards
from services.rewards import Rewards

REPO = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 5, 4, 3, 0, tzinfo=timezone.utc)  # 12:00 in Seoul, the learner's default zone
DAY = timedelta(days=1)
COURSE = ("c/01", "c/02")
CONTEXT = Context(
    courses={"c": frozenset(COURSE)},
    exercise_tags={"clip-a": frozenset({"clipping"}), "clip-b": frozenset({"clipping"}),
                   "stop-a": frozenset({"stop_gradient"})},
    lesson_xp={"c/01": 10, "c/02": 10},
    exercise_xp={"clip-a": 20, "clip-b": 20, "stop-a": 20},
)


@pytest.fixture(autouse=True)
def fresh_cache():
    # Each test has its own database; a snapshot from another test must never be mistaken for this one's.
    history.clear_cache()
    yield
    history.clear_cache()


@pytest.fixture
def learner_id(engine) -> int:
    """A signed-up learner: only accounts may comment, and every achievement must be within their reach."""
    with session_scope(engine) as session:
        return accounts.sign_up(session, "hana", "a-long-password-1", now=NOW).id


def _count(engine, model, **where) -> int:
    with session_scope(engine) as session:
        stmt = select(func.count()).select_from(model)
        for name, value in where.items():
            stmt = stmt.where(getattr(model, name) == value)
        return session.scalar(stmt)


def _held(engine, learner_id) -> set[str]:
    with session_scope(engine) as session:
        return set(session.scalars(select(AchievementAward.achievement_id).where(
            AchievementAward.learner_id == learner_id)))


def _ids(rewards_: Rewards) -> set[str]:
    return {a.id for a in rewards_.achievements}


# -- helpers that act like a learner would, through the services -----------------------------------------

def lesson(engine, learner_id, lesson_id="c/01", at=NOW, xp=10) -> Rewards:
    with session_scope(engine) as session:
        return progress.complete_lesson(session, learner_id, lesson_id, xp, at, context=CONTEXT).rewards


def submit(engine, learner_id, exercise_id, status="pass", at=NOW, xp=20) -> Rewards:
    with session_scope(engine) as session:
        submission_id = exercises.create_submission(session, learner_id, exercise_id, "code", at).id
    result = {"status": status, "gradable": True, "score": 1.0 if status == "pass" else 0.0, "mode": "grade"}
    with session_scope(engine) as session:
        return exercises.finish_submission(session, submission_id, result, xp, at, context=CONTEXT).rewards


def pass_after_a_fail(engine, learner_id, exercise_id, at=NOW, hint=False) -> Rewards:
    if hint:
        with session_scope(engine) as session:
            exercises.reveal_hint(session, learner_id, exercise_id, 0, at, context=CONTEXT)
    return submit(engine, learner_id, exercise_id, "fail", at) + submit(engine, learner_id, exercise_id, "pass", at)


def comment(engine, learner_id, at=NOW) -> Rewards:
    with session_scope(engine) as session:
        return comments.post(session, learner_id, "c/01", "persistent=True가 왜 필요한지 알겠어요!", now=at,
                             context=CONTEXT).rewards


def report(engine, learner_id, at=NOW) -> Rewards:
    with session_scope(engine) as session:
        return reports.file_report(session, learner_id, "lesson", "c/01", "typo", "두 번째 문단에 오타가 있어요",
                                   at, context=CONTEXT).rewards


def daily_goal(engine, learner_id, goal, at=NOW) -> Rewards:
    with session_scope(engine) as session:
        return profile.set_daily_goal(session, learner_id, goal, at, context=CONTEXT)


# -- races ------------------------------------------------------------------------------------------------

def test_fifty_duplicate_lesson_completions_pay_xp_and_award_the_achievement_once(engine, learner_id, run_at_once):
    def complete(_i, barrier):
        with session_scope(engine) as session:
            barrier.wait()
            return progress.complete_lesson(session, learner_id, "c/01", 10, NOW, context=CONTEXT)

    outcomes = run_at_once(50, complete)
    assert sum(o.xp_awarded for o in outcomes) == 10
    assert [a.id for o in outcomes for a in o.rewards.achievements] == ["first_lesson"]
    assert _count(engine, XpAward) == 1
    assert _count(engine, AchievementAward, achievement_id="first_lesson") == 1
    assert _count(engine, Event) == 1


def test_fifty_duplicate_first_try_passes_pay_every_award_once(engine, learner_id, run_at_once):
    with session_scope(engine) as session:
        submission_id = exercises.create_submission(session, learner_id, "clip-a", "code", NOW).id
    result = {"status": "pass", "gradable": True, "score": 1.0, "mode": "grade"}

    def finish(_i, barrier):
        with session_scope(engine) as session:
            barrier.wait()
            return exercises.finish_submission(session, submission_id, result, 20, NOW, context=CONTEXT)

    outcomes = run_at_once(50, finish)
    assert sum(o.xp_awarded for o in outcomes) == 20 + XP.first_try_bonus
    awarded = [a.id for o in outcomes for a in o.rewards.achievements]
    assert sorted(awarded) == ["first_pass", "first_try"]
    with session_scope(engine) as session:
        assert sorted(session.scalars(select(XpAward.award_key))) == ["exercise:clip-a", "first_try:clip-a"]
    assert _held(engine, learner_id) == {"first_pass", "first_try"}


def test_fifty_tabs_posting_the_same_comment_award_first_comment_once(engine, learner_id, run_at_once):
    def post(_i, barrier):
        with session_scope(engine) as session:
            barrier.wait()
            return comments.post(session, learner_id, "c/01", "same words", now=NOW, context=CONTEXT).rewards

    outcomes = run_at_once(50, post)
    assert sum(o.recorded for o in outcomes) == 1
    assert [a.id for o in outcomes for a in o.achievements] == ["first_comment"]
    assert _count(engine, AchievementAward) == 1


def test_tabs_completing_different_lessons_at_once_still_complete_the_course(engine, learner_id, run_at_once):
    # Neither tab alone finishes the course; only because they take turns does the second one see the first.
    def complete(i, barrier):
        with session_scope(engine) as session:
            barrier.wait()
            return progress.complete_lesson(session, learner_id, COURSE[i % 2], 10, NOW, context=CONTEXT)

    outcomes = run_at_once(20, complete)
    assert [a.id for o in outcomes for a in o.rewards.achievements].count("course_complete") == 1
    assert "course_complete" in _held(engine, learner_id)
    assert sum(o.xp_awarded for o in outcomes) == 20


# -- the XP table, through the ledger ---------------------------------------------------------------------

def test_a_third_day_in_a_row_pays_the_streak_bonus_into_the_ledger_once(engine, learner_id):
    lesson(engine, learner_id, "x/1", NOW - 2 * DAY)
    lesson(engine, learner_id, "x/2", NOW - DAY)
    third = lesson(engine, learner_id, "x/3", NOW)
    same_day = lesson(engine, learner_id, "x/4", NOW + timedelta(hours=1))
    assert third.xp == 10 + XP.streak_bonus
    assert same_day.xp == 10  # one bonus per local day
    with session_scope(engine) as session:
        keys = set(session.scalars(select(XpAward.award_key)))
    assert "streak:2026-05-04" in keys
    assert "streak_3" in _ids(third)


def test_local_days_follow_the_learners_time_zone(engine, learner_id):
    # 23:30, 00:30 and 00:30 the next night in Seoul are three days; in New York the same instants are two.
    instants = [datetime(2026, 5, 4, 14, 30, tzinfo=timezone.utc), datetime(2026, 5, 4, 15, 30, tzinfo=timezone.utc),
                datetime(2026, 5, 5, 15, 30, tzinfo=timezone.utc)]
    with session_scope(engine) as session:
        other = Learner(kind="account", username="nyc", display_name="NYC", timezone="America/New_York")
        session.add(other)
        session.flush()
        other_id = other.id
    for number, at in enumerate(instants):
        lesson(engine, learner_id, f"x/{number}", at)
        lesson(engine, other_id, f"x/{number}", at)
    assert "streak_3" in _held(engine, learner_id)
    assert "streak_3" not in _held(engine, other_id)


def test_a_level_up_is_reported_with_the_level_achievement(engine, learner_id):
    small = lesson(engine, learner_id, "x/1", xp=60)
    big = lesson(engine, learner_id, "x/2", xp=60)
    assert not small.leveled_up
    assert (big.leveled_up, big.level_before, big.level_after, big.xp_after) == (True, 0, 1, 120)
    assert big.level_after == 1


# -- every achievement is reachable: the last step of each scenario unlocks it ----------------------------

def _days(step: Callable[[datetime], Rewards], count: int) -> list[Rewards]:
    return [step(NOW + n * DAY) for n in range(count)]


SCENARIOS: dict[str, Callable] = {
    "first_lesson": lambda e, i: [lesson(e, i)],
    "first_pass": lambda e, i: [pass_after_a_fail(e, i, "ex-1")],
    "ten_passes": lambda e, i: [pass_after_a_fail(e, i, f"ex-{n}") for n in range(10)],
    "first_try": lambda e, i: [pass_after_a_fail(e, i, "ex-1"), submit(e, i, "ex-2")],
    "no_hints_five": lambda e, i: [pass_after_a_fail(e, i, "hinted", hint=True)]
    + [pass_after_a_fail(e, i, f"ex-{n}") for n in range(5)],
    "course_complete": lambda e, i: [lesson(e, i, "c/01"), lesson(e, i, "c/02")],
    "streak_3": lambda e, i: _days(lambda at: lesson(e, i, f"x/{at.day}", at), 3),
    "streak_7": lambda e, i: _days(lambda at: lesson(e, i, f"x/{at.day}", at), 7),
    "streak_30": lambda e, i: _days(lambda at: lesson(e, i, f"x/{at.isoformat()}", at), 30),
    "all_courses": lambda e, i: [lesson(e, i, "c/01"), lesson(e, i, "c/02")],
    "level_5": lambda e, i: [lesson(e, i, "x/1", xp=450), lesson(e, i, "x/2", xp=50)],
    "level_10": lambda e, i: [lesson(e, i, "x/1", xp=990), lesson(e, i, "x/2", xp=10)],
    "first_comment": lambda e, i: [report(e, i), comment(e, i)],
    "first_report": lambda e, i: [comment(e, i), report(e, i)],
    "clipping_master": lambda e, i: [pass_after_a_fail(e, i, "clip-a"), pass_after_a_fail(e, i, "stop-a"),
                                     pass_after_a_fail(e, i, "clip-b")],
    "stop_gradient_master": lambda e, i: [pass_after_a_fail(e, i, "clip-a"), pass_after_a_fail(e, i, "stop-a")],
    "goal_keeper": lambda e, i: [daily_goal(e, i, 10)]
    + _days(lambda at: lesson(e, i, f"x/{at.day}", at, xp=10), 7),
}


def test_the_scenarios_cover_every_achievement():
    assert sorted(SCENARIOS) == sorted(a.id for a in ACHIEVEMENTS)


@pytest.mark.parametrize("achievement_id", sorted(SCENARIOS))
def test_each_achievement_is_unlocked_by_the_event_that_earns_it(engine, learner_id, achievement_id):
    steps = SCENARIOS[achievement_id](engine, learner_id)
    *before, last = steps
    assert all(achievement_id not in _ids(step) for step in before)  # not a step too early
    assert achievement_id in _ids(last)
    assert achievement_id in _held(engine, learner_id)
    with session_scope(engine) as session:
        stats = progress.learner_stats(session, learner_id, COURSE)
    assert stats.achievements_done == len(_held(engine, learner_id))
    assert stats.achievements_total == len(ACHIEVEMENTS) == 17


# -- re-evaluation ------------------------------------------------------------------------------------------

def _history_without_awards(engine, learner_id):
    """Events written straight to the table (as before achievements were awarded automatically)."""
    with session_scope(engine) as session:
        facts.record_event(session, learner_id, "lesson_completed", subject="c/01", now=NOW)
        facts.record_event(session, learner_id, "comment_posted", subject="c/01", now=NOW)


def test_reevaluating_twice_awards_what_is_missing_then_nothing(engine, learner_id):
    _history_without_awards(engine, learner_id)
    assert _held(engine, learner_id) == set()
    first = achievements.reevaluate_all(engine, NOW, CONTEXT)
    second = achievements.reevaluate_all(engine, NOW, CONTEXT)
    assert (first, second) == (2, 0)
    assert _held(engine, learner_id) == {"first_lesson", "first_comment"}


def test_python_m_services_reevaluates_the_configured_database(database_url, engine, learner_id, tmp_path):
    _history_without_awards(engine, learner_id)
    env = {**os.environ, "STREAM_DATABASE_URL": database_url, "PYTHONPATH": str(REPO)}

    def run() -> str:
        done = subprocess.run([sys.executable, "-m", "services", "reevaluate-achievements"], env=env, cwd=tmp_path,
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        return done.stdout

    first, second = run(), run()
    assert "learner 1: +first_lesson, first_comment" in first
    assert "1 learner(s) re-evaluated, 2 achievement(s) newly awarded" in first
    assert "1 learner(s) re-evaluated, 0 achievement(s) newly awarded" in second


def test_a_rolled_back_event_leaves_no_trace_in_the_cached_history(engine, learner_id):
    lesson(engine, learner_id, "c/01")
    with pytest.raises(RuntimeError):
        with session_scope(engine) as session:
            progress.complete_lesson(session, learner_id, "c/02", 10, NOW, context=CONTEXT)
            raise RuntimeError("the page crashed before the commit")
    # Had the cached summary kept the rolled-back c/02, it would count as already read and pay nothing.
    again = lesson(engine, learner_id, "c/02")
    assert again.xp == 10
    assert "course_complete" in _ids(again)


def test_a_tab_waits_for_the_other_tabs_event_and_then_sees_it(engine, learner_id):
    # Deterministic version of the race above: tab B records while tab A's transaction is still open.
    seen: list[Rewards] = []
    with session_scope(engine) as tab_a:
        progress.complete_lesson(tab_a, learner_id, "c/01", 10, NOW, context=CONTEXT)
        tab_b = threading.Thread(target=lambda: seen.append(lesson(engine, learner_id, "c/02")))
        tab_b.start()
        tab_b.join(0.5)
        assert tab_b.is_alive()  # it waits for this learner's turn instead of judging a stale history
    tab_b.join(15)
    assert "course_complete" in _ids(seen[0])
