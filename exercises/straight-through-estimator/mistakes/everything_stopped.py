# diagnosis: stop_gradient_wrong_place
import tensorflow as tf


def quantize_ste(x, step):
    return tf.stop_gradient(x + tf.round(x / step) * step - x)  # nothing is left for the gradient to pass through
