# diagnosis: summed_targets
import tensorflow as tf


def two_gradients(x):
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.reduce_sum(x ** 3)
        z = tf.reduce_sum(tf.sin(x))
    dy_dx, dz_dx = tape.gradient([y, z], [x, x])
    return dy_dx, dz_dx
