# diagnosis: transposed
import tensorflow as tf


def sq_distances(points, centers):
    c = tf.cast(centers, tf.float32)
    diff = points[tf.newaxis, :, :] - c[:, tf.newaxis, :]   # (k, n, d): centers on the first axis
    return tf.reduce_sum(diff ** 2, axis=-1)
