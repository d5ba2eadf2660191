# diagnosis: missed_inf
import tensorflow as tf


def first_nonfinite(named):
    for name, g in named:
        if g is not None and tf.reduce_any(g != g):   # NaN만 자기 자신과 다르니까
            return name
    return None
