"""The judge on reports built by hand (no sandbox): the mistake analysis gives old-style checks a named cause,
and never changes a verdict when it breaks."""
from __future__ import annotations

import logging

import numpy as np
import pytest

from grader import analysis, engine, wire
from grader.result import Status
from grader.runner import Outcome
from tests.grader.conftest import FIXTURES


def _outcome(observations):
    return Outcome(report={"observations": [{"value": wire.encode(o)} for o in observations], "output": "",
                           "segments": []}, exit={"code": 0})


def _judge(exercise_id, learner_obs, reference_obs, seed=1, lang="en"):
    bundle = engine.load_bundle(FIXTURES, exercise_id)
    cases = engine.make_cases(bundle, seed)
    return engine.judge_grade(bundle, "def f():\n    pass\n", seed, cases, _outcome(learner_obs(cases)),
                              _outcome(reference_obs(cases)), lang)


def _grad(k):
    return lambda cases: [{"grad": (k * 2 * c["x"]).astype(np.float32)} for c in cases]


def test_an_old_style_generic_failure_gets_the_named_cause():
    result = _judge("toy-grad", _grad(-1), _grad(1))  # the gradient of -sum(x²): ascent
    assert result.status is Status.FAIL
    assert "sign_flipped" in result.diagnosis_ids()
    assert not next(d for d in result.diagnoses if d.id == "sign_flipped").generic


def test_without_a_named_cause_the_checks_own_message_stands_and_is_marked_generic():
    result = _judge("toy-grad", _grad(1.7), _grad(1))
    (diag,) = result.diagnoses
    assert diag.id == "wrong_value" and diag.generic and "differs from the expected value" in diag.message


def test_a_broken_analysis_leaves_the_verdict_and_logs(monkeypatch, caplog):
    def boom(*args, **kwargs):
        raise RuntimeError("analysis bug")

    monkeypatch.setattr(analysis, "_diagnose", boom)
    caplog.set_level(logging.ERROR, logger="grader.analysis")
    result = _judge("toy-grad", _grad(-1), _grad(1))
    assert result.status is Status.FAIL and result.diagnosis_ids() == ["wrong_value"]
    assert "analysis bug" in caplog.text


def test_expect_effect_names_the_clipping_mistake_in_the_verdict():
    def per_tensor(cases):
        return [{"clipped": analysis.clip_each(c["raw"], c["clip_norm"]), "norm": np.float32(analysis.global_norm(c["raw"]))}
                for c in cases]

    def right(cases):
        return [{"clipped": analysis.clip_global(c["raw"], c["clip_norm"]), "norm": np.float32(analysis.global_norm(c["raw"]))}
                for c in cases]

    result = _judge("toy-clip", per_tensor, right)
    assert result.diagnosis_ids() == ["per_tensor_clip"]
    assert result.score == pytest.approx(1 / 3, abs=1e-3)  # the norm check still earns its point
    assert "`tf.clip_by_global_norm`" in result.tests[0].message



def _judge_errors(exercise_id, error, source, lang="en"):
    bundle = engine.load_bundle(FIXTURES, exercise_id)
    cases = engine.make_cases(bundle, 1)
    learner = Outcome(report={"observations": [{"error": error} for _ in cases], "output": "", "segments": []},
                      exit={"code": 0})
    reference = _outcome([{"grad": (2 * c["x"]).astype(np.float32)} for c in cases])
    return engine.judge_grade(bundle, source, 1, cases, learner, reference, lang)


TUPLE_ERROR = {"type": "ValueError", "line": None, "traceback": "ValueError: Attempt to convert …",
               "message": "Attempt to convert a value ((<tf.Tensor: shape=(2,), dtype=float32>, <function "
                          "grl.<locals>.grad at 0x7f>)) with an unsupported type (<class 'tuple'>) to a Tensor."}


def test_a_probe_conversion_error_is_told_as_the_learners_mistake_not_tensorflows():
    source = "import tensorflow as tf\ndef grad_of_square_sum(x):\n    def grad(dy):\n        return dy\n    return x, grad\n"
    result = _judge_errors("toy-grad", TUPLE_ERROR, source)
    assert result.diagnosis_ids() == ["forgot_custom_gradient"]
    text = result.tests[0].message
    assert "@tf.custom_gradient" in text and "unsupported type" not in text and "Attempt to convert" not in text
    plain = _judge_errors("toy-grad", TUPLE_ERROR, "def grad_of_square_sum(x):\n    return x, x\n")
    assert plain.diagnosis_ids() == ["returned_tuple"] and "custom_gradient" not in plain.tests[0].message


def test_a_missing_function_names_it():
    error = {"type": "AttributeError", "line": None, "traceback": "",
             "message": "module 'submission' has no attribute 'grad_of_square_sum'"}
    result = _judge_errors("toy-grad", error, "def grad_of_squares(x):\n    return x\n", lang="ko")
    assert result.diagnosis_ids() == ["missing_function"] and "`grad_of_square_sum` 함수가 없어" in result.diagnoses[0].message


def test_a_learners_own_error_keeps_its_line_and_traceback():
    error = {"type": "ZeroDivisionError", "line": 3, "message": "division by zero",
             "traceback": '  File "submission.py", line 3, in f\n    1 / 0\nZeroDivisionError: division by zero'}
    result = _judge_errors("toy-grad", error, "x = 1\n")
    assert result.diagnosis_ids() == ["exception"]
    assert "on line 3" in result.tests[0].message and "1 / 0" in result.tests[0].message


def test_a_crashing_check_is_the_graders_fault_and_its_line_goes_to_the_log(caplog):
    caplog.set_level(logging.ERROR, logger="grader.engine")
    right = [{"clipped": analysis.clip_global(c["raw"], c["clip_norm"])}  # no "norm": the norm check's t.got["norm"] fails
             for c in engine.make_cases(engine.load_bundle(FIXTURES, "toy-clip"), 1)]
    result = _judge("toy-clip", lambda cases: right, lambda cases: right)
    crashed = result.tests[1]
    assert crashed.status == "error" and crashed.diagnosis == "check_crashed" and "KeyError" not in crashed.message
    assert result.tests[0].status == "pass"
    assert "toy-clip/checks.py:" in caplog.text and "KeyError: 'norm'" in caplog.text


def test_no_gradients_is_explained_and_keeps_the_learners_line():
    error = {"type": "ValueError", "line": 5, "traceback": "",
             "message": "No gradients provided for any variable: (['dense/kernel:0'],)."}
    result = _judge_errors("toy-grad", error, "x = 1\n")
    assert result.diagnosis_ids() == ["no_gradients"]
    assert "(on line 5)" in result.tests[0].message and "GradientTape" in result.tests[0].message
