# diagnosis: round_half_up
import tensorflow as tf


def quantize_ste(x, step):
    q = tf.floor(x / step + 0.5) * step   # round to the nearest grid point
    return x + tf.stop_gradient(q - x)
