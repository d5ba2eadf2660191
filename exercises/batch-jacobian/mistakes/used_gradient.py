# diagnosis: used_gradient
import tensorflow as tf


def per_example_jacobian(x, w, b):
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.tanh(x @ w + b)
    return tape.gradient(y, x)  # sums over the K outputs: (batch, D)
