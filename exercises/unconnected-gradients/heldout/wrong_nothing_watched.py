# diagnosis: nothing_watched
import tensorflow as tf


def task_a_gradients(x, y, shared, head_a, head_b):
    # only record what we need
    with tf.GradientTape(watch_accessed_variables=False) as tape:
        h = tf.tanh(x @ shared)
        loss = tf.reduce_mean(tf.square(h @ head_a - y))
    return tape.gradient(loss, [shared, head_a, head_b],
                         unconnected_gradients=tf.UnconnectedGradients.ZERO)
