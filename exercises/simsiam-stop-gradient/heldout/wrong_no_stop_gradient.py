# diagnosis: no_stop_gradient
import tensorflow as tf


def D(p, z):
    p = tf.math.l2_normalize(p, axis=-1)
    z = tf.math.l2_normalize(z, axis=-1)
    return -tf.reduce_mean(tf.reduce_sum(p * z, axis=-1))


def simsiam_loss(encoder, predictor, view_a, view_b):
    z1, z2 = encoder(view_a), encoder(view_b)
    p1, p2 = predictor(z1), predictor(z2)
    return D(p1, z2) / 2 + D(p2, z1) / 2
