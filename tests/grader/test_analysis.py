"""The shared mistake analysis: each known transformation is recognised from numbers alone, near misses are
not given a cause they do not have, and an internal error never reaches the verdict."""
from __future__ import annotations

import logging

import numpy as np
import pytest

from grader import analysis as A
from grader.api import Incorrect, Transformation, analysing, expect_effect
from grader.static import facts

RNG = np.random.default_rng(7)
RAW = [RNG.normal(size=(3, 2)) * 4.0, RNG.normal(size=2), RNG.normal(size=(2, 2))]
NAMES = ["w", "b", "v"]
N = A.global_norm(RAW)
C_LOW = 0.4 * N  # clipping acts
C_HIGH = 2.0 * N  # the no-op region


def clip_ctx(c):
    return {"raw": RAW, "clip_norm": c, "names": NAMES}


# (expected id, family, got, want, context)
CLIPPING = [
    ("no_clip", RAW, C_LOW),
    ("per_tensor_clip", A.clip_each(RAW, C_LOW), C_LOW),
    ("clipped_twice", A.clip_global(A.clip_each(RAW, C_LOW), C_LOW), C_LOW),
    ("value_clip", [np.clip(r, -C_LOW, C_LOW) for r in RAW], C_LOW),
    ("always_scaled", [r * (C_HIGH / N) for r in RAW], C_HIGH),
    ("squared_norm", [r * (C_LOW / N**2) for r in RAW], C_LOW),
    ("sum_of_norms", [r * (C_LOW / sum(A.norm(x) for x in RAW)) for r in RAW], C_LOW),
    ("norm_wrong_set", [r * (C_LOW / A.norm(RAW[0])) for r in RAW], C_LOW),
    ("sign_flipped", [-x for x in A.clip_global(RAW, C_LOW)], C_LOW),
]


@pytest.mark.parametrize("expected, got, c", CLIPPING, ids=[row[0] for row in CLIPPING])
def test_each_clipping_mistake_is_named_from_the_numbers(expected, got, c):
    finding = A.diagnose(got, A.clip_global(RAW, c), context=clip_ctx(c), families=["clipping", "sign"],
                         what="clip된 gradient", what_en="the clipped gradients")
    assert finding is not None and finding.id == expected
    assert "{" not in finding.ko and "{" not in finding.en  # every field filled in
    assert finding.en[0].isupper()


def test_the_message_carries_the_cases_numbers():
    finding = A.diagnose(A.clip_each(RAW, C_LOW), A.clip_global(RAW, C_LOW), context=clip_ctx(C_LOW),
                         families=["clipping"], what="gradient", what_en="the gradients")
    assert f"{N:.4g}" in finding.en and f"{C_LOW:.4g}" in finding.en and f"{C_LOW / N:.4g}" in finding.ko


def test_a_mistake_that_changes_nothing_on_this_case_is_not_named():
    # In the no-op region an unclipped gradient IS the right answer: nothing to name, and a near miss stays unnamed.
    assert A.diagnose(RAW, A.clip_global(RAW, C_HIGH), context=clip_ctx(C_HIGH), families=["clipping"]) is None
    near = [x * 1.01 for x in A.clip_global(RAW, C_LOW)]
    assert A.diagnose(near, A.clip_global(RAW, C_LOW), context=clip_ctx(C_LOW)) is None


def test_near_misses_of_every_family_are_not_mislabelled():
    rng = np.random.default_rng(3)
    want = A.clip_global(RAW, C_LOW)
    for _ in range(20):
        noisy = [w + rng.normal(scale=0.05, size=w.shape) for w in want]
        assert A.diagnose(noisy, want, context=clip_ctx(C_LOW)) is None


NORMS = [
    ("norm_after_clip", C_LOW),
    ("squared_norm", N**2),
    ("mean_in_norm", N / np.sqrt(sum(r.size for r in RAW))),
    ("sum_of_norms", sum(A.norm(r) for r in RAW)),
    ("norm_wrong_set", A.global_norm(RAW[:2])),
]


@pytest.mark.parametrize("expected, got", NORMS, ids=[row[0] for row in NORMS])
def test_each_norm_mistake_is_named(expected, got):
    finding = A.diagnose(np.float32(got), np.float32(N), context={"tensors": RAW, "clip_norm": C_LOW, "names": NAMES},
                         families=["norm"], what="norm", what_en="the norm")
    assert finding is not None and finding.id == expected


ELEMENTS = RNG.normal(size=(5, 3))
REDUCTIONS = [
    ("sum_instead_of_mean", ELEMENTS.sum(axis=0), dict(elements=ELEMENTS, axis=0, op="mean")),
    ("mean_instead_of_sum", ELEMENTS.mean(), dict(elements=ELEMENTS, axis=None, op="sum")),
    ("wrong_axis", ELEMENTS.mean(axis=1), dict(elements=ELEMENTS, axis=0, op="mean", axis_names={0: "batch", 1: "feature"})),
]


@pytest.mark.parametrize("expected, got, ctx", REDUCTIONS, ids=[row[0] for row in REDUCTIONS])
def test_each_reduction_mistake_is_named(expected, got, ctx):
    want = ELEMENTS.mean(axis=ctx["axis"]) if ctx["op"] == "mean" else ELEMENTS.sum(axis=ctx["axis"])
    finding = A.diagnose(got, want, context=ctx, families=["reduction"], what="loss", what_en="the loss")
    assert finding is not None and finding.id == expected


def test_a_loss_summed_over_the_batch_is_named_from_the_batch_size():
    finding = A.diagnose(np.float64(2.5 * 8), np.float64(2.5), context={"batch_size": 8}, families=["reduction"])
    assert finding.id == "sum_instead_of_mean" and "8" in finding.en


def test_the_wrong_axis_is_named_in_words():
    finding = A.diagnose(ELEMENTS.mean(axis=1), ELEMENTS.mean(axis=0), families=["reduction"],
                         context=dict(elements=ELEMENTS, axis=0, op="mean", axis_names={0: "batch", 1: "feature"}))
    assert "feature (axis=1)" in finding.en and "batch (axis=0)" in finding.en


Q = RNG.normal(size=(4, 4))
SHAPES = [
    ("batch_by_batch", Q, np.diag(Q)),
    ("transposed", RNG.normal(size=(2, 3)).T, None),
    ("singleton_dim", np.arange(4.0).reshape(4, 1), np.arange(4.0)),
    ("broadcast_shape", np.ones((3, 4)) * np.arange(4.0), np.arange(4.0)),
]


@pytest.mark.parametrize("expected, got, want", SHAPES, ids=[row[0] for row in SHAPES])
def test_each_shape_mistake_is_named(expected, got, want):
    want = got.T if want is None else want
    finding = A.diagnose(got, want, families=["shape"], what="Q", what_en="Q")
    assert finding is not None and finding.id == expected


ONE, ZERO = np.ones(2), np.zeros(2)
FLOWS = [
    ("gradient_blocked", [ONE, None, ONE], [ONE, ONE, ONE], "`b`"),
    ("gradient_leaks", [ONE, ONE, ONE], [ONE, ZERO, None], "`b`, `v`"),
    ("stopped_wrong_branch", [None, ONE, ONE], [ONE, None, ONE], "`w`"),
]


@pytest.mark.parametrize("expected, got, want, named", FLOWS, ids=[row[0] for row in FLOWS])
def test_gradient_flow_names_the_variables(expected, got, want, named):
    finding = A.diagnose(got, want, context={"names": NAMES}, families=["flow"], what="gradient", what_en="the gradients")
    assert finding is not None and finding.id == expected and named in finding.en


def test_the_flow_nudge_points_at_the_code_only_when_the_code_shows_it():
    code = "import tensorflow as tf\ndef f(a, b):\n    return tf.stop_gradient(a) * b\n"
    with_code = A.diagnose([None, ONE], [ONE, ONE], context={"names": ["a", "b"]}, families=["flow"],
                           static=facts(code))
    assert "tf.stop_gradient(a)" in with_code.en and "line 3" in with_code.en
    recording = "def f(tape, a):\n    print(a.numpy())\n    with tape.stop_recording():\n        y = tf.multiply(a, 2)\n    return y\n"
    told = A.diagnose([None, ONE], [ONE, ONE], context={"names": ["a", "b"]}, families=["flow"],
                      static=facts(recording))
    assert "stop_recording" in told.en and "numpy" not in told.en
    bare = A.diagnose([None, ONE], [ONE, ONE], context={"names": ["a", "b"]}, families=["flow"])
    assert "line" not in bare.en
    # a stop_gradient that is right where it is (on another branch) is not blamed for this cut
    elsewhere = "def f(online, target):\n    return online(1) - tf.stop_gradient(target(2))\n"
    names = ["online/kernel", "target/kernel"]
    told = A.diagnose([None, None], [ONE, None], context={"names": names}, families=["flow"], static=facts(elsewhere))
    assert told.id == "gradient_blocked" and "`online/kernel`" in told.en and "on line" not in told.en


BEFORE = [np.ones((2, 2)), np.zeros(2)]
GRAD = [RNG.normal(size=(2, 2)), RNG.normal(size=2)]
LR = 0.1
AFTER = [b - LR * g for b, g in zip(BEFORE, GRAD)]
STEPS = [
    ("no_update", BEFORE),
    ("ascent", [b + LR * g for b, g in zip(BEFORE, GRAD)]),
    ("applied_twice", [b - 2 * LR * g for b, g in zip(BEFORE, GRAD)]),
    ("lr_applied_twice", [b - LR * LR * g for b, g in zip(BEFORE, GRAD)]),
    ("lr_missing", [b - g for b, g in zip(BEFORE, GRAD)]),
]


@pytest.mark.parametrize("expected, got", STEPS, ids=[row[0] for row in STEPS])
def test_each_step_mistake_is_named(expected, got):
    finding = A.diagnose(got, AFTER, context={"before": BEFORE, "lr": LR}, families=["steps"], what="weights",
                         what_en="the weights")
    assert finding is not None and finding.id == expected


def test_one_step_too_many_or_too_few_from_a_trajectory():
    traj = [BEFORE]
    for _ in range(4):
        traj.append([w - LR * g for w, g in zip(traj[-1], GRAD)])
    ctx = {"trajectory": traj, "steps": 2}
    assert A.diagnose(traj[3], traj[2], context=ctx, families=["steps"]).id == "one_step_too_many"
    assert A.diagnose(traj[1], traj[2], context=ctx, families=["steps"]).id == "one_step_too_few"


def test_an_exercise_transformation_is_tried_first():
    mine = Transformation("ignored_done", "dqn", "done를 무시했어", "You ignored done",
                          needs=("alt",), make=lambda ctx: ctx["alt"])
    finding = A.diagnose(np.float64(3.0), np.float64(2.0), context={"alt": 3.0}, extra=[mine])
    assert finding.id == "ignored_done"


def test_an_internal_error_is_logged_and_the_callers_message_stands(caplog):
    broken = Transformation("boom", "x", "{missing}", "{missing}", make=lambda ctx: 1 / 0)
    caplog.set_level(logging.ERROR, logger="grader.analysis")
    assert A.diagnose(np.float64(3.0), np.float64(2.0), extra=[broken], families=[]) is None
    assert "boom" in caplog.text
    unfillable = Transformation("bad_template", "x", "{missing}", "{missing}", make=lambda ctx: 3.0)
    assert A.diagnose(np.float64(3.0), np.float64(2.0), extra=[unfillable], families=[]) is None


def test_expect_effect_raises_the_named_mistake_or_a_fallback_that_teaches():
    want = A.clip_global(RAW, C_LOW)
    expect_effect([w.copy() for w in want], want, what="g", context=clip_ctx(C_LOW))  # passes
    with pytest.raises(Incorrect) as named:
        expect_effect(A.clip_each(RAW, C_LOW), want, what="g", what_en="the gradients", context=clip_ctx(C_LOW))
    assert named.value.diagnosis == "per_tensor_clip" and not named.value.generic
    with pytest.raises(Incorrect) as scaled:
        expect_effect([w * 3 for w in want], want, what="g", what_en="the gradients", names=NAMES)
    assert scaled.value.generic and "3 times" in scaled.value.message("en") and "`w`, `b`, `v`" in scaled.value.message("en")
    with pytest.raises(Incorrect) as missing:
        expect_effect([want[0], None, want[2]], want, what="g", what_en="the gradients", names=NAMES, families=[])
    assert missing.value.diagnosis == "missing_value" and "`b`" in missing.value.message("en")
    with pytest.raises(Incorrect) as none:
        expect_effect(None, 1.0, what="loss", what_en="the loss")
    assert none.value.diagnosis == "returned_none"


def test_expect_effect_uses_the_exercises_declared_families_and_transformations():
    want = A.clip_global(RAW, C_LOW)
    with analysing(families=["sign"]):  # clipping not declared: per-tensor clipping is only described
        with pytest.raises(Incorrect) as told:
            expect_effect(A.clip_each(RAW, C_LOW), want, what="g", context=clip_ctx(C_LOW))
    assert told.value.generic
    mine = Transformation("my_mistake", "mine", "내 실수", "my mistake", make=lambda ctx: 5.0)
    with analysing(families=[], extra=[mine]):
        with pytest.raises(Incorrect) as told:
            expect_effect(5.0, 4.0, what="x")
    assert told.value.diagnosis == "my_mistake"
