"""XP table rows, hint costs, first-try and streak bonuses, and keys that make double awards impossible."""
from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from gamification import XP, Context, Event, Summary, awards_for, xp_table_markdown
from gamification.xp import exercise_xp_after_hints

SEOUL = ZoneInfo("Asia/Seoul")
README = Path(__file__).resolve().parents[2] / "gamification" / "README.md"


def at(day: int, hour: int = 12, minute: int = 0) -> datetime:
    return datetime(2025, 3, day, hour, minute, tzinfo=SEOUL)


def passed(exercise: str, when: datetime, **data) -> Event:
    return Event("exercise_passed", exercise, when, data)


CONTEXT = Context(lesson_xp={"big-lesson": 15}, exercise_xp={"big-ex": 30})

XP_ROWS = [
    # (why, history before, event, expected (key, amount) pairs)
    ("lesson default", [], Event("lesson_completed", "l1", at(1)), [("lesson:l1", 10)]),
    ("lesson with its own xp", [], Event("lesson_completed", "big-lesson", at(1)), [("lesson:big-lesson", 15)]),
    ("lesson read twice pays once", [Event("lesson_completed", "l1", at(1))],
     Event("lesson_completed", "l1", at(1, 13)), []),
    ("exercise default", [], passed("e1", at(1), hints_used=0), [("exercise:e1", 20)]),
    ("exercise with its own xp", [], passed("big-ex", at(1), hints_used=0), [("exercise:big-ex", 30)]),
    ("first try bonus", [], passed("e1", at(1), first_try=True, hints_used=0),
     [("exercise:e1", 20), ("first_try:e1", 5)]),
    ("one hint from the pass data", [], passed("e1", at(1), hints_used=1), [("exercise:e1", 15)]),
    ("hints counted from reveal events",
     [Event("hint_revealed", "e1", at(1, 10)), Event("hint_revealed", "e1", at(1, 11))],
     passed("e1", at(1, 12)), [("exercise:e1", 10)]),
    ("all hints still pay the first-try bonus", [], passed("e1", at(1), first_try=True, hints_used=4),
     [("first_try:e1", 5)]),
    ("solution flag on the pass", [], passed("e1", at(1), first_try=True, hints_used=0, solution_revealed=True), []),
    ("solution revealed earlier", [Event("solution_revealed", "e1", at(1, 9))],
     passed("e1", at(1), first_try=False, hints_used=0), []),
    ("solution of another exercise", [Event("solution_revealed", "e2", at(1, 9))],
     passed("e1", at(1), hints_used=0), [("exercise:e1", 20)]),
    ("passing again pays nothing", [passed("e1", at(1), hints_used=0)], passed("e1", at(1, 14), hints_used=0), []),
    ("attempts pay nothing", [], Event("exercise_attempted", "e1", at(1)), []),
    ("comments pay nothing", [], Event("comment_posted", "l1", at(1)), []),
]


@pytest.mark.parametrize("why, history, event, expected", XP_ROWS, ids=[row[0] for row in XP_ROWS])
def test_xp_table_rows(why, history, event, expected):
    awards = awards_for(event, history, CONTEXT, SEOUL)
    assert [(a.key, a.amount) for a in awards] == expected


@pytest.mark.parametrize("base, hints, expected", [
    (20, 0, 20), (20, 1, 15), (20, 2, 10), (20, 3, 5), (20, 4, 0), (20, 9, 0),
    (30, 1, 22), (30, 3, 7), (10, 1, 7), (40, 2, 20),
])
def test_each_hint_costs_a_quarter_rounded_down_never_below_zero(base, hints, expected):
    assert exercise_xp_after_hints(base, hints) == expected


@pytest.mark.parametrize("days_in_a_row, bonus_expected", [(1, False), (2, False), (3, True), (4, True), (10, True)])
def test_streak_bonus_from_the_third_day(days_in_a_row, bonus_expected):
    history = [Event("lesson_completed", f"l{d}", at(d)) for d in range(1, days_in_a_row)]
    awards = awards_for(Event("lesson_completed", "today", at(days_in_a_row)), history, Context(), SEOUL)
    streak_awards = [a for a in awards if a.key.startswith("streak:")]
    expected = [(f"streak:2025-03-{days_in_a_row:02d}", XP.streak_bonus)] if bonus_expected else []
    assert [(a.key, a.amount) for a in streak_awards] == expected


def test_streak_bonus_only_once_a_day():
    summary = Summary(Context(), SEOUL)
    for day in (1, 2, 3):
        summary.add(Event("lesson_completed", f"l{day}", at(day)))
    later = summary.add(Event("lesson_completed", "l3b", at(3, 20)))
    assert [a.key for a in later] == ["lesson:l3b"]


def test_streak_bonus_waits_for_an_event_that_pays():
    summary = Summary(Context(), SEOUL)
    for day in (1, 2):
        summary.add(Event("lesson_completed", f"l{day}", at(day)))
    # A pass after revealing the solution keeps the day but pays nothing, so it carries no bonus either.
    assert summary.add(passed("e1", at(3, 9), solution_revealed=True)) == []
    later = summary.add(Event("lesson_completed", "l3", at(3, 10)))
    assert [a.key for a in later] == ["lesson:l3", "streak:2025-03-03"]


def test_streak_bonus_key_is_the_learners_local_date():
    history = [Event("lesson_completed", f"l{d}", at(d)) for d in (1, 2)]
    # 00:30 on 3 March in Seoul is still 2 March in UTC; the key must follow the learner's calendar.
    awards = awards_for(Event("lesson_completed", "l3", at(3, 0, 30)), history, Context(), "Asia/Seoul")
    assert "streak:2025-03-03" in [a.key for a in awards]


def test_keys_are_unique_and_stable_over_a_replayed_history():
    events = []
    for d in range(1, 21):
        events += [Event("lesson_completed", f"l{d % 7}", at(d)), passed(f"e{d % 5}", at(d, 13), first_try=True),
                   Event("hint_revealed", f"e{d}", at(d, 14))]
    first = Summary.from_events(events, Context(), SEOUL)
    again = Summary.from_events(reversed(events), Context(), SEOUL)
    assert list(first.awards) == list(again.awards)
    assert len(first.awards) == len(set(first.awards))
    assert first.xp_total == sum(a.amount for a in first.awards.values())


def test_awards_for_a_list_matches_the_summary_path():
    history = [Event("lesson_completed", f"l{d}", at(d)) for d in (1, 2)]
    event = passed("e1", at(3), first_try=True, hints_used=1)
    summary = Summary.from_events(history, Context(), SEOUL)
    assert awards_for(event, history, Context(), SEOUL) == awards_for(event, summary, Context(), SEOUL)
    assert [a.amount for a in summary.add(event)] == [15, 5, 5]


def test_readme_shows_the_table_the_code_uses():
    assert xp_table_markdown() in README.read_text(encoding="utf-8")


def test_naive_event_time_is_refused():
    with pytest.raises(ValueError, match="time-zone-aware"):
        Event("lesson_completed", "l1", datetime(2025, 3, 1, 12) + timedelta(0))
