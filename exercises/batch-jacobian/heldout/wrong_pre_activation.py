# diagnosis: missed_activation
import tensorflow as tf


def per_example_jacobian(x, w, b):
    with tf.GradientTape() as tape:
        tape.watch(x)
        z = x @ w + b
    y = tf.tanh(z)
    return tape.batch_jacobian(z, x)
