"""Fact writes land once per key, whoever calls them and however often."""
from __future__ import annotations

from sqlalchemy import func, select

from db import Event, Learner, XpAward, session_scope
from db import facts, queries


def _learner(engine) -> int:
    with session_scope(engine) as session:
        learner = Learner(kind="account", username="jun", display_name="Jun")
        session.add(learner)
        session.flush()
        return learner.id


def test_xp_award_is_paid_once_per_key(engine):
    learner_id = _learner(engine)
    with session_scope(engine) as session:
        assert facts.award_xp(session, learner_id, "lesson:intro", 50, "lesson completed") is True
        assert facts.award_xp(session, learner_id, "lesson:intro", 50, "lesson completed") is False
        assert facts.award_xp(session, learner_id, "lesson:tensors", 30, "lesson completed") is True
    with session_scope(engine) as session:
        assert queries.xp_total(session, learner_id) == 80
        assert session.scalar(select(func.count()).select_from(XpAward)) == 2


def test_events_with_a_key_land_once_and_events_without_one_always_land(engine):
    learner_id = _learner(engine)
    with session_scope(engine) as session:
        assert facts.record_event(session, learner_id, "lesson_completed", dedupe_key="lesson:a")
        assert not facts.record_event(session, learner_id, "lesson_completed", dedupe_key="lesson:a")
        assert facts.record_event(session, learner_id, "comment_posted", data={"text": "좋아요"})
        assert facts.record_event(session, learner_id, "comment_posted", data={"text": "좋아요"})
    with session_scope(engine) as session:
        events = queries.learner_events(session, learner_id)
        assert [e.kind for e in events].count("comment_posted") == 2
        assert [e.dedupe_key for e in events].count("lesson:a") == 1
        assert events[-1].data == {"text": "좋아요"}
        assert session.scalar(select(func.count()).select_from(Event)) == 3


def test_another_learners_key_does_not_collide(engine):
    first = _learner(engine)
    with session_scope(engine) as session:
        other = Learner(kind="account", username="seo", display_name="Seo")
        session.add(other)
        session.flush()
        assert facts.award_xp(session, first, "lesson:intro", 50, "lesson completed")
        assert facts.award_xp(session, other.id, "lesson:intro", 50, "lesson completed")
        assert queries.xp_total(session, other.id) == 50
