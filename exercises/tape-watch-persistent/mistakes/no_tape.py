# diagnosis: no_tape
import tensorflow as tf


def two_gradients(x):
    # Hand-written derivatives: right values, but no tape at all.
    return 3.0 * x ** 2, tf.cos(x)
