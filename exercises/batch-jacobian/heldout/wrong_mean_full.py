# diagnosis: mean_instead_of_sum
import tensorflow as tf


def per_example_jacobian(x, w, b):
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.tanh(x @ w + b)
    full = tape.jacobian(y, x)
    return tf.reduce_mean(full, axis=2)
