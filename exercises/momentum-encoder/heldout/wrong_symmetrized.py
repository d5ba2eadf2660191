# diagnosis: symmetrized_loss
import tensorflow as tf


def _half(online_encoder, predictor, target_encoder, a, b):
    p = tf.math.l2_normalize(predictor(online_encoder(a)), axis=-1)
    z = tf.math.l2_normalize(tf.stop_gradient(target_encoder(b)), axis=-1)
    return tf.reduce_mean(tf.reduce_sum(tf.square(p - z), axis=-1))


def byol_loss(online_encoder, predictor, target_encoder, view_a, view_b):
    # the paper symmetrises: both views take a turn as the online input
    return (_half(online_encoder, predictor, target_encoder, view_a, view_b)
            + _half(online_encoder, predictor, target_encoder, view_b, view_a))


def ema_update(target_encoder, online_encoder, tau):
    for t, o in zip(target_encoder.weights, online_encoder.weights):
        t.assign(tau * t + (1.0 - tau) * o)

