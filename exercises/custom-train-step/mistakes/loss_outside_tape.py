# diagnosis: loss_outside_tape
import tensorflow as tf


def train_step(model, optimizer, loss_fn, x, y):
    with tf.GradientTape() as tape:
        pred = model(x, training=True)
    loss = loss_fn(y, pred)  # computed after the block: the tape never saw this op
    grads = tape.gradient(loss, model.trainable_weights)
    optimizer.apply_gradients(zip(grads, model.trainable_weights))
    return loss
