# diagnosis: missing_keepdims
import tensorflow as tf


def row_shares(counts):
    # The row sums come out as (n,): on a square table they are laid along the columns instead of the rows.
    return tf.cast(counts / tf.reduce_sum(counts, axis=1), tf.float32)
