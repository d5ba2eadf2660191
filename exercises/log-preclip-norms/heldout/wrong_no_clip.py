# diagnosis: no_clip
import numpy as np
import tensorflow as tf


def train_and_log(model, optimizer, loss_fn, batches, clip_norm):
    norms = []
    for x, y in batches:
        with tf.GradientTape() as tape:
            loss = loss_fn(y, model(x, training=True))
        grads = tape.gradient(loss, model.trainable_weights)
        norm = tf.linalg.global_norm(grads)
        norms.append(float(norm))
        if tf.math.is_finite(norm):
            tf.clip_by_global_norm(grads, clip_norm)
            optimizer.apply_gradients(zip(grads, model.trainable_weights))
    return np.array(norms)
