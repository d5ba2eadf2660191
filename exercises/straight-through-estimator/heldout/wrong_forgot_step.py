# diagnosis: forgot_step_scale
import tensorflow as tf


def quantize_ste(x, step):
    q = tf.round(x / step)
    return x + tf.stop_gradient(q - x)
