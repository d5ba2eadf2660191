# diagnosis: no_pairs
import tensorflow as tf


def sq_distances(points, centers):
    centers = tf.cast(centers, tf.float32)
    return tf.reduce_sum(tf.square(points - centers), axis=1)
