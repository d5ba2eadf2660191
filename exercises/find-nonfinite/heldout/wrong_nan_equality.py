# diagnosis: nan_equality
import tensorflow as tf


def first_nonfinite(named):
    for name, g in named:
        if g is None:
            continue
        has_nan = tf.reduce_any(g == float("nan"))
        has_inf = tf.reduce_any(tf.math.is_inf(g))
        if has_nan or has_inf:
            return name
    return None
