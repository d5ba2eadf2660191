# diagnosis: traces_per_call
import tensorflow as tf


def make_step():
    calls = tf.Variable(0, dtype=tf.int64)
    traces = tf.Variable(0, dtype=tf.int64)

    @tf.function
    def step(x, scale=1.0):
        traces.assign_add(1)
        calls.assign_add(1)
        return scale * tf.reduce_sum(x * x)

    return step, calls, traces
