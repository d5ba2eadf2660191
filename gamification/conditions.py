"""The small vocabulary achievement conditions are written in: each type checks its parameters and measures."""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .events import EVENT_KINDS, EXERCISE_PASSED, LESSON_COMPLETED, Context
from .summary import Summary

# progress, target: unlocked when target > 0 and progress >= target.
Measure = Callable[[Summary, Mapping[str, Any], "Facts"], tuple[int, int]]


@dataclass(frozen=True)
class Facts:
    """Inputs that are not in the event summary: the caller's context, clock and XP total."""

    context: Context
    now: datetime
    level: int


@dataclass(frozen=True)
class ConditionType:
    required: Mapping[str, type]
    optional: Mapping[str, type]
    measure: Measure


def _count(s: Summary, p: Mapping[str, Any], f: Facts) -> tuple[int, int]:
    return s.kind_counts[p["event"]], p["at_least"]


def _distinct(s: Summary, p: Mapping[str, Any], f: Facts) -> tuple[int, int]:
    return s.distinct(p["event"]), p["at_least"]


def _streak(s: Summary, p: Mapping[str, Any], f: Facts) -> tuple[int, int]:
    # Longest, not current: a streak once reached stays earned after it breaks.
    return s.streak(f.now).longest, p["days"]


def _level(s: Summary, p: Mapping[str, Any], f: Facts) -> tuple[int, int]:
    return f.level, p["at_least"]


def _course_complete(s: Summary, p: Mapping[str, Any], f: Facts) -> tuple[int, int]:
    done = s.subjects.get(LESSON_COMPLETED, set())
    courses = f.context.courses
    if "course" in p:
        lessons = courses.get(p["course"], frozenset())
        return len(lessons & done), len(lessons)
    # Without a named course, show the course furthest along (then the one with fewest lessons left), so the
    # label follows the course the learner is actually working through.
    candidates = [(len(lessons & done), len(lessons)) for lessons in courses.values() if lessons]
    if not candidates:
        return 0, 1
    return max(candidates, key=lambda c: (c[0] / c[1], c[0] - c[1]))


def _all_courses_complete(s: Summary, p: Mapping[str, Any], f: Facts) -> tuple[int, int]:
    done = s.subjects.get(LESSON_COMPLETED, set())
    courses = [lessons for lessons in f.context.courses.values() if lessons]
    return sum(lessons <= done for lessons in courses), max(len(courses), 1)


def _first_try_passes(s: Summary, p: Mapping[str, Any], f: Facts) -> tuple[int, int]:
    return len(s.first_try_passes), p["at_least"]


def _passes_without_hints(s: Summary, p: Mapping[str, Any], f: Facts) -> tuple[int, int]:
    return len(s.hint_free_passes), p["at_least"]


def _all_exercises_tagged(s: Summary, p: Mapping[str, Any], f: Facts) -> tuple[int, int]:
    # The target comes from the catalog, so an exercise added later re-opens the goal instead of hiding.
    tagged = f.context.exercises_by_tag.get(p["tag"], frozenset())
    return len(tagged & s.subjects.get(EXERCISE_PASSED, set())), len(tagged)


def _daily_goal_met(s: Summary, p: Mapping[str, Any], f: Facts) -> tuple[int, int]:
    return len(s.goal_met_days), p["at_least"]


CONDITION_TYPES: Mapping[str, ConditionType] = {
    "count": ConditionType({"event": str, "at_least": int}, {}, _count),
    "distinct": ConditionType({"event": str, "at_least": int}, {}, _distinct),
    "streak": ConditionType({"days": int}, {}, _streak),
    "level": ConditionType({"at_least": int}, {}, _level),
    "course_complete": ConditionType({}, {"course": str}, _course_complete),
    "all_courses_complete": ConditionType({}, {}, _all_courses_complete),
    "first_try_passes": ConditionType({"at_least": int}, {}, _first_try_passes),
    "passes_without_hints": ConditionType({"at_least": int}, {}, _passes_without_hints),
    "all_exercises_tagged": ConditionType({"tag": str}, {}, _all_exercises_tagged),
    "daily_goal_met": ConditionType({"at_least": int}, {}, _daily_goal_met),
}


def condition_problem(condition: Any) -> str | None:
    """Why this condition cannot be used, in words for the person editing the data file; None if fine."""
    if not isinstance(condition, Mapping) or "type" not in condition:
        return "condition must be a mapping with a 'type'"
    kind = condition["type"]
    spec = CONDITION_TYPES.get(kind)
    if spec is None:
        return f"unknown condition type {kind!r} (known: {', '.join(sorted(CONDITION_TYPES))})"
    params = {k: v for k, v in condition.items() if k != "type"}
    for name in spec.required:
        if name not in params:
            return f"condition type {kind!r} needs '{name}'"
    for name, value in params.items():
        expected = spec.required.get(name) or spec.optional.get(name)
        if expected is None:
            allowed = ", ".join([*spec.required, *spec.optional]) or "nothing"
            return f"condition type {kind!r} does not take '{name}' (takes: {allowed})"
        # bool is an int in Python; `at_least: yes` is a typo, not a threshold.
        if not isinstance(value, expected) or isinstance(value, bool):
            return f"'{name}' must be {expected.__name__}, got {value!r}"
        if expected is int and value < 1:
            return f"'{name}' must be at least 1, got {value}"
        if expected is str and not value.strip():
            return f"'{name}' must not be empty"
    if "event" in params and params["event"] not in EVENT_KINDS:
        return f"unknown event kind {params['event']!r} (known: {', '.join(sorted(EVENT_KINDS))})"
    return None
