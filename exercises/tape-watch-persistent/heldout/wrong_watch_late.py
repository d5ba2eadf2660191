# diagnosis: watch_after_compute
import tensorflow as tf


def two_gradients(x):
    with tf.GradientTape(persistent=True) as tape:
        y = tf.reduce_sum(x ** 3)
        z = tf.reduce_sum(tf.sin(x))
        tape.watch(x)
    dy_dx = tape.gradient(y, x)
    dz_dx = tape.gradient(z, x)
    return dy_dx, dz_dx
