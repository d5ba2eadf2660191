# diagnosis: stop_gradient_wrong_place
import tensorflow as tf


def quantize_ste(x, step):
    q = tf.round(x / step) * step
    return tf.stop_gradient(x) + (q - x)
