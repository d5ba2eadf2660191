# diagnosis: transposed
import tensorflow as tf


def per_example_jacobian(x, w, b):
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.tanh(x @ w + b)
    jac = tape.batch_jacobian(y, x)
    return tf.transpose(jac, [0, 2, 1])   # (batch, D, K): inputs first
