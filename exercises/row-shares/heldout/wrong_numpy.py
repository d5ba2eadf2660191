# diagnosis: float64_result
import numpy as np
import tensorflow as tf


def row_shares(counts):
    c = counts.numpy()
    return tf.constant(c / c.sum(axis=1, keepdims=True))
