# diagnosis: wrong_axis
import tensorflow as tf


def per_example_jacobian(x, w, b):
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.tanh(x @ w + b)
    full = tape.jacobian(y, x)               # (batch, K, batch, D)
    return tf.reduce_sum(full, axis=0)       # collapse the batch
