# diagnosis: norm_after_clip
import tensorflow as tf


def train_step(model, optimizer, loss_fn, x, y, clip_norm):
    with tf.GradientTape() as tape:
        loss = loss_fn(y, model(x, training=True))
    grads = tape.gradient(loss, model.trainable_weights)
    clipped, _ = tf.clip_by_global_norm(grads, clip_norm)
    optimizer.apply_gradients(zip(clipped, model.trainable_weights))
    return tf.linalg.global_norm(clipped)  # measured after clipping: never more than clip_norm
