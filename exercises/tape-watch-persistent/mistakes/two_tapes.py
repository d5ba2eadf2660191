# diagnosis: two_tapes
import tensorflow as tf


def two_gradients(x):
    # Right numbers, but the exercise asks for a single persistent tape.
    with tf.GradientTape() as tape_y:
        tape_y.watch(x)
        y = tf.reduce_sum(x ** 3)
    with tf.GradientTape() as tape_z:
        tape_z.watch(x)
        z = tf.reduce_sum(tf.sin(x))
    return tape_y.gradient(y, x), tape_z.gradient(z, x)
