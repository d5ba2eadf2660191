# diagnosis: logged_only_clipped
import numpy as np
import tensorflow as tf


def train_and_log(model, optimizer, loss_fn, batches, clip_norm):
    spikes = []
    for x, y in batches:
        with tf.GradientTape() as tape:
            loss = loss_fn(y, model(x, training=True))
        grads = tape.gradient(loss, model.trainable_weights)
        clipped, norm = tf.clip_by_global_norm(grads, clip_norm)
        norm = float(norm)
        if not np.isfinite(norm) or norm > clip_norm:
            spikes.append(norm)           # only the steps worth looking at
        if np.isfinite(norm):
            optimizer.apply_gradients(zip(clipped, model.trainable_weights))
    return np.array(spikes)
