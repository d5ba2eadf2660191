# diagnosis: used_floor
import tensorflow as tf


def quantize_ste(x, step):
    q = tf.floor(x / step) * step
    return x + tf.stop_gradient(q - x)
