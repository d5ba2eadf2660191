"""The instructor stub: content problems as file:line: message, and the draft lessons."""
from __future__ import annotations

from tests.ui.conftest import INSTRUCTOR_PAGE, texts


def test_lists_problems_as_file_line_message(open_page, app_env):
    broken = app_env / "lessons" / "tf-gradients" / "04-broken.md"
    broken.write_text("---\nid: tf-gradients-04\ntitle: [unclosed\n---\nbody\n", encoding="utf-8")
    at = open_page(INSTRUCTOR_PAGE)
    assert "콘텐츠 문제 (1)" in texts(at)
    line = at.code[0].value
    assert line.startswith(f"{broken}:") and line.split(":", 2)[1].isdigit()
    assert "초안 레슨 (1)" in texts(at) and "tf-gradients-03" in texts(at)


def test_no_problems(open_page):
    at = open_page(INSTRUCTOR_PAGE, lang="en")
    assert "Content problems (0)" in texts(at)
    assert "No problems. Every lesson file was read." in texts(at)
