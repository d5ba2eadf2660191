# diagnosis: clipped_ste
import tensorflow as tf


def quantize_ste(x, step):
    # pass the gradient only where |x| <= 1, as in binarised networks
    q = tf.round(x / step) * step
    inside = tf.clip_by_value(x, -1.0, 1.0)
    return inside + tf.stop_gradient(q - inside)
