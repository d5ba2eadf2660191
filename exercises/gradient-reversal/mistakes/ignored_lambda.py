# diagnosis: ignored_lambda
import tensorflow as tf


@tf.custom_gradient
def _flip(t):
    def grad(upstream):
        return -upstream  # reversed, but λ is never applied

    return tf.identity(t), grad


def reverse_gradient(x, lam):
    return _flip(x)
