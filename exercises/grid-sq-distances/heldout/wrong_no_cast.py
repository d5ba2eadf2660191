# diagnosis: mixed_dtypes
import tensorflow as tf


def sq_distances(points, centers):
    diff = points[:, tf.newaxis, :] - centers[tf.newaxis, :, :]
    return tf.reduce_sum(diff ** 2, axis=-1)
