# diagnosis: swapped_order
import tensorflow as tf


def two_gradients(x):
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(x)
        y = tf.reduce_sum(x ** 3)
        z = tf.reduce_sum(tf.sin(x))
    dy_dx = tape.gradient(y, x)
    dz_dx = tape.gradient(z, x)
    return dz_dx, dy_dx
