"""The XP table as data, and the rule that turns one event into ledger awards with stable keys."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, tzinfo
from typing import TYPE_CHECKING, Protocol

from .events import EXERCISE_PASSED, LESSON_COMPLETED, Context, Event, as_zone, local_date

if TYPE_CHECKING:
    from .summary import Summary


@dataclass(frozen=True)
class XpTable:
    """Every number that decides XP. README.md shows this table; a test keeps the two in step."""

    lesson_default: int = 10
    exercise_default: int = 20
    first_try_bonus: int = 5
    hint_cost_percent: int = 25
    streak_bonus: int = 5
    streak_bonus_min_days: int = 3


XP = XpTable()

# Reason codes are stable strings; the UI translates them through locales/.
REASON_LESSON = "lesson"
REASON_EXERCISE = "exercise"
REASON_FIRST_TRY = "first_try"
REASON_STREAK = "streak"


@dataclass(frozen=True)
class Award:
    """One ledger row. `key` is unique per learner, so the database refuses a second payment."""

    key: str
    amount: int
    reason: str


class History(Protocol):
    """What the rule needs to know about events before this one (Summary implements it)."""

    def lesson_done(self, lesson_id: str) -> bool: ...
    def exercise_passed(self, exercise_id: str) -> bool: ...
    def solution_seen(self, exercise_id: str) -> bool: ...
    def hints_seen(self, exercise_id: str) -> int: ...
    def award_given(self, key: str) -> bool: ...
    def streak_if_active(self, day: date) -> int: ...


def exercise_xp_after_hints(base: int, hints: int, table: XpTable = XP) -> int:
    """Each hint takes hint_cost_percent of the base, rounded down, and XP never goes below zero."""
    kept_percent = max(0, 100 - table.hint_cost_percent * max(0, hints))
    return base * kept_percent // 100


def xp_table_markdown(table: XpTable = XP) -> str:
    """The table as README.md shows it, generated so the docs cannot drift from the code."""
    rows = [
        ("Lesson read (first time)", f"the lesson's `xp` (default {table.lesson_default})", "`lesson:<lesson id>`"),
        ("Exercise passed (first time)", f"the exercise's `xp` (default {table.exercise_default})",
         "`exercise:<exercise id>`"),
        ("First-try bonus", f"+{table.first_try_bonus}", "`first_try:<exercise id>`"),
        ("Each hint revealed before passing",
         f"−{table.hint_cost_percent}% of the exercise's XP, rounded down, floor 0", "(reduces `exercise:`)"),
        ("Solution revealed before passing", "0 (no exercise XP, no first-try bonus)", "—"),
        ("Streak bonus", f"+{table.streak_bonus} on the first XP-paying event of a local day when the streak "
         f"(counting that day) is ≥ {table.streak_bonus_min_days} days", "`streak:<local date>`"),
    ]
    lines = ["| Rule | XP | Ledger key |", "|---|---|---|"]
    lines += [f"| {rule} | {xp} | {key} |" for rule, xp, key in rows]
    return "\n".join(lines)


def awards_for(event: Event, history_before: Iterable[Event] | Summary, context: Context,
               tz: str | tzinfo) -> list[Award]:
    """Awards this event earns given what happened before it; pass a Summary to avoid re-reading history."""
    # Imported here because Summary uses rule_awards below to keep its own ledger.
    from .summary import Summary

    zone = as_zone(tz)
    if not isinstance(history_before, Summary):
        history_before = Summary.from_events(history_before, context, zone)
    return rule_awards(event, local_date(event.occurred_at, zone), history_before, context)


def rule_awards(event: Event, day: date, history: History, context: Context, table: XpTable = XP) -> list[Award]:
    """The XP table applied to one event; only positive awards are returned."""
    awards: list[Award] = []
    subject = event.subject
    if event.kind == LESSON_COMPLETED and subject and not history.lesson_done(subject):
        amount = context.lesson_xp.get(subject, table.lesson_default)
        awards.append(Award(f"lesson:{subject}", amount, REASON_LESSON))
    elif event.kind == EXERCISE_PASSED and subject and not history.exercise_passed(subject):
        data = event.data
        # Either signal is enough: the pass may carry the flag, or the reveal was recorded as its own event.
        if not (data.get("solution_revealed") or history.solution_seen(subject)):
            hints = data.get("hints_used")
            hints = history.hints_seen(subject) if hints is None else int(hints)
            base = context.exercise_xp.get(subject, table.exercise_default)
            awards.append(Award(f"exercise:{subject}", exercise_xp_after_hints(base, hints, table), REASON_EXERCISE))
            if data.get("first_try"):
                awards.append(Award(f"first_try:{subject}", table.first_try_bonus, REASON_FIRST_TRY))
    awards = [award for award in awards if award.amount > 0]
    # The bonus rides on the day's first event that pays XP of its own; the key makes it once a day.
    if awards:
        streak_key = f"streak:{day.isoformat()}"
        if not history.award_given(streak_key) and history.streak_if_active(day) >= table.streak_bonus_min_days:
            awards.append(Award(streak_key, table.streak_bonus, REASON_STREAK))
    return awards
