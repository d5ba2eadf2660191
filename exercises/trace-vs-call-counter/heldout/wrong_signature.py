# diagnosis: input_signature
import tensorflow as tf


def make_step():
    calls = tf.Variable(0, dtype=tf.int64)
    traces = []

    @tf.function(input_signature=[tf.TensorSpec(shape=None, dtype=tf.float32), tf.TensorSpec(shape=[], dtype=tf.float32)])
    def step(x, scale=1.0):
        traces.append(x.shape)
        calls.assign_add(1)
        return scale * tf.reduce_sum(x * x)

    return step, calls, traces
