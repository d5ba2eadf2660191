# diagnosis: non_persistent_tape
import tensorflow as tf


def two_gradients(x):
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.reduce_sum(x ** 3)
        z = tf.reduce_sum(tf.sin(x))
    dy_dx = tape.gradient(y, x)
    dz_dx = tape.gradient(z, x)  # raises: the tape already released its record
    return dy_dx, dz_dx
