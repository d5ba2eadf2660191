# diagnosis: forgot_negation
import tensorflow as tf


def reverse_gradient(x, lam):
    @tf.custom_gradient
    def _reverse(t):
        def grad(upstream):
            return lam * upstream  # scaled, but not reversed

        return tf.identity(t), grad

    return _reverse(x)
