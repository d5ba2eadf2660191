# diagnosis: mean_not_sum
import tensorflow as tf


def logsumexp(x):
    m = tf.reduce_max(x, axis=-1, keepdims=True)
    s = tf.reduce_mean(tf.exp(x - m), axis=-1, keepdims=True)
    return tf.squeeze(m + tf.math.log(s), axis=-1)
