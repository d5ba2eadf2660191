# diagnosis: wrong_axis
import tensorflow as tf


def row_shares(counts):
    c = tf.cast(counts, tf.float32)
    return c / tf.reduce_sum(c, axis=0, keepdims=True)  # column sums: each column sums to 1
