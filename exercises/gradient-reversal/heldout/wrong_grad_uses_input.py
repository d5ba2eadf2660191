# diagnosis: grad_uses_input
import tensorflow as tf


def reverse_gradient(x, lam):
    @tf.custom_gradient
    def grl(t):
        def grad(upstream):
            return -lam * t
        return tf.identity(t), grad

    return grl(x)
