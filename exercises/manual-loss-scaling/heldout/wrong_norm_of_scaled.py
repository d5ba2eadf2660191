# diagnosis: norm_scaled
import tensorflow as tf


def scaled_clip_step(model, optimizer, x, y, loss_scale, clip_norm):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(tf.cast(model(x), tf.float32) - y))
        scaled_loss = loss * loss_scale
    scaled_grads = tape.gradient(scaled_loss, model.trainable_variables)
    norm = tf.linalg.global_norm(scaled_grads)          # logged before unscaling
    if not tf.math.is_finite(norm):
        return norm, loss_scale / 2
    grads = [g / loss_scale for g in scaled_grads]
    clipped, _ = tf.clip_by_global_norm(grads, clip_norm)
    optimizer.apply_gradients(zip(clipped, model.trainable_variables))
    return norm, loss_scale
