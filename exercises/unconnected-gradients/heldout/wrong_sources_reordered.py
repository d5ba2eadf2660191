# diagnosis: swapped_order
import tensorflow as tf


def task_a_gradients(x, y, shared, head_a, head_b):
    with tf.GradientTape() as tape:
        h = tf.tanh(x @ shared)
        loss = tf.reduce_mean(tf.square(h @ head_a - y))
    # the head first, then what feeds it
    return tape.gradient(loss, [head_a, shared, head_b],
                         unconnected_gradients=tf.UnconnectedGradients.ZERO)
