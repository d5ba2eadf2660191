# diagnosis: returned_last
import tensorflow as tf


def first_nonfinite(named):
    found = None
    for name, g in named:
        if g is not None and not tf.reduce_all(tf.math.is_finite(g)):
            found = name
    return found
