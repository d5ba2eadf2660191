# right: the global norm and the common factor written out by hand
import tensorflow as tf


def train_step(model, optimizer, loss_fn, x, y, clip_norm):
    with tf.GradientTape() as tape:
        pred = model(x, training=True)
        loss = loss_fn(y, pred)
    variables = model.trainable_variables
    grads = tape.gradient(loss, variables)
    norm = tf.sqrt(tf.add_n([tf.reduce_sum(tf.square(g)) for g in grads]))
    factor = clip_norm / tf.maximum(norm, clip_norm)
    optimizer.apply_gradients(zip([g * factor for g in grads], variables))
    return norm
