# diagnosis: forgot_add_max
import tensorflow as tf


def logsumexp(x):
    x_max = tf.reduce_max(x, axis=-1, keepdims=True)
    shifted = x - x_max
    return tf.math.log(tf.reduce_sum(tf.exp(shifted), axis=-1))
