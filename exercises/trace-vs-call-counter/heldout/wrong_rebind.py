# diagnosis: rebound_counter
import tensorflow as tf


def make_step():
    calls = tf.Variable(0, dtype=tf.int64)
    traces = []

    @tf.function
    def step(x, scale=1.0):
        nonlocal calls
        traces.append(x.dtype)
        calls = calls + 1
        return scale * tf.reduce_sum(x * x)

    return step, calls, traces
