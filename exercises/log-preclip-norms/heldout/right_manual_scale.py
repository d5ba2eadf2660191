import math
import tensorflow as tf


def train_and_log(model, optimizer, loss_fn, batches, clip_norm):
    logged = []
    for x, y in batches:
        with tf.GradientTape() as tape:
            loss = loss_fn(y, model(x, training=True))
        grads = tape.gradient(loss, model.trainable_weights)
        total = math.sqrt(sum(float(tf.reduce_sum(tf.square(g))) for g in grads))
        logged.append(total)
        if math.isnan(total) or math.isinf(total):
            continue
        scale = min(1.0, clip_norm / total) if total > 0 else 1.0
        optimizer.apply_gradients([(g * scale, v) for g, v in zip(grads, model.trainable_weights)])
    return logged
