# right: normalisation by hand, the EMA as a step towards online with assign_sub
import tensorflow as tf


def byol_loss(online_encoder, predictor, target_encoder, view_a, view_b):
    p = predictor(online_encoder(view_a))
    p = p / tf.norm(p, axis=-1, keepdims=True)
    z = tf.stop_gradient(target_encoder(view_b))
    z = z / tf.norm(z, axis=-1, keepdims=True)
    per_example = tf.reduce_sum((p - z) ** 2, axis=-1)
    return tf.reduce_mean(per_example)


def ema_update(target_encoder, online_encoder, tau):
    for i, t in enumerate(target_encoder.weights):
        t.assign_sub((1.0 - tau) * (t - online_encoder.weights[i]))
