# diagnosis: full_jacobian_shape
import tensorflow as tf


def per_example_jacobian(x, w, b):
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.tanh(x @ w + b)
    return tape.jacobian(y, x)  # (batch, K, batch, D): every pair of examples
