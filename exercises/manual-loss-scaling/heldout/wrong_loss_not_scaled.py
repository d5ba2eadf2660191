# diagnosis: loss_not_scaled
import tensorflow as tf


def scaled_clip_step(model, optimizer, x, y, loss_scale, clip_norm):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(tf.cast(model(x), tf.float32) - y))
    grads = tape.gradient(loss, model.trainable_variables)
    grads = [g / loss_scale for g in grads]
    norm = tf.linalg.global_norm(grads)
    if not tf.math.is_finite(norm):
        return norm, loss_scale / 2
    clipped, _ = tf.clip_by_global_norm(grads, clip_norm)
    optimizer.apply_gradients(zip(clipped, model.trainable_variables))
    return norm, loss_scale
