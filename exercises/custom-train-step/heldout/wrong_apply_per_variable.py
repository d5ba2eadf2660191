# diagnosis: applied_per_variable
import tensorflow as tf


def train_step(model, optimizer, loss_fn, x, y):
    with tf.GradientTape() as tape:
        pred = model(x, training=True)
        loss = loss_fn(y, pred)
    variables = model.trainable_variables
    grads = tape.gradient(loss, variables)
    for g, v in zip(grads, variables):
        optimizer.apply_gradients([(g, v)])
    return loss
