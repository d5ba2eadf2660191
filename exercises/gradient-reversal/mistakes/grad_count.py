# diagnosis: grad_count
import tensorflow as tf


@tf.custom_gradient
def reverse_gradient(x, lam):
    # Two inputs (x and lam), but the grad function returns only one gradient.
    def grad(upstream):
        return -lam * upstream

    return tf.identity(x), grad
