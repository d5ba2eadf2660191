# diagnosis: sum_instead_of_mean
import tensorflow as tf


def task_a_gradients(x, y, shared, head_a, head_b):
    with tf.GradientTape() as tape:
        h = tf.tanh(x @ shared)
        loss = tf.reduce_sum(tf.square(h @ head_a - y))
    return tape.gradient(loss, [shared, head_a, head_b],
                         unconnected_gradients=tf.UnconnectedGradients.ZERO)
