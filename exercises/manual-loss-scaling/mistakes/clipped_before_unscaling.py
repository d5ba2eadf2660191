# diagnosis: clipped_before_unscaling
import tensorflow as tf


def scaled_clip_step(model, optimizer, x, y, loss_scale, clip_norm):
    variables = model.trainable_variables
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(tf.cast(model(x), tf.float32) - y))
        scaled_loss = loss * loss_scale
    scaled_grads = tape.gradient(scaled_loss, variables)
    clipped, scaled_norm = tf.clip_by_global_norm(scaled_grads, clip_norm)   # clipped at the scaled size
    norm = scaled_norm / loss_scale
    if not tf.math.is_finite(norm):
        return norm, loss_scale / 2.0
    optimizer.apply_gradients(zip([g / loss_scale for g in clipped], variables))
    return norm, loss_scale
