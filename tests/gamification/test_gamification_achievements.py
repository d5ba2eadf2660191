"""Each of the 17 achievements: locked one short of its threshold, unlocked at it, with a "n/target" label."""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from gamification import ACHIEVEMENTS, AchievementDataError, Context, Event, evaluate, newly_unlocked
from gamification.achievements import load_achievements

SEOUL = ZoneInfo("Asia/Seoul")
DAY0 = datetime(2025, 3, 1, 12, tzinfo=SEOUL)


def day(n: int, minutes: int = 0) -> datetime:
    return DAY0 + timedelta(days=n, minutes=minutes)


def passes(ids, **data) -> list[Event]:
    data = {"first_try": False, "hints_used": 1, **data}
    return [Event("exercise_passed", ex, day(0, i), dict(data)) for i, ex in enumerate(ids)]


def lessons(ids, on_day: int = 0) -> list[Event]:
    return [Event("lesson_completed", lesson, day(on_day, i)) for i, lesson in enumerate(ids)]


def consecutive_days(n: int) -> list[Event]:
    return [Event("lesson_completed", f"l{d}", day(d)) for d in range(n)]


COURSE_CONTEXT = Context(courses={"basics": frozenset({"b1", "b2", "b3", "b4"}),
                                  "advanced": frozenset({f"a{i}" for i in range(6)})})
TAG_CONTEXT = Context(exercise_tags={
    "clip-1": frozenset({"clipping"}), "clip-2": frozenset({"clipping", "tensors"}),
    "clip-3": frozenset({"clipping"}), "sg-1": frozenset({"stop_gradient"}),
    "sg-2": frozenset({"stop_gradient", "autodiff"}), "other": frozenset({"tensors"}),
})


def goal_days(n: int) -> list[Event]:
    # Days two apart so no streak bonus muddies the sums; each pass pays 20 = the default goal.
    met = [Event("exercise_passed", f"g{d}", day(2 * d), {"hints_used": 0}) for d in range(n)]
    short = [Event("lesson_completed", "short-day", day(2 * n + 2))]  # 10 XP: below the goal
    return met + short


@dataclass(frozen=True)
class Case:
    id: str
    target: int
    build: Callable[[int], list[Event]]  # events giving a progress of exactly n
    context: Context = Context()
    xp_for: Callable[[int], int | None] = lambda n: None


CASES = [
    Case("first_lesson", 1, lambda n: lessons([f"l{i}" for i in range(n)])),
    Case("first_pass", 1, lambda n: passes([f"e{i}" for i in range(n)]) + [Event("exercise_attempted", "x", DAY0)]),
    # The same exercise passed again does not count twice.
    Case("ten_passes", 10, lambda n: passes([f"e{i}" for i in range(n)]) + passes(["e0"] if n else [])),
    Case("first_try", 1, lambda n: passes([f"ft{i}" for i in range(n)], first_try=True) + passes(["slow"])
         + passes(["copied"], first_try=True, solution_revealed=True)),
    Case("no_hints_five", 5, lambda n: passes([f"nh{i}" for i in range(n)], hints_used=0)
         + passes(["hinted"], hints_used=2) + passes(["peeked"], hints_used=0, solution_revealed=True)),
    Case("course_complete", 4, lambda n: lessons(["b1", "b2", "b3", "b4"][:n]) + lessons(["a0", "a1"], 1),
         COURSE_CONTEXT),
    Case("streak_3", 3, consecutive_days),
    Case("streak_7", 7, consecutive_days),
    Case("streak_30", 30, consecutive_days),
    # Courses count only when every lesson is done: a course half read never adds one.
    Case("all_courses", 2, lambda n: lessons(["b1", "b2", "b3", "b4"] if n >= 1 else ["b1", "b2"])
         + lessons([f"a{i}" for i in range(6 if n >= 2 else 5)], 1), COURSE_CONTEXT),
    # 499 XP is still level 4: the level is floor(xp / 100).
    Case("level_5", 5, lambda n: [], xp_for=lambda n: 100 * n + 99 * (n < 5)),
    Case("level_10", 10, lambda n: [], xp_for=lambda n: 100 * n),
    Case("first_comment", 1, lambda n: [Event("comment_posted", "l1", day(0, i)) for i in range(n)]),
    Case("first_report", 1, lambda n: [Event("report_filed", "l1", day(0, i)) for i in range(n)]),
    Case("clipping_master", 3, lambda n: passes(["clip-1", "clip-2", "clip-3"][:n] + ["other", "sg-1"]), TAG_CONTEXT),
    Case("stop_gradient_master", 2, lambda n: passes(["sg-1", "sg-2"][:n] + ["clip-1"]), TAG_CONTEXT),
    Case("goal_keeper", 7, goal_days),
]


def status_of(case: Case, n: int):
    events = case.build(n)
    now = max((e.occurred_at for e in events), default=DAY0)
    statuses = evaluate(events, case.context, now, SEOUL, xp_total=case.xp_for(n))
    return next(s for s in statuses if s.id == case.id)


def test_every_achievement_has_a_case():
    assert sorted(c.id for c in CASES) == sorted(a.id for a in ACHIEVEMENTS)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_locked_one_below_the_threshold(case):
    status = status_of(case, case.target - 1)
    assert (status.unlocked, status.label) == (False, f"{case.target - 1}/{case.target}")


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_unlocked_at_the_threshold(case):
    status = status_of(case, case.target)
    assert (status.unlocked, status.progress, status.label) == (True, case.target, f"{case.target}/{case.target}")


def test_exactly_17_well_formed_achievements():
    assert len(ACHIEVEMENTS) == 17
    assert len({a.id for a in ACHIEVEMENTS}) == 17
    for a in ACHIEVEMENTS:
        assert a.tier.value in {"bronze", "silver", "gold"}
        assert re.search("[가-힣]", a.name["ko"]) and re.search("[가-힣]", a.description["ko"]), a.id
        assert a.name["en"].strip() and a.description["en"].strip() and a.icon.strip(), a.id


def test_level_comes_from_computed_xp_when_no_total_is_given():
    events = passes([f"e{i}" for i in range(25)], hints_used=0)  # 25 × 20 XP = level 5
    by_id = {s.id: s for s in evaluate(events, Context(), day(1), SEOUL)}
    assert by_id["level_5"].unlocked and not by_id["level_10"].unlocked


def test_broken_streak_keeps_its_achievement():
    events = consecutive_days(3) + [Event("lesson_completed", "late", day(10))]
    by_id = {s.id: s for s in evaluate(events, Context(), day(10), SEOUL)}
    assert by_id["streak_3"].unlocked


@pytest.mark.parametrize("done, label", [
    ({"b1", "b2"}, "2/3"),               # the small course is nearer to done than 3 of 10
    ({"b1", "b2", "b3", "a1"}, "3/3"),
    ({"a1", "a2", "a3"}, "3/10"),        # the course being worked through, not an untouched shorter one
    (set(), "0/3"),
])
def test_course_progress_shows_the_course_nearest_completion(done, label):
    context = Context(courses={"big": frozenset(f"a{i}" for i in range(10)), "small": frozenset({"b1", "b2", "b3"}),
                               "empty": frozenset()})
    status = next(s for s in evaluate(lessons(sorted(done)), context, day(1), SEOUL) if s.id == "course_complete")
    assert (status.label, status.unlocked) == (label, label == "3/3")


def test_tag_with_no_exercises_cannot_unlock():
    by_id = {s.id: s for s in evaluate(passes(["a"]), Context(), day(1), SEOUL)}
    assert (by_id["clipping_master"].unlocked, by_id["clipping_master"].label) == (False, "0/0")


def test_newly_unlocked_skips_what_was_already_awarded():
    events = lessons(["l1"]) + passes(["e1"], first_try=True) + [Event("comment_posted", "l1", DAY0)]
    statuses = evaluate(events, Context(), day(1), SEOUL)
    assert newly_unlocked(statuses, []) == ["first_lesson", "first_pass", "first_try", "first_comment"]
    assert newly_unlocked(statuses, {"first_pass", "first_lesson"}) == ["first_try", "first_comment"]


BROKEN_ENTRIES = [
    # (tier, condition, what the message must say)
    ("bronze", "{type: strk, days: 3}", "unknown condition type 'strk'"),
    ("bronze", "{type: streak}", "needs 'days'"),
    ("bronze", "{type: streak, days: 3, weeks: 1}", "does not take 'weeks'"),
    ("bronze", "{type: count, event: lesson_completed, at_least: yes}", "'at_least' must be int"),
    ("bronze", "{type: count, event: lesson_completed, at_least: 0}", "at least 1"),
    ("bronze", "{type: count, event: lesson_done, at_least: 1}", "unknown event kind 'lesson_done'"),
    ("platinum", "{type: level, at_least: 2}", "tier must be one of"),
]


@pytest.mark.parametrize("tier, condition, message", BROKEN_ENTRIES, ids=[m for _, _, m in BROKEN_ENTRIES])
def test_bad_data_names_the_achievement_and_line(tmp_path, tier, condition, message):
    good = ("  - id: fine\n    icon: x\n    tier: bronze\n    name: {ko: 좋아, en: Fine}\n"
            "    description: {ko: 좋아, en: Fine}\n    condition: {type: level, at_least: 1}\n")
    bad = ("  - id: bad_one\n    icon: x\n    name: {ko: 나쁨, en: Bad}\n    description: {ko: 나쁨, en: Bad}\n"
           f"    tier: {tier}\n    condition: {condition}\n")
    path = tmp_path / "achievements.yaml"
    path.write_text("achievements:\n" + good + bad, encoding="utf-8")
    with pytest.raises(AchievementDataError) as error:
        load_achievements(path)
    # Line 8 is where the bad entry starts: the editor lands on it.
    assert str(error.value).startswith(f"{path}:8: achievement 'bad_one': ")
    assert message in str(error.value)


ENTRY = ("  - {{id: {id}, icon: x, tier: gold, name: {{ko: 가, en: A}}, description: {{ko: 가, en: A}}, "
         "condition: {{type: course_complete}}}}\n")


@pytest.mark.parametrize("entries, message", [
    (ENTRY.format(id="same") * 2, "achievement 'same': duplicate id"),
    (ENTRY.format(id="no_en").replace("name: {ko: 가, en: A}", "name: {ko: 가}"),
     "achievement 'no_en': name needs non-empty text for ko and en"),
    ("  - {id: no_condition, icon: x, tier: gold, name: {ko: 가, en: A}, description: {ko: 가, en: A}}\n",
     "achievement 'no_condition': missing condition"),
    ("  - [not, a, mapping\n", "not valid YAML"),
])
def test_other_data_problems(tmp_path, entries, message):
    path = tmp_path / "achievements.yaml"
    path.write_text("achievements:\n" + entries, encoding="utf-8")
    with pytest.raises(AchievementDataError, match=re.escape(message)):
        load_achievements(path)
