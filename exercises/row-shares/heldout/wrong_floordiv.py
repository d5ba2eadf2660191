# diagnosis: floor_division
import tensorflow as tf


def row_shares(counts):
    total = tf.reduce_sum(counts, axis=1, keepdims=True)
    shares = counts // total
    return tf.cast(shares, tf.float32)
