import tensorflow as tf


def sq_distances(points, centers):
    p = tf.cast(points, tf.float64)
    c = tf.cast(centers, tf.float64)
    d = tf.einsum("nkd,nkd->nk", p[:, None] - c[None], p[:, None] - c[None])
    return tf.cast(d, tf.float32)
