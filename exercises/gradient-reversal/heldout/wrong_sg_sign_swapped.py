# diagnosis: forgot_negation
import tensorflow as tf


def reverse_gradient(x, lam):
    return lam * x + tf.stop_gradient((1.0 - lam) * x)
