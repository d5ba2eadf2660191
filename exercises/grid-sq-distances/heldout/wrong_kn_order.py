# diagnosis: transposed
import tensorflow as tf


def sq_distances(points, centers):
    c = tf.cast(centers, tf.float32)
    d = tf.reduce_sum((c[:, None, :] - points[None, :, :]) ** 2, axis=-1)
    return d
