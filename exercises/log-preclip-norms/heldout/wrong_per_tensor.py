# diagnosis: per_tensor_clip
import numpy as np
import tensorflow as tf


def train_and_log(model, optimizer, loss_fn, batches, clip_norm):
    history = []
    for x, y in batches:
        with tf.GradientTape() as tape:
            loss = loss_fn(y, model(x, training=True))
        grads = tape.gradient(loss, model.trainable_weights)
        norm = tf.linalg.global_norm(grads)
        history.append(float(norm))
        if tf.math.is_finite(norm):
            grads = [tf.clip_by_norm(g, clip_norm) for g in grads]
            optimizer.apply_gradients(zip(grads, model.trainable_weights))
    return np.asarray(history)
