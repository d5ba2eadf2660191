# diagnosis: online_updated
import tensorflow as tf


def byol_loss(online_encoder, predictor, target_encoder, view_a, view_b):
    p = tf.math.l2_normalize(predictor(online_encoder(view_a)), axis=-1)
    z = tf.math.l2_normalize(tf.stop_gradient(target_encoder(view_b)), axis=-1)
    return tf.reduce_mean(tf.reduce_sum(tf.square(p - z), axis=-1))


def ema_update(target_encoder, online_encoder, tau):
    for o, t in zip(online_encoder.weights, target_encoder.weights):
        o.assign(tau * o + (1.0 - tau) * t)
