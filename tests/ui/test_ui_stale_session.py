"""A page left open after its account was signed out everywhere (or its password changed or reset elsewhere):
its buttons must not act as the account any more, and the page then shows whoever the browser is now."""
from __future__ import annotations

import pytest
from sqlalchemy import select

import db
from db.models import Draft, HintReveal
from services import accounts
from tests.ui.conftest import EXERCISE_ID

EXERCISE_PAGE = "ui/pages/exercise.py"

MY_WORK = "# my precious work\n"


@pytest.fixture
def stale_page(open_page_as, engine, monkeypatch):
    """The exercise page of a signed-in learner, whose every session was then revoked from another device."""
    monkeypatch.setenv("STREAM_PLAIN_EDITOR", "1")
    at = open_page_as("learner", EXERCISE_PAGE, lang="en", exercise=EXERCISE_ID)
    account_id = at.session_state["account_id"]
    at.session_state["account_session_version"] = 0
    with db.session_scope(engine) as session:
        db.facts.upsert_draft(session, account_id, EXERCISE_ID, MY_WORK)
    at.run()
    with db.session_scope(engine) as session:
        accounts.sign_out_everywhere(session, account_id)
    return at, account_id


def _account_rows(engine, account_id):
    with db.session_scope(engine) as session:
        hints = session.scalars(select(HintReveal).where(HintReveal.learner_id == account_id)).all()
        draft = session.scalars(select(Draft.code).where(Draft.learner_id == account_id)).one()
        return len(hints), draft


def test_a_hint_clicked_on_a_revoked_page_is_not_charged_to_the_account(stale_page, engine):
    at, account_id = stale_page
    at.button(key=f"ex:{EXERCISE_ID}:hint0").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert _account_rows(engine, account_id) == (0, MY_WORK)
    assert "account_id" not in at.session_state  # and the page now shows the browser signed out


def test_reset_on_a_revoked_page_does_not_overwrite_the_accounts_draft(stale_page, engine):
    at, account_id = stale_page
    at.button(key=f"ex:{EXERCISE_ID}:reset").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert _account_rows(engine, account_id) == (0, MY_WORK)
