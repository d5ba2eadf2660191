# diagnosis: value_clip
import tensorflow as tf


def train_step(model, optimizer, loss_fn, x, y, clip_norm):
    with tf.GradientTape() as tape:
        loss = loss_fn(y, model(x, training=True))
    grads = tape.gradient(loss, model.trainable_weights)
    norm = tf.linalg.global_norm(grads)
    clipped = [tf.clip_by_value(g, -clip_norm, clip_norm) for g in grads]
    optimizer.apply_gradients(zip(clipped, model.trainable_weights))
    return norm
