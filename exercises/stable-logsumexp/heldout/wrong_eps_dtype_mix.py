# diagnosis: dtype_mix
import tensorflow as tf


def logsumexp(x):
    m = tf.reduce_max(x, axis=-1, keepdims=True)
    s = tf.reduce_sum(tf.exp(x - m), axis=-1, keepdims=True)
    eps = tf.constant(1e-12)  # log(0) 방지
    return tf.squeeze(m + tf.math.log(s + eps), axis=-1)
