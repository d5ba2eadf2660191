# diagnosis: cast_points_to_int
import tensorflow as tf


def sq_distances(points, centers):
    # The wrong side is cast: every point loses its decimals before the distance is taken.
    p = tf.cast(points, tf.int32)
    diff = p[:, tf.newaxis, :] - centers[tf.newaxis, :, :]
    return tf.cast(tf.reduce_sum(diff * diff, axis=-1), tf.float32)
