# diagnosis: none_not_skipped
import tensorflow as tf


def first_nonfinite(named):
    for name, g in named:
        ok = tf.reduce_all(tf.math.is_finite(g))
        if not ok:
            return name
    return None
