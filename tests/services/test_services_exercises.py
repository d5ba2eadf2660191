"""Exercise drafts, hints, solutions and submissions: XP for a pass is paid once, less what was revealed."""
from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest
from sqlalchemy import select

from db import Event, XpAward, session_scope
from services import exercises, progress
from gamification import XP
from services.exercises import SubmissionNotFound, pass_xp

NOW = datetime(2026, 5, 4, 12, 0, tzinfo=timezone.utc)
EX = "tensors/reshape"
# gamification's XP table pays a bonus when the very first graded submission passes, hints or not.
FIRST_TRY = XP.first_try_bonus


def grade(status: str = "pass", *, gradable: bool = True, **extra) -> dict:
    """What grader.GradeResult.to_dict() hands over."""
    return {
        "exercise_id": EX, "status": status, "gradable": gradable, "score": 1.0 if status == "pass" else 0.25,
        "message": "", "mode": "grade", "tests": [], "seed": 1234, "duration_ms": 87.6, **extra,
    }


@pytest.fixture
def learner_id(engine) -> int:
    with session_scope(engine) as session:
        return progress.get_local_learner(session).id


def _submit_and_finish(engine, learner_id, result, base_xp=40, exercise_id=EX):
    with session_scope(engine) as session:
        submission_id = exercises.create_submission(session, learner_id, exercise_id, "x = 1", NOW).id
    with session_scope(engine) as session:
        return exercises.finish_submission(session, submission_id, result, base_xp, NOW)


def _xp(engine, learner_id) -> int:
    with session_scope(engine) as session:
        return progress.xp_total(session, learner_id)


def _events(engine, learner_id, kind) -> list[Event]:
    with session_scope(engine) as session:
        return progress.learner_events(session, learner_id, kinds=[kind])


@pytest.mark.parametrize(
    ("base", "hints", "solution", "expected"),
    [(40, 0, False, 40), (40, 1, False, 30), (30, 1, False, 22), (40, 2, False, 20),
     (40, 3, False, 10), (40, 4, False, 0), (40, 6, False, 0), (40, 0, True, 0)],
)
def test_pass_xp_table(base, hints, solution, expected):
    assert pass_xp(base, hints, solution) == expected


def test_draft_is_saved_overwritten_and_loaded(engine, learner_id):
    with session_scope(engine) as session:
        assert exercises.load_draft(session, learner_id, EX) is None
        exercises.save_draft(session, learner_id, EX, "print(1)")
    with session_scope(engine) as session:
        exercises.save_draft(session, learner_id, EX, "print(2)")
    with session_scope(engine) as session:
        assert exercises.load_draft(session, learner_id, EX) == "print(2)"
        assert exercises.load_draft(session, learner_id, "other/ex") is None


def test_hints_are_recorded_once_each(engine, learner_id):
    with session_scope(engine) as session:
        assert exercises.reveal_hint(session, learner_id, EX, 0, NOW) is True
        assert exercises.reveal_hint(session, learner_id, EX, 0, NOW) is False
        assert exercises.reveal_hint(session, learner_id, EX, 2, NOW) is True
    with session_scope(engine) as session:
        assert exercises.revealed_hints(session, learner_id, EX) == {0, 2}
        assert exercises.revealed_hints(session, learner_id, "other/ex") == set()
    assert len(_events(engine, learner_id, "hint_revealed")) == 2


def test_a_clean_pass_stores_the_grade_and_pays_full_xp(engine, learner_id):
    outcome = _submit_and_finish(engine, learner_id, grade("pass"))
    assert (outcome.newly_finished, outcome.passed, outcome.xp_awarded) == (True, True, 40 + FIRST_TRY)
    s = outcome.submission
    assert (s.state, s.status, s.gradable, s.score, s.seed, s.duration_ms) == ("done", "pass", True, 1.0, 1234, 88)
    assert s.finished_at == NOW
    assert json.loads(s.result_json)["seed"] == 1234
    assert _xp(engine, learner_id) == 40 + FIRST_TRY
    assert [e.subject for e in _events(engine, learner_id, "exercise_passed")] == [EX]
    assert len(_events(engine, learner_id, "exercise_attempted")) == 1


def test_each_revealed_hint_costs_a_quarter(engine, learner_id):
    with session_scope(engine) as session:
        exercises.reveal_hint(session, learner_id, EX, 0, NOW)
        exercises.reveal_hint(session, learner_id, EX, 1, NOW)
    outcome = _submit_and_finish(engine, learner_id, grade("pass"), base_xp=40)
    assert outcome.xp_awarded == 20 + FIRST_TRY
    assert _xp(engine, learner_id) == 20 + FIRST_TRY


def test_no_xp_after_the_solution_was_shown_even_on_later_passes(engine, learner_id):
    with session_scope(engine) as session:
        assert exercises.reveal_solution(session, learner_id, EX, NOW) is True
        assert exercises.reveal_solution(session, learner_id, EX, NOW) is False
        assert exercises.solution_revealed(session, learner_id, EX)
    assert _submit_and_finish(engine, learner_id, grade("pass")).xp_awarded == 0
    assert _submit_and_finish(engine, learner_id, grade("pass")).xp_awarded == 0
    assert _xp(engine, learner_id) == 0
    with session_scope(engine) as session:
        assert exercises.first_pass(session, learner_id, EX) is not None


def test_a_fail_is_an_attempt_without_xp_and_a_later_pass_pays(engine, learner_id):
    failed = _submit_and_finish(engine, learner_id, grade("fail"))
    assert (failed.passed, failed.xp_awarded, failed.submission.status) == (False, 0, "fail")
    with session_scope(engine) as session:
        assert exercises.first_pass(session, learner_id, EX) is None
    passed = _submit_and_finish(engine, learner_id, grade("pass"))
    assert passed.xp_awarded == 40
    assert len(_events(engine, learner_id, "exercise_attempted")) == 2
    with session_scope(engine) as session:
        assert exercises.first_pass(session, learner_id, EX).id == passed.submission.id


def test_ungradable_results_and_plain_runs_record_no_attempt_and_no_xp(engine, learner_id):
    broken = _submit_and_finish(engine, learner_id, grade("error", gradable=False))
    run_only = _submit_and_finish(engine, learner_id, grade("pass", mode="run"))
    assert broken.submission.state == run_only.submission.state == "done"
    assert not broken.passed and not run_only.passed
    assert _events(engine, learner_id, "exercise_attempted") == []
    assert _xp(engine, learner_id) == 0


def test_a_later_pass_pays_nothing_more(engine, learner_id):
    assert _submit_and_finish(engine, learner_id, grade("pass")).xp_awarded == 40 + FIRST_TRY
    assert _submit_and_finish(engine, learner_id, grade("pass")).xp_awarded == 0
    assert _xp(engine, learner_id) == 40 + FIRST_TRY
    assert len(_events(engine, learner_id, "exercise_passed")) == 1


def test_finishing_the_same_submission_twice_records_it_once(engine, learner_id):
    with session_scope(engine) as session:
        submission_id = exercises.create_submission(session, learner_id, EX, "x = 1", NOW).id
        assert exercises.start_submission(session, submission_id) is True
    with session_scope(engine) as session:
        first = exercises.finish_submission(session, submission_id, grade("pass"), 40, NOW)
    with session_scope(engine) as session:
        again = exercises.finish_submission(session, submission_id, grade("fail"), 40, NOW)
    assert (first.newly_finished, first.xp_awarded) == (True, 40 + FIRST_TRY)
    assert (again.newly_finished, again.xp_awarded) == (False, 0)
    assert again.submission.status == "pass"  # the first grade stands
    assert _xp(engine, learner_id) == 40 + FIRST_TRY
    assert len(_events(engine, learner_id, "exercise_attempted")) == 1


def test_the_same_passing_submission_finished_from_many_threads_pays_once(engine, learner_id, run_at_once):
    with session_scope(engine) as session:
        submission_id = exercises.create_submission(session, learner_id, EX, "x = 1", NOW).id

    def finish(_i, barrier):
        with session_scope(engine) as session:
            barrier.wait()
            return exercises.finish_submission(session, submission_id, grade("pass"), 40, NOW)

    outcomes = run_at_once(20, finish)
    assert sum(o.newly_finished for o in outcomes) == 1
    assert sum(o.xp_awarded for o in outcomes) == 40 + FIRST_TRY
    assert _xp(engine, learner_id) == 40 + FIRST_TRY
    assert len(_events(engine, learner_id, "exercise_attempted")) == 1


def test_many_submissions_passing_at_once_pay_the_exercise_once(engine, learner_id, run_at_once):
    with session_scope(engine) as session:
        ids = [exercises.create_submission(session, learner_id, EX, f"x = {i}", NOW).id for i in range(20)]

    def finish(i, barrier):
        with session_scope(engine) as session:
            barrier.wait()
            return exercises.finish_submission(session, ids[i], grade("pass"), 40, NOW)

    outcomes = run_at_once(20, finish)
    assert all(o.newly_finished and o.passed for o in outcomes)
    # The first submission to be graded counts as the first try; no other attempt pays anything.
    assert sum(o.xp_awarded for o in outcomes) == 40 + FIRST_TRY
    with session_scope(engine) as session:
        assert set(session.scalars(select(XpAward.award_key))) == {f"exercise:{EX}", f"first_try:{EX}"}
    assert _xp(engine, learner_id) == 40 + FIRST_TRY
    assert len(_events(engine, learner_id, "exercise_passed")) == 1
    assert len(_events(engine, learner_id, "exercise_attempted")) == 20


def test_what_a_submission_paid_is_read_back_for_that_submission_only(engine, learner_id):
    # Two submissions in flight (the queue backend): each page asks what its own submission paid.
    with session_scope(engine) as session:
        passing = exercises.create_submission(session, learner_id, EX, "x = 1", NOW).id
        failing = exercises.create_submission(session, learner_id, EX, "x = 2", NOW).id
        waiting = exercises.create_submission(session, learner_id, EX, "x = 3", NOW).id
    with session_scope(engine) as session:
        exercises.finish_submission(session, passing, grade("pass"), 40, NOW.replace(second=5))
    with session_scope(engine) as session:
        exercises.finish_submission(session, failing, grade("fail"), 40, NOW.replace(second=9))
    with session_scope(engine) as session:
        paid, nothing, pending = (exercises.rewards_of_submission(session, sid) for sid in (passing, failing, waiting))
    assert (paid.xp, paid.xp_total_before) == (40 + FIRST_TRY, 0)
    assert {"first_pass", "first_try"} <= paid.achievement_ids
    assert (nothing.xp, nothing.achievement_ids) == (0, frozenset())
    assert (pending.xp, pending.achievement_ids) == (0, frozenset())
    assert _xp(engine, learner_id) == paid.xp


def test_history_is_newest_first_and_per_exercise(engine, learner_id):
    later = datetime(2026, 5, 4, 13, 0, tzinfo=timezone.utc)
    with session_scope(engine) as session:
        first = exercises.create_submission(session, learner_id, EX, "a", NOW)
        second = exercises.create_submission(session, learner_id, EX, "b", later)
        exercises.create_submission(session, learner_id, "other/ex", "c", later)
        assert first.state == "queued" and first.status is None
    with session_scope(engine) as session:
        history = exercises.submission_history(session, learner_id, EX)
        assert [s.id for s in history] == [second.id, first.id]
        assert [s.code for s in exercises.submission_history(session, learner_id, EX, limit=1)] == ["b"]


def test_a_malformed_grade_is_refused_and_an_unknown_submission_reported(engine, learner_id):
    with session_scope(engine) as session:
        submission_id = exercises.create_submission(session, learner_id, EX, "x", NOW).id
        with pytest.raises(ValueError, match="status"):
            exercises.finish_submission(session, submission_id, grade("passed"), 40, NOW)
        with pytest.raises(SubmissionNotFound):
            exercises.finish_submission(session, 10_000, grade("pass"), 40, NOW)
