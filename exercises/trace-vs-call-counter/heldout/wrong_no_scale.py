# diagnosis: ignored_scale
import tensorflow as tf


def make_step():
    calls = tf.Variable(0, dtype=tf.int64)
    traces = []

    @tf.function
    def step(x, scale=1.0):
        traces.append(len(traces))
        calls.assign_add(1)
        return tf.reduce_sum(tf.square(x))

    return step, calls, traces
