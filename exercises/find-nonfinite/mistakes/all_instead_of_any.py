# diagnosis: all_instead_of_any
import tensorflow as tf


def first_nonfinite(named):
    for name, tensor in named:
        # Flags a tensor only when EVERY element is bad; one NaN among finite values goes unnoticed.
        if tensor is not None and bool(tf.reduce_all(~tf.math.is_finite(tensor))):
            return name
    return None
