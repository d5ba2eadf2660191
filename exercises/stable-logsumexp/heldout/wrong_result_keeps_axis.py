# diagnosis: kept_axis
import tensorflow as tf


def logsumexp(x):
    m = tf.reduce_max(x, axis=-1, keepdims=True)
    s = tf.reduce_sum(tf.exp(x - m), axis=-1, keepdims=True)
    return m + tf.math.log(s)
