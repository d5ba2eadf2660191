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
