# diagnosis: counted_once
import tensorflow as tf


def make_step():
    calls = tf.Variable(0, dtype=tf.int64)
    traces = []

    @tf.function
    def step(x, scale=1.0):
        traces.append(None)
        return scale * tf.reduce_sum(x * x)

    calls.assign_add(1)
    return step, calls, traces
