"""Account page through the whole app: sign up, sign in, wrong password, merge offer, sign out, and admin roles."""
from __future__ import annotations

import re
import time
from datetime import timedelta

import pytest
from streamlit.testing.v1 import AppTest

import db
from db.models import SignInThrottle
from db.types import utcnow
from services import accounts, history, progress
from tests.ui.conftest import texts

ACCOUNT_PAGE = "ui/pages/account.py"
ADMIN_PAGE = "ui/pages/admin_accounts.py"
PASSWORD = "correct horse battery"


@pytest.fixture(autouse=True)
def cookie_secret(monkeypatch):
    # A fixed secret, so tests never write data/cookie_secret into the repository.
    monkeypatch.setenv("STREAM_COOKIE_SECRET", "test-secret-for-ui-tests")
    history.clear_cache()


def _button(at: AppTest, label: str):
    matches = [b for b in at.button if b.label == label]
    assert matches, f"no button {label!r} among {[b.label for b in at.button]}"
    return matches[0]


def _sign_in(at: AppTest, username: str, password: str, label: str = "Sign in") -> AppTest:
    at.text_input(key="account_sign_in_username").input(username)
    at.text_input(key="account_sign_in_password").input(password)
    _button(at, label).click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _account(engine, username="hana", role=None) -> int:
    with db.session_scope(engine) as session:
        learner = accounts.sign_up(session, username, PASSWORD, display_name=username.title())
        if role:
            learner.role = role
        return learner.id


def test_sign_up_signs_in_and_the_progress_note_says_synced(open_page):
    at = open_page(ACCOUNT_PAGE, lang="en")
    assert "Progress is local-only" in texts(at)
    at.text_input(key="account_sign_up_username").input("Hana_01")
    at.text_input(key="account_sign_up_display_name").input("Hana")
    at.text_input(key="account_sign_up_password").input(PASSWORD)
    at.text_input(key="account_sign_up_password_again").input(PASSWORD)
    _button(at, "Create account").click().run()
    shown = texts(at)
    assert "Welcome, Hana! Your account is ready." in shown
    assert "Signed in as **Hana** (@hana_01)" in shown  # the sidebar
    assert "Progress is synced to your account @hana_01." in shown
    assert at.session_state["account_id"] is not None
    assert "Sign out" in [b.label for b in at.button]  # on the account page


def test_sign_up_with_mismatched_passwords_keeps_what_was_typed(open_page):
    at = open_page(ACCOUNT_PAGE, lang="en")
    at.text_input(key="account_sign_up_username").input("hana")
    at.text_input(key="account_sign_up_password").input(PASSWORD)
    at.text_input(key="account_sign_up_password_again").input(PASSWORD + "x")
    _button(at, "Create account").click().run()
    assert "The two passwords differ" in texts(at)
    assert at.text_input(key="account_sign_up_username").value == "hana"
    assert "account_id" not in at.session_state


def test_a_sign_up_error_sits_on_the_sign_up_form_which_stays_open(open_page, engine):
    _account(engine, "hana")
    at = open_page(ACCOUNT_PAGE, lang="en")
    at.text_input(key="account_sign_up_username").input("hana")
    at.text_input(key="account_sign_up_display_name").input("Hana Kim")
    at.text_input(key="account_sign_up_password").input(PASSWORD)
    at.text_input(key="account_sign_up_password_again").input(PASSWORD)
    _button(at, "Create account").click().run()
    sign_in_tab, sign_up_tab = at.tabs
    assert [e.value for e in sign_up_tab.error] == ["The username hana is taken. Please choose another (or sign in if it is yours)."]
    assert not sign_in_tab.error and not [e for e in at.main.error if e not in sign_up_tab.error]
    assert at.session_state["account_tab"] == sign_up_tab.label  # the learner is not sent back to sign in
    assert at.text_input(key="account_sign_up_display_name").value == "Hana Kim"


def test_a_success_message_stays_through_reruns_until_the_next_action(open_page, engine):
    _account(engine)
    at = _sign_in(open_page(ACCOUNT_PAGE, lang="en"), "hana", PASSWORD)
    assert "Welcome back, Hana!" in texts(at)
    at.run()  # the cookie component reporting back reruns the page: the welcome must not vanish
    at.run()
    assert "Welcome back, Hana!" in texts(at)
    _button(at, "Sign out").click().run()
    shown = texts(at)
    assert "Welcome back, Hana!" not in shown and "You are signed out." in shown


def test_wrong_password_is_refused_with_a_message_and_the_username_stays(open_page, engine):
    _account(engine)
    at = _sign_in(open_page(ACCOUNT_PAGE, lang="en"), "hana", "not the password")
    assert "Wrong username or password. Check both and try again." in texts(at)
    assert at.text_input(key="account_sign_in_username").value == "hana"
    assert "account_id" not in at.session_state


def test_five_failures_on_the_page_are_counted(open_page, engine):
    _account(engine)
    at = open_page(ACCOUNT_PAGE, lang="en")
    for _ in range(5):
        _sign_in(at, "hana", "wrong")
        assert "Wrong username or password. Check both and try again." in texts(at)
    with db.session_scope(engine) as session:
        assert accounts.failures(session, "hana") == 5


def test_while_throttled_even_the_right_password_waits_and_the_page_says_how_long(open_page, engine):
    # The wait after five failures is one second, too short to hit reliably from a loaded test machine,
    # so start from eight failures a moment ago: the wait is 2**3 = 8 s (7 if a second has passed).
    _account(engine)
    with db.session_scope(engine) as session:
        session.add(SignInThrottle(username="hana", failures=8, last_failure_at=utcnow()))
    at = _sign_in(open_page(ACCOUNT_PAGE, lang="en"), "hana", PASSWORD)
    assert re.search(r"Too many failed sign-ins in a row\. Please try again in [1-8] s\.", texts(at))  # 8 s, less by how slow this machine is
    assert "account_id" not in at.session_state


def test_sign_in_offers_the_merge_and_merging_brings_local_xp_once(open_page, engine, content):
    with db.session_scope(engine) as session:
        local_id = progress.get_local_learner(session).id
        progress.complete_lesson(session, local_id, "tf-gradients-01", 10)
    _account(engine)
    at = _sign_in(open_page(ACCOUNT_PAGE, lang="en"), "hana", PASSWORD)
    assert "Bring this computer's progress into your account?" in texts(at)
    _button(at, "Merge").click().run()
    assert "Merged into your account: lessons +1, XP +10" in texts(at)
    assert "Bring this computer's progress into your account?" not in texts(at)
    with db.session_scope(engine) as session:
        account_id = accounts.queries.learner_by_username(session, "hana").id
        assert progress.xp_total(session, account_id) == 10
        assert progress.xp_total(session, local_id) == 10  # the local profile keeps its copy


def test_not_now_hides_the_offer(open_page, engine):
    with db.session_scope(engine) as session:
        progress.complete_lesson(session, progress.get_local_learner(session).id, "tf-gradients-01", 10)
    _account(engine)
    at = _sign_in(open_page(ACCOUNT_PAGE, lang="en"), "hana", PASSWORD)
    _button(at, "Not now").click().run()
    assert "Bring this computer's progress into your account?" not in texts(at)


def test_sign_out_returns_to_the_local_profile(open_page, engine):
    _account(engine)
    at = _sign_in(open_page(ACCOUNT_PAGE, lang="en"), "hana", PASSWORD)
    at.button(key="account_sign_out").click().run()
    assert "account_id" not in at.session_state
    assert "You are signed out." in texts(at)
    assert "Progress is local-only" in texts(at)


def test_changing_the_password_keeps_this_browser_signed_in(open_page, engine):
    account_id = _account(engine)
    at = _sign_in(open_page(ACCOUNT_PAGE, lang="en"), "hana", PASSWORD)
    at.text_input(key="account_password_current").input("not my password")
    at.text_input(key="account_password_new").input("a brand new secret")
    at.text_input(key="account_password_again").input("a brand new secret")
    _button(at, "Change password").click().run()
    assert "Wrong username or password." in texts(at)

    at.text_input(key="account_password_current").input(PASSWORD)
    at.text_input(key="account_password_new").input("a brand new secret")
    at.text_input(key="account_password_again").input("a brand new secret")
    _button(at, "Change password").click().run()
    assert "Your password is changed. Every other device is signed out." in texts(at)
    assert at.session_state["account_id"] == account_id
    at.run()  # the new session version is this browser's: still signed in on the next run
    assert "Signed in as **Hana** (@hana)" in texts(at)
    with db.session_scope(engine) as session:
        assert accounts.sign_in(session, "hana", "a brand new secret").id == account_id


def test_a_learner_is_refused_on_the_admin_page(open_page, engine):
    _account(engine)
    at = _sign_in(open_page(ACCOUNT_PAGE, lang="en"), "hana", PASSWORD)
    at.switch_page(ADMIN_PAGE).run()
    assert "This page is for admins." in texts(at)
    assert not at.dataframe and not [b for b in at.button if b.label == "Save role"]


def test_the_local_profile_is_refused_on_the_admin_page(open_page):
    at = open_page(ADMIN_PAGE, lang="en")
    assert "This page is for admins." in texts(at)


def _admin_page(open_page, engine) -> AppTest:
    """Signed in as the admin "boss" on the Accounts page. In Korean: AppTest formats the role radio's options
    with the test process's language, which is the default."""
    _account(engine, "boss", role="admin")
    at = _sign_in(open_page(ACCOUNT_PAGE), "boss", PASSWORD, label="로그인")
    at.switch_page(ADMIN_PAGE).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_an_admin_grants_the_instructor_role(open_page, engine):
    _account(engine, "hana")
    at = _admin_page(open_page, engine)
    at.selectbox(key="admin_role_username").select("hana")
    at.radio(key="admin_role_value").set_value("instructor")
    _button(at, "역할 저장").click().run()
    assert "@hana 계정의 역할을 강사(으)로 바꿨어요." in texts(at)
    with db.session_scope(engine) as session:
        assert accounts.queries.learner_by_username(session, "hana").role == "instructor"


def test_an_admin_sets_a_temporary_password_shown_once_and_the_learner_signs_in_with_it(open_page, engine):
    _account(engine, "hana")
    at = _admin_page(open_page, engine)
    at.selectbox(key="admin_reset_username").select("hana")
    _button(at, "임시 비밀번호 만들기").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert "@hana 계정의 임시 비밀번호예요." in texts(at)
    temporary = at.code[0].value
    assert len(temporary) >= 12
    at.run()  # any next step: it is not shown again
    assert "@hana 계정의 임시 비밀번호예요." not in texts(at)
    assert temporary not in [c.value for c in at.code]

    learner = _sign_in(open_page(ACCOUNT_PAGE, lang="en"), "hana", temporary)
    assert learner.session_state["account_id"] is not None
    assert "Signed in as **Hana** (@hana)" in texts(learner)


def test_the_admin_page_offers_only_accounts_an_admin_may_change(open_page, engine):
    _account(engine, "hana")
    _account(engine, "chief", role="admin")
    with db.session_scope(engine) as session:
        sso = accounts.account_for_oidc(session, "https://accounts.example", "sub-1", "Mina").username
    at = _admin_page(open_page, engine)
    assert at.selectbox(key="admin_role_username").options == ["hana", sso]
    assert at.selectbox(key="admin_reset_username").options == ["hana"]  # the OIDC account has no password


def test_sign_out_everywhere_also_turns_away_browsers_signed_in_through_the_provider(open_page, engine, monkeypatch):
    from ui import browser_session as auth

    signed_in_at = [time.time() - 3600]  # the provider's token of the other browser: an hour old
    monkeypatch.setattr(auth, "oidc_identity",
                        lambda: ("https://accounts.example", "sub-42", "Mina", signed_in_at[0]))
    other_browser = open_page(ACCOUNT_PAGE, lang="en")
    mina = other_browser.session_state["account_id"]
    assert mina is not None and "Signed in as **Mina**" in texts(other_browser)

    with db.session_scope(engine) as session:  # Mina, on her own device: "sign out on every device"
        accounts.sign_out_everywhere(session, mina)
    refreshed = open_page(ACCOUNT_PAGE, lang="en")  # the other browser reloads, still holding that token
    assert "account_id" not in refreshed.session_state
    assert "This account was signed out on every device" in texts(refreshed)

    signed_in_at[0] = time.time() + 1  # it signs in with the provider again: a new token
    again = open_page(ACCOUNT_PAGE, lang="en")
    assert again.session_state["account_id"] == mina


def test_a_signed_cookie_round_trips_and_tampered_or_expired_ones_are_refused(app_env, monkeypatch):
    from ui import browser_session as auth

    token = auth.issue_token(7, 2)
    assert auth.read_token(token) == (7, 2)
    assert auth.read_token(token[:-2] + ("A" if token[-2] != "A" else "B") + token[-1]) is None
    assert auth.read_token("garbage") is None
    assert auth.read_token(token, max_age=timedelta(seconds=-1)) is None
    monkeypatch.setenv("STREAM_COOKIE_SECRET", "another secret")
    from settings import get_settings
    get_settings.cache_clear()
    assert auth.read_token(token) is None  # signed with another server's secret


def test_the_lesson_progress_box_says_synced_once_signed_in(open_page, engine):
    _account(engine)
    at = open_page("ui/pages/lesson.py", lang="en", lesson="tf-gradients-01")
    assert at.caption and "Progress is local-only — sign in to sync across devices." in [c.value for c in at.main.caption]
    at.switch_page(ACCOUNT_PAGE).run()
    _sign_in(at, "hana", PASSWORD)
    at.query_params["lesson"] = "tf-gradients-01"
    at.switch_page("ui/pages/lesson.py").run()
    main = [c.value for c in at.main.caption]
    assert "Progress is synced to your account @hana." in main
    assert "Progress is local-only — sign in to sync across devices." not in main


def test_without_a_configured_secret_one_is_made_once_and_kept_private(tmp_path):
    import settings

    made = settings.build_settings({"STREAM_DATA_DIR": str(tmp_path)})
    first = settings.cookie_secret(made)
    assert len(first) >= 40 and settings.cookie_secret(made) == first
    assert (tmp_path / "cookie_secret").stat().st_mode & 0o777 == 0o600
    configured = settings.build_settings({"STREAM_DATA_DIR": str(tmp_path), "STREAM_COOKIE_SECRET": "set"})
    assert settings.cookie_secret(configured) == "set"
