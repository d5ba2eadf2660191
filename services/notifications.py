"""A learner's inbox: reply notifications, unread first; only the recipient can read or mark them."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, aliased

from db.models import Comment, Learner, Notification
from db.types import utcnow
from services.comments import CommentNotFound, NotAllowed
from services.comments_render import plain_text

EXCERPT_CHARS = 140
INBOX_SIZE = 100


@dataclass(frozen=True)
class InboxItem:
    id: int
    kind: str
    comment_id: int
    lesson_id: str
    from_name: str
    excerpt: str  # plain text, the first words of the reply; empty when the reply is gone
    gone: bool  # the reply was deleted or hidden since
    created_at: datetime
    read: bool


def unread_count(session: Session, learner_id: int) -> int:
    return session.scalar(
        select(func.count()).select_from(Notification)
        .where(Notification.recipient_id == learner_id, Notification.read_at.is_(None))
    ) or 0


def _excerpt(body: str) -> str:
    flat = plain_text(body)
    return flat if len(flat) <= EXCERPT_CHARS else flat[: EXCERPT_CHARS - 1] + "…"


def inbox(session: Session, learner_id: int, limit: int = INBOX_SIZE) -> list[InboxItem]:
    """The learner's own notifications, unread first, newest first within each."""
    author = aliased(Learner)
    rows = session.execute(
        select(Notification, Comment, author.display_name)
        .join(Comment, Comment.id == Notification.comment_id)
        .join(author, author.id == Comment.learner_id)
        .where(Notification.recipient_id == learner_id)
        .order_by(Notification.read_at.is_not(None), Notification.created_at.desc(), Notification.id.desc())
        .limit(limit)
    ).all()
    items = []
    for note, comment, name in rows:
        gone = comment.deleted_at is not None or comment.hidden_at is not None
        items.append(InboxItem(
            id=note.id, kind=note.kind, comment_id=comment.id, lesson_id=comment.lesson_id, from_name=name,
            excerpt="" if gone else _excerpt(comment.body), gone=gone, created_at=note.created_at,
            read=note.read_at is not None,
        ))
    return items


def mark_read(session: Session, learner_id: int, notification_id: int, now: datetime | None = None) -> bool:
    """Mark one of your notifications read; True if it was unread. Someone else's id raises NotAllowed."""
    recipient = session.scalar(select(Notification.recipient_id).where(Notification.id == notification_id))
    if recipient is None:
        raise CommentNotFound("inbox.not_found", f"no notification with id {notification_id!r}")
    if recipient != learner_id:
        raise NotAllowed("inbox.not_yours", f"notification {notification_id} belongs to learner {recipient}")
    done = session.execute(
        update(Notification)
        .where(Notification.id == notification_id, Notification.recipient_id == learner_id,
               Notification.read_at.is_(None))
        .values(read_at=now or utcnow())
        .execution_options(synchronize_session=False)
    )
    return done.rowcount == 1


def mark_all_read(session: Session, learner_id: int, now: datetime | None = None) -> int:
    """Mark every unread notification of this learner read; returns how many there were."""
    done = session.execute(
        update(Notification)
        .where(Notification.recipient_id == learner_id, Notification.read_at.is_(None))
        .values(read_at=now or utcnow())
        .execution_options(synchronize_session=False)
    )
    return done.rowcount


def mark_comment_read(session: Session, learner_id: int, comment_id: int, now: datetime | None = None) -> int:
    """The learner opened this comment (an inbox link): their notifications about it are read. Returns how many
    were unread; a comment that notified nobody, or someone else, changes nothing."""
    done = session.execute(
        update(Notification)
        .where(Notification.recipient_id == learner_id, Notification.comment_id == comment_id,
               Notification.read_at.is_(None))
        .values(read_at=now or utcnow())
        .execution_options(synchronize_session=False)
    )
    return done.rowcount
