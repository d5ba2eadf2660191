# diagnosis: forward_changed
import tensorflow as tf


def reverse_gradient(x, lam):
    # the value comes from the stopped copy, the gradient from -lam * x
    return tf.stop_gradient(x) - lam * x
