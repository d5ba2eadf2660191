"""Instructor analytics on both databases, from small histories recorded through the real services."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from db import Learner, session_scope
from db.models import ExerciseProgress
from services import accounts, analytics, exercises, progress
from services.merge import merge_local_into

DAY1 = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
ALL = (date(2026, 1, 1), date(2026, 12, 31))
LESSONS = ["l1", "l2", "l3"]
EX_A, EX_B = "ex-a", "ex-b"


def grade(status: str, *diagnoses: str, gradable: bool = True) -> dict:
    return {"exercise_id": "x", "status": status, "gradable": gradable, "score": 1.0 if status == "pass" else 0.0,
            "mode": "grade", "tests": [], "diagnoses": [{"id": d, "message": "..."} for d in diagnoses]}


@pytest.fixture
def learners(engine) -> list[int]:
    with session_scope(engine) as session:
        people = [Learner(kind="account", username=f"u{i}", display_name=f"U{i}") for i in range(4)]
        session.add_all(people)
        session.flush()
        return [person.id for person in people]


def submit(engine, learner_id: int, exercise_id: str, at: datetime, result: dict) -> None:
    with session_scope(engine) as session:
        submission = exercises.create_submission(session, learner_id, exercise_id, "code", at)
    with session_scope(engine) as session:
        exercises.finish_submission(session, submission.id, result, 20, at)


def complete(engine, learner_id: int, lesson_id: str, at: datetime) -> None:
    with session_scope(engine) as session:
        progress.complete_lesson(session, learner_id, lesson_id, 10, at)


def hints(engine, learner_id: int, exercise_id: str, count: int, at: datetime) -> None:
    with session_scope(engine) as session:
        for index in range(count):
            exercises.reveal_hint(session, learner_id, exercise_id, index, at)


def read(engine, query, *args):
    with session_scope(engine) as session:
        return query(session, *args)


def test_funnel_counts_learners_per_lesson_in_course_order(engine, learners):
    a, b, c, _ = learners
    for who, done in ((a, LESSONS), (b, LESSONS[:2]), (c, LESSONS[:1])):
        for number, lesson in enumerate(done):
            complete(engine, who, lesson, DAY1 + timedelta(hours=number))
    complete(engine, a, "other-course-lesson", DAY1)
    steps = read(engine, analytics.funnel, LESSONS, *ALL)
    assert [(s.lesson_id, s.position, s.learners) for s in steps] == [("l1", 1, 3), ("l2", 2, 2), ("l3", 3, 1)]


def test_funnel_date_range_keeps_only_completions_inside_it(engine, learners):
    a, b, *_ = learners
    complete(engine, a, "l1", DAY1)
    complete(engine, b, "l1", DAY1 + timedelta(days=3))
    # Both ends are whole UTC days: the last minute of date_to is inside, the next day is not.
    complete(engine, b, "l2", datetime(2026, 3, 5, 23, 59, tzinfo=timezone.utc))
    complete(engine, a, "l2", datetime(2026, 3, 6, 0, 0, tzinfo=timezone.utc))
    steps = read(engine, analytics.funnel, LESSONS, date(2026, 3, 4), date(2026, 3, 5))
    assert [s.learners for s in steps] == [1, 1, 0]


def test_exercise_stats_pass_rate_and_medians(engine, learners):
    a, b, c, d = learners
    # a: fail, fail, pass after 2 h (3 attempts); b: pass at once (1 attempt, 0 s); c: fail, pass after 10 min (2);
    # d: two fails, never passes. Passers' attempts 3, 1, 2 -> median 2; seconds 7200, 0, 600 -> median 600.
    for offset, result in ((0, grade("fail", "forgot_watch")), (30, grade("fail", "forgot_watch")),
                           (120, grade("pass"))):
        submit(engine, a, EX_A, DAY1 + timedelta(minutes=offset), result)
    submit(engine, b, EX_A, DAY1, grade("pass"))
    submit(engine, c, EX_A, DAY1, grade("fail", "transposed"))
    submit(engine, c, EX_A, DAY1 + timedelta(minutes=10), grade("pass"))
    submit(engine, c, EX_A, DAY1 + timedelta(minutes=20), grade("pass"))  # practice after the pass changes nothing
    submit(engine, d, EX_A, DAY1, grade("fail", "forgot_watch", "transposed"))
    submit(engine, d, EX_A, DAY1, grade("fail", "forgot_watch"))
    submit(engine, d, EX_B, DAY1, grade("error", gradable=False))  # a grader fault is not the learner's attempt

    [stats] = read(engine, analytics.exercise_stats, [EX_A, EX_B], *ALL)
    assert (stats.exercise_id, stats.attempted, stats.passed) == (EX_A, 4, 3)
    assert stats.pass_rate == 0.75
    assert stats.median_attempts == 2.0
    assert stats.median_seconds_to_pass == 600.0


def test_median_of_an_even_number_of_passers_is_the_mean_of_the_middle_two(engine, learners):
    a, b, *_ = learners
    submit(engine, a, EX_A, DAY1, grade("pass"))
    submit(engine, b, EX_A, DAY1, grade("fail"))
    submit(engine, b, EX_A, DAY1 + timedelta(minutes=5), grade("fail"))
    submit(engine, b, EX_A, DAY1 + timedelta(minutes=10), grade("pass"))
    [stats] = read(engine, analytics.exercise_stats, [EX_A], *ALL)
    assert (stats.median_attempts, stats.median_seconds_to_pass) == (2.0, 300.0)


def test_exercise_stats_range_is_by_first_attempt(engine, learners):
    a, b, *_ = learners
    submit(engine, a, EX_A, DAY1, grade("pass"))
    submit(engine, b, EX_A, DAY1 + timedelta(days=10), grade("fail"))
    later = (date(2026, 3, 10), date(2026, 3, 20))
    [stats] = read(engine, analytics.exercise_stats, [EX_A], *later)
    assert (stats.attempted, stats.passed, stats.median_attempts) == (1, 0, None)
    assert read(engine, analytics.exercise_stats, [EX_A], date(2026, 4, 1), date(2026, 4, 30)) == []


def test_pass_rate_counts_the_ranges_starters_who_have_passed_by_now(engine, learners):
    # What the page states: learners whose first graded attempt is in the range, and how many of them have passed
    # by now, even after the range's end (a learner who starts in April is not in March's figures at all).
    a, b, c, _ = learners
    april = datetime(2026, 4, 20, 9, tzinfo=timezone.utc)
    submit(engine, a, EX_A, DAY1, grade("fail"))
    submit(engine, a, EX_A, april, grade("pass"))  # started in March, passed in April
    submit(engine, b, EX_A, DAY1, grade("fail"))
    submit(engine, c, EX_A, april, grade("pass"))
    [march] = read(engine, analytics.exercise_stats, [EX_A], date(2026, 3, 1), date(2026, 3, 31))
    assert (march.attempted, march.passed, march.pass_rate) == (2, 1, 0.5)
    assert (march.median_attempts, march.median_seconds_to_pass) == (2.0, (april - DAY1).total_seconds())


def _create(engine, learner_id: int, exercise_id: str, at: datetime) -> int:
    with session_scope(engine) as session:
        return exercises.create_submission(session, learner_id, exercise_id, "code", at).id


def _finish(engine, submission_id: int, result: dict, at: datetime) -> None:
    with session_scope(engine) as session:
        exercises.finish_submission(session, submission_id, result, 20, at)


def test_attempts_and_time_to_pass_follow_submission_order_not_grading_order(engine, learners):
    # The local pool grades at once: a slow first submission (a fail that runs into its time limit) can finish
    # after the learner's second one, which passed three minutes later.
    a, b, *_ = learners
    slow_fail = _create(engine, a, EX_A, DAY1)
    quick_pass = _create(engine, a, EX_A, DAY1 + timedelta(minutes=3))
    _finish(engine, quick_pass, grade("pass"), DAY1 + timedelta(minutes=4))
    _finish(engine, slow_fail, grade("fail"), DAY1 + timedelta(minutes=4))
    # b: two passes, graded the other way round: the first made is the first pass.
    first, second = _create(engine, b, EX_A, DAY1), _create(engine, b, EX_A, DAY1 + timedelta(minutes=10))
    _finish(engine, second, grade("pass"), DAY1 + timedelta(minutes=11))
    _finish(engine, first, grade("pass"), DAY1 + timedelta(minutes=11))
    [stats] = read(engine, analytics.exercise_stats, [EX_A], *ALL)
    assert (stats.attempted, stats.passed) == (2, 2)
    assert (stats.median_attempts, stats.median_seconds_to_pass) == (1.5, 90.0)  # a: 2 and 180 s; b: 1 and 0 s
    # The first attempt is the first one made: a range that starts after it does not count a as a starter.
    assert read(engine, analytics.exercise_stats, [EX_A], date(2026, 3, 3), date(2026, 3, 31)) == []


def test_grades_stored_at_once_in_any_order_give_the_replayed_progress(engine, learners, run_at_once):
    a, *_ = learners
    results = ["fail", "fail", "pass", "fail", "pass", "fail"]
    ids = [_create(engine, a, EX_A, DAY1 + timedelta(minutes=i)) for i in range(len(results))]

    def finish(i, barrier):
        j = len(ids) - 1 - i  # the last made is released first
        with session_scope(engine) as session:
            barrier.wait()
            exercises.finish_submission(session, ids[j], grade(results[j]), 20, DAY1 + timedelta(hours=1))

    run_at_once(len(ids), finish)
    with session_scope(engine) as session:
        row = session.get(ExerciseProgress, (a, EX_A))
        assert (row.attempts, row.attempts_to_pass, row.seconds_to_pass) == (6, 3, 120)
        assert row.first_attempt_at == DAY1.replace(tzinfo=row.first_attempt_at.tzinfo)


def test_top_diagnoses_most_frequent_first_per_exercise(engine, learners):
    a, b, c, _ = learners
    submit(engine, a, EX_A, DAY1, grade("fail", "forgot_watch"))
    submit(engine, b, EX_A, DAY1, grade("fail", "forgot_watch", "transposed"))
    submit(engine, c, EX_A, DAY1, grade("fail", "forgot_watch"))
    submit(engine, c, EX_A, DAY1, grade("fail", "used_gradient", "used_gradient"))  # named twice, counted once
    submit(engine, a, EX_B, DAY1, grade("fail", "value_clip"))
    found = read(engine, analytics.top_diagnoses, [EX_A, EX_B], *ALL)
    assert [(d.exercise_id, d.diagnosis_id, d.submissions) for d in found] == [
        (EX_A, "forgot_watch", 3), (EX_A, "transposed", 1), (EX_A, "used_gradient", 1), (EX_B, "value_clip", 1),
    ]
    assert [d.diagnosis_id for d in read(engine, analytics.top_diagnoses, [EX_A], *ALL, 1)] == ["forgot_watch"]
    assert read(engine, analytics.top_diagnoses, [EX_A], date(2026, 4, 1), date(2026, 4, 2)) == []


def test_hint_usage_counts_learners_by_hints_revealed(engine, learners):
    a, b, c, d = learners
    hints(engine, a, EX_A, 1, DAY1)
    hints(engine, b, EX_A, 3, DAY1)
    hints(engine, c, EX_A, 3, DAY1)
    hints(engine, d, EX_B, 2, DAY1)
    hints(engine, a, EX_A, 1, DAY1)  # revealing the same hint again is not another hint
    usage = read(engine, analytics.hint_usage, [EX_A, EX_B], *ALL)
    assert [(u.exercise_id, u.hints, u.learners) for u in usage] == [(EX_A, 1, 1), (EX_A, 3, 2), (EX_B, 2, 1)]


def test_daily_active_counts_distinct_learners_per_utc_day(engine, learners):
    a, b, c, _ = learners
    complete(engine, a, "l1", DAY1)
    complete(engine, a, "l2", DAY1 + timedelta(hours=2))  # the same learner twice in a day counts once
    hints(engine, b, EX_A, 1, DAY1 + timedelta(hours=3))
    submit(engine, c, EX_A, DAY1 + timedelta(days=1), grade("fail"))
    complete(engine, b, "l3", DAY1 + timedelta(days=40))
    days = read(engine, analytics.daily_active, date(2026, 3, 1), date(2026, 3, 31))
    assert [(d.day, d.learners) for d in days] == [(date(2026, 3, 2), 2), (date(2026, 3, 3), 1)]


def test_daily_active_of_a_course_counts_only_its_learners(engine, learners):
    a, b, c, d = learners
    complete(engine, a, "l1", DAY1)  # a lesson of the course
    hints(engine, b, EX_A, 1, DAY1)  # a hint on one of its exercises
    submit(engine, c, EX_A, DAY1 + timedelta(days=1), grade("fail"))  # a graded attempt
    complete(engine, d, "other-course-lesson", DAY1)  # only ever on another course
    submit(engine, d, "other-course-ex", DAY1 + timedelta(days=1), grade("pass"))
    complete(engine, a, "other-course-lesson", DAY1 + timedelta(days=2))  # a's later day on the other course
    march = (date(2026, 3, 1), date(2026, 3, 31))
    everyone = read(engine, analytics.daily_active, *march)
    assert [(x.day, x.learners) for x in everyone] == [(date(2026, 3, 2), 3), (date(2026, 3, 3), 2),
                                                      (date(2026, 3, 4), 1)]
    course = read(engine, analytics.daily_active, *march, LESSONS, [EX_A, EX_B])
    # d never counts; a, a learner of the course, counts on each day they were active.
    assert [(x.day, x.learners) for x in course] == [(date(2026, 3, 2), 2), (date(2026, 3, 3), 1),
                                                    (date(2026, 3, 4), 1)]
    other = read(engine, analytics.daily_active, *march, ["other-course-lesson"], ["other-course-ex"])
    assert [(x.day, x.learners) for x in other] == [(date(2026, 3, 2), 2), (date(2026, 3, 3), 1),
                                                   (date(2026, 3, 4), 1)]
    assert read(engine, analytics.daily_active, *march, [], []) == []  # a course with nothing in it yet


def test_empty_inputs_give_empty_results(engine, learners):
    assert read(engine, analytics.funnel, [], *ALL) == []
    assert read(engine, analytics.exercise_stats, [EX_A], *ALL) == []
    assert read(engine, analytics.hint_usage, [EX_A], *ALL) == []
    assert read(engine, analytics.daily_active, *ALL) == []


def test_csv_rows_carry_the_pass_rate():
    stats = analytics.ExerciseStats("ex", attempted=4, passed=1, median_attempts=2.0, median_seconds_to_pass=None)
    assert analytics.as_rows([stats]) == [{"exercise_id": "ex", "attempted": 4, "passed": 1, "median_attempts": 2.0,
                                           "median_seconds_to_pass": None, "pass_rate": 0.25}]


# One person who merged a local or guest profile into their account -----------------------------------------

def _local_profile(engine, name: str = "this machine") -> int:
    with session_scope(engine) as session:
        profile = Learner(kind="local", guest=True, display_name=name)
        session.add(profile)
        session.flush()
        return profile.id


def _account(engine, username: str) -> int:
    with session_scope(engine) as session:
        return accounts.sign_up(session, username, "a-long-password-1").id


def merge(engine, local_id: int, account_id: int, at: datetime) -> None:
    with session_scope(engine) as session:
        merge_local_into(session, local_id, account_id, now=at)


def _figures(engine, date_from=ALL[0], date_to=ALL[1]):
    return {
        "funnel": [(s.lesson_id, s.learners) for s in read(engine, analytics.funnel, LESSONS, date_from, date_to)],
        "hints": [(u.exercise_id, u.hints, u.learners)
                  for u in read(engine, analytics.hint_usage, [EX_A, EX_B], date_from, date_to)],
        "active": [(d.day, d.learners) for d in read(engine, analytics.daily_active, date_from, date_to)],
        "course_active": [(d.day, d.learners) for d in read(engine, analytics.daily_active, date_from, date_to,
                                                            LESSONS, [EX_A, EX_B])],
        "stats": [(e.exercise_id, e.attempted, e.passed, e.median_attempts, e.median_seconds_to_pass)
                  for e in read(engine, analytics.exercise_stats, [EX_A, EX_B], date_from, date_to)],
        "diagnoses": [(d.exercise_id, d.diagnosis_id, d.submissions)
                      for d in read(engine, analytics.top_diagnoses, [EX_A, EX_B], date_from, date_to)],
    }


def test_a_person_who_merged_their_profile_into_their_account_counts_once(engine, learners):
    other = learners[0]  # someone else, so a count of one person is not the whole course
    complete(engine, other, "l1", DAY1)
    hints(engine, other, EX_A, 1, DAY1)
    submit(engine, other, EX_A, DAY1, grade("pass"))
    local = _local_profile(engine)  # the person works signed out: a lesson, two hints, a fail then a pass
    complete(engine, local, "l1", DAY1)
    hints(engine, local, EX_A, 2, DAY1)
    submit(engine, local, EX_A, DAY1, grade("fail", "forgot_watch"))
    submit(engine, local, EX_A, DAY1 + timedelta(minutes=10), grade("pass"))
    before = _figures(engine)
    person = _account(engine, "kim")
    merge(engine, local, person, DAY1 + timedelta(days=1))  # the copies keep their times: all on DAY1

    assert _figures(engine) == before == {
        "funnel": [("l1", 2), ("l2", 0), ("l3", 0)],
        "hints": [(EX_A, 1, 1), (EX_A, 2, 1)],
        "active": [(DAY1.date(), 2)],
        "course_active": [(DAY1.date(), 2)],
        "stats": [(EX_A, 2, 2, 1.5, 300.0)],  # attempts 1 and 2; seconds 0 and 600
        "diagnoses": [(EX_A, "forgot_watch", 1)],
    }
    with session_scope(engine) as session:  # the account's row now holds the copied attempts; the profile keeps its own
        rows = {r.learner_id: (r.attempts, r.attempts_to_pass, r.seconds_to_pass)
                for r in session.query(ExerciseProgress).filter(ExerciseProgress.exercise_id == EX_A)}
    assert rows == {other: (1, 1, 0), local: (2, 2, 600), person: (2, 2, 600)}


def test_what_a_merged_profile_records_later_counts_once_it_is_merged_again(engine, learners):
    local = _local_profile(engine)
    complete(engine, local, "l1", DAY1)
    hints(engine, local, EX_A, 1, DAY1)
    submit(engine, local, EX_A, DAY1, grade("fail"))
    person = _account(engine, "kim")
    merge(engine, local, person, DAY1)
    later = DAY1 + timedelta(days=2)
    # Signed out on the same machine two days later: more of the course on the profile, and some on the account.
    complete(engine, local, "l2", later)
    hints(engine, local, EX_A, 2, later)  # hints 0 (again) and 1: two of ex-a's hints in all
    submit(engine, local, EX_A, later, grade("pass"))
    submit(engine, local, EX_B, later, grade("pass"))
    complete(engine, person, "l3", later)

    figures = _figures(engine)  # the account as merged, and what it did since; not the profile's later work
    assert figures["funnel"] == [("l1", 1), ("l2", 0), ("l3", 1)]
    assert figures["hints"] == [(EX_A, 1, 1)]
    assert figures["active"] == figures["course_active"] == [(DAY1.date(), 1), (later.date(), 1)]
    assert figures["stats"] == [(EX_A, 1, 0, None, None)]
    merge(engine, local, person, later + timedelta(hours=1))  # merging again brings it over, still one person
    figures = _figures(engine)
    assert figures["funnel"] == [("l1", 1), ("l2", 1), ("l3", 1)]
    assert figures["hints"] == [(EX_A, 2, 1)]
    assert figures["stats"] == [(EX_A, 1, 1, 2.0, 172800.0), (EX_B, 1, 1, 1.0, 0.0)]
    # A range holding only the later day: the person counts once there too.
    figures = _figures(engine, later.date(), later.date())
    assert figures["funnel"] == [("l1", 0), ("l2", 1), ("l3", 1)]
    assert figures["active"] == [(later.date(), 1)]


def test_two_profiles_merged_into_one_account_are_one_person(engine, learners):
    home, lab = _local_profile(engine, "home"), _local_profile(engine, "lab")
    for profile in (home, lab):
        complete(engine, profile, "l1", DAY1)
        hints(engine, profile, EX_A, 1, DAY1)
        submit(engine, profile, EX_A, DAY1, grade("pass"))
    person = _account(engine, "kim")
    merge(engine, home, person, DAY1)
    merge(engine, lab, person, DAY1)
    for profile in (home, lab):  # after the merges: not counted until merged again
        submit(engine, profile, EX_B, DAY1 + timedelta(days=1), grade("fail"))
    figures = _figures(engine)
    assert figures["funnel"] == [("l1", 1), ("l2", 0), ("l3", 0)]
    assert figures["hints"] == [(EX_A, 1, 1)]
    assert figures["active"] == [(DAY1.date(), 1)]
    assert figures["stats"] == [(EX_A, 1, 1, 1.0, 0.0)]
