# diagnosis: plain_round
import tensorflow as tf


def quantize_ste(x, step):
    return tf.round(x / step) * step  # the right value, but tf.round has no gradient
