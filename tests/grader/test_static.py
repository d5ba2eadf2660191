"""Static observations: what the learner's code calls and where, read from the syntax tree and never run."""
from __future__ import annotations

from grader.api import Trial
from grader.static import facts

CODE = '''\
import tensorflow as tf
from tensorflow import clip_by_norm


@tf.custom_gradient
def reverse(x):
    return tf.identity(x), lambda dy: -dy


def train_step(model, opt, x, y):
    with tf.GradientTape() as tape:
        loss = model(x)
        with tape.stop_recording():
            target = tf.stop_gradient(model(y) * 2)
    grads = tape.gradient(loss, model.trainable_weights)
    grads = [clip_by_norm(g, 1.0) for g in grads]
    for g, v in zip(grads, model.trainable_weights):
        opt.apply_gradients([(g, v)])
    opt.apply_gradients(zip(grads, model.trainable_weights))
    model.layers[0].trainable = False
    return loss
'''


def test_calls_are_found_with_their_line_loop_and_arguments():
    f = facts(CODE)
    assert f.parsed
    clip = f.first("tf.clip_by_norm")  # imported bare, asked for by its usual name
    assert clip.line == 16 and clip.in_loop and clip.loop_over == "grads" and clip.function == "train_step"
    assert f.count("optimizer.apply_gradients") == 2  # the receiver's name does not matter
    assert [c.line for c in f.in_loop("apply_gradients")] == [18]
    assert f.arguments_of("tf.stop_gradient") == ["model(y) * 2"]
    assert [c.line for c in f.inside_with("stop_gradient", "stop_recording")] == [14]
    assert not f.inside_with("gradient", "stop_recording")


def test_decorators_and_attribute_assignments():
    f = facts(CODE)
    assert f.decorated("tf.custom_gradient", "reverse")
    assert not f.decorated("tf.custom_gradient", "train_step")
    assert f.decorated("custom_gradient")
    (frozen,) = f.sets("trainable")
    assert frozen.value == "False" and frozen.line == 20 and frozen.target == "model.layers[].trainable"


def test_a_def_inside_a_loop_does_not_put_its_body_in_the_loop():
    f = facts("for i in range(3):\n    def g(x):\n        return tf.stop_gradient(x)\n")
    assert not f.first("stop_gradient").in_loop


def test_unparsable_code_gives_empty_facts_instead_of_raising():
    f = facts("def broken(:\n")
    assert not f.parsed and not f.uses("anything") and f.count("x") == 0


def test_a_trial_offers_the_facts_of_its_source():
    t = Trial(got=None, want=None, case={}, source=CODE, index=0)
    assert t.static.uses("clip_by_norm") and t.static is facts(CODE)  # parsed once per submission
