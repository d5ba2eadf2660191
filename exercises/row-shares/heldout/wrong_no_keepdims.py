# diagnosis: missing_keepdims
import tensorflow as tf


def row_shares(counts):
    c = tf.cast(counts, tf.float32)
    row_sum = tf.reduce_sum(c, axis=1)
    return c / row_sum
