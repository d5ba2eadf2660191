# diagnosis: forgot_watch
import tensorflow as tf


def two_gradients(x):
    # x is a constant and nobody told the tape to watch it, so both gradients come back as None.
    with tf.GradientTape(persistent=True) as tape:
        y = tf.reduce_sum(x ** 3)
        z = tf.reduce_sum(tf.sin(x))
    return tape.gradient(y, x), tape.gradient(z, x)
