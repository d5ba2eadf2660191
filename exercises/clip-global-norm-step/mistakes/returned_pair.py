# diagnosis: returned_pair
import tensorflow as tf


def train_step(model, optimizer, loss_fn, x, y, clip_norm):
    with tf.GradientTape() as tape:
        loss = loss_fn(y, model(x, training=True))
    grads = tape.gradient(loss, model.trainable_weights)
    result = tf.clip_by_global_norm(grads, clip_norm)
    optimizer.apply_gradients(zip(result[0], model.trainable_weights))
    return result  # the whole (clipped list, norm) pair instead of the norm
