# diagnosis: took_sqrt
import tensorflow as tf


def sq_distances(points, centers):
    c = tf.cast(centers, tf.float32)
    d = tf.expand_dims(points, 1) - tf.expand_dims(c, 0)
    return tf.norm(d, axis=-1)
