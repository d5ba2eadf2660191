# diagnosis: mixed_dtypes
import tensorflow as tf


def row_shares(counts):
    sums = tf.reduce_sum(counts, axis=1, keepdims=True)
    return tf.cast(counts, tf.float32) / sums
