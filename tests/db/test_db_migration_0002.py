"""Migration 0002 (leaderboard settings) on a database that already has learners and their history."""
from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from db import Learner, XpAward, make_engine, session_scope, upgrade
from tests.db.seeds import learner_with_history


def test_existing_learners_keep_their_history_and_start_off_the_leaderboard(database_url):
    engine = make_engine(database_url)
    try:
        upgrade(engine, "0001")
        learner_with_history(engine)
        upgrade(engine)
        with session_scope(engine) as session:
            learner = session.scalars(select(Learner)).one()
            assert (learner.display_name, learner.leaderboard_opt_in, learner.leaderboard_name) == ("Mina", False, None)
            # SQLite rebuilt the table: the history hanging off it must survive (no cascade on the copy).
            assert session.scalars(select(XpAward.award_key)).all() == ["lesson:a"]
        # The one-local-learner rule survived the rebuild too.
        with pytest.raises(IntegrityError):
            with session_scope(engine) as session:
                session.add(Learner(kind="local", display_name="Second"))
    finally:
        engine.dispose()
