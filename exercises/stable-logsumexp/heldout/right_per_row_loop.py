import tensorflow as tf


def logsumexp(x):
    rows = []
    for row in tf.unstack(x):
        top = tf.reduce_max(row)
        rows.append(top + tf.math.log(tf.reduce_sum(tf.exp(row - top))))
    return tf.stack(rows)
