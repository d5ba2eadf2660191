# diagnosis: loss_outside_tape
import tensorflow as tf


def task_a_gradients(x, y, shared, head_a, head_b):
    h = tf.tanh(x @ shared)
    loss = tf.reduce_mean(tf.square(h @ head_a - y))
    with tf.GradientTape() as tape:
        pass  # nothing was recorded, and ZERO turns every gradient into zeros
    return tape.gradient(loss, [shared, head_a, head_b],
                         unconnected_gradients=tf.UnconnectedGradients.ZERO)
