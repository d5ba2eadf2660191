# diagnosis: wrong_axis
import tensorflow as tf


def row_shares(counts):
    counts = tf.cast(counts, tf.float32)
    sums = tf.reduce_sum(counts, axis=0)
    return counts / sums
