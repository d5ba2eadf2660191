# diagnosis: skipped_predictor
import tensorflow as tf


def simsiam_loss(encoder, predictor, view_a, view_b):
    z_a, z_b = encoder(view_a), encoder(view_b)
    a, b = tf.math.l2_normalize(z_a, -1), tf.math.l2_normalize(z_b, -1)   # no predictor
    return -0.5 * (tf.reduce_mean(tf.reduce_sum(a * tf.stop_gradient(b), -1))
                   + tf.reduce_mean(tf.reduce_sum(b * tf.stop_gradient(a), -1)))
