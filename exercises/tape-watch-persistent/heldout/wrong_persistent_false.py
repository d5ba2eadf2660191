# diagnosis: non_persistent_tape
import tensorflow as tf


def two_gradients(x):
    tape = tf.GradientTape(persistent=False)
    with tape:
        tape.watch(x)
        y = tf.reduce_sum(tf.pow(x, 3))
        z = tf.reduce_sum(tf.sin(x))
    grads = []
    for target in (y, z):
        grads.append(tape.gradient(target, x))
    return tuple(grads)
