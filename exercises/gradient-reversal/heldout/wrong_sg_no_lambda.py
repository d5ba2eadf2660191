# diagnosis: ignored_lambda
import tensorflow as tf


def reverse_gradient(x, lam):
    # forward: 2x - x = x, backward: -1
    return tf.stop_gradient(2.0 * x) - x
