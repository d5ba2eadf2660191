# diagnosis: l1_distance
import tensorflow as tf


def sq_distances(points, centers):
    c = tf.cast(centers, tf.float32)
    return tf.reduce_sum(tf.abs(points[:, tf.newaxis] - c[tf.newaxis]), axis=-1)
