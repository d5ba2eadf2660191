# diagnosis: dropped_none
import tensorflow as tf


def task_a_gradients(x, y, shared, head_a, head_b):
    with tf.GradientTape() as tape:
        h = tf.tanh(x @ shared)
        loss = tf.reduce_mean(tf.square(h @ head_a - y))
    grads = tape.gradient(loss, [shared, head_a, head_b])
    return [g for g in grads if g is not None]
