# diagnosis: applied_overflow
import tensorflow as tf


def scaled_clip_step(model, optimizer, x, y, loss_scale, clip_norm):
    variables = model.trainable_variables
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(tf.cast(model(x), tf.float32) - y))
        scaled_loss = loss * loss_scale
    grads = [g / loss_scale for g in tape.gradient(scaled_loss, variables)]
    norm = tf.linalg.global_norm(grads)
    clipped, _ = tf.clip_by_global_norm(grads, clip_norm)
    optimizer.apply_gradients(zip(clipped, variables))     # applied even when norm is inf or nan
    if not tf.math.is_finite(norm):
        return norm, loss_scale / 2.0
    return norm, loss_scale
