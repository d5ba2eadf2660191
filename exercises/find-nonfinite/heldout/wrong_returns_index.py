# diagnosis: returned_index
import tensorflow as tf


def first_nonfinite(named):
    for i, (name, g) in enumerate(named):
        if g is not None and not bool(tf.reduce_all(tf.math.is_finite(g))):
            return i
    return None
