import tensorflow as tf


class SquareSum:
    def __init__(self):
        self.calls = tf.Variable(0, dtype=tf.int64)
        self.traces = []

    def __call__(self, x, scale=1.0):
        self.traces.append(x.shape)
        self.calls.assign_add(1)
        return tf.reduce_sum(tf.square(x)) * scale


def make_step():
    body = SquareSum()
    return tf.function(body), body.calls, body.traces
