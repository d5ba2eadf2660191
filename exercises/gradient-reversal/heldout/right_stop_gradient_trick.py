# right: forward A, backward B with ordinary ops (no tf.custom_gradient)
import tensorflow as tf


def reverse_gradient(x, lam):
    return tf.stop_gradient((1.0 + lam) * x) - lam * x
