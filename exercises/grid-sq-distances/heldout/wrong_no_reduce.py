# diagnosis: no_reduce
import tensorflow as tf


def sq_distances(points, centers):
    c = tf.cast(centers, tf.float32)
    diff = points[:, None, :] - c[None, :, :]
    return diff ** 2
