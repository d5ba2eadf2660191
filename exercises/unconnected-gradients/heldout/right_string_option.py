# right: the option given as a string, the loss written with tf.matmul and keras-free ops
import tensorflow as tf


def task_a_gradients(x, y, shared, head_a, head_b):
    with tf.GradientTape(persistent=False) as tape:
        features = tf.math.tanh(tf.matmul(x, shared))
        err = tf.matmul(features, head_a) - y
        loss = tf.reduce_mean(err * err)
    grads = tape.gradient(loss, [shared, head_a, head_b], unconnected_gradients="zero")
    return list(grads)
