"""Comments on the lesson page, the inbox and the moderation queue, driven through AppTest as a learner would."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from db import Learner, session_scope
from db.models import Comment
from services import comments
from services.comments import MAX_BODY_CHARS
from tests.services.comment_payloads import XSS
from tests.services.test_comments_render import _assert_inert
from tests.ui.conftest import APP, LESSON_PAGE, texts
from ui.comments import EDITING

LESSON = "tf-gradients-01"
NEW = f"comments:{LESSON}:new"
INBOX_PAGE = "ui/pages/inbox.py"
LONG_AGO = datetime(2026, 1, 1, tzinfo=timezone.utc)


def _account(engine, username: str, role: str = "learner") -> int:
    with session_scope(engine) as session:
        learner = Learner(kind="account", username=username, display_name=username.title(), role=role)
        session.add(learner)
        session.flush()
        return learner.id


def _seed(engine, author: int, body: str, *, parent: int | None = None, at: datetime = LONG_AGO) -> int:
    with session_scope(engine) as session:
        return comments.post(session, author, LESSON, body, parent_id=parent, now=at).comment.id


def _open(page: str = LESSON_PAGE, account: int | None = None, **query: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    at.query_params["lang"] = "en"
    for name, value in {"lesson": LESSON, **query}.items():
        at.query_params[name] = value
    if account is not None:
        at.session_state["account_id"] = account
    at.switch_page(page)
    return _run(at)


def _run(target) -> AppTest:
    """Run the app (or, after a widget interaction, the widget's app) and fail on any exception."""
    at = target.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _cards(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown if 'class="stream-comment"' in m.value]


def _bodies(engine) -> list[str]:
    with session_scope(engine) as session:
        return list(session.scalars(select(Comment.body).order_by(Comment.id)))


@pytest.fixture
def hana(engine) -> int:
    return _account(engine, "hana")


@pytest.fixture
def minho(engine) -> int:
    return _account(engine, "minho")


def test_signed_out_visitors_read_and_are_asked_to_sign_in(engine, hana):
    at = _open()
    shown = texts(at)
    assert "Comments (0)" in shown and "No comments yet — be the first." in shown
    assert "Sign in to comment. Anyone can read the comments." in [i.value for i in at.info]
    assert "Sign in" in [link.proto.label for link in at.get("page_link")]  # to the accounts page
    assert NEW not in [ta.key for ta in at.text_area]  # no comment box to type into
    _seed(engine, hana, "Nice **tape** trick")
    at = _open()
    assert "Comments (1)" in texts(at)
    (card,) = _cards(at)
    assert "Hana" in card and "<strong>tape</strong>" in card
    assert not [b for b in at.button if b.label in ("Reply", "Flag", "Edit")]


def test_a_signed_in_learner_posts_and_the_box_empties(engine, hana):
    at = _open(account=hana)
    assert "Up to 2000 characters, at most 5 comments a minute and 30 an hour." in texts(at)
    assert at.checkbox(key=f"comments:{LESSON}:notify_new").value is True  # notify is on by default
    at.text_area(key=NEW).input("`GradientTape` 설명 최고")
    _run(at.button(key=f"{NEW}:send").click())
    assert [s.value for s in at.success] == ["Your comment is posted."]
    assert at.text_area(key=NEW).value == ""
    assert "Comments (1)" in texts(at)
    assert "<code>GradientTape</code> 설명 최고" in _cards(at)[0]
    assert _bodies(engine) == ["`GradientTape` 설명 최고"]


@pytest.mark.parametrize("typed, message", [
    ("x" * (MAX_BODY_CHARS + 5), f"Comments can be at most {MAX_BODY_CHARS} characters; this one has {MAX_BODY_CHARS + 5}."),
    ("   \n  ", "Please write something before posting."),
], ids=["too long", "blank"])
def test_a_refused_comment_says_why_and_keeps_the_text(engine, hana, typed, message):
    at = _open(account=hana)
    at.text_area(key=NEW).input(typed)
    _run(at.button(key=f"{NEW}:send").click())
    (error,) = at.error
    assert error.value.startswith(message)
    assert at.text_area(key=NEW).value == typed  # nothing the learner typed is lost
    assert _bodies(engine) == []


def test_the_rate_limit_is_explained_and_the_text_kept(engine, hana):
    now = datetime.now(timezone.utc)
    for i in range(5):
        _seed(engine, hana, f"quick {i}", at=now - timedelta(seconds=10 - i))
    at = _open(account=hana)
    at.text_area(key=NEW).input("one more")
    _run(at.button(key=f"{NEW}:send").click())
    assert at.error[0].value.startswith("You have posted 5 comments in the last 1 minutes.")
    assert at.text_area(key=NEW).value == "one more"


def test_every_payload_renders_inert_on_the_page(engine, hana):
    for i, payload in enumerate(XSS):
        _seed(engine, hana, payload.body, at=LONG_AGO + timedelta(hours=i))
    at = _open()
    cards = _cards(at)
    assert len(cards) == len(XSS) and f"Comments ({len(XSS)})" in texts(at)
    for payload, card in zip(XSS, cards):
        parsed = _assert_inert(card)
        if payload.visible:
            assert payload.visible in "".join(parsed.text), payload.name
    assert _bodies(engine) == [p.body for p in XSS]  # stored verbatim


def test_replies_notify_the_author_who_reads_them_in_the_inbox(engine, hana, minho):
    top = _seed(engine, hana, "Why does the tape forget?")
    at = _open(account=minho)
    _run(at.button(key=f"comments:{top}:reply").click())
    at.text_area(key=f"comments:reply:{top}").input("Use persistent=True")
    _run(at.button(key=f"comments:reply:{top}:send").click())
    assert [s.value for s in at.success] == ["Your reply is posted."]
    assert "Use persistent=True" in _cards(at)[1] and "margin-left" in _cards(at)[1]

    at = _open(account=hana)
    assert "Inbox (1)" in [link.label for link in at.get("page_link")]
    inbox = _open(INBOX_PAGE, account=hana)
    shown = texts(inbox)
    assert "1 unread" in shown and "● Minho replied to your comment" in shown and "Use persistent=True" in shown
    link = [p for p in inbox.get("page_link") if p.proto.label == "Open the comment"][0]
    assert link.proto.page.endswith("lesson") and f"lesson={LESSON}" in link.proto.query_string
    reply = int(link.proto.query_string.split("comment=")[1])
    landed = _open(account=hana, comment=str(reply))  # where the link leads: the reply stands out
    assert [f'id="comment-{reply}"' in c and "border-left" in c for c in _cards(landed)] == [False, True]
    (mark,) = [b for b in inbox.button if b.label == "Mark read"]
    _run(mark.click())
    assert "0 unread" in texts(inbox) and "Inbox" in [p.proto.label for p in inbox.get("page_link")]

    other = _open(INBOX_PAGE, account=minho)  # someone else's inbox shows none of it
    assert "Use persistent=True" not in texts(other)
    assert "No notifications yet." in texts(other)


def test_opening_the_comment_from_the_inbox_reads_it_and_the_badge_drops(engine, hana, minho):
    top = _seed(engine, hana, "Why does the tape forget?")
    reply = _seed(engine, minho, "Use persistent=True", parent=top, at=LONG_AGO + timedelta(minutes=1))
    before = _open(account=hana)
    assert "Inbox (1)" in [link.label for link in before.get("page_link")]
    landed = _open(account=hana, comment=str(reply))
    labels = [link.label for link in landed.get("page_link")]
    assert "Inbox (1)" not in labels and "Inbox" in labels  # read by opening it, and the sidebar already says so
    inbox = _open(INBOX_PAGE, account=hana)
    assert "0 unread" in texts(inbox)
    assert not [b for b in inbox.button if b.label == "Mark read"]


def test_the_inbox_excerpt_reads_as_words_and_names_the_lesson(engine, hana, minho):
    top = _seed(engine, hana, "Why does the tape forget?")
    _seed(engine, minho, "Use `persistent=True` and **see** [the docs](https://www.tensorflow.org)", parent=top,
          at=LONG_AGO + timedelta(minutes=1))
    shown = texts(_open(INBOX_PAGE, account=hana))
    assert "Use persistent=True and see the docs" in shown  # no backticks, stars or link syntax
    assert "`persistent=True`" not in shown and "**see**" not in shown
    assert "on First lesson" in shown  # the lesson the reply is on, in the page's language


def test_the_inbox_asks_signed_out_visitors_to_sign_in(engine):
    at = _open(INBOX_PAGE)
    assert [i.value for i in at.info] == ["Sign in to see replies to your comments."]


def test_only_the_author_edits_and_tampered_state_changes_nothing(engine, hana, minho):
    theirs = _seed(engine, hana, "Hana's words")
    at = _open(account=minho)
    assert at.button(key=f"comments:{theirs}:flag")
    assert not [b for b in at.button if b.key in (f"comments:{theirs}:edit", f"comments:{theirs}:delete")]
    # Point the edit state at Hana's comment and pre-fill its box: no edit box, no save button, text unchanged.
    at.session_state[EDITING] = theirs
    at.session_state[f"comments:edit:{theirs}"] = "rewritten by Minho"
    _run(at)
    assert not [b for b in at.button if b.key == f"comments:edit:{theirs}:save"]
    assert f"comments:edit:{theirs}" not in [ta.key for ta in at.text_area]
    assert _bodies(engine) == ["Hana's words"]

    # The author can: the same controls do work for her.
    at = _open(account=hana)
    _run(at.button(key=f"comments:{theirs}:edit").click())
    at.text_area(key=f"comments:edit:{theirs}").input("Hana's better words")
    _run(at.button(key=f"comments:edit:{theirs}:save").click())
    assert _bodies(engine) == ["Hana's better words"]
    assert "edited" in _cards(at)[0]
    _run(at.button(key=f"comments:{theirs}:delete").click())
    assert "Comments (0)" in texts(at)


def test_flagging_thanks_once_then_says_already_flagged(engine, hana, minho):
    theirs = _seed(engine, hana, "spam spam")
    at = _open(account=minho)
    _run(at.button(key=f"comments:{theirs}:flag").click())
    assert [s.value for s in at.success] == ["Thanks, the instructors will take a look."]
    _run(at.button(key=f"comments:{theirs}:flag").click())
    assert [s.value for s in at.success] == ["You have already flagged this comment."]


MODERATION_SCRIPT = "from ui.moderation import moderation_queue\nmoderation_queue()\n"


def _moderation(account: int) -> AppTest:
    at = AppTest.from_string(MODERATION_SCRIPT, default_timeout=30)
    at.query_params["lang"] = "en"
    at.session_state["lang"] = "en"
    at.session_state["account_id"] = account
    return _run(at)


def test_instructors_hide_flagged_comments_which_then_show_hidden_to_the_author_only(engine, hana, minho):
    teacher = _account(engine, "teacher", role="instructor")
    bad = _seed(engine, hana, "<b>rude</b> words")
    with session_scope(engine) as session:
        comments.flag(session, minho, bad, "rude")
        comments.flag(session, teacher, bad, "")

    queue = _moderation(teacher)
    (card,) = [m.value for m in queue.markdown if "stream-comment" in m.value]
    assert "&lt;b&gt;rude&lt;/b&gt; words" in card and "2 flags · Lesson: tf-gradients-01" in card
    assert "Reasons: rude" in texts(queue)
    _run(queue.button(key=f"moderation:{bad}:hide").click())
    assert [s.value for s in queue.success] == ["The comment is hidden."]
    assert queue.button(key=f"moderation:{bad}:restore")

    assert "rude" not in "".join(_cards(_open(account=minho)))
    assert "Comments (0)" in texts(_open())
    own = _open(account=hana)
    assert "rude" in _cards(own)[0]
    assert "Hidden by an instructor — only you and the instructors can see it." in texts(own)

    _run(queue.button(key=f"moderation:{bad}:restore").click())
    assert "rude" in "".join(_cards(_open(account=minho)))


def test_learners_cannot_open_the_moderation_queue(engine, hana, minho):
    bad = _seed(engine, hana, "flag me")
    with session_scope(engine) as session:
        comments.flag(session, minho, bad, "")
    at = _moderation(minho)
    assert [e.value for e in at.error] == ["This page is for instructors. Sign in with an instructor account to open it."]
    assert not at.button and "flag me" not in "".join(m.value for m in at.markdown)


def test_comment_and_inbox_times_are_in_the_learners_zone_and_labelled(engine, hana, minho, monkeypatch):
    from zoneinfo import ZoneInfo

    from ui import clock

    top = _seed(engine, hana, "Why does the tape forget?", at=datetime(2026, 5, 4, 9, 12, tzinfo=timezone.utc))
    _seed(engine, minho, "Use persistent=True", parent=top, at=datetime(2026, 5, 4, 9, 13, tzinfo=timezone.utc))
    monkeypatch.setattr(clock, "zone", lambda: ZoneInfo("Europe/Berlin"))  # what the browser reported
    cards = "\n".join(_cards(_open(account=hana)))
    assert "2026-05-04 11:12 CEST" in cards and "2026-05-04 11:13 CEST" in cards and "UTC" not in cards
    inbox = texts(_open(INBOX_PAGE, account=hana))
    assert "2026-05-04 11:13 CEST" in inbox and "UTC" not in inbox
