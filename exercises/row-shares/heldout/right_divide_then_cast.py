import tensorflow as tf


def row_shares(counts):
    # float64 division, then one cast down to float32
    return tf.cast(counts / tf.reduce_sum(counts, axis=1, keepdims=True), tf.float32)
