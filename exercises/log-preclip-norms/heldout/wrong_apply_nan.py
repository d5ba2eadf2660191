# diagnosis: applied_nonfinite
import tensorflow as tf


def train_and_log(model, optimizer, loss_fn, batches, clip_norm):
    optimizer.global_clipnorm = clip_norm          # the optimizer clips every step for me
    norms = []
    for x, y in batches:
        with tf.GradientTape() as tape:
            loss = loss_fn(y, model(x, training=True))
        grads = tape.gradient(loss, model.trainable_weights)
        norms.append(float(tf.linalg.global_norm(grads)))
        optimizer.apply_gradients(zip(grads, model.trainable_weights))
    return norms
