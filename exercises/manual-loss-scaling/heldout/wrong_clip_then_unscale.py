# diagnosis: clipped_before_unscaling
import tensorflow as tf


def scaled_clip_step(model, optimizer, x, y, loss_scale, clip_norm):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(tf.cast(model(x), tf.float32) - y))
        scaled_loss = loss * loss_scale
    grads = tape.gradient(scaled_loss, model.trainable_variables)
    grads, norm = tf.clip_by_global_norm(grads, clip_norm)
    norm = norm / loss_scale
    if not tf.math.is_finite(norm):
        return norm, loss_scale / 2
    grads = [g / loss_scale for g in grads]
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    return norm, loss_scale
