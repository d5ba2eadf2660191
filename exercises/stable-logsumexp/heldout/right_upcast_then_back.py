import tensorflow as tf


def logsumexp(x):
    # Compute in float32 (as mixed precision does for softmax), hand back the input's dtype.
    x32 = tf.cast(x, tf.float32)
    m = tf.reduce_max(x32, axis=1)
    s = tf.reduce_sum(tf.exp(x32 - tf.expand_dims(m, 1)), axis=1)
    return tf.cast(m + tf.math.log(s), x.dtype)
