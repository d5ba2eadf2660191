# diagnosis: forward_outside_tape
import tensorflow as tf


def train_step(model, optimizer, loss_fn, x, y):
    pred = model(x, training=True)
    with tf.GradientTape() as tape:
        loss = loss_fn(y, pred)
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    return loss
