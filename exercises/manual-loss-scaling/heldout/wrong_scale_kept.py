# diagnosis: scale_not_lowered
import tensorflow as tf


def scaled_clip_step(model, optimizer, x, y, loss_scale, clip_norm):
    variables = model.trainable_variables
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(tf.cast(model(x), tf.float32) - y))
        scaled = loss * loss_scale
    grads = tape.gradient(scaled, variables)
    grads = [g / loss_scale for g in grads]
    norm = tf.linalg.global_norm(grads)
    if tf.math.is_finite(norm):
        clipped, _ = tf.clip_by_global_norm(grads, clip_norm)
        optimizer.apply_gradients(zip(clipped, variables))
    return norm, loss_scale
