# diagnosis: applied_overflow
import tensorflow as tf


def scaled_clip_step(model, optimizer, x, y, loss_scale, clip_norm):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(tf.cast(model(x), tf.float32) - y))
        scaled = loss * loss_scale
    grads = [g / loss_scale for g in tape.gradient(scaled, model.trainable_variables)]
    clipped, norm = tf.clip_by_global_norm(grads, clip_norm)
    optimizer.apply_gradients(zip(clipped, model.trainable_variables))
    new_scale = loss_scale if tf.math.is_finite(norm) else loss_scale / 2
    return norm, new_scale
