# diagnosis: used_gradient
import tensorflow as tf


def per_example_jacobian(x, w, b):
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.tanh(x @ w + b)
    g = tape.gradient(y, x)                  # (batch, D)
    k = w.shape[1]
    return tf.tile(g[:, None, :], [1, k, 1])
