import tensorflow as tf


def row_shares(counts):
    normalized, _norms = tf.linalg.normalize(tf.cast(counts, tf.float32), ord=1, axis=1)
    return normalized
