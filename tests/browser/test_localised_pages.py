"""The Korean UI in a real browser: none of Streamlit's own English words on the home, account and authoring pages
(placeholders, "Select all", the uploader's button and size line), and the upload limit is the app's 5 MB."""
from __future__ import annotations

import os
import re
import subprocess
import sys

from tests.browser.harness import REPO, requires_chromium, streamlit_app
from tests.browser.test_accounts_journey import wait_for_cookie

STREAMLIT_ENGLISH = re.compile(r"Choose options?|Select all|Upload|Browse files|Drag and drop|per file|200MB")


def _main_text(page) -> str:
    main = page.get_by_test_id("stMain")
    main.get_by_role("heading").first.wait_for()
    page.wait_for_timeout(500)  # the last widgets of the run
    return main.inner_text()


@requires_chromium
def test_korean_pages_show_none_of_streamlits_english(browser, tmp_path):
    admin = subprocess.run([sys.executable, "-m", "services", "create-admin", "teacher", "--password-stdin"],
                           input="a-long-password-1\n", text=True, capture_output=True, cwd=REPO, timeout=120,
                           env={**os.environ, "STREAM_DATABASE_URL": f"sqlite:///{tmp_path / 'app.db'}"})
    assert admin.returncode == 0, admin.stderr
    with streamlit_app(tmp_path) as url:
        page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
        page.goto(f"{url}/?lang=ko")
        home = _main_text(page)
        assert "학습 홈" in home and not STREAMLIT_ENGLISH.search(home), STREAMLIT_ENGLISH.search(home)
        page.get_by_test_id("stMultiSelect").click()  # the tag filter's dropdown, opened
        options = page.get_by_role("listbox").inner_text()
        assert "clipping" in options and not STREAMLIT_ENGLISH.search(options)

        page.goto(f"{url}/account?lang=ko")
        account = _main_text(page)
        assert "진행 상황 파일" in account and not STREAMLIT_ENGLISH.search(account), STREAMLIT_ENGLISH.search(account)
        drop = page.get_by_test_id("stFileUploaderDropzone")
        assert "파일 고르기" in drop.evaluate(
            "e => getComputedStyle(e.querySelector('button [data-testid=stMarkdownContainer]'), '::after').content")
        assert "5MB" in drop.evaluate(
            "e => getComputedStyle(e.querySelector('[data-testid=stFileUploaderDropzoneInstructions] div'), "
            "'::after').content")

        page.get_by_label("아이디", exact=True).fill("teacher")  # staff only: the authoring page's upload
        page.get_by_label("비밀번호", exact=True).fill("a-long-password-1")
        page.get_by_test_id("stMain").get_by_role("button", name="로그인").click()
        page.get_by_text("계정으로 로그인했어요").first.wait_for()
        wait_for_cookie(page)
        page.goto(f"{url}/authoring?lang=ko")
        authoring = _main_text(page)
        assert not STREAMLIT_ENGLISH.search(authoring), STREAMLIT_ENGLISH.search(authoring)
