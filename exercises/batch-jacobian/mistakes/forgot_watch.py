# diagnosis: forgot_watch
import tensorflow as tf


def per_example_jacobian(x, w, b):
    with tf.GradientTape() as tape:
        y = tf.tanh(x @ w + b)
    return tape.batch_jacobian(y, x)  # x was never watched: all zeros, no error
