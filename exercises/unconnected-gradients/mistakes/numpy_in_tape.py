# diagnosis: numpy_in_tape
import numpy as np
import tensorflow as tf


def task_a_gradients(x, y, shared, head_a, head_b):
    with tf.GradientTape() as tape:
        h = np.tanh(x @ shared)  # a numpy array: the tape loses the path back to shared here
        loss = tf.reduce_mean(tf.square(tf.matmul(h, head_a) - y))
    return tape.gradient(loss, [shared, head_a, head_b],
                         unconnected_gradients=tf.UnconnectedGradients.ZERO)
