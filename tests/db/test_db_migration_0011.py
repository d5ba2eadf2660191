"""Migration 0011 (learners.merged_into) on a database that already has learners and their history."""
from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from db import Learner, XpAward, make_engine, session_scope, upgrade
from tests.db.seeds import learner_with_history


def test_existing_learners_keep_their_history_and_start_unmerged(database_url):
    engine = make_engine(database_url)
    try:
        upgrade(engine, "0010")
        learner_with_history(engine)
        upgrade(engine)
        with session_scope(engine) as session:
            learner = session.scalars(select(Learner)).one()
            assert (learner.display_name, learner.merged_into) == ("Mina", None)
            # SQLite rebuilt the table: the history hanging off it must survive (no cascade on the copy).
            assert session.scalars(select(XpAward.award_key)).all() == ["lesson:a"]
        with pytest.raises(IntegrityError):  # the one-local-learner rule survived the rebuild too
            with session_scope(engine) as session:
                session.add(Learner(kind="local", display_name="Second"))
    finally:
        engine.dispose()


def test_deleting_the_account_a_profile_was_merged_into_keeps_the_profile(engine):
    with session_scope(engine) as session:
        account = Learner(kind="account", username="kim", display_name="Kim")
        session.add(account)
        session.flush()
        profile = Learner(kind="local", display_name="this machine", merged_into=account.id)
        session.add(profile)
        session.flush()
        account_id, profile_id = account.id, profile.id
    with session_scope(engine) as session:
        session.delete(session.get(Learner, account_id))
    with session_scope(engine) as session:
        assert session.get(Learner, account_id) is None
        assert session.get(Learner, profile_id).merged_into is None
    with pytest.raises(IntegrityError):  # and it can only point at a learner that exists
        with session_scope(engine) as session:
            session.add(Learner(kind="local", guest=True, display_name="guest", merged_into=account_id))
