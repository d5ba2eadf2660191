# diagnosis: used_builtin
import tensorflow as tf


def logsumexp(x):
    return tf.math.reduce_logsumexp(x, axis=-1)
