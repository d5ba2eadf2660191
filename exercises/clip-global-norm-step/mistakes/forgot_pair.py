# diagnosis: forgot_pair
import tensorflow as tf


def train_step(model, optimizer, loss_fn, x, y, clip_norm):
    with tf.GradientTape() as tape:
        loss = loss_fn(y, model(x, training=True))
    grads = tape.gradient(loss, model.trainable_weights)
    norm = tf.linalg.global_norm(grads)
    # clip_by_global_norm returns (list, norm); zipping the pair pairs the whole list with the first weight.
    grads = tf.clip_by_global_norm(grads, clip_norm)
    optimizer.apply_gradients(zip(grads, model.trainable_weights))
    return norm
