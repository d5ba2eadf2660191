# diagnosis: skipped_predictor
import tensorflow as tf


def D(p, z):
    p = tf.math.l2_normalize(p, axis=-1)
    z = tf.math.l2_normalize(z, axis=-1)
    return -tf.reduce_mean(tf.reduce_sum(p * z, axis=-1))


def simsiam_loss(encoder, predictor, view_a, view_b):
    z1, z2 = encoder(view_a), encoder(view_b)
    return 0.5 * D(z1, tf.stop_gradient(z2)) + 0.5 * D(z2, tf.stop_gradient(z1))
