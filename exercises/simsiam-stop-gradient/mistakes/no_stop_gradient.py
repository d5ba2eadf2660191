# diagnosis: no_stop_gradient
import tensorflow as tf


def simsiam_loss(encoder, predictor, view_a, view_b):
    z_a, z_b = encoder(view_a), encoder(view_b)
    p_a, p_b = predictor(z_a), predictor(z_b)
    cos_ab = tf.reduce_sum(tf.math.l2_normalize(p_a, -1) * tf.math.l2_normalize(z_b, -1), -1)   # z_b not stopped
    cos_ba = tf.reduce_sum(tf.math.l2_normalize(p_b, -1) * tf.math.l2_normalize(z_a, -1), -1)
    return -0.5 * (tf.reduce_mean(cos_ab) + tf.reduce_mean(cos_ba))
