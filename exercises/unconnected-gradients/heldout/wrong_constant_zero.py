# diagnosis: scalar_zero
import tensorflow as tf


def task_a_gradients(x, y, shared, head_a, head_b):
    with tf.GradientTape() as tape:
        h = tf.tanh(x @ shared)
        loss = tf.reduce_mean(tf.square(h @ head_a - y))
    grads = tape.gradient(loss, [shared, head_a, head_b])
    return [tf.constant(0.0) if g is None else g for g in grads]
