# diagnosis: always_scaled
import numpy as np
import tensorflow as tf


def train_and_log(model, optimizer, loss_fn, batches, clip_norm):
    out = []
    for x, y in batches:
        with tf.GradientTape() as tape:
            loss = loss_fn(y, model(x, training=True))
        grads = tape.gradient(loss, model.trainable_weights)
        n = tf.sqrt(tf.add_n([tf.reduce_sum(g * g) for g in grads]))
        out.append(float(n))
        if np.isfinite(out[-1]):
            scaled = [g * (clip_norm / n) for g in grads]      # rescale to norm clip_norm
            optimizer.apply_gradients(zip(scaled, model.trainable_weights))
    return np.array(out)
