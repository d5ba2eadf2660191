# right: a Python branch on the measured norm, clipping only when it is above the threshold
import tensorflow as tf


def train_step(model, optimizer, loss_fn, x, y, clip_norm):
    with tf.GradientTape() as tape:
        pred = model(x, training=True)
        loss = loss_fn(y, pred)
    variables = model.trainable_weights
    grads = tape.gradient(loss, variables)
    norm = tf.linalg.global_norm(grads)
    if float(norm) > clip_norm:
        grads = [g * (clip_norm / norm) for g in grads]
    optimizer.apply_gradients(zip(grads, variables))
    return norm
