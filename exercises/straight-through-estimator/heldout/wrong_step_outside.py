# diagnosis: scaled_gradient
import tensorflow as tf


def quantize_ste(x, step):
    return step * (x + tf.stop_gradient(tf.round(x / step) - x))
