"""Lesson completion, XP and the dashboard numbers, including many tabs completing at once."""
from __future__ import annotations

import uuid
from datetime import datetime, timezone

from sqlalchemy import func, select

from db import Event, Learner, LessonCompletion, XpAward, session_scope
from services import progress
from services.progress import LearnerStats, LessonAward

NOW = datetime(2026, 5, 4, 12, 0, tzinfo=timezone.utc)


def _local_id(engine) -> int:
    with session_scope(engine) as session:
        return progress.get_local_learner(session).id


def _count(engine, model) -> int:
    with session_scope(engine) as session:
        return session.scalar(select(func.count()).select_from(model))


def test_local_learner_is_created_once_with_the_documented_defaults(engine):
    with session_scope(engine) as session:
        first = progress.get_local_learner(session)
    with session_scope(engine) as session:
        again = progress.get_local_learner(session)
    assert again.id == first.id
    assert (first.kind, first.role, first.lang, first.timezone, first.daily_goal) == (
        "local", "learner", "ko", "Asia/Seoul", 20
    )
    assert uuid.UUID(first.public_id)
    assert first.username is None and first.password_hash is None
    assert first.created_at.tzinfo is not None


def test_twenty_tabs_opening_at_once_share_one_local_learner(engine, run_at_once):
    def open_tab(_i, barrier):
        with session_scope(engine) as session:
            barrier.wait()
            return progress.get_local_learner(session).id

    ids = run_at_once(20, open_tab)
    assert len(set(ids)) == 1
    assert _count(engine, Learner) == 1


def test_guest_profiles_each_keep_their_own_progress_beside_the_machines_one(engine, run_at_once):
    def open_tab(_i, barrier):
        with session_scope(engine) as session:
            barrier.wait()
            progress.get_local_learner(session)  # a guest never stops the machine's profile being made once
            return progress.new_guest_learner(session).public_id

    public_ids = run_at_once(10, open_tab)
    assert len(set(public_ids)) == 10
    with session_scope(engine) as session:
        first, second = (progress.guest_learner(session, public_id) for public_id in public_ids[:2])
        machine = progress.get_local_learner(session)
        progress.complete_lesson(session, first.id, "tf-gradients-01", 10, NOW)
        assert (first.kind, first.guest, machine.guest) == ("local", True, False)
        assert progress.xp_total(session, first.id) == 10
        assert progress.xp_total(session, second.id) == 0 and progress.xp_total(session, machine.id) == 0
        # A public id finds only a guest: never the machine's profile, an account, or anything for garbage.
        account = Learner(kind="account", username="dana", display_name="Dana")
        session.add(account)
        session.flush()
        assert progress.guest_learner(session, machine.public_id) is None
        assert progress.guest_learner(session, account.public_id) is None
        assert progress.guest_learner(session, "' OR 1=1 --") is None
    assert _count(engine, Learner) == 12


def test_completing_a_lesson_twice_pays_xp_once(engine):
    learner_id = _local_id(engine)
    with session_scope(engine) as session:
        first = progress.complete_lesson(session, learner_id, "basics/01-tensors", 50, NOW)
    with session_scope(engine) as session:
        second = progress.complete_lesson(session, learner_id, "basics/01-tensors", 50, NOW)
    assert first == LessonAward(xp_awarded=50, newly_completed=True)
    assert second == LessonAward(xp_awarded=0, newly_completed=False)
    with session_scope(engine) as session:
        assert progress.xp_total(session, learner_id) == 50
        assert progress.completed_lesson_ids(session, learner_id) == {"basics/01-tensors"}
        [event] = progress.learner_events(session, learner_id, kinds=["lesson_completed"])
        assert (event.subject, event.occurred_at) == ("basics/01-tensors", NOW)


def test_fifty_threads_completing_the_same_lesson_pay_once(engine, run_at_once):
    learner_id = _local_id(engine)

    def complete(_i, barrier):
        with session_scope(engine) as session:
            barrier.wait()
            return progress.complete_lesson(session, learner_id, "basics/02-variables", 40, NOW)

    awards = run_at_once(50, complete)
    assert sum(a.newly_completed for a in awards) == 1
    assert sum(a.xp_awarded for a in awards) == 40
    assert _count(engine, LessonCompletion) == 1
    assert _count(engine, XpAward) == 1
    assert _count(engine, Event) == 1
    with session_scope(engine) as session:
        assert progress.xp_total(session, learner_id) == 40


def test_learner_stats_count_published_lessons_xp_levels_and_achievements(engine):
    learner_id = _local_id(engine)
    published = ["c/01", "c/02", "c/03"]
    with session_scope(engine) as session:
        progress.complete_lesson(session, learner_id, "c/01", 50, NOW)
        progress.complete_lesson(session, learner_id, "c/02", 80, NOW)
        progress.complete_lesson(session, learner_id, "draft/99", 30, NOW)  # not published: XP counts, lesson not
        # Completing lessons already awarded first_lesson; a second award is refused.
        assert progress.award_achievement(session, learner_id, "first_lesson", NOW) is False
        # An id that is no longer defined stays in the table but is not counted: never 18/17.
        assert progress.award_achievement(session, learner_id, "retired_badge", NOW) is True
    with session_scope(engine) as session:
        stats = progress.learner_stats(session, learner_id, published)
    assert stats == LearnerStats(
        xp_total=160, level=1, xp_into_level=60, xp_to_next=40,
        lessons_done=2, lessons_total=3, achievements_done=1, achievements_total=17, percent_complete=66,
    )


def test_learner_stats_for_a_newcomer_and_for_everything_done(engine):
    learner_id = _local_id(engine)
    with session_scope(engine) as session:
        fresh = progress.learner_stats(session, learner_id, [])
        assert (fresh.xp_total, fresh.level, fresh.xp_to_next, fresh.percent_complete) == (0, 0, 100, 0)
        progress.complete_lesson(session, learner_id, "c/01", 100, NOW)
        done = progress.learner_stats(session, learner_id, {"c/01"})
    assert (done.level, done.xp_into_level, done.lessons_done, done.percent_complete) == (1, 0, 1, 100)


def test_one_learners_progress_is_not_anothers(engine):
    local_id = _local_id(engine)
    with session_scope(engine) as session:
        other = Learner(kind="account", username="dana", display_name="Dana")
        session.add(other)
        session.flush()
        progress.complete_lesson(session, other.id, "c/01", 50, NOW)
        assert progress.xp_total(session, local_id) == 0
        assert progress.completed_lesson_ids(session, local_id) == set()
        assert progress.complete_lesson(session, local_id, "c/01", 50, NOW).xp_awarded == 50


def test_tabs_that_read_progress_then_complete_lessons_never_hit_a_locked_database(engine, run_at_once):
    # A page reads the learner's totals, then records a completion in the same unit of work. On SQLite a
    # deferred transaction would fail here with "database is locked" instead of waiting its turn.
    learner_id = _local_id(engine)

    def read_then_complete(i, barrier):
        with session_scope(engine) as session:
            barrier.wait()
            progress.xp_total(session, learner_id)
            return progress.complete_lesson(session, learner_id, f"c/{i:02d}", 10, NOW)

    awards = run_at_once(20, read_then_complete)
    assert sum(a.xp_awarded for a in awards) == 200
    assert _count(engine, LessonCompletion) == 20
