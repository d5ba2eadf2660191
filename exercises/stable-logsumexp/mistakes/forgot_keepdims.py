# diagnosis: forgot_keepdims
import tensorflow as tf


def logsumexp(x):
    m = tf.reduce_max(x, axis=-1)                      # shape (batch,): x - m lines up with the columns
    s = tf.reduce_sum(tf.exp(x - m), axis=-1)
    return m + tf.math.log(s)
