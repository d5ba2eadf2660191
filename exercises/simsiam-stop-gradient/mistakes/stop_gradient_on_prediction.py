# diagnosis: stop_gradient_on_prediction
import tensorflow as tf


def simsiam_loss(encoder, predictor, view_a, view_b):
    z_a, z_b = encoder(view_a), encoder(view_b)
    p_a = tf.math.l2_normalize(tf.stop_gradient(predictor(z_a)), -1)   # stops the side that should learn
    p_b = tf.math.l2_normalize(tf.stop_gradient(predictor(z_b)), -1)
    return -0.5 * (tf.reduce_mean(tf.reduce_sum(p_a * tf.math.l2_normalize(z_b, -1), -1))
                   + tf.reduce_mean(tf.reduce_sum(p_b * tf.math.l2_normalize(z_a, -1), -1)))
