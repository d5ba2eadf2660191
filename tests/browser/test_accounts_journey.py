"""Issue 6's journey in a real browser: learn without an account, sign up and merge, comment, get a reply from a
second account, see it in the inbox, keep the session across a refresh, then carry progress to a fresh database
by export and import."""
from __future__ import annotations

import json
import re
import time

import pytest
from playwright.sync_api import expect

from tests.browser.harness import first_lesson, requires_chromium, streamlit_app

pytestmark = requires_chromium
PASSWORD = "correct horse battery"


def new_page(browser):
    context = browser.new_context(locale="en-US", accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(30_000)
    return page


def header_xp(page) -> int:
    text = page.get_by_test_id("stMain").get_by_text(re.compile(r"^Level \d+ · \d+ XP")).first.inner_text()
    return int(re.search(r"· (\d+) XP", text).group(1))


def textbox(page, name: str):
    return page.get_by_test_id("stMain").get_by_role("textbox", name=name, exact=True)


def sign_up(page, url: str, username: str, display_name: str) -> None:
    page.goto(f"{url}/account?lang=en")
    main = page.get_by_test_id("stMain")
    main.get_by_role("tab", name="Create account").click()
    textbox(page, "Choose a username").fill(username)
    textbox(page, "Display name (optional)").fill(display_name)
    textbox(page, "Choose a password").fill(PASSWORD)
    textbox(page, "Password again").fill(PASSWORD)
    main.get_by_role("button", name="Create account").click()
    main.get_by_text(f"@{username}").first.wait_for()
    wait_for_cookie(page)


def wait_for_cookie(page, name: str = "stream_session", timeout_s: float = 15) -> None:
    """The cookie component writes a cookie a moment after the page shows the change; a navigation before
    that would (rightly) arrive without it, so the journey waits for it like a learner's next click would."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if any(cookie["name"] == name for cookie in page.context.cookies()):
            return
        page.wait_for_timeout(100)
    pytest.fail(f"the {name} cookie was never written")


def open_lesson(page, url: str, lesson) -> None:
    page.goto(f"{url}/lesson?lesson={lesson.id}&lang=en")
    page.get_by_test_id("stMain").get_by_role("heading", name=lesson.text("en").title).wait_for()


def test_local_progress_account_merge_comments_inbox_refresh_and_transfer(browser, tmp_path):
    lesson = first_lesson()
    with streamlit_app(tmp_path, "laptop") as url:
        alice = new_page(browser)
        main = alice.get_by_test_id("stMain")

        # Without an account: the lesson is done on the local profile, and the page says where progress lives.
        open_lesson(alice, url, lesson)
        main.get_by_text("Progress is local-only — sign in to sync across devices.").first.wait_for()
        main.get_by_role("button", name="Mark complete").click()
        main.get_by_role("button", name=re.compile("Completed")).wait_for()
        assert header_xp(alice) == lesson.xp
        main.get_by_text("Sign in to comment. Anyone can read the comments.").wait_for()

        # Sign up, then bring this computer's progress into the new account.
        sign_up(alice, url, "alice", "Alice")
        main.get_by_text("Bring this computer's progress into your account?").wait_for()
        # While the cookie component's report reruns the page, the previous run's copy of the offer can stay on
        # screen beside the new one; both are the same keyed button, so either click merges.
        main.get_by_role("button", name="Merge", exact=True).first.click()
        main.get_by_text(re.compile(r"^Merged into your account: lessons \+1,")).wait_for()

        open_lesson(alice, url, lesson)
        assert header_xp(alice) == lesson.xp  # merged once, not counted twice
        main.get_by_text("Progress is synced to your account @alice.").first.wait_for()
        main.get_by_text("No comments yet — be the first.").wait_for()
        textbox(alice, "Your comment").fill("Why does **clipnorm** act per variable?")
        main.get_by_role("button", name="Post comment").click()
        main.get_by_text("Comments (1)").wait_for()
        main.get_by_text("Why does clipnorm act per variable?").wait_for()

        # A second account, in its own browser context (its own cookies), replies.
        bob = new_page(browser)
        sign_up(bob, url, "bob", "Bob")
        open_lesson(bob, url, lesson)
        bob_main = bob.get_by_test_id("stMain")
        bob_main.get_by_role("button", name="Reply").first.click()
        textbox(bob, "Your reply").fill("Because each variable's gradient is clipped on its own.")
        bob_main.get_by_role("button", name="Send reply").click()
        bob_main.get_by_text("Comments (2)").wait_for()

        # The first learner refreshes: still signed in, with one unread reply in the sidebar.
        alice.reload()
        sidebar = alice.get_by_test_id("stSidebar")
        sidebar.get_by_text("Inbox (1)").wait_for()
        sidebar.get_by_role("link", name=re.compile(r"Inbox \(1\)")).click()
        main.get_by_text("Bob replied to your comment").wait_for()
        main.get_by_text("Because each variable's gradient is clipped on its own.").first.wait_for()
        # "Open the comment" lands at the reply, far below the lesson, and opening it reads it.
        main.get_by_role("link", name="Open the comment").click()
        reply = main.locator(".stream-comment", has_text="Because each variable's gradient is clipped on its own.")
        expect(reply).to_be_in_viewport(timeout=15_000)
        assert alice.evaluate("window.parent.document.querySelector('[data-testid=stMain]').scrollTop || "
                              "document.scrollingElement.scrollTop") > 1000  # scrolled past the lesson body
        sidebar.get_by_role("link", name=re.compile(r"^Inbox$")).wait_for()  # listed once: no unread count now
        sidebar.get_by_role("link", name=re.compile(r"^Inbox$")).click()
        main.get_by_text("0 unread").wait_for()
        assert main.get_by_role("button", name="Mark read").count() == 0

        # Bob cannot read Alice's inbox: his own is empty.
        bob.goto(f"{url}/inbox?lang=en")
        bob_main.get_by_text(re.compile("No notifications yet")).wait_for()
        assert bob_main.get_by_text("replied to your comment").count() == 0

        # Export Alice's progress.
        alice.goto(f"{url}/account?lang=en")
        with alice.expect_download() as download:
            main.get_by_role("button", name="Export progress").click()
        exported = tmp_path / "alice-progress.json"
        download.value.save_as(exported)
        document = json.loads(exported.read_text(encoding="utf-8"))
        assert document["format"] == "stream-progress"
        assert lesson.id in {row["lesson_id"] for row in document["completions"]}

    # Another machine: a fresh database, no account. Importing the file restores the progress.
    with streamlit_app(tmp_path, "other-machine") as url:
        page = new_page(browser)
        main = page.get_by_test_id("stMain")
        open_lesson(page, url, lesson)
        assert header_xp(page) == 0
        page.goto(f"{url}/account?lang=en")
        main.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(exported))
        main.get_by_role("button", name="Import progress").click()
        main.get_by_text(re.compile(r"^Imported: lessons \+1,")).wait_for()
        open_lesson(page, url, lesson)
        assert header_xp(page) == lesson.xp
        main.get_by_role("button", name=re.compile("Completed")).wait_for()


def test_on_a_shared_server_each_browser_keeps_its_own_progress_across_a_refresh(browser, tmp_path):
    lesson = first_lesson()
    with streamlit_app(tmp_path, "classroom", local_profile="browser") as url:
        first = new_page(browser)
        open_lesson(first, url, lesson)
        first.get_by_test_id("stMain").get_by_role("button", name="Mark complete").click()
        first.get_by_test_id("stMain").get_by_role("button", name=re.compile("Completed")).wait_for()
        wait_for_cookie(first, "stream_guest")

        first.reload()  # the browser's cookie brings its own profile back
        first.get_by_test_id("stMain").get_by_role("button", name=re.compile("Completed")).wait_for()
        assert header_xp(first) == lesson.xp

        second = new_page(browser)  # another learner's browser on the same server
        open_lesson(second, url, lesson)
        second.get_by_test_id("stMain").get_by_role("button", name="Mark complete").wait_for()
        assert header_xp(second) == 0
