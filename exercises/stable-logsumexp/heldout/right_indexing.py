import tensorflow as tf


def logsumexp(x):
    m = tf.reduce_max(x, axis=-1)
    shifted = x - m[:, tf.newaxis]
    return m + tf.math.log(tf.reduce_sum(tf.math.exp(shifted), axis=-1))
