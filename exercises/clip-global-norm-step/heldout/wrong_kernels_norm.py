# diagnosis: norm_wrong_set
import tensorflow as tf


def train_step(model, optimizer, loss_fn, x, y, clip_norm):
    with tf.GradientTape() as tape:
        pred = model(x, training=True)
        loss = loss_fn(y, pred)
    variables = model.trainable_weights
    grads = tape.gradient(loss, variables)
    # the biases are tiny, the kernels are what explodes
    kernel_grads = [g for g, v in zip(grads, variables) if "kernel" in v.path]
    norm = tf.linalg.global_norm(kernel_grads)
    clipped, _ = tf.clip_by_global_norm(grads, clip_norm, use_norm=norm)
    optimizer.apply_gradients(zip(clipped, variables))
    return norm
