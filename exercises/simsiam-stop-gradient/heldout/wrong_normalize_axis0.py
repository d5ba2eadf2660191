# diagnosis: wrong_axis
import tensorflow as tf


def D(p, z):
    p = tf.math.l2_normalize(p, axis=0)
    z = tf.math.l2_normalize(z, axis=0)
    return -tf.reduce_mean(tf.reduce_sum(p * z, axis=1))


def simsiam_loss(encoder, predictor, view_a, view_b):
    z_a, z_b = encoder(view_a), encoder(view_b)
    p_a, p_b = predictor(z_a), predictor(z_b)
    return 0.5 * D(p_a, tf.stop_gradient(z_b)) + 0.5 * D(p_b, tf.stop_gradient(z_a))
