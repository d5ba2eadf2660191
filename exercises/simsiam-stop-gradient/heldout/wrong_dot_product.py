# diagnosis: forgot_normalize
import tensorflow as tf


def simsiam_loss(encoder, predictor, view_a, view_b):
    z_a, z_b = encoder(view_a), encoder(view_b)
    p_a, p_b = predictor(z_a), predictor(z_b)
    d1 = -tf.reduce_mean(tf.reduce_sum(p_a * tf.stop_gradient(z_b), axis=1))
    d2 = -tf.reduce_mean(tf.reduce_sum(p_b * tf.stop_gradient(z_a), axis=1))
    return 0.5 * (d1 + d2)
