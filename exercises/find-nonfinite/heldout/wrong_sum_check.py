# diagnosis: sum_overflow
import tensorflow as tf


def first_nonfinite(named):
    # NaN이나 inf가 있으면 합도 nan/inf가 되니까 합만 보면 되겠지
    for name, g in named:
        if g is None:
            continue
        if not tf.math.is_finite(tf.reduce_sum(g)):
            return name
    return None
