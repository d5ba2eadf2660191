# right: a stopped copy carries the value, the live difference carries -lam times the gradient
import tensorflow as tf


def reverse_gradient(x, lam):
    frozen = tf.stop_gradient(x)
    return frozen - lam * (x - frozen)
