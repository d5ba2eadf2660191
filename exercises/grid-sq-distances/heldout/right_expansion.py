import tensorflow as tf


def sq_distances(points, centers):
    # |p - c|^2 = |p|^2 - 2 p.c + |c|^2, the matrix-multiply form
    c = tf.cast(centers, points.dtype)
    p2 = tf.reduce_sum(points * points, axis=1, keepdims=True)      # (n, 1)
    c2 = tf.reduce_sum(c * c, axis=1)                                # (k,)
    return p2 - 2.0 * tf.matmul(points, c, transpose_b=True) + c2
