"""The inputs every rule shares: an Event from the learner's history, the course Context, and local days."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from functools import cached_property
from types import MappingProxyType
from zoneinfo import ZoneInfo

LESSON_COMPLETED = "lesson_completed"
EXERCISE_ATTEMPTED = "exercise_attempted"
EXERCISE_PASSED = "exercise_passed"
HINT_REVEALED = "hint_revealed"
SOLUTION_REVEALED = "solution_revealed"
COMMENT_POSTED = "comment_posted"
REPORT_FILED = "report_filed"
DAILY_GOAL_SET = "daily_goal_set"

EVENT_KINDS = frozenset({
    LESSON_COMPLETED, EXERCISE_ATTEMPTED, EXERCISE_PASSED, HINT_REVEALED,
    SOLUTION_REVEALED, COMMENT_POSTED, REPORT_FILED, DAILY_GOAL_SET,
})
# The kinds that can pay XP; a local day with one of them keeps the streak alive.
XP_EARNING_KINDS = frozenset({LESSON_COMPLETED, EXERCISE_PASSED})

_EMPTY: Mapping = MappingProxyType({})


@dataclass(frozen=True)
class Event:
    """One fact from the history. Unknown kinds are allowed and ignored, so new kinds never crash old rules."""

    kind: str
    subject: str | None
    occurred_at: datetime
    # Excluded from the hash because event data is usually a plain dict straight from the database.
    data: Mapping = field(default_factory=lambda: _EMPTY, hash=False)

    def __post_init__(self) -> None:
        # A naive time would silently land on the wrong local day, so refuse it where it enters.
        if self.occurred_at.tzinfo is None or self.occurred_at.utcoffset() is None:
            raise ValueError(f"Event {self.kind!r} needs a time-zone-aware occurred_at, got {self.occurred_at!r}")


@dataclass(frozen=True)
class Context:
    """What the rules need to know about the content; services build it from the catalog."""

    courses: Mapping[str, frozenset[str]] = field(default_factory=lambda: _EMPTY, hash=False)
    exercise_tags: Mapping[str, frozenset[str]] = field(default_factory=lambda: _EMPTY, hash=False)
    lesson_xp: Mapping[str, int] = field(default_factory=lambda: _EMPTY, hash=False)
    exercise_xp: Mapping[str, int] = field(default_factory=lambda: _EMPTY, hash=False)

    @cached_property
    def exercises_by_tag(self) -> Mapping[str, frozenset[str]]:
        # Inverted once per Context so "every clipping exercise" is a set lookup, not a scan per evaluation.
        by_tag: dict[str, set[str]] = {}
        for exercise_id, tags in self.exercise_tags.items():
            for tag in tags:
                by_tag.setdefault(tag, set()).add(exercise_id)
        return {tag: frozenset(ids) for tag, ids in by_tag.items()}


def as_zone(tz: str | tzinfo) -> tzinfo:
    """Accept an IANA name or a tzinfo, so callers can pass the learner's stored setting as is."""
    return ZoneInfo(tz) if isinstance(tz, str) else tz


def require_aware(now: datetime) -> datetime:
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError(f"now must be time-zone-aware, got {now!r}")
    return now


def local_date(moment: datetime, tz: tzinfo) -> date:
    """The learner's calendar day for an instant: what 'today' means on their wall clock."""
    return moment.astimezone(tz).date()
