# right: the optimizer clips (global_clipnorm) instead of tf.clip_by_global_norm
import tensorflow as tf


def train_step(model, optimizer, loss_fn, x, y, clip_norm):
    with tf.GradientTape() as tape:
        loss = loss_fn(y, model(x, training=True))
    grads = tape.gradient(loss, model.trainable_weights)
    optimizer.global_clipnorm = clip_norm
    optimizer.apply_gradients(zip(grads, model.trainable_weights))
    return tf.linalg.global_norm(grads)
