"""Streaks over the learner's local calendar days, with freezes that cover a missed day."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, tzinfo

from .events import XP_EARNING_KINDS, Event, as_zone, local_date, require_aware

FREEZE_EVERY_DAYS = 7
MAX_FREEZES = 2


@dataclass(frozen=True)
class StreakState:
    current: int
    longest: int
    freezes_available: int
    freezes_used: int  # over the whole history, so the UI can say how often a freeze saved the streak
    today_done: bool
    days: tuple[date, ...]  # sorted local days with an XP-earning event


class StreakCounter:
    """Walks active days in order once; adding a later day costs O(1), an earlier one rebuilds."""

    def __init__(self) -> None:
        self.days: set[date] = set()
        self._reset()

    def _reset(self) -> None:
        self.last: date | None = None
        self.current = 0
        self.longest = 0
        self.freezes = 0
        self.freezes_used = 0

    @staticmethod
    def _bridge(current: int, freezes: int, missed: int) -> tuple[int, int, int]:
        """(current, freezes left, freezes spent) after `missed` empty days: one freeze per day, in order."""
        if missed <= 0 or current == 0:
            return current, freezes, 0
        spent = min(freezes, missed)
        return (current if missed <= spent else 0), freezes - spent, spent

    def mark(self, day: date) -> None:
        if day in self.days:
            return
        self.days.add(day)
        if self.last is not None and day < self.last:
            # Out-of-order history is rare (clock skew); replaying keeps the freeze accounting exact.
            self._reset()
            for each in sorted(self.days):
                self._advance(each)
        else:
            self._advance(day)

    def _advance(self, day: date) -> None:
        missed = 0 if self.last is None else (day - self.last).days - 1
        current, self.freezes, spent = self._bridge(self.current, self.freezes, missed)
        self.freezes_used += spent
        self.current = current + 1
        # Freezes are earned by the streak's own length, so frozen days do not speed up earning.
        if self.current % FREEZE_EVERY_DAYS == 0:
            self.freezes = min(MAX_FREEZES, self.freezes + 1)
        self.longest = max(self.longest, self.current)
        self.last = day

    def if_active(self, day: date) -> int:
        """The streak length counting `day` as active, without recording it (for the streak bonus)."""
        if day in self.days:
            if day == self.last:
                return self.current
            return self._counter_until(day).current
        if self.last is None:
            return 1
        if day < self.last:
            probe = self._counter_until(day)
            probe._advance(day)
            return probe.current
        current, _, _ = self._bridge(self.current, self.freezes, (day - self.last).days - 1)
        return current + 1

    def _counter_until(self, day: date) -> StreakCounter:
        probe = StreakCounter()
        for each in sorted(d for d in self.days if d <= day):
            probe.days.add(each)
            probe._advance(each)
        return probe

    def state(self, today: date) -> StreakState:
        """The streak as seen on `today`; today without activity yet does not break it."""
        walker = self if self.last is None or self.last <= today else self._counter_until(today)
        current, freezes, spent = walker.current, walker.freezes, 0
        if walker.last is not None and walker.last < today:
            current, freezes, spent = self._bridge(current, freezes, (today - walker.last).days - 1)
        return StreakState(
            current=current,
            longest=walker.longest,
            freezes_available=freezes,
            freezes_used=walker.freezes_used + spent,
            today_done=today in walker.days,
            days=tuple(sorted(walker.days)),
        )


def streak(events: Iterable[Event], now: datetime, tz: str | tzinfo) -> StreakState:
    """Streak state at `now` from the raw history; events after `now` are ignored."""
    zone = as_zone(tz)
    counter = StreakCounter()
    days = {local_date(e.occurred_at, zone) for e in events if e.kind in XP_EARNING_KINDS}
    for day in sorted(days):
        counter.mark(day)
    return counter.state(local_date(require_aware(now), zone))
