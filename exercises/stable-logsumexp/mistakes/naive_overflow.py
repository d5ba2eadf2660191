# diagnosis: naive_overflow
import tensorflow as tf


def logsumexp(x):
    # The formula as written: exp(1000) is inf in float32, exp(12) already inf in float16.
    return tf.math.log(tf.reduce_sum(tf.exp(x), axis=-1))
