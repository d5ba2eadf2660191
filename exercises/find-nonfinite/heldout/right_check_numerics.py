import tensorflow as tf


def first_nonfinite(named):
    for name, g in named:
        if g is None:
            continue
        try:
            tf.debugging.check_numerics(g, message=name)
        except tf.errors.InvalidArgumentError:
            return name
    return None
