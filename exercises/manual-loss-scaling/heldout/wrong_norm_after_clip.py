# diagnosis: norm_after_clip
import tensorflow as tf


def scaled_clip_step(model, optimizer, x, y, loss_scale, clip_norm):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(tf.cast(model(x), tf.float32) - y))
        scaled_loss = loss * loss_scale
    grads = [g / loss_scale for g in tape.gradient(scaled_loss, model.trainable_variables)]
    if not all(bool(tf.reduce_all(tf.math.is_finite(g))) for g in grads):
        return tf.linalg.global_norm(grads), loss_scale / 2
    clipped, _ = tf.clip_by_global_norm(grads, clip_norm)
    optimizer.apply_gradients(zip(clipped, model.trainable_variables))
    return tf.linalg.global_norm(clipped), loss_scale
