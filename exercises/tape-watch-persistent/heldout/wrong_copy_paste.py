# diagnosis: same_gradient_twice
import tensorflow as tf


def two_gradients(x):
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(x)
        y = tf.reduce_sum(x ** 3)
        z = tf.reduce_sum(tf.sin(x))
    dy_dx = tape.gradient(y, x)
    dz_dx = tape.gradient(y, x)
    del tape
    return dy_dx, dz_dx
