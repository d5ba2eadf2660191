# diagnosis: scale_raised
import tensorflow as tf


def scaled_clip_step(model, optimizer, x, y, loss_scale, clip_norm):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(tf.cast(model(x), tf.float32) - y))
        scaled_loss = loss * loss_scale
    grads = [g / loss_scale for g in tape.gradient(scaled_loss, model.trainable_variables)]
    norm = tf.linalg.global_norm(grads)
    if tf.math.is_finite(norm):
        clipped, _ = tf.clip_by_global_norm(grads, clip_norm)
        optimizer.apply_gradients(zip(clipped, model.trainable_variables))
        return norm, loss_scale
    return norm, loss_scale * 2   # try a bigger scale next time
