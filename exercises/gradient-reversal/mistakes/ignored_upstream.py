# diagnosis: ignored_upstream
import tensorflow as tf


def reverse_gradient(x, lam):
    @tf.custom_gradient
    def _reverse(t):
        def grad(upstream):
            return -lam * tf.ones_like(upstream)  # the chain rule needs upstream itself

        return tf.identity(t), grad

    return _reverse(x)
