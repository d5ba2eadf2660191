# diagnosis: large_finite_flagged
import tensorflow as tf


def first_nonfinite(named):
    for name, g in named:
        if g is None:
            continue
        if tf.reduce_max(tf.abs(g)) > 1e4:   # 너무 크면 폭발한 거지
            return name
    return None
