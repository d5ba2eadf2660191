# diagnosis: applied_twice
import tensorflow as tf


def train_step(model, optimizer, loss_fn, x, y, clip_norm):
    with tf.GradientTape() as tape:
        pred = model(x, training=True)
        loss = loss_fn(y, pred)
    variables = model.trainable_weights
    grads = tape.gradient(loss, variables)
    optimizer.apply_gradients(zip(grads, variables))
    clipped, global_norm = tf.clip_by_global_norm(grads, clip_norm)
    optimizer.apply_gradients(zip(clipped, variables))
    return global_norm
