"""Benchmark: record one more event and evaluate all achievements for a learner with 10,000 events."""
from __future__ import annotations

import _isolate  # noqa: F401  first: keeps bench/queue.py from shadowing the standard library's queue

import random
import statistics
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from gamification import ACHIEVEMENTS, Context, Event, Summary, evaluate, streak  # noqa: E402
from gamification.events import EXERCISE_PASSED, LESSON_COMPLETED  # noqa: E402

TZ = "Asia/Seoul"
N_EVENTS = 10_000
GOAL_MS = 10.0


def make_context(rng: random.Random) -> Context:
    courses = {f"course{c}": frozenset(f"c{c}-l{i}" for i in range(20)) for c in range(5)}
    tags = ("clipping", "stop_gradient", "tensors", "autodiff", "keras")
    exercise_tags = {f"ex{i}": frozenset(rng.sample(tags, 2)) for i in range(300)}
    return Context(courses=courses, exercise_tags=exercise_tags)


def make_history(rng: random.Random, context: Context, n: int = N_EVENTS) -> list[Event]:
    """A busy year: attempts dominate, with passes, hints, lessons and the odd comment, in time order."""
    lessons = sorted(set().union(*context.courses.values()))
    exercises = sorted(context.exercise_tags)
    at = datetime(2025, 1, 1, tzinfo=timezone.utc)
    kinds = ["exercise_attempted"] * 5 + ["exercise_passed"] * 2 + ["hint_revealed"] * 2 + [
        "lesson_completed", "comment_posted", "solution_revealed", "report_filed", "daily_goal_set"]
    events = []
    for _ in range(n):
        at += timedelta(minutes=rng.randint(1, 100))
        kind = rng.choice(kinds)
        if kind == "lesson_completed":
            events.append(Event(kind, rng.choice(lessons), at, {"course_id": "course0"}))
        elif kind == "exercise_passed":
            ex = rng.choice(exercises)
            events.append(Event(kind, ex, at, {"first_try": rng.random() < 0.3, "hints_used": rng.choice((0, 0, 1, 2)),
                                              "solution_revealed": False, "tags": sorted(context.exercise_tags[ex])}))
        elif kind == "daily_goal_set":
            events.append(Event(kind, None, at, {"goal": rng.choice((10, 20, 30, 50))}))
        elif kind in ("comment_posted", "report_filed"):
            events.append(Event(kind, rng.choice(lessons), at, {}))
        else:
            events.append(Event(kind, rng.choice(exercises), at, {}))
    return events


def naive_evaluate(events: list[Event], context: Context, now: datetime, xp_total: int) -> list[bool]:
    """The baseline: every achievement re-reads the whole history for itself."""
    unlocked = []
    for achievement in ACHIEVEMENTS:
        c = achievement.condition
        kind = c["type"]
        if kind == "count":
            unlocked.append(sum(1 for e in events if e.kind == c["event"]) >= c["at_least"])
        elif kind == "distinct":
            unlocked.append(len({e.subject for e in events if e.kind == c["event"]}) >= c["at_least"])
        elif kind == "streak":
            unlocked.append(streak(events, now, TZ).longest >= c["days"])
        elif kind == "level":
            unlocked.append(xp_total // 100 >= c["at_least"])
        elif kind == "course_complete":
            done = {e.subject for e in events if e.kind == LESSON_COMPLETED}
            unlocked.append(any(lessons <= done for lessons in context.courses.values() if lessons))
        elif kind == "first_try_passes":
            unlocked.append(len({e.subject for e in events if e.kind == EXERCISE_PASSED
                                 and e.data.get("first_try")}) >= c["at_least"])
        elif kind == "passes_without_hints":
            unlocked.append(len({e.subject for e in events if e.kind == EXERCISE_PASSED
                                 and not e.data.get("hints_used")}) >= c["at_least"])
        elif kind == "all_exercises_tagged":
            tagged = {x for x, tags in context.exercise_tags.items() if c["tag"] in tags}
            unlocked.append(bool(tagged) and tagged <= {e.subject for e in events if e.kind == EXERCISE_PASSED})
        elif kind == "daily_goal_met":
            # Goal days need the day's XP, which only the XP rules replayed over the history can say.
            unlocked.append(len(Summary.from_events(events, context, TZ).goal_met_days) >= c["at_least"])
    return unlocked


def median_ms(run, repeats: int) -> float:
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def main() -> None:
    rng = random.Random(7)
    context = make_context(rng)
    events = make_history(rng, context)
    summary = Summary.from_events(events, context, TZ)
    at = events[-1].occurred_at

    def record_and_evaluate() -> None:
        nonlocal at
        at += timedelta(minutes=3)
        event = Event("exercise_passed", f"bench{at.timestamp()}", at, {"first_try": True, "hints_used": 0})
        summary.add(event)
        evaluate(summary, context, at, TZ)

    evaluate_ms = median_ms(record_and_evaluate, 200)
    rebuild_ms = median_ms(lambda: evaluate(Summary.from_events(events, context, TZ), context, at, TZ), 15)
    baseline_ms = median_ms(lambda: naive_evaluate(events, context, at, summary.xp_total), 5)
    print(f"learner: {len(events)} events, {summary.xp_total} XP, {len(ACHIEVEMENTS)} achievements")
    print(f"full one-pass rebuild + evaluate: {rebuild_ms:.2f} ms")
    print(f"record one event + evaluate (median of 200): {evaluate_ms:.3f} ms (goal <= {GOAL_MS:.0f} ms)")
    print(f"evaluate_ms={evaluate_ms:.3f} baseline_ms={baseline_ms:.2f} ratio={baseline_ms / evaluate_ms:.0f}")


if __name__ == "__main__":
    main()
