# right: None replaced by zeros of each variable's shape
import tensorflow as tf


def task_a_gradients(x, y, shared, head_a, head_b):
    variables = [shared, head_a, head_b]
    with tf.GradientTape() as tape:
        h = tf.tanh(x @ shared)
        loss = tf.reduce_mean(tf.square(h @ head_a - y))
    grads = tape.gradient(loss, variables)
    return [tf.zeros_like(v) if g is None else g for g, v in zip(grads, variables)]
