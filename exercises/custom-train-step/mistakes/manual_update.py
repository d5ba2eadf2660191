# diagnosis: manual_update
import tensorflow as tf


def train_step(model, optimizer, loss_fn, x, y):
    with tf.GradientTape() as tape:
        loss = loss_fn(y, model(x, training=True))
    grads = tape.gradient(loss, model.trainable_weights)
    for g, w in zip(grads, model.trainable_weights):
        w.assign_sub(optimizer.learning_rate * g)  # right numbers for SGD, but the optimizer is bypassed
    return loss
