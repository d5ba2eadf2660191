"""Comments and reply notifications on SQLite and PostgreSQL: who may do what, limits, and hostile text kept verbatim."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from db import Learner, session_scope
from db.models import Comment, CommentFlag, Notification
from services import comments, notifications, progress
from services.comments import MAX_BODY_CHARS, CommentNotFound, InvalidComment, NotAllowed
from tests.services.comment_payloads import SQL, XSS

NOW = datetime(2026, 5, 4, 12, 0, tzinfo=timezone.utc)
LESSON = "tf-gradients-01"


def _account(engine, username: str, role: str = "learner") -> int:
    with session_scope(engine) as session:
        learner = Learner(kind="account", username=username, display_name=username.title(), role=role)
        session.add(learner)
        session.flush()
        return learner.id


@pytest.fixture
def hana(engine) -> int:
    return _account(engine, "hana")


@pytest.fixture
def minho(engine) -> int:
    return _account(engine, "minho")


@pytest.fixture
def teacher(engine) -> int:
    return _account(engine, "teacher", role="instructor")


def _post(engine, author, body="좋은 설명이에요", *, parent=None, notify=True, at=NOW, lesson=LESSON) -> int:
    with session_scope(engine) as session:
        return comments.post(session, author, lesson, body, parent_id=parent, notify=notify, now=at).comment.id


def _call(engine, fn, *args, **kwargs):
    with session_scope(engine) as session:
        return fn(session, *args, **kwargs)


def _bodies(engine, viewer, lesson=LESSON):
    threads = _call(engine, comments.list_for_lesson, lesson, viewer)
    return [(t.body, [r.body for r in t.replies]) for t in threads]


def _count(engine, model) -> int:
    with session_scope(engine) as session:
        return session.scalar(select(func.count()).select_from(model))


# ---- posting -------------------------------------------------------------------------------------------

def test_a_comment_and_a_reply_are_listed_in_order_and_counted(engine, hana, minho):
    first = _post(engine, hana, "첫 댓글")
    _post(engine, minho, "두 번째", at=NOW + timedelta(seconds=1))
    _post(engine, minho, "답글이에요", parent=first, at=NOW + timedelta(seconds=2))
    assert _bodies(engine, None) == [("첫 댓글", ["답글이에요"]), ("두 번째", [])]
    assert _call(engine, comments.count, LESSON) == 3
    assert _call(engine, comments.count, "tf-gradients-02") == 0
    (thread, _) = _call(engine, comments.list_for_lesson, LESSON, hana)
    assert (thread.author_name, thread.mine, thread.replies[0].author_name, thread.replies[0].mine) == (
        "Hana", True, "Minho", False
    )


def test_a_reply_to_a_reply_joins_the_same_thread(engine, hana, minho):
    top = _post(engine, hana, "질문")
    reply = _post(engine, minho, "답", parent=top)
    _post(engine, hana, "고마워요", parent=reply, at=NOW + timedelta(seconds=5))
    assert _bodies(engine, hana) == [("질문", ["답", "고마워요"])]


def test_the_local_profile_cannot_post(engine):
    with session_scope(engine) as session:
        local = progress.get_local_learner(session).id
    with pytest.raises(NotAllowed) as refused:
        _post(engine, local)
    assert refused.value.key == "comments.sign_in"
    assert _count(engine, Comment) == 0


@pytest.mark.parametrize("body", ["", "   ", "\n\t \n"])
def test_empty_comments_are_refused(engine, hana, body):
    with pytest.raises(InvalidComment) as refused:
        _post(engine, hana, body)
    assert refused.value.key == "comments.empty_body"
    assert _count(engine, Comment) == 0


def test_the_length_limit_counts_characters_and_says_how_many(engine, hana):
    _post(engine, hana, "가" * MAX_BODY_CHARS)  # 2,000 Korean syllables (6,000 bytes) fit
    with pytest.raises(InvalidComment) as refused:
        _post(engine, hana, "가" * (MAX_BODY_CHARS + 1), at=NOW + timedelta(hours=2))
    assert refused.value.key == "comments.too_long"
    assert refused.value.values == {"max": MAX_BODY_CHARS, "count": MAX_BODY_CHARS + 1}
    assert _count(engine, Comment) == 1


def test_five_a_minute_then_a_clear_refusal_then_allowed_again(engine, hana):
    for i in range(5):
        _post(engine, hana, f"comment {i}", at=NOW + timedelta(seconds=i))
    with pytest.raises(InvalidComment) as refused:
        _post(engine, hana, "one too many", at=NOW + timedelta(seconds=30))
    assert (refused.value.key, refused.value.values) == ("comments.rate_limited", {"limit": 5, "minutes": 1})
    _post(engine, hana, "a minute later", at=NOW + timedelta(seconds=61))
    assert _count(engine, Comment) == 6


def test_thirty_an_hour(engine, hana, minho):
    for i in range(30):
        _post(engine, hana, f"comment {i}", at=NOW + timedelta(minutes=2 * i))
    with pytest.raises(InvalidComment) as refused:
        _post(engine, hana, "31st", at=NOW + timedelta(minutes=59))
    assert refused.value.values == {"limit": 30, "minutes": 60}
    _post(engine, minho, "someone else is not limited", at=NOW + timedelta(minutes=59))


def test_the_same_text_posted_twice_at_once_is_one_comment_and_one_notification(engine, hana, minho):
    top = _post(engine, hana, "질문")
    first = _post(engine, minho, "답", parent=top, at=NOW + timedelta(seconds=1))
    again = _post(engine, minho, "답", parent=top, at=NOW + timedelta(seconds=3))  # double click / retry
    assert first == again
    assert _count(engine, Comment) == 2 and _count(engine, Notification) == 1


def test_a_reply_must_be_to_a_comment_of_the_same_lesson(engine, hana, minho):
    top = _post(engine, hana, "질문")
    with pytest.raises(CommentNotFound):
        _post(engine, minho, "엉뚱한 곳", parent=top, lesson="tf-gradients-02")
    with pytest.raises(CommentNotFound):
        _post(engine, minho, "없는 댓글", parent=top + 999)


@pytest.mark.parametrize("body", [p.body for p in XSS] + SQL, ids=[p.name for p in XSS] + SQL)
def test_hostile_text_is_stored_verbatim(engine, hana, body):
    _post(engine, hana, body)
    assert _bodies(engine, hana) == [(body, [])]
    assert _count(engine, Learner) == 1 and _count(engine, Notification) == 0  # every table is still there


# ---- edit and delete -----------------------------------------------------------------------------------

def test_the_author_edits_and_the_edit_is_marked(engine, hana):
    cid = _post(engine, hana)
    _call(engine, comments.edit, hana, cid, "고쳤어요", now=NOW + timedelta(minutes=1))
    (view,) = _call(engine, comments.list_for_lesson, LESSON, None)
    assert (view.body, view.edited) == ("고쳤어요", True)


def test_nobody_else_can_edit_or_delete(engine, hana, minho, teacher):
    cid = _post(engine, hana, "내 댓글")
    for actor in (minho, teacher):  # staff hide comments; they do not rewrite them
        with pytest.raises(NotAllowed) as refused:
            _call(engine, comments.edit, actor, cid, "바꿔치기")
        assert refused.value.key == "comments.not_yours"
        with pytest.raises(NotAllowed):
            _call(engine, comments.delete, actor, cid)
        with pytest.raises(NotAllowed):
            _call(engine, comments.set_notify, actor, cid, False)
    assert _bodies(engine, hana) == [("내 댓글", [])]


def test_an_edit_is_checked_like_a_post(engine, hana):
    cid = _post(engine, hana, "원래")
    with pytest.raises(InvalidComment):
        _call(engine, comments.edit, hana, cid, "x" * (MAX_BODY_CHARS + 1))
    with pytest.raises(InvalidComment):
        _call(engine, comments.edit, hana, cid, "  ")
    assert _bodies(engine, hana) == [("원래", [])]


def test_a_deleted_comment_disappears_or_stays_as_a_placeholder_for_its_replies(engine, hana, minho):
    lonely = _post(engine, hana, "혼자")
    top = _post(engine, hana, "답글 있음", at=NOW + timedelta(seconds=1))
    _post(engine, minho, "답글", parent=top, at=NOW + timedelta(seconds=2))
    _call(engine, comments.delete, hana, lonely)
    _call(engine, comments.delete, hana, top)
    (thread,) = _call(engine, comments.list_for_lesson, LESSON, minho)
    assert (thread.id, thread.body, thread.deleted, [r.body for r in thread.replies]) == (top, None, True, ["답글"])
    assert _call(engine, comments.count, LESSON) == 1
    with pytest.raises(CommentNotFound):
        _call(engine, comments.edit, hana, top, "되살리기")


# ---- notifications -------------------------------------------------------------------------------------

def test_a_reply_notifies_the_author_once_and_not_for_their_own_reply(engine, hana, minho):
    top = _post(engine, hana, "질문")
    reply = _post(engine, minho, "답", parent=top, at=NOW + timedelta(seconds=1))
    _post(engine, hana, "내가 단 답글", parent=top, at=NOW + timedelta(seconds=2))
    assert _call(engine, notifications.unread_count, hana) == 1
    assert _call(engine, notifications.unread_count, minho) == 0
    (item,) = _call(engine, notifications.inbox, hana)
    assert (item.comment_id, item.lesson_id, item.from_name, item.excerpt, item.read) == (reply, LESSON, "Minho", "답", False)


def test_notify_off_means_no_notification(engine, hana, minho):
    quiet = _post(engine, hana, "조용히", notify=False)
    _post(engine, minho, "답", parent=quiet)
    loud = _post(engine, hana, "알려줘", at=NOW + timedelta(seconds=1))
    _call(engine, comments.set_notify, hana, loud, False)
    _post(engine, minho, "답2", parent=loud, at=NOW + timedelta(seconds=2))
    assert _count(engine, Notification) == 0


def test_the_unique_key_stops_a_second_notification_for_the_same_reply(engine, hana, minho):
    from db import facts

    top = _post(engine, hana)
    reply = _post(engine, minho, "답", parent=top)
    values = dict(recipient_id=hana, comment_id=reply, kind="reply", created_at=NOW)
    with session_scope(engine) as session:
        assert facts.insert_once(session, Notification, values, ["recipient_id", "comment_id", "kind"]) is False
    assert _count(engine, Notification) == 1


def test_mark_read_and_mark_all_read(engine, hana, minho):
    top = _post(engine, hana)
    for i in range(3):
        _post(engine, minho, f"답 {i}", parent=top, at=NOW + timedelta(seconds=i + 1))
    newest_first = [item.excerpt for item in _call(engine, notifications.inbox, hana)]
    assert newest_first == ["답 2", "답 1", "답 0"]
    oldest = _call(engine, notifications.inbox, hana)[-1].id
    assert _call(engine, notifications.mark_read, hana, oldest) is True
    assert _call(engine, notifications.mark_read, hana, oldest) is False  # already read
    assert _call(engine, notifications.unread_count, hana) == 2
    assert [i.read for i in _call(engine, notifications.inbox, hana)] == [False, False, True]  # unread first
    assert _call(engine, notifications.mark_all_read, hana) == 2
    assert _call(engine, notifications.unread_count, hana) == 0


def test_another_learner_cannot_read_or_mark_my_notifications(engine, hana, minho):
    top = _post(engine, hana)
    _post(engine, minho, "비밀 답글", parent=top)
    (mine,) = _call(engine, notifications.inbox, hana)
    assert _call(engine, notifications.inbox, minho) == []
    with pytest.raises(NotAllowed) as refused:
        _call(engine, notifications.mark_read, minho, mine.id)
    assert refused.value.key == "inbox.not_yours"
    assert _call(engine, notifications.mark_all_read, minho) == 0
    assert _call(engine, notifications.unread_count, hana) == 1
    with pytest.raises(CommentNotFound):
        _call(engine, notifications.mark_read, hana, mine.id + 999)


# ---- flags and hiding ----------------------------------------------------------------------------------

def test_flagging_twice_counts_once_and_your_own_cannot_be_flagged(engine, hana, minho, teacher):
    cid = _post(engine, hana, "수상한 댓글")
    assert _call(engine, comments.flag, minho, cid, "spam", now=NOW) is True
    assert _call(engine, comments.flag, minho, cid, "spam again", now=NOW) is False
    assert _call(engine, comments.flag, teacher, cid, "", now=NOW) is True
    with pytest.raises(NotAllowed) as refused:
        _call(engine, comments.flag, hana, cid)
    assert refused.value.key == "comments.flag_own"
    (queued,) = _call(engine, comments.flagged_queue, teacher)
    assert (queued.id, queued.flag_count, queued.reasons, queued.body) == (cid, 2, ("spam",), "수상한 댓글")
    assert _count(engine, CommentFlag) == 2


def test_only_staff_see_the_queue_and_hide_or_restore(engine, hana, minho, teacher):
    cid = _post(engine, hana)
    _call(engine, comments.flag, minho, cid)
    with session_scope(engine) as session:
        local = progress.get_local_learner(session).id
    for actor in (hana, minho, local):
        for action in (comments.hide, comments.restore):
            with pytest.raises(NotAllowed) as refused:
                _call(engine, action, actor, cid)
            assert refused.value.key == "moderation.forbidden"
        with pytest.raises(NotAllowed):
            _call(engine, comments.flagged_queue, actor)
    assert _call(engine, comments.count, LESSON) == 1


def test_a_hidden_comment_shows_as_hidden_to_its_author_only(engine, hana, minho, teacher):
    cid = _post(engine, hana, "숨겨질 댓글")
    _call(engine, comments.hide, teacher, cid, now=NOW)
    assert _bodies(engine, minho) == [] and _bodies(engine, None) == []
    (own,) = _call(engine, comments.list_for_lesson, LESSON, hana)
    assert (own.body, own.hidden) == ("숨겨질 댓글", True)
    (seen_by_staff,) = _call(engine, comments.list_for_lesson, LESSON, teacher)
    assert seen_by_staff.hidden
    assert _call(engine, comments.count, LESSON) == 0
    with pytest.raises(CommentNotFound):
        _post(engine, minho, "숨은 글에 답글", parent=cid)
    _call(engine, comments.restore, teacher, cid)
    assert _bodies(engine, minho) == [("숨겨질 댓글", [])]


def test_a_role_granted_or_taken_in_the_database_counts_at_once(engine, hana, minho):
    cid = _post(engine, hana)
    with session_scope(engine) as session:
        session.get(Learner, minho).role = "admin"
    _call(engine, comments.hide, minho, cid)
    with session_scope(engine) as session:
        session.get(Learner, minho).role = "learner"
    with pytest.raises(NotAllowed):
        _call(engine, comments.restore, minho, cid)


def test_ten_tabs_posting_at_once_land_exactly_five(engine, hana, run_at_once):
    def post(i, barrier):
        barrier.wait()
        try:
            with session_scope(engine) as session:
                comments.post(session, hana, LESSON, f"tab {i}", now=NOW + timedelta(milliseconds=i))
            return "posted"
        except InvalidComment as refused:
            return refused.key

    outcomes = run_at_once(10, post)
    assert sorted(outcomes) == ["comments.rate_limited"] * 5 + ["posted"] * 5
    assert _count(engine, Comment) == 5
