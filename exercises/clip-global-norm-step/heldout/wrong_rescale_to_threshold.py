# diagnosis: always_scaled
import tensorflow as tf


def train_step(model, optimizer, loss_fn, x, y, clip_norm):
    with tf.GradientTape() as tape:
        loss = loss_fn(y, model(x, training=True))
    grads = tape.gradient(loss, model.trainable_weights)
    norm = tf.linalg.global_norm(grads)
    # make the global norm equal to clip_norm
    grads = [g * (clip_norm / norm) for g in grads]
    optimizer.apply_gradients(zip(grads, model.trainable_weights))
    return norm
