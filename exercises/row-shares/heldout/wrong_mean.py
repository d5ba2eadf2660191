# diagnosis: mean_not_sum
import tensorflow as tf


def row_shares(counts):
    c = tf.cast(counts, tf.float32)
    return c / tf.reduce_mean(c, axis=1, keepdims=True)
