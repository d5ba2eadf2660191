# diagnosis: mean_not_sum
import tensorflow as tf


def sq_distances(points, centers):
    c = tf.cast(centers, tf.float32)
    diff = tf.expand_dims(points, axis=1) - tf.expand_dims(c, axis=0)
    return tf.reduce_mean(tf.square(diff), axis=-1)
