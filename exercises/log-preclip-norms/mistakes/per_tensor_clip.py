# diagnosis: per_tensor_clip
import numpy as np
import tensorflow as tf


def train_and_log(model, optimizer, loss_fn, batches, clip_norm):
    log = []
    for x, y in batches:
        with tf.GradientTape() as tape:
            loss = loss_fn(y, model(x, training=True))
        grads = tape.gradient(loss, model.trainable_weights)
        _, norm = tf.clip_by_global_norm(grads, clip_norm)
        log.append(float(norm))
        if np.isfinite(log[-1]):
            optimizer.apply_gradients([(tf.clip_by_norm(g, clip_norm), v) for g, v in zip(grads, model.trainable_weights)])
    return np.array(log)
