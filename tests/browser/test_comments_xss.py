"""Hostile comments in a real browser: every payload shows as text, no script runs, no dialog opens."""
from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta, timezone

import pytest

from tests.browser.harness import first_lesson, requires_chromium, streamlit_app
from tests.services.comment_payloads import XSS

pytestmark = requires_chromium

ALLOWED = ["DIV", "P", "BR", "STRONG", "EM", "DEL", "S", "CODE", "PRE", "BLOCKQUOTE", "UL", "OL", "LI", "A", "HR",
           "TABLE", "THEAD", "TBODY", "TR", "TH", "TD", "SMALL",
           # Streamlit's own code-block decoration: highlighting spans and the copy button with its icon.
           "SPAN", "BUTTON", "svg", "path"]
# Runs in the page: what the comment cards contain, as the browser built them.
INSPECT = """(allowed) => {
  const cards = [...document.querySelectorAll('.stream-comment')];
  const bad = [];
  for (const card of cards) {
    for (const el of [card, ...card.querySelectorAll('*')]) {
      if (!allowed.includes(el.tagName)) bad.push('tag ' + el.tagName + ' in ' + el.parentElement.outerHTML.slice(0, 300));
      for (const attr of el.attributes) {
        if (attr.name.startsWith('on')) bad.push(el.tagName + ' ' + attr.name);
        if (['href', 'src', 'action', 'formaction', 'data'].includes(attr.name)
            && !/^https?:\\/\\//i.test(attr.value)) bad.push(el.tagName + ' ' + attr.name + '=' + attr.value);
      }
    }
  }
  return {count: cards.length, bad, text: cards.map(c => c.innerText), xss: window.__xss, title: document.title};
}"""


def _seed(database_url: str, lesson_id: str) -> None:
    import db
    from db import Learner

    from services import comments

    engine = db.make_engine(database_url)
    db.upgrade(engine)
    start = datetime(2026, 1, 1, tzinfo=timezone.utc)
    with db.session_scope(engine) as session:
        author = Learner(kind="account", username="mallory", display_name='<img src=x onerror="alert(0)">Mallory')
        session.add(author)
        session.flush()
        for i, payload in enumerate(XSS):  # an hour apart, so the rate limit lets a single author post them all
            comments.post(session, author.id, lesson_id, payload.body, now=start + timedelta(hours=i))
    engine.dispose()


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("comments_xss")
    _seed(f"sqlite:///{tmp / 'app.db'}", first_lesson().id)
    with streamlit_app(tmp) as url:  # the app's database is tmp/app.db, seeded above
        yield url


def test_payload_comments_are_text_and_nothing_runs(server, browser):
    context = browser.new_context(locale="en-US")
    page = context.new_page()
    page.set_default_timeout(30_000)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        lesson = first_lesson()
        page.goto(f"{server}/lesson?lesson={lesson.id}&lang=en")
        main = page.get_by_test_id("stMain")
        main.get_by_role("heading", name=f"Comments ({len(XSS)})").wait_for()
        page.wait_for_function(f"document.querySelectorAll('.stream-comment').length === {len(XSS)}")
        title_before = page.title()
        # Hover every link and table cell, so an onmouseover that slipped through would fire, then give
        # onerror/onload handlers time to run.
        for element in page.locator(".stream-comment a, .stream-comment td").all()[:80]:
            element.hover()
        page.wait_for_timeout(1500)

        seen = page.evaluate(INSPECT, ALLOWED)
        assert seen["count"] == len(XSS)
        assert seen["bad"] == [], seen["bad"]
        assert seen["xss"] is None and "pwned" not in seen["title"] and seen["title"] == title_before
        assert dialogs == []
        text = "\n".join(seen["text"])
        for payload in XSS:
            if payload.visible:
                assert payload.visible in text, payload.name
        assert '<img src=x onerror="alert(0)">Mallory' in text  # the hostile display name, as text
        assert not [e for e in errors if "alert" in e or "__xss" in e]
    except Exception:
        page.screenshot(path="/tmp/comments_xss_failure.png", full_page=True)
        raise
    finally:
        context.close()
