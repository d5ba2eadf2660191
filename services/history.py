"""A learner's event history as a gamification Summary, cached per process and caught up by event id."""
from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy import event as sa_event
from sqlalchemy.orm import Session

from db import queries
from gamification import Context, Event, Summary

T = TypeVar("T")
CACHE_SIZE = 512  # learners; a Summary of a 10,000-event history is a few hundred kB
_PENDING = "stream.pending_summaries"
_LISTENING = "stream.summary_listeners"


@dataclass
class Snapshot:
    """A Summary that includes exactly the events with id <= last_id (`count` of them)."""

    summary: Summary
    last_id: int
    count: int

    def add(self, event_id: int, event: Event, context: Context | None = None) -> list:
        """Fold in one newer event; with `context`, its XP is judged with that context (the caller's XP)."""
        summary = self.summary
        if context is None or context is summary.context:
            awards = summary.add(event)
        else:
            base, summary.context = summary.context, context
            try:
                awards = summary.add(event)
            finally:
                summary.context = base
        self.last_id, self.count = max(self.last_id, event_id), self.count + 1
        return awards


def rule_event(kind: str, subject: str | None, occurred_at, data) -> Event:
    return Event(kind, subject, occurred_at, data or {})


class _Cache:
    """LRU of committed snapshots. Writers take a snapshot out and put it back only after their commit,
    so a rolled-back event never lingers in the cache."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.lock = threading.Lock()  # held only for dict operations, never across a query
        self.entries: OrderedDict[tuple, Snapshot] = OrderedDict()

    def take(self, key: tuple) -> Snapshot | None:
        with self.lock:
            return self.entries.pop(key, None)

    def put(self, key: tuple, snapshot: Snapshot) -> None:
        with self.lock:
            held = self.entries.get(key)
            if held is not None and held.last_id > snapshot.last_id:
                return  # a reader stored a newer state meanwhile
            self.entries[key] = snapshot
            self.entries.move_to_end(key)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()


_cache = _Cache(CACHE_SIZE)


def clear_cache() -> None:
    _cache.clear()


def _key(session: Session, learner_id: int, tz: str, context: Context) -> tuple:
    # The URL keeps apart databases that reuse learner ids (every test database has learner 1).
    url = session.get_bind().url.render_as_string(hide_password=False)
    return url, learner_id, tz, id(context)


def _rebuild(session: Session, learner_id: int, tz: str, context: Context) -> Snapshot:
    rows = queries.event_rows(session, learner_id)
    summary = Summary(context, tz)
    add = summary.add
    for _id, kind, subject, occurred_at, data in rows:
        add(rule_event(kind, subject, occurred_at, data))
    return Snapshot(summary, max((row[0] for row in rows), default=0), len(rows))


def _catch_up(session: Session, learner_id: int, snapshot: Snapshot) -> Snapshot | None:
    """Fold in events recorded since the snapshot; None if the history changed under it (rebuild then)."""
    if queries.event_count(session, learner_id, snapshot.last_id) != snapshot.count:
        return None
    for event_id, kind, subject, occurred_at, data in queries.event_rows(session, learner_id, snapshot.last_id):
        snapshot.add(event_id, rule_event(kind, subject, occurred_at, data))
    return snapshot


def _load(session: Session, learner_id: int, tz: str, context: Context, held: Snapshot | None) -> Snapshot:
    if held is not None and held.summary.context is context:
        caught_up = _catch_up(session, learner_id, held)
        if caught_up is not None:
            return caught_up
    return _rebuild(session, learner_id, tz, context)


def snapshot(session: Session, learner_id: int, tz: str, context: Context) -> Snapshot:
    """The learner's snapshot for this session; lock the learner first if you will add events to it.

    It leaves the shared cache for as long as the session's transaction runs and goes back when it
    commits; on rollback it is dropped (it may hold events that never landed) and the next caller
    rebuilds from the database. Nothing is locked across a query: on SQLite another session may hold
    the write lock and need the cache to finish, so waiting on both would deadlock."""
    pending: dict[tuple, Snapshot] = session.info.setdefault(_PENDING, {})
    key = _key(session, learner_id, tz, context)
    if key not in pending:
        pending[key] = _load(session, learner_id, tz, context, _cache.take(key))
        _listen(session)
    return pending[key]


def read(session: Session, learner_id: int, tz: str, context: Context, use: Callable[[Summary], T]) -> T:
    """`use(summary)` on the learner's current summary; the summary must not escape `use` (it is reused)."""
    return use(snapshot(session, learner_id, tz, context).summary)


def _listen(session: Session) -> None:
    if session.info.get(_LISTENING):
        return
    session.info[_LISTENING] = True
    sa_event.listen(session, "after_commit", _publish)
    sa_event.listen(session, "after_rollback", _discard)


def _publish(session: Session) -> None:
    for key, snapshot in session.info.pop(_PENDING, {}).items():
        _cache.put(key, snapshot)


def _discard(session: Session) -> None:
    session.info.pop(_PENDING, None)
