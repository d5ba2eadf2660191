# diagnosis: wrong_derivative
import tensorflow as tf


def per_example_jacobian(x, w, b):
    y = tf.tanh(x @ w + b)
    dtanh = 1.0 - y                          # derivative of tanh
    return dtanh[:, :, None] * tf.transpose(w)[None, :, :]
