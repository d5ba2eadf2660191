import tensorflow as tf


def scaled_clip_step(model, optimizer, x, y, loss_scale, clip_norm):
    with tf.GradientTape() as tape:
        err = tf.cast(model(x), tf.float32) - y
        loss = tf.reduce_mean(err * err)
        scaled_loss = loss * loss_scale
    grads = tape.gradient(scaled_loss, model.trainable_variables)
    grads = [tf.math.divide(g, loss_scale) for g in grads]
    clipped, norm = tf.clip_by_global_norm(grads, clip_norm)
    if not bool(tf.math.is_finite(norm)):
        return float(norm), loss_scale / 2.0
    lr = float(optimizer.learning_rate)
    for v, g in zip(model.trainable_variables, clipped):
        v.assign_sub(lr * g)
    return float(norm), float(loss_scale)
