# diagnosis: per_tensor_clip
import tensorflow as tf


def scaled_clip_step(model, optimizer, x, y, loss_scale, clip_norm):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(tf.cast(model(x), tf.float32) - y))
        scaled_loss = loss * loss_scale
    grads = [g / loss_scale for g in tape.gradient(scaled_loss, model.trainable_variables)]
    norm = tf.linalg.global_norm(grads)
    if not tf.math.is_finite(norm):
        return norm, loss_scale / 2
    clipped = [tf.clip_by_norm(g, clip_norm) for g in grads]
    optimizer.apply_gradients(zip(clipped, model.trainable_variables))
    return norm, loss_scale
