# diagnosis: everything_stopped
import tensorflow as tf


def reverse_gradient(x, lam):
    return tf.stop_gradient((1.0 + lam) * x) - lam * tf.stop_gradient(x)
