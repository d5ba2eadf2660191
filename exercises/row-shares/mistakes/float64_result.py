# diagnosis: float64_result
import tensorflow as tf


def row_shares(counts):
    # int32 / int32 is a true division that returns float64: right values, wrong dtype.
    return counts / tf.reduce_sum(counts, axis=1, keepdims=True)
