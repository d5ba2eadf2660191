"""A shared server (STREAM_LOCAL_PROFILE=browser): every browser that has not signed in keeps progress of its own,
and signing in offers to merge that browser's progress, never another visitor's."""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

import settings
from services import history
from tests.ui.conftest import LESSON_PAGE, texts
from tests.ui.test_ui_lesson import header_xp

ACCOUNT_PAGE = "ui/pages/account.py"
PASSWORD = "correct horse battery"


@pytest.fixture
def shared_server(app_env, monkeypatch):
    monkeypatch.setenv("STREAM_LOCAL_PROFILE", "browser")
    monkeypatch.setenv("STREAM_COOKIE_SECRET", "test-secret-for-guest-tests")
    settings.get_settings.cache_clear()
    history.clear_cache()
    yield
    settings.get_settings.cache_clear()


def _complete(at: AppTest) -> AppTest:
    at.button(key="lesson_complete").click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_two_visitors_without_accounts_do_not_share_progress(shared_server, open_page):
    first = _complete(open_page(LESSON_PAGE, lesson="tf-gradients-02"))
    second = open_page(LESSON_PAGE, lesson="tf-gradients-02")
    assert "· 20 XP ·" in header_xp(first)
    assert "· 0 XP ·" in header_xp(second)  # on a laptop this would be the same profile, with 20 XP
    assert not second.button(key="lesson_complete").disabled
    first.run()
    assert "· 20 XP ·" in header_xp(first)  # the first visitor's own progress stays theirs


def test_on_a_laptop_every_tab_is_the_machines_one_profile(open_page):
    _complete(open_page(LESSON_PAGE, lesson="tf-gradients-02"))
    assert "· 20 XP ·" in header_xp(open_page(LESSON_PAGE, lesson="tf-gradients-02"))


def test_signing_in_offers_to_merge_only_this_browsers_progress(shared_server, open_page):
    _complete(open_page(LESSON_PAGE, lesson="tf-gradients-02"))  # another visitor's progress

    mine = open_page(LESSON_PAGE, lesson="tf-gradients-01")
    _complete(mine)
    mine.switch_page(ACCOUNT_PAGE).run()
    mine.text_input(key="account_sign_up_username").input("hana")
    mine.text_input(key="account_sign_up_password").input(PASSWORD)
    mine.text_input(key="account_sign_up_password_again").input(PASSWORD)
    [b for b in mine.button if b.label == "계정 만들기"][0].click().run()
    merge = [b for b in mine.button if b.key == "account_merge"]
    assert merge, texts(mine)
    merge[0].click().run()
    mine.switch_page(LESSON_PAGE).run()
    assert "· 10 XP ·" in header_xp(mine)  # lesson 1's 10 XP; the other visitor's 20 XP stayed with them
