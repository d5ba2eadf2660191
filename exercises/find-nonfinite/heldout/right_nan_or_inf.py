import tensorflow as tf


def first_nonfinite(named):
    bad = (name for name, g in named
           if g is not None and bool(tf.reduce_any(tf.math.is_nan(g) | tf.math.is_inf(g))))
    return next(bad, None)
