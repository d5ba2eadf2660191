# diagnosis: step_inverted
import tensorflow as tf


def quantize_ste(x, step):
    q = tf.round(x * step) / step
    return x + tf.stop_gradient(q - x)
