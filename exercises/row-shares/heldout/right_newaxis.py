import tensorflow as tf


def row_shares(counts):
    c = tf.cast(counts, dtype=tf.float32)
    return tf.math.divide(c, tf.reduce_sum(c, axis=-1)[:, tf.newaxis])
