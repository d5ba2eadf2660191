# diagnosis: ignored_upstream
import tensorflow as tf


def reverse_gradient(x, lam):
    @tf.custom_gradient
    def grl(t):
        def grad(dy):
            return -lam * tf.ones_like(dy)
        return tf.identity(t), grad

    return grl(x)
