# diagnosis: traces_per_call
import tensorflow as tf


def make_step():
    calls = tf.Variable(0, dtype=tf.int64)
    traces = []

    @tf.function
    def inner(x, scale):
        return scale * tf.reduce_sum(x * x)

    def step(x, scale=1.0):
        traces.append(x.shape)
        calls.assign_add(1)
        return inner(x, scale)

    return step, calls, traces
