# diagnosis: sign_flipped
import tensorflow as tf


def cos(p, z):
    return tf.reduce_mean(tf.reduce_sum(tf.math.l2_normalize(p, -1) * tf.math.l2_normalize(z, -1), -1))


def simsiam_loss(encoder, predictor, view_a, view_b):
    z_a, z_b = encoder(view_a), encoder(view_b)
    p_a, p_b = predictor(z_a), predictor(z_b)
    return 0.5 * cos(p_a, tf.stop_gradient(z_b)) + 0.5 * cos(p_b, tf.stop_gradient(z_a))
