# diagnosis: cast_points_to_int
import tensorflow as tf


def sq_distances(points, centers):
    # make both integer so the dtypes match
    pts = tf.cast(points, centers.dtype)
    d = tf.expand_dims(pts, 1) - tf.expand_dims(centers, 0)
    return tf.cast(tf.reduce_sum(d ** 2, axis=2), tf.float32)
