# diagnosis: wrong_reduce_axis
import tensorflow as tf


def sq_distances(points, centers):
    c = tf.cast(centers, tf.float32)
    diff = points[:, None, :] - c[None, :, :]
    return tf.reduce_sum(diff ** 2, axis=1)
