# diagnosis: forgot_unscale
import tensorflow as tf


def scaled_clip_step(model, optimizer, x, y, loss_scale, clip_norm):
    with tf.GradientTape() as tape:
        pred = tf.cast(model(x), tf.float32)
        loss = tf.reduce_mean((pred - y) ** 2) * loss_scale
    grads = tape.gradient(loss, model.trainable_variables)
    clipped, norm = tf.clip_by_global_norm(grads, clip_norm)
    if tf.math.is_finite(norm):
        optimizer.apply_gradients(zip(clipped, model.trainable_variables))
        return norm, loss_scale
    return norm, loss_scale / 2
