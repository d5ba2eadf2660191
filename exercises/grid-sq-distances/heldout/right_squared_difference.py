import tensorflow as tf


def sq_distances(points, centers):
    c = tf.expand_dims(tf.cast(centers, dtype=tf.float32), 0)
    p = tf.expand_dims(points, 1)
    return tf.reduce_sum(tf.math.squared_difference(p, c), axis=2)
