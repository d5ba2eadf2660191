# diagnosis: traces_per_call
import tensorflow as tf


def make_step():
    calls = tf.Variable(0, dtype=tf.int64)
    traces = []

    def remember():
        traces.append("trace")
        return 0

    @tf.function
    def step(x, scale=1.0):
        tf.py_function(remember, [], tf.int32)
        calls.assign_add(1)
        return scale * tf.reduce_sum(x * x)

    return step, calls, traces
