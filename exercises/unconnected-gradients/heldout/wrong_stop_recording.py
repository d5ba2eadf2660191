# diagnosis: stop_recording_cut
import tensorflow as tf


def task_a_gradients(x, y, shared, head_a, head_b):
    with tf.GradientTape() as tape:
        with tape.stop_recording():
            h = tf.tanh(x @ shared)   # the shared features are only an input here
        loss = tf.reduce_mean(tf.square(h @ head_a - y))
    return tape.gradient(loss, [shared, head_a, head_b],
                         unconnected_gradients=tf.UnconnectedGradients.ZERO)
