# diagnosis: clipped_twice
import tensorflow as tf


def train_step(model, optimizer, loss_fn, x, y, clip_norm):
    with tf.GradientTape() as tape:
        pred = model(x, training=True)
        loss = loss_fn(y, pred)
    grads = tape.gradient(loss, model.trainable_weights)
    # first make sure no single tensor is too big, then clip the whole thing
    grads = [tf.clip_by_norm(g, clip_norm) for g in grads]
    clipped, global_norm = tf.clip_by_global_norm(grads, clip_norm)
    optimizer.apply_gradients(zip(clipped, model.trainable_weights))
    return global_norm
