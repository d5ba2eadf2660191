# diagnosis: naive_overflow
import tensorflow as tf


def logsumexp(x):
    # float32로 올리면 넘치지 않겠지?
    x32 = tf.cast(x, tf.float32)
    out = tf.math.log(tf.reduce_sum(tf.math.exp(x32), axis=1))
    return tf.cast(out, x.dtype)
