# diagnosis: wrong_axis
import tensorflow as tf


def logsumexp(x):
    m = tf.reduce_max(x, axis=0, keepdims=True)
    s = tf.reduce_sum(tf.exp(x - m), axis=0, keepdims=True)
    out = m + tf.math.log(s)
    return tf.squeeze(out, axis=0)
