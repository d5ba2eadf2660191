# diagnosis: computed_outside_tape
import tensorflow as tf


def two_gradients(x):
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(x)
    y = tf.reduce_sum(x ** 3)
    z = tf.reduce_sum(tf.sin(x))
    return tape.gradient(y, x), tape.gradient(z, x)
