# diagnosis: not_symmetric
import tensorflow as tf


def D(p, z):
    p = tf.math.l2_normalize(p, axis=-1)
    z = tf.math.l2_normalize(z, axis=-1)
    return -tf.reduce_mean(tf.reduce_sum(p * z, axis=-1))


def simsiam_loss(encoder, predictor, view_a, view_b):
    p = predictor(encoder(view_a))
    z = tf.stop_gradient(encoder(view_b))
    return D(p, z)
