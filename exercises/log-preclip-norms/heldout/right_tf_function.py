import numpy as np
import tensorflow as tf


def train_and_log(model, optimizer, loss_fn, batches, clip_norm):
    @tf.function
    def step(x, y):
        with tf.GradientTape() as tape:
            loss = loss_fn(y, model(x, training=True))
        grads = tape.gradient(loss, model.trainable_weights)
        clipped, norm = tf.clip_by_global_norm(grads, clip_norm)
        if tf.math.is_finite(norm):
            optimizer.apply_gradients(zip(clipped, model.trainable_weights))
        return norm                       # returned, so it is a real number on every call

    return np.array([float(step(x, y)) for x, y in batches])
