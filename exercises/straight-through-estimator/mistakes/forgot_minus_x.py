# diagnosis: forgot_minus_x
import tensorflow as tf


def quantize_ste(x, step):
    return x + tf.stop_gradient(tf.round(x / step) * step)
