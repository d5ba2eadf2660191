# diagnosis: total_sum
import tensorflow as tf


def row_shares(counts):
    x = tf.cast(counts, tf.float32)
    return x / tf.reduce_sum(x)
