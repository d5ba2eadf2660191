"""The one-pass Summary: incremental add agrees with a full replay, and evaluation stays within 10 ms."""
from __future__ import annotations

import random
import statistics
import time
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from gamification import Context, Event, Summary, evaluate

SEOUL = ZoneInfo("Asia/Seoul")
KINDS = ["exercise_attempted"] * 5 + ["exercise_passed"] * 2 + ["hint_revealed"] * 2 + [
    "lesson_completed", "comment_posted", "solution_revealed", "report_filed", "daily_goal_set"]
CONTEXT = Context(courses={"c": frozenset(f"l{i}" for i in range(20))},
                  exercise_tags={f"e{i}": frozenset({"clipping" if i % 3 else "stop_gradient"}) for i in range(60)})


def history(n: int, seed: int = 3) -> list[Event]:
    rng = random.Random(seed)
    at = datetime(2025, 1, 1, tzinfo=timezone.utc)
    events = []
    for _ in range(n):
        at += timedelta(minutes=rng.randint(1, 200))
        kind = rng.choice(KINDS)
        if kind == "lesson_completed":
            events.append(Event(kind, f"l{rng.randrange(20)}", at))
        elif kind == "daily_goal_set":
            events.append(Event(kind, None, at, {"goal": rng.choice((10, 20, 30, 50))}))
        elif kind == "exercise_passed":
            events.append(Event(kind, f"e{rng.randrange(60)}", at,
                                {"first_try": rng.random() < 0.3, "hints_used": rng.choice((0, 1, 2))}))
        else:
            events.append(Event(kind, f"e{rng.randrange(60)}", at))
    return events


def test_adding_one_by_one_equals_a_full_replay():
    events = history(3000)
    full = Summary.from_events(events, CONTEXT, SEOUL)
    step = Summary(CONTEXT, SEOUL)
    paid = [award for event in events for award in step.add(event)]
    assert paid == list(full.awards.values())
    assert (step.xp_total, step.goal_met_days, step.first_try_passes) == (
        full.xp_total, full.goal_met_days, full.first_try_passes)
    now = events[-1].occurred_at
    assert evaluate(step, CONTEXT, now, SEOUL) == evaluate(events, CONTEXT, now, SEOUL)


@pytest.mark.parametrize("goal_events, met", [
    ([], True),                        # default goal 20, 20 earned
    ([("before", 30)], False),
    ([("before", 30), ("after", 10)], True),  # lowering the goal below what was earned counts as met
    ([("after", 50)], True),          # raising it later does not take back a day already met
])
def test_goal_met_days_follow_the_goal_in_force(goal_events, met):
    noon = datetime(2025, 3, 3, 12, tzinfo=SEOUL)
    times = {"before": noon - timedelta(hours=1), "after": noon + timedelta(hours=1)}
    events = [Event("daily_goal_set", None, times[when], {"goal": goal}) for when, goal in goal_events]
    events.append(Event("exercise_passed", "e1", noon, {"hints_used": 0}))
    summary = Summary.from_events(events, Context(), SEOUL)
    assert (noon.date() in summary.goal_met_days) is met


def test_a_summary_for_another_zone_is_refused():
    summary = Summary(Context(), SEOUL)
    with pytest.raises(ValueError, match="Asia/Seoul"):
        evaluate(summary, Context(), datetime(2025, 1, 1, tzinfo=timezone.utc), "UTC")


def _median_ms(run, repeats: int) -> float:
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def test_recording_and_evaluating_with_10000_events_takes_at_most_10_ms():
    events = history(10_000)
    summary = Summary.from_events(events, CONTEXT, SEOUL)
    moments = iter(events[-1].occurred_at + timedelta(minutes=i) for i in range(1, 10_000))

    def record_and_evaluate():
        at = next(moments)
        summary.add(Event("exercise_passed", f"new{at.timestamp()}", at, {"hints_used": 0}))
        evaluate(summary, CONTEXT, at, SEOUL)

    assert _median_ms(record_and_evaluate, 50) <= 10


def test_a_full_replay_of_10000_events_stays_linear():
    events = history(10_000)
    # Generous bound for slow machines; a quadratic replay takes seconds, not tens of milliseconds.
    assert _median_ms(lambda: evaluate(events, CONTEXT, events[-1].occurred_at, SEOUL), 5) <= 100
