"""Verdicts a learner reads: screening, diagnoses, partial credit, replayable seeds, tracebacks in their lines."""
from __future__ import annotations

import json

import pytest

from grader.engine import MAX_CODE_BYTES
from grader.result import GradeResult, Status
from tests.grader.conftest import FIXTURES

STARTER = (FIXTURES / "toy-grad" / "starter.py").read_text()


def grade(pool, code, **kw):
    return pool.submit("toy-grad", code, **kw).result(timeout=60)


def test_solution_passes_with_full_score_and_a_seed(pool, toy_solution):
    r = grade(pool, toy_solution)
    assert r.status is Status.PASS and r.score == 1.0 and r.gradable
    assert isinstance(r.seed, int)
    assert all(t.status == "pass" and t.points == t.max_points for t in r.tests)


@pytest.mark.parametrize("code,diagnosis,status", [
    (STARTER, "not_attempted", Status.FAIL),
    ("   \n\n", "empty", Status.ERROR),
    ("def grad_of_square_sum(x):\n    return x +\n", "syntax_error", Status.ERROR),
    (b"\xff\xfe not utf-8", "not_utf8", Status.ERROR),
    ("x = 1\n" * (MAX_CODE_BYTES // 6 + 10), "too_large", Status.ERROR),
])
def test_screened_submissions_are_not_attempts(pool, code, diagnosis, status):
    r = grade(pool, code)
    assert r.status is status
    assert not r.gradable
    assert r.diagnosis_ids() == [diagnosis]


def test_syntax_error_names_the_line(pool):
    r = grade(pool, "import tensorflow as tf\n\ndef grad_of_square_sum(x)\n    return x\n", lang="en")
    assert "line 3" in r.message


def test_known_mistake_gets_its_tailored_diagnosis(pool):
    code = (FIXTURES / "toy-grad" / "mistakes" / "forgot_watch.py").read_text()
    r = grade(pool, code, lang="en")
    assert r.status is Status.FAIL
    assert "forgot_watch" in r.diagnosis_ids()
    assert "tape.watch" in " ".join(d.message for d in r.diagnoses)


def test_partial_credit_keeps_the_checks_that_pass(pool):
    # A gradient comes back (1 point) but with the wrong values (2 points lost).
    r = grade(pool, "import tensorflow as tf\ndef grad_of_square_sum(x):\n    return tf.ones_like(x)\n")
    assert r.status is Status.FAIL
    assert r.score == pytest.approx(1 / 3, abs=1e-3)
    assert [t.status for t in r.tests] == ["pass", "fail"]


def test_wrong_value_message_says_expected_and_given(pool):
    r = grade(pool, "import tensorflow as tf\ndef grad_of_square_sum(x):\n    return 3 * x\n", lang="en")
    failing = [t for t in r.tests if t.status == "fail"][0]
    assert "expected" in failing.message and "got" in failing.message


def test_learner_exception_points_at_their_line_not_the_grader(pool):
    code = "import tensorflow as tf\n\ndef grad_of_square_sum(x):\n    y = x * 2\n    raise ValueError('boom')\n"
    r = grade(pool, code, lang="en")
    assert r.status is Status.FAIL
    msg = r.tests[0].message
    assert "line 5" in msg and "ValueError" in msg and "boom" in msg
    assert "/grader/" not in msg and "probe.py" not in msg


def test_same_seed_replays_the_same_cases(pool):
    wrong = "import tensorflow as tf\ndef grad_of_square_sum(x):\n    return 3 * x\n"
    a = grade(pool, wrong, seed=1234, lang="en")
    b = grade(pool, wrong, seed=1234, lang="en")
    assert a.seed == b.seed == 1234
    assert a.tests[1].message == b.tests[1].message


def test_learner_output_is_kept_per_check(pool):
    code = "import tensorflow as tf\ndef grad_of_square_sum(x):\n    print('debug', x.shape)\n    return 3 * x\n"
    r = grade(pool, code)
    assert "debug" in r.output
    assert "debug" in [t for t in r.tests if t.status == "fail"][0].output


def test_run_mode_executes_the_main_block(pool, toy_solution):
    r = pool.submit("toy-grad", toy_solution, mode="run").result(timeout=60)
    assert r.mode == "run" and r.status is Status.PASS
    assert "tf.Tensor" in r.output


def test_result_json_round_trips(pool, toy_solution):
    r = grade(pool, toy_solution)
    data = json.loads(r.to_json())
    assert data["status"] == "pass" and data["version"] == 3
    assert GradeResult.from_dict(data) == r


def test_charts_come_from_the_learners_numbers(pool, toy_solution):
    r = grade(pool, toy_solution)
    assert r.charts and r.charts[0]["kind"] == "grouped_bars"
    assert len(r.charts[0]["rows"]) == 2  # the first hidden case has two elements


def test_a_burst_waits_in_order_and_none_is_dropped(pool, toy_solution):
    tickets = [pool.submit("toy-grad", toy_solution) for _ in range(8)]
    queued = [t for t in tickets if t.state == "queued"]
    assert [t.position for t in queued] == sorted(t.position for t in queued)
    results = [t.result(timeout=120) for t in tickets]
    assert all(r.status is Status.PASS for r in results)


def test_unknown_exercise_is_a_grader_error_not_a_learner_fault(pool):
    r = pool.submit("no-such-exercise", "x = 1").result(timeout=60)
    assert r.status is Status.ERROR and not r.gradable
    assert "grader_problem" in r.diagnosis_ids()
    assert "ExerciseNotFound" not in r.message and "no-such-exercise" not in r.message  # the grader's internals stay in its log


def test_a_reloaded_incorrect_class_is_still_a_learner_mistake():
    # Streamlit reloads app modules on change; checks.py then raises a *new* Incorrect class.
    import importlib

    import grader.api
    from grader.engine import _is_incorrect

    fresh = importlib.reload(grader.api)
    try:
        assert _is_incorrect(fresh.Incorrect("wrong_value", "값이 달라", en="value differs"))
        assert not _is_incorrect(KeyError("grads"))
    finally:
        importlib.reload(grader.api)
