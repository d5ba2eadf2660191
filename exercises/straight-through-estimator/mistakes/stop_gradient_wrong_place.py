# diagnosis: stop_gradient_wrong_place
import tensorflow as tf


def quantize_ste(x, step):
    # The value is still round(x), but the only x left outside stop_gradient is the one with a minus sign.
    return tf.stop_gradient(x) + tf.round(x / step) * step - x
