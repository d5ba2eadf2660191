"""One pass over the history into the counts every achievement reads; `add` keeps it current per event."""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import date, datetime, tzinfo
from operator import attrgetter

from .events import (
    DAILY_GOAL_SET, EXERCISE_PASSED, HINT_REVEALED, LESSON_COMPLETED, SOLUTION_REVEALED,
    XP_EARNING_KINDS, Context, Event, as_zone, local_date, require_aware,
)
from .goals import DAILY_GOALS, DEFAULT_DAILY_GOAL
from .streaks import StreakCounter, StreakState
from .xp import Award, rule_awards

_BY_TIME = attrgetter("occurred_at")


class Summary:
    """Facts derived from the history for one learner in one time zone, plus the XP ledger they imply."""

    def __init__(self, context: Context, tz: str | tzinfo) -> None:
        self.context = context
        self.tz = as_zone(tz)
        self.kind_counts: Counter[str] = Counter()
        self.subjects: defaultdict[str, set[str]] = defaultdict(set)
        self.first_try_passes: set[str] = set()
        self.hint_free_passes: set[str] = set()
        self.solutions_seen: set[str] = set()
        self.hints_revealed: Counter[str] = Counter()
        self.streaks = StreakCounter()
        self.awards: dict[str, Award] = {}
        self.xp_total = 0
        self.xp_by_day: Counter[date] = Counter()
        self.goal = DEFAULT_DAILY_GOAL
        self.goal_met_days: set[date] = set()

    @classmethod
    def from_events(cls, events: Iterable[Event], context: Context, tz: str | tzinfo) -> Summary:
        summary = cls(context, tz)
        # Awards depend on what came before, so replay in time order; sorting sorted input is linear.
        add = summary.add
        for event in sorted(events, key=_BY_TIME):
            add(event)
        return summary

    # -- the History protocol that xp.rule_awards reads ------------------------------------------
    def lesson_done(self, lesson_id: str) -> bool:
        return lesson_id in self.subjects[LESSON_COMPLETED]

    def exercise_passed(self, exercise_id: str) -> bool:
        return exercise_id in self.subjects[EXERCISE_PASSED]

    def solution_seen(self, exercise_id: str) -> bool:
        return exercise_id in self.solutions_seen

    def hints_seen(self, exercise_id: str) -> int:
        return self.hints_revealed[exercise_id]

    def award_given(self, key: str) -> bool:
        return key in self.awards

    def streak_if_active(self, day: date) -> int:
        return self.streaks.if_active(day)

    # -- updating ----------------------------------------------------------------------------------
    def add(self, event: Event) -> list[Award]:
        """Record one event (normally the newest) and return the awards it newly earned."""
        kind, subject = event.kind, event.subject
        self.kind_counts[kind] += 1
        if kind in XP_EARNING_KINDS:
            return self._add_earning(event, kind, subject)
        # The rest only update counts; skipping the local-day conversion keeps a full replay fast.
        if kind == DAILY_GOAL_SET:
            self._set_goal(event)
        elif subject:
            if kind == HINT_REVEALED:
                self.hints_revealed[subject] += 1
            elif kind == SOLUTION_REVEALED:
                self.solutions_seen.add(subject)
            self.subjects[kind].add(subject)
        return []

    def _add_earning(self, event: Event, kind: str, subject: str | None) -> list[Award]:
        day = local_date(event.occurred_at, self.tz)
        # Rules first: they must see the history *before* this event.
        awards = rule_awards(event, day, self, self.context)
        self.streaks.mark(day)
        if subject:
            seen = self.subjects[kind]
            if kind == EXERCISE_PASSED and subject not in seen:
                self._note_pass(subject, event)
            seen.add(subject)
        new = [award for award in awards if award.key not in self.awards]
        for award in new:
            self.awards[award.key] = award
            self.xp_total += award.amount
            self.xp_by_day[day] += award.amount
        # Met once means met for that day, even if the goal is raised later the same day.
        if new and self.xp_by_day[day] >= self.goal:
            self.goal_met_days.add(day)
        return new

    def _set_goal(self, event: Event) -> None:
        goal = event.data.get("goal")
        if goal in DAILY_GOALS:
            self.goal = goal
            # Lowering the goal below what was already earned today counts as meeting it.
            day = local_date(event.occurred_at, self.tz)
            if self.xp_by_day.get(day, 0) >= goal:
                self.goal_met_days.add(day)

    def _note_pass(self, exercise_id: str, event: Event) -> None:
        data = event.data
        revealed = bool(data.get("solution_revealed")) or exercise_id in self.solutions_seen
        if data.get("first_try") and not revealed:
            self.first_try_passes.add(exercise_id)
        hints = data.get("hints_used")
        hints = self.hints_revealed[exercise_id] if hints is None else int(hints)
        if hints == 0 and not revealed:
            self.hint_free_passes.add(exercise_id)

    # -- reading -----------------------------------------------------------------------------------
    def distinct(self, kind: str) -> int:
        return len(self.subjects.get(kind, ()))

    def streak(self, now: datetime) -> StreakState:
        return self.streaks.state(local_date(require_aware(now), self.tz))

