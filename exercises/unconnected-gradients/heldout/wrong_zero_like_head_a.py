# diagnosis: zero_wrong_shape
import tensorflow as tf


def task_a_gradients(x, y, shared, head_a, head_b):
    with tf.GradientTape() as tape:
        h = tf.tanh(x @ shared)
        loss = tf.reduce_mean(tf.square(h @ head_a - y))
    d_shared, d_head_a, d_head_b = tape.gradient(loss, [shared, head_a, head_b])
    if d_head_b is None:
        d_head_b = tf.zeros_like(d_head_a)
    return [d_shared, d_head_a, d_head_b]
