"""Accounts on both databases: sign up and in, the throttle, roles, OIDC mapping, and merging local progress."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from db import Event, Learner, Submission, session_scope
from db.models import ExerciseProgress, SignInThrottle
from gamification import Context
from services import accounts, exercises, history, merge, progress
from services.accounts import (
    InvalidPassword,
    InvalidUsername,
    NoPassword,
    NotAllowed,
    ResetNotAllowed,
    SignInThrottled,
    UsernameTaken,
    WrongCredentials,
)

NOW = datetime(2026, 5, 4, 3, 0, tzinfo=timezone.utc)
DAY = timedelta(days=1)
CONTEXT = Context(
    courses={"c": frozenset({"c-01", "c-02", "c-03"})},
    exercise_tags={"ex-a": frozenset({"clipping"})},
    lesson_xp={"c-01": 10, "c-02": 15, "c-03": 20},
    exercise_xp={"ex-a": 20},
)


@pytest.fixture(autouse=True)
def fresh_cache():
    history.clear_cache()
    yield
    history.clear_cache()


def _sign_up(engine, username="hana", password="correct horse", **kw) -> int:
    with session_scope(engine) as session:
        return accounts.sign_up(session, username, password, **kw).id


def _sign_in(engine, username, password, now=NOW) -> int:
    with session_scope(engine) as session:
        return accounts.sign_in(session, username, password, now).id


def test_sign_up_then_sign_in_with_the_password_hashed_by_argon2id(engine):
    account_id = _sign_up(engine, "Hana", "correct horse", display_name="하나")
    with session_scope(engine) as session:
        learner = session.get(Learner, account_id)
        assert (learner.kind, learner.username, learner.display_name, learner.role) == ("account", "hana", "하나", "learner")
        assert learner.password_hash.startswith("$argon2id$") and "correct horse" not in learner.password_hash
    assert _sign_in(engine, "HANA ", "correct horse") == account_id


@pytest.mark.parametrize("username", ["ab", "x" * 33, "has space", "bad!", "한글이름", ""])
def test_bad_usernames_are_refused(engine, username):
    with pytest.raises(InvalidUsername) as caught, session_scope(engine) as session:
        accounts.sign_up(session, username, "long enough")
    assert caught.value.key == "account.errors.username_invalid"


def test_short_password_is_refused_and_nothing_is_created(engine):
    with pytest.raises(InvalidPassword), session_scope(engine) as session:
        accounts.sign_up(session, "hana", "short")
    with session_scope(engine) as session:
        assert accounts.count_accounts(session) == 0


def test_duplicate_username_is_refused_case_insensitively(engine):
    _sign_up(engine, "hana")
    with pytest.raises(UsernameTaken), session_scope(engine) as session:
        accounts.sign_up(session, "HANA", "another password")
    with session_scope(engine) as session:
        assert accounts.count_accounts(session) == 1


def test_wrong_password_and_unknown_user_get_the_same_refusal(engine):
    _sign_up(engine)
    for username, password in [("hana", "wrong password"), ("nobody", "correct horse")]:
        with pytest.raises(WrongCredentials) as caught:
            _sign_in(engine, username, password)
        assert caught.value.key == "account.errors.wrong_credentials"


def test_five_failures_in_a_row_make_the_next_attempt_wait_and_say_how_long(engine):
    _sign_up(engine)
    for i in range(5):  # five free failures, one second apart
        with pytest.raises(WrongCredentials):
            _sign_in(engine, "hana", "wrong", NOW + timedelta(seconds=i))
    last = NOW + timedelta(seconds=4)
    # The sixth attempt is allowed at last + 1 s; even the right password is refused before then.
    with pytest.raises(SignInThrottled) as caught:
        _sign_in(engine, "hana", "correct horse", last)
    assert caught.value.params == {"seconds": 1}
    with pytest.raises(WrongCredentials):
        _sign_in(engine, "hana", "wrong", last + timedelta(seconds=1))  # sixth failure: now 2 s
    with pytest.raises(SignInThrottled) as caught:
        _sign_in(engine, "hana", "correct horse", last + timedelta(seconds=1.5))
    assert caught.value.params == {"seconds": 2}
    with session_scope(engine) as session:
        assert accounts.failures(session, "hana") == 6  # refusals while waiting are not counted
    # Success after waiting resets the count.
    assert _sign_in(engine, "hana", "correct horse", last + timedelta(seconds=4))
    with session_scope(engine) as session:
        assert accounts.failures(session, "hana") == 0


@pytest.mark.parametrize(("failures", "wait"), [(0, 0), (4, 0), (5, 1), (6, 2), (10, 32), (13, 256), (14, 300), (99, 300)])
def test_wait_grows_and_is_capped_at_five_minutes(failures, wait):
    assert accounts.wait_seconds(failures) == wait


def test_unknown_usernames_are_throttled_too(engine):
    for i in range(6):
        with pytest.raises(WrongCredentials):
            _sign_in(engine, "ghost", "x", NOW + timedelta(seconds=10 * i))
    with pytest.raises(SignInThrottled):
        _sign_in(engine, "ghost", "x", NOW + timedelta(seconds=51))
    with session_scope(engine) as session:
        assert session.get(SignInThrottle, "ghost").failures == 6


def test_guesses_sent_all_at_once_are_judged_one_after_another(engine, run_at_once):
    _sign_up(engine, "hana")
    for i in range(8):  # eight failures, far apart: the next attempt must wait 8 s after the last
        with pytest.raises(WrongCredentials):
            _sign_in(engine, "hana", f"bad {i}", NOW + timedelta(seconds=400 * i))
    opened = NOW + timedelta(seconds=400 * 7 + 9)  # the wait is over: one guess may be checked, then 16 s more

    def guess(i: int, barrier) -> str:
        barrier.wait()
        try:
            _sign_in(engine, "hana", f"guess {i}", opened)
        except SignInThrottled:
            return "throttled"
        except WrongCredentials:
            return "checked"
        return "signed in"

    outcomes = run_at_once(30, guess)
    assert sorted(outcomes) == ["checked"] + ["throttled"] * 29
    with session_scope(engine) as session:
        assert accounts.failures(session, "hana") == 9


def test_admin_grants_and_revokes_instructor_and_nobody_else_may(engine):
    admin = _sign_up(engine, "boss")
    _sign_up(engine, "hana")
    with session_scope(engine) as session:
        accounts.create_admin(session, "boss", None)
    with session_scope(engine) as session:
        assert accounts.set_role(session, admin, "hana", "instructor").role == "instructor"
    with session_scope(engine) as session:
        hana = accounts.set_role(session, admin, "hana", "learner")
        assert hana.role == "learner"
        hana_id = hana.id
    with pytest.raises(NotAllowed), session_scope(engine) as session:
        accounts.set_role(session, hana_id, "boss", "learner")  # a learner cannot touch roles
    with pytest.raises(NotAllowed), session_scope(engine) as session:
        accounts.set_role(session, admin, "hana", "admin")  # admins are made from the command line only
    with session_scope(engine) as session:
        assert session.get(Learner, admin).role == "admin"


def test_an_admin_gives_a_forgetful_learner_a_temporary_password(engine):
    admin = _sign_up(engine, "boss")
    hana = _sign_up(engine, "hana")
    with session_scope(engine) as session:
        accounts.create_admin(session, "boss", None)
        version = accounts.account(session, hana).session_version
    for _ in range(6):  # she tried and tried: the throttle holds her back
        with pytest.raises((WrongCredentials, SignInThrottled)):
            _sign_in(engine, "hana", "what was it", NOW)
    with session_scope(engine) as session:
        temporary = accounts.reset_password(session, admin, "Hana")
    assert len(temporary) >= 12
    with session_scope(engine) as session:
        assert session.get(Learner, hana).password_hash != temporary  # only its hash is kept
        assert not accounts.session_is_current(session, hana, version)  # signed out on every device
    assert _sign_in(engine, "hana", temporary, NOW) == hana  # at once: the throttle was cleared
    with pytest.raises(WrongCredentials):
        _sign_in(engine, "hana", "correct horse", NOW + timedelta(minutes=10))
    with session_scope(engine) as session:
        assert accounts.reset_password(session, admin, "hana") != temporary  # a new one each time


def test_only_an_admin_resets_and_never_their_own_or_another_admins(engine):
    admin = _sign_up(engine, "boss")
    _sign_up(engine, "chief")
    hana = _sign_up(engine, "hana")
    with session_scope(engine) as session:
        accounts.create_admin(session, "boss", None)
        accounts.create_admin(session, "chief", None)
        sso = accounts.account_for_oidc(session, "https://accounts.example", "sub-1", "Mina").username
        before = {row.id: row.password_hash for row in session.scalars(select(Learner))}
    refusals = [(hana, "boss", NotAllowed), (hana, "hana", NotAllowed), (admin, "boss", ResetNotAllowed),
                (admin, "chief", ResetNotAllowed), (admin, sso, NoPassword), (admin, "nobody", accounts.AccountNotFound)]
    for actor, target, error in refusals:
        with pytest.raises(error), session_scope(engine) as session:
            accounts.reset_password(session, actor, target)
    with session_scope(engine) as session:
        assert {row.id: row.password_hash for row in session.scalars(select(Learner))} == before


def test_oidc_identity_maps_to_one_account_created_on_first_sign_in(engine):
    with session_scope(engine) as session:
        first = accounts.account_for_oidc(session, "https://accounts.example", "sub-123", "Hana Kim").id
    with session_scope(engine) as session:
        again = accounts.account_for_oidc(session, "https://accounts.example", "sub-123", "renamed")
        other = accounts.account_for_oidc(session, "https://other.example", "sub-123")
        assert again.id == first and again.display_name == "Hana Kim"
        assert other.id != first and again.password_hash is None
    # An OIDC account has no password: signing in with one is refused like any wrong password.
    with pytest.raises(WrongCredentials):
        _sign_in(engine, again.username, "")


def test_nobody_signs_up_with_the_name_an_oidc_identity_will_get(engine):
    with session_scope(engine) as session:
        sso_name = accounts.account_for_oidc(session, "https://accounts.example", "sub-1", "Mina").username
    assert sso_name.startswith("sso-")
    for taken in (sso_name, "SSO-0123456789ab"):
        with pytest.raises(accounts.ReservedUsername), session_scope(engine) as session:
            accounts.sign_up(session, taken, "correct horse")


def test_an_oidc_identity_whose_name_was_signed_up_before_it_was_reserved_still_gets_an_account(engine):
    import hashlib

    squatted = "sso-" + hashlib.sha256(b"https://accounts.example\nsub-9").hexdigest()[:12]
    with session_scope(engine) as session:  # as an older version allowed
        session.add(Learner(kind="account", username=squatted, display_name="Squatter", password_hash="x"))
    with session_scope(engine) as session:
        mina = accounts.account_for_oidc(session, "https://accounts.example", "sub-9", "Mina")
        assert (mina.display_name, mina.password_hash) == ("Mina", None) and mina.username != squatted
        mina_id = mina.id
    with session_scope(engine) as session:
        assert accounts.account_for_oidc(session, "https://accounts.example", "sub-9").id == mina_id


def test_sign_out_everywhere_invalidates_issued_sessions(engine):
    account_id = _sign_up(engine)
    with session_scope(engine) as session:
        version = accounts.account(session, account_id).session_version
        assert accounts.session_is_current(session, account_id, version)
        accounts.sign_out_everywhere(session, account_id)
    with session_scope(engine) as session:
        assert not accounts.session_is_current(session, account_id, version)


def test_oidc_sign_ins_from_before_a_revocation_no_longer_count(engine):
    with session_scope(engine) as session:
        mina = accounts.account_for_oidc(session, "https://accounts.example", "sub-7", "Mina")
        assert not accounts.signed_in_before_revocation(mina, NOW.timestamp())  # never revoked
        mina_id = mina.id
    with session_scope(engine) as session:
        accounts.sign_out_everywhere(session, mina_id, NOW)
    with session_scope(engine) as session:
        mina = accounts.account(session, mina_id)
        assert accounts.signed_in_before_revocation(mina, NOW.timestamp() - 60)  # the browser signed in earlier
        assert not accounts.signed_in_before_revocation(mina, NOW.timestamp() + 60)  # signed in again since
        assert not accounts.signed_in_before_revocation(mina, None)  # a token without iat cannot be judged


def test_a_password_change_or_reset_also_revokes_oidc_sign_ins(engine):
    admin, hana = _sign_up(engine, "boss"), _sign_up(engine, "hana")
    with session_scope(engine) as session:
        accounts.create_admin(session, "boss", None)
    with session_scope(engine) as session:
        accounts.change_password(session, hana, "correct horse", "a brand new secret", NOW)
    with session_scope(engine) as session:
        assert accounts.account(session, hana).sessions_revoked_at == NOW
    with session_scope(engine) as session:
        accounts.reset_password(session, admin, "hana")
    with session_scope(engine) as session:
        assert accounts.account(session, hana).sessions_revoked_at > NOW


def test_changing_the_password_needs_the_current_one_and_signs_other_browsers_out(engine):
    account_id = _sign_up(engine)
    with session_scope(engine) as session:
        before = accounts.account(session, account_id).session_version
    with pytest.raises(WrongCredentials):
        with session_scope(engine) as session:
            accounts.change_password(session, account_id, "not it", "a brand new secret", NOW)
    with pytest.raises(InvalidPassword):
        with session_scope(engine) as session:
            accounts.change_password(session, account_id, "correct horse", "short", NOW)
    assert _sign_in(engine, "hana", "correct horse") == account_id  # refusals left the old password in place

    with session_scope(engine) as session:
        version = accounts.change_password(session, account_id, "correct horse", "a brand new secret", NOW)
    assert version == before + 1
    with session_scope(engine) as session:
        assert not accounts.session_is_current(session, account_id, before)  # other browsers' cookies
        assert accounts.session_is_current(session, account_id, version)
    with pytest.raises(WrongCredentials):
        _sign_in(engine, "hana", "correct horse")
    assert _sign_in(engine, "hana", "a brand new secret") == account_id


def test_wrong_current_passwords_count_toward_the_sign_in_throttle(engine):
    account_id = _sign_up(engine)
    for _ in range(5):
        with pytest.raises(WrongCredentials):
            with session_scope(engine) as session:
                accounts.change_password(session, account_id, "guess", "a brand new secret", NOW)
    with pytest.raises(SignInThrottled):
        with session_scope(engine) as session:
            accounts.change_password(session, account_id, "correct horse", "a brand new secret", NOW)


def test_an_oidc_account_has_no_password_to_change(engine):
    with session_scope(engine) as session:
        account_id = accounts.account_for_oidc(session, "https://accounts.example", "sub-9", "Mina").id
    with pytest.raises(accounts.NoPassword):
        with session_scope(engine) as session:
            accounts.change_password(session, account_id, "", "a brand new secret", NOW)


# Merging -----------------------------------------------------------------------------------------------


def _local_progress(engine, lessons, now=NOW) -> int:
    with session_scope(engine) as session:
        local_id = progress.get_local_learner(session).id
    for i, lesson in enumerate(lessons):
        with session_scope(engine) as session:
            progress.complete_lesson(session, local_id, lesson, CONTEXT.lesson_xp[lesson], now + i * DAY, CONTEXT)
    return local_id


def _state(engine, learner_id):
    with session_scope(engine) as session:
        return (
            progress.xp_total(session, learner_id),
            progress.completed_lesson_ids(session, learner_id),
            {a.award_key for a in accounts.queries.xp_awards(session, learner_id)},
            session.scalar(select(func.count()).select_from(Event).where(Event.learner_id == learner_id)),
            accounts.queries.achievement_ids(session, learner_id),
        )


def _merge(engine, local_id, account_id):
    with session_scope(engine) as session:
        return merge.merge_local_into(session, local_id, account_id, NOW + 10 * DAY, CONTEXT)


def test_merging_twice_gives_the_same_xp_and_the_local_profile_is_kept(engine):
    local_id = _local_progress(engine, ["c-01", "c-02", "c-03"])  # three days in a row: a streak bonus too
    local_before = _state(engine, local_id)
    account_id = _sign_up(engine)
    with session_scope(engine) as session:
        assert merge.has_unmerged_progress(session, local_id, account_id)
    first = _merge(engine, local_id, account_id)
    after_first = _state(engine, account_id)
    assert first.lessons_added == 3 and first.xp_added == local_before[0] == 10 + 15 + 20 + 5
    assert after_first[4] >= {"first_lesson", "streak_3"}
    second = _merge(engine, local_id, account_id)
    assert (second.lessons_added, second.xp_added, second.achievements_added) == (0, 0, 0)
    assert _state(engine, account_id) == after_first
    assert _state(engine, local_id) == local_before
    with session_scope(engine) as session:
        assert not merge.has_unmerged_progress(session, local_id, account_id)


def test_overlapping_completions_merge_as_a_union_and_shared_xp_counts_once(engine):
    local_id = _local_progress(engine, ["c-01", "c-02"])
    account_id = _sign_up(engine)
    for lesson in ["c-02", "c-03"]:  # c-02 done on both
        with session_scope(engine) as session:
            progress.complete_lesson(session, account_id, lesson, CONTEXT.lesson_xp[lesson], NOW + 5 * DAY, CONTEXT)
    result = _merge(engine, local_id, account_id)
    xp, done, keys, *_ = _state(engine, account_id)
    assert done == {"c-01", "c-02", "c-03"}
    assert {"lesson:c-01", "lesson:c-02", "lesson:c-03"} <= keys
    assert result.lessons_added == 1 and result.xp_added == 10  # c-01's XP only: c-02 was already paid
    assert xp == 10 + 15 + 20 + sum(1 for k in keys if k.startswith("streak:")) * 5


def test_merge_copies_exercise_work_once(engine):
    with session_scope(engine) as session:
        local_id = progress.get_local_learner(session).id
        exercises.reveal_hint(session, local_id, "ex-a", 0, NOW, CONTEXT)
        exercises.save_draft(session, local_id, "ex-a", "local code", NOW)
        sub = exercises.create_submission(session, local_id, "ex-a", "x = 1", NOW)
        exercises.finish_submission(session, sub.id, {"status": "pass", "gradable": True, "score": 1.0},
                                    20, NOW, CONTEXT)
    account_id = _sign_up(engine)
    with session_scope(engine) as session:
        exercises.save_draft(session, account_id, "ex-a", "older account code", NOW - DAY)
    _merge(engine, local_id, account_id)
    _merge(engine, local_id, account_id)
    with session_scope(engine) as session:
        assert exercises.revealed_hints(session, account_id, "ex-a") == {0}
        assert exercises.load_draft(session, account_id, "ex-a") == "local code"  # the newer draft wins
        subs = session.scalars(select(Submission).where(Submission.learner_id == account_id)).all()
        assert [(s.exercise_id, s.status) for s in subs] == [("ex-a", "pass")]
        assert progress.xp_total(session, account_id) == progress.xp_total(session, local_id) == 15 + 5  # one hint, first try
        attempts = session.scalars(select(Event).where(Event.learner_id == account_id,
                                                       Event.kind == "exercise_attempted")).all()
        assert [a.data["submission_id"] for a in attempts] == [subs[0].id]


def test_a_submission_still_being_graded_is_not_copied_so_it_is_graded_once(engine):
    with session_scope(engine) as session:
        local_id = progress.get_local_learner(session).id
        waiting = exercises.create_submission(session, local_id, "ex-a", "x = 1", NOW).id
    account_id = _sign_up(engine)
    _merge(engine, local_id, account_id)
    with session_scope(engine) as session:  # no queued copy a second grader could pick up for the account
        assert session.scalars(select(Submission).where(Submission.learner_id == account_id)).all() == []
        exercises.finish_submission(session, waiting, {"status": "pass", "gradable": True, "score": 1.0},
                                    20, NOW, CONTEXT)
    with session_scope(engine) as session:
        assert merge.has_unmerged_progress(session, local_id, account_id)  # the pass is offered again
    _merge(engine, local_id, account_id)
    with session_scope(engine) as session:
        subs = session.scalars(select(Submission).where(Submission.learner_id == account_id)).all()
        assert [(s.state, s.status) for s in subs] == [("done", "pass")]
        assert progress.xp_total(session, account_id) == 20 + 5  # the pass and its first-try bonus, once


def test_merge_refuses_anything_but_local_into_account(engine):
    a = _sign_up(engine, "hana")
    b = _sign_up(engine, "dana")
    with pytest.raises(accounts.AccountNotFound), session_scope(engine) as session:
        merge.merge_local_into(session, a, b, NOW, CONTEXT)


def test_merge_records_the_account_on_the_profile_and_the_latest_merge_wins(engine):
    local_id = _local_progress(engine, ["c-01"])
    first, second = _sign_up(engine, "hana"), _sign_up(engine, "dana")
    with session_scope(engine) as session:
        assert session.get(Learner, local_id).merged_into is None
    _merge(engine, local_id, first)
    with session_scope(engine) as session:
        assert session.get(Learner, local_id).merged_into == first
    _merge(engine, local_id, second)
    with session_scope(engine) as session:
        assert session.get(Learner, local_id).merged_into == second
        assert session.get(Learner, first).merged_into is None  # accounts are never merged themselves


def test_merge_rebuilds_the_accounts_exercise_progress_from_the_copied_submissions(engine):
    with session_scope(engine) as session:
        local_id = progress.get_local_learner(session).id
    account_id = _sign_up(engine)
    # The account tried ex-a first (a fail); the profile failed and then passed it later, signed out.
    for learner_id, at, status in ((account_id, NOW - DAY, "fail"), (local_id, NOW, "fail"),
                                   (local_id, NOW + DAY, "pass")):
        with session_scope(engine) as session:
            sub = exercises.create_submission(session, learner_id, "ex-a", f"code {status} {at}", at)
            exercises.finish_submission(session, sub.id, {"status": status, "gradable": True,
                                                          "score": float(status == "pass")}, 20, at, CONTEXT)
    _merge(engine, local_id, account_id)
    with session_scope(engine) as session:
        rows = {(row.learner_id, row.exercise_id): (row.attempts, row.attempts_to_pass, row.seconds_to_pass)
                for row in session.scalars(select(ExerciseProgress))}
    # Replayed in the order they were made: fail (account), fail, pass: passed at attempt 3, two days in.
    assert rows == {(account_id, "ex-a"): (3, 3, 2 * 86400), (local_id, "ex-a"): (2, 2, 86400)}
