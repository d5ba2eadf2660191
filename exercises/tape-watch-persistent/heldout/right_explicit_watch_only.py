# right: a tape that records only what it is told to watch, gradients taken in a comprehension
import tensorflow as tf


def two_gradients(x):
    with tf.GradientTape(persistent=True, watch_accessed_variables=False) as tape:
        tape.watch(x)
        targets = [tf.reduce_sum(x * x * x), tf.reduce_sum(tf.math.sin(x))]
    return tuple(tape.gradient(t, x) for t in targets)
