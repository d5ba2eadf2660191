# diagnosis: missed_inf
import tensorflow as tf


def first_nonfinite(named):
    for name, tensor in named:
        if tensor is not None and bool(tf.reduce_any(tf.math.is_nan(tensor))):  # ±Inf slips through
            return name
    return None
