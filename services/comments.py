"""Lesson comments: post, reply, edit and delete your own, flag others', hide as staff; who may do what is checked here.

Every function takes the acting learner's id and checks ownership and role in the database, never a flag
from the caller, so whatever a browser session holds, a learner can only change their own comments.
Threads are one level deep: a reply to a reply joins the same top-level comment's thread.
Bodies are stored exactly as typed (HTML, SQL-looking text and all); services/comments_render makes them safe to show.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db import facts
from db.models import Comment, CommentFlag, Learner, Notification
from db.types import utcnow
from gamification import Context
from gamification.events import COMMENT_POSTED
from services import keys, rewards
from services.rewards import Rewards

MAX_BODY_CHARS = 2000
MAX_LESSON_ID_CHARS = 200  # the column's width
MAX_REASON_CHARS = 500
# At most 5 comments a minute and 30 an hour per learner, counted from the table (deleted ones count too).
RATE_LIMITS = ((timedelta(minutes=1), 5), (timedelta(hours=1), 30))
# The same text posted again this soon (a double click, a retried request) is the same comment.
REPEAT_WINDOW = timedelta(seconds=60)
STAFF_ROLES = ("instructor", "admin")


class CommentError(Exception):
    """Something the service refuses; `key` names the locale string that tells the learner why."""

    def __init__(self, key: str, detail: str, **values: object) -> None:
        super().__init__(detail)
        self.key = key
        self.values = values  # formatting values for the locale string (limits, counts)


class InvalidComment(CommentError):
    """The text cannot be posted as it is (empty, too long) or the learner is posting too fast."""


class NotAllowed(CommentError):
    """The acting learner may not do this to this comment (not theirs, not signed in, not staff)."""


class CommentNotFound(CommentError):
    """No such comment, or one this learner cannot see."""


@dataclass(frozen=True)
class Posted:
    """A stored comment and what posting it earned (the first comment unlocks an achievement)."""

    comment: Comment
    rewards: Rewards


@dataclass(frozen=True)
class CommentView:
    """One comment as a given viewer may see it; `body` is None for a placeholder (deleted, or hidden from you)."""

    id: int
    lesson_id: str
    parent_id: int | None
    author_id: int
    author_name: str
    body: str | None
    created_at: datetime
    edited: bool
    deleted: bool
    hidden: bool  # hidden by staff; only its author and staff see the text, marked hidden
    notify_replies: bool
    mine: bool
    replies: tuple[CommentView, ...] = ()


@dataclass(frozen=True)
class FlaggedComment:
    """A comment in the instructors' moderation queue."""

    id: int
    lesson_id: str
    author_name: str
    body: str
    created_at: datetime
    flag_count: int
    reasons: tuple[str, ...]
    hidden: bool
    deleted: bool


# ---- checks -----------------------------------------------------------------------------------------------

def check_body(body: str | None) -> str:
    """The body as it will be stored (unchanged); raises InvalidComment if it is empty or too long."""
    body = body or ""
    if not body.strip():
        raise InvalidComment("comments.empty_body", "comment is empty")
    if len(body) > MAX_BODY_CHARS:
        raise InvalidComment(
            "comments.too_long", f"comment has {len(body)} characters, at most {MAX_BODY_CHARS}",
            max=MAX_BODY_CHARS, count=len(body),
        )
    return body


def _account(session: Session, learner_id: int, *, lock: bool = False) -> Learner:
    learner = facts.lock_learner(session, learner_id) if lock else session.get(Learner, learner_id)
    if learner is None or learner.kind != "account":
        raise NotAllowed("comments.sign_in", f"learner {learner_id} is not signed in to an account")
    return learner


def _staff(session: Session, learner_id: int) -> Learner:
    learner = session.get(Learner, learner_id)
    if learner is None or learner.kind != "account" or learner.role not in STAFF_ROLES:
        raise NotAllowed("moderation.forbidden", f"learner {learner_id} is not an instructor or admin")
    return learner


def is_staff(session: Session, learner_id: int) -> bool:
    learner = session.get(Learner, learner_id)
    return learner is not None and learner.kind == "account" and learner.role in STAFF_ROLES


def _comment(session: Session, comment_id: int) -> Comment:
    comment = session.get(Comment, comment_id) if isinstance(comment_id, int) else None
    if comment is None:
        raise CommentNotFound("comments.not_found", f"no comment with id {comment_id!r}")
    return comment


def _own(session: Session, actor_id: int, comment_id: int) -> Comment:
    _account(session, actor_id)
    comment = _comment(session, comment_id)
    if comment.learner_id != actor_id:
        raise NotAllowed("comments.not_yours", f"comment {comment_id} belongs to learner {comment.learner_id}")
    if comment.deleted_at is not None:
        raise CommentNotFound("comments.not_found", f"comment {comment_id} was deleted")
    return comment


def _check_rate(session: Session, author_id: int, now: datetime) -> None:
    for window, limit in RATE_LIMITS:
        recent = session.scalar(
            select(func.count()).select_from(Comment)
            .where(Comment.learner_id == author_id, Comment.created_at > now - window)
        )
        if recent >= limit:
            minutes = int(window.total_seconds() // 60)
            raise InvalidComment(
                "comments.rate_limited", f"{recent} comments in the last {minutes} min, at most {limit}",
                limit=limit, minutes=minutes,
            )


# ---- writes -----------------------------------------------------------------------------------------------

def post(
    session: Session, author_id: int, lesson_id: str, body: str, parent_id: int | None = None,
    notify: bool = True, now: datetime | None = None, context: Context | None = None,
) -> Posted:
    """Store a comment (or a reply) as typed, record `comment_posted` and notify the author of the comment
    replied to.

    Only signed-in accounts may post. Posting the same text again within a minute returns the first
    comment instead of a copy, so a double click or a retry neither duplicates it, notifies nor pays twice.
    """
    now = now or utcnow()
    body = check_body(body)
    if not lesson_id or len(lesson_id) > MAX_LESSON_ID_CHARS:
        raise InvalidComment("comments.bad_lesson", f"lesson id {lesson_id!r} is empty or too long")
    # The learner's row lock makes the rate-limit count and the repeat check exact with two tabs posting.
    _account(session, author_id, lock=True)
    replied_to: Comment | None = None
    root_id: int | None = None
    if parent_id is not None:
        replied_to = _comment(session, parent_id)
        visible = replied_to.hidden_at is None or replied_to.learner_id == author_id
        if replied_to.lesson_id != lesson_id or replied_to.deleted_at is not None or not visible:
            raise CommentNotFound("comments.not_found", f"comment {parent_id} cannot be replied to here")
        root_id = replied_to.parent_id or replied_to.id
    repeat = session.scalars(
        select(Comment).where(
            Comment.learner_id == author_id, Comment.lesson_id == lesson_id, Comment.body == body,
            Comment.deleted_at.is_(None), Comment.created_at > now - REPEAT_WINDOW,
            Comment.parent_id.is_(None) if root_id is None else Comment.parent_id == root_id,
        ).limit(1)
    ).first()
    if repeat is not None:
        return Posted(repeat, rewards.NOTHING)
    _check_rate(session, author_id, now)
    comment = Comment(
        lesson_id=lesson_id, learner_id=author_id, parent_id=root_id, body=body, created_at=now,
        notify_replies=bool(notify),
    )
    session.add(comment)
    session.flush()
    if replied_to is not None and replied_to.notify_replies and replied_to.learner_id != author_id:
        facts.insert_once(
            session, Notification,
            dict(recipient_id=replied_to.learner_id, comment_id=comment.id, kind="reply", created_at=now),
            ["recipient_id", "comment_id", "kind"],
        )
    earned = rewards.record(session, author_id, COMMENT_POSTED, subject=lesson_id,
                            data={"comment_id": comment.id, "reply": root_id is not None},
                            dedupe_key=keys.comment_posted(comment.id), now=now, context=context)
    return Posted(comment, earned)


def edit(session: Session, actor_id: int, comment_id: int, body: str, now: datetime | None = None) -> Comment:
    """Change the text of your own comment; raises NotAllowed for anyone else's."""
    comment = _own(session, actor_id, comment_id)
    body = check_body(body)
    if body != comment.body:
        comment.body = body
        comment.edited_at = now or utcnow()
    return comment


def delete(session: Session, actor_id: int, comment_id: int, now: datetime | None = None) -> None:
    """Delete your own comment; a top-level comment with replies stays as a "deleted" placeholder."""
    comment = _own(session, actor_id, comment_id)
    comment.deleted_at = now or utcnow()


def set_notify(session: Session, actor_id: int, comment_id: int, on: bool) -> None:
    """Turn reply notifications for your own comment on or off."""
    _own(session, actor_id, comment_id).notify_replies = bool(on)


def flag(session: Session, actor_id: int, comment_id: int, reason: str = "", now: datetime | None = None) -> bool:
    """Flag someone else's comment for the instructors; True the first time, False if you had already."""
    _account(session, actor_id)
    comment = _comment(session, comment_id)
    if comment.deleted_at is not None or (comment.hidden_at is not None and comment.learner_id != actor_id):
        raise CommentNotFound("comments.not_found", f"comment {comment_id} is not shown")
    if comment.learner_id == actor_id:
        raise NotAllowed("comments.flag_own", "a learner cannot flag their own comment")
    values = dict(comment_id=comment_id, learner_id=actor_id, reason=(reason or "")[:MAX_REASON_CHARS],
                  created_at=now or utcnow())
    return facts.insert_once(session, CommentFlag, values, ["comment_id", "learner_id"])


def hide(session: Session, actor_id: int, comment_id: int, now: datetime | None = None) -> None:
    """Staff only (role read from the database): hide a comment from everyone but its author."""
    staff = _staff(session, actor_id)
    comment = _comment(session, comment_id)
    if comment.hidden_at is None:
        comment.hidden_at = now or utcnow()
        comment.hidden_by = staff.id


def restore(session: Session, actor_id: int, comment_id: int) -> None:
    """Staff only: show a hidden comment again."""
    _staff(session, actor_id)
    comment = _comment(session, comment_id)
    comment.hidden_at = None
    comment.hidden_by = None


# ---- reads ------------------------------------------------------------------------------------------------

def count(session: Session, lesson_id: str) -> int:
    """Comments everyone can read under a lesson (not deleted, not hidden), replies included."""
    return session.scalar(
        select(func.count()).select_from(Comment)
        .where(Comment.lesson_id == lesson_id, Comment.deleted_at.is_(None), Comment.hidden_at.is_(None))
    ) or 0


def list_for_lesson(session: Session, lesson_id: str, viewer_id: int | None) -> list[CommentView]:
    """Top-level comments oldest first, each with its replies, as `viewer_id` may see them.

    Hidden comments show (marked hidden) to their author and to staff only; a deleted or hidden-from-you
    top-level comment that still has replies you can see stays as a placeholder without its text.
    """
    staff = viewer_id is not None and is_staff(session, viewer_id)
    rows = session.execute(
        select(Comment, Learner.display_name).join(Learner, Learner.id == Comment.learner_id)
        .where(Comment.lesson_id == lesson_id).order_by(Comment.created_at, Comment.id)
    ).all()

    def view(comment: Comment, name: str, replies: tuple[CommentView, ...] = ()) -> CommentView | None:
        mine = comment.learner_id == viewer_id
        readable = comment.deleted_at is None and (comment.hidden_at is None or mine or staff)
        if not readable and not replies:
            return None
        return CommentView(
            id=comment.id, lesson_id=comment.lesson_id, parent_id=comment.parent_id, author_id=comment.learner_id,
            author_name=name, body=comment.body if readable else None, created_at=comment.created_at,
            edited=comment.edited_at is not None, deleted=comment.deleted_at is not None,
            hidden=comment.hidden_at is not None and readable, notify_replies=comment.notify_replies,
            mine=mine, replies=replies,
        )

    replies: dict[int, list[CommentView]] = defaultdict(list)
    for comment, name in rows:
        if comment.parent_id is not None and (shown := view(comment, name)) is not None:
            replies[comment.parent_id].append(shown)
    top = (view(c, name, tuple(replies[c.id])) for c, name in rows if c.parent_id is None)
    return [shown for shown in top if shown is not None]


def flagged_queue(session: Session, actor_id: int) -> list[FlaggedComment]:
    """Staff only: flagged comments, most flags first, with the reasons learners gave."""
    _staff(session, actor_id)
    flags = session.execute(
        select(CommentFlag.comment_id, CommentFlag.reason).order_by(CommentFlag.created_at)
    ).all()
    reasons: dict[int, list[str]] = defaultdict(list)
    for comment_id, reason in flags:
        reasons[comment_id].append(reason)
    if not reasons:
        return []
    rows = session.execute(
        select(Comment, Learner.display_name).join(Learner, Learner.id == Comment.learner_id)
        .where(Comment.id.in_(reasons))
    ).all()
    queue = [
        FlaggedComment(
            id=c.id, lesson_id=c.lesson_id, author_name=name, body=c.body, created_at=c.created_at,
            flag_count=len(reasons[c.id]), reasons=tuple(r for r in reasons[c.id] if r),
            hidden=c.hidden_at is not None, deleted=c.deleted_at is not None,
        )
        for c, name in rows
    ]
    return sorted(queue, key=lambda item: (item.deleted, -item.flag_count, item.id))
