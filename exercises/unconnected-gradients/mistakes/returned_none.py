# diagnosis: returned_none
import tensorflow as tf


def task_a_gradients(x, y, shared, head_a, head_b):
    with tf.GradientTape() as tape:
        h = tf.tanh(x @ shared)
        loss = tf.reduce_mean(tf.square(h @ head_a - y))
    return tape.gradient(loss, [shared, head_a, head_b])  # head_b comes back as None
