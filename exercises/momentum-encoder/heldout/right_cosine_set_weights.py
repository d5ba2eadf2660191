# right: 2 - 2cos written as such, EMA through get_weights / set_weights
import tensorflow as tf


def byol_loss(online_encoder, predictor, target_encoder, view_a, view_b):
    p = tf.math.l2_normalize(predictor(online_encoder(view_a)), axis=1)
    z = tf.stop_gradient(tf.math.l2_normalize(target_encoder(view_b), axis=1))
    cos = tf.reduce_sum(p * z, axis=1)
    return tf.reduce_mean(2.0 - 2.0 * cos)


def ema_update(target_encoder, online_encoder, tau):
    new = [tau * t + (1 - tau) * o for t, o in zip(target_encoder.get_weights(), online_encoder.get_weights())]
    target_encoder.set_weights(new)
