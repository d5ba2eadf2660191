# diagnosis: lambda_inverted
import tensorflow as tf


def reverse_gradient(x, lam):
    @tf.custom_gradient
    def grl(t):
        def grad(upstream):
            return -upstream / lam
        return tf.identity(t), grad

    return grl(x)
