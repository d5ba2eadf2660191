# diagnosis: per_tensor_clip
import tensorflow as tf


def train_step(model, optimizer, loss_fn, x, y, clip_norm):
    with tf.GradientTape() as tape:
        loss = loss_fn(y, model(x, training=True))
    grads = tape.gradient(loss, model.trainable_weights)
    global_norm = tf.linalg.global_norm(grads)
    # Each tensor is cut to clip_norm on its own: small ones stay, big ones shrink, the direction turns.
    clipped = [tf.clip_by_norm(g, clip_norm) for g in grads]
    optimizer.apply_gradients(zip(clipped, model.trainable_weights))
    return global_norm
