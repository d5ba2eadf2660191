# diagnosis: variable_in_function
import tensorflow as tf


def make_step():
    traces = []
    state = {}

    @tf.function
    def step(x, scale=1.0):
        traces.append(x.shape)
        state["calls"] = tf.Variable(0, dtype=tf.int64)   # a new Variable on every trace
        state["calls"].assign_add(1)
        return scale * tf.reduce_sum(x * x)

    step(tf.constant([0.0]))
    return step, state["calls"], traces
