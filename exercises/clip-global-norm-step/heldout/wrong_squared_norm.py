# diagnosis: squared_norm
import tensorflow as tf


def train_step(model, optimizer, loss_fn, x, y, clip_norm):
    with tf.GradientTape() as tape:
        pred = model(x, training=True)
        loss = loss_fn(y, pred)
    grads = tape.gradient(loss, model.trainable_weights)
    total = tf.add_n([tf.reduce_sum(g ** 2) for g in grads])   # global norm
    if total > clip_norm:
        grads = [g * clip_norm / total for g in grads]
    optimizer.apply_gradients(zip(grads, model.trainable_weights))
    return total
