# diagnosis: norm_after_clip
import numpy as np
import tensorflow as tf


def train_and_log(model, optimizer, loss_fn, batches, clip_norm):
    norms = []
    for x, y in batches:
        with tf.GradientTape() as tape:
            pred = model(x, training=True)
            loss = loss_fn(y, pred)
        grads = tape.gradient(loss, model.trainable_weights)
        clipped, _ = tf.clip_by_global_norm(grads, clip_norm)
        norm = tf.linalg.global_norm(clipped)
        norms.append(norm.numpy())
        if tf.math.is_finite(norm):
            optimizer.apply_gradients(zip(clipped, model.trainable_weights))
    return np.array(norms)
