# diagnosis: mean_in_norm
import tensorflow as tf


def train_step(model, optimizer, loss_fn, x, y, clip_norm):
    with tf.GradientTape() as tape:
        pred = model(x, training=True)
        loss = loss_fn(y, pred)
    variables = model.trainable_weights
    grads = tape.gradient(loss, variables)
    flat = tf.concat([tf.reshape(g, [-1]) for g in grads], axis=0)
    norm = tf.sqrt(tf.reduce_mean(tf.square(flat)))
    scale = tf.minimum(1.0, clip_norm / norm)
    optimizer.apply_gradients(zip([g * scale for g in grads], variables))
    return norm
