# diagnosis: wrong_dtype
import tensorflow as tf


def logsumexp(x):
    x = tf.cast(x, tf.float32)  # float16은 불안하니까 float32로 계산
    m = tf.reduce_max(x, axis=-1, keepdims=True)
    s = tf.reduce_sum(tf.exp(x - m), axis=-1)
    return tf.squeeze(m, -1) + tf.math.log(s)
