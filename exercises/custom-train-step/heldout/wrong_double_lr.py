# diagnosis: lr_applied_twice
import tensorflow as tf


def train_step(model, optimizer, loss_fn, x, y):
    with tf.GradientTape() as tape:
        pred = model(x, training=True)
        loss = loss_fn(y, pred)
    grads = tape.gradient(loss, model.trainable_variables)
    lr = float(optimizer.learning_rate)
    scaled = [lr * g for g in grads]
    optimizer.apply_gradients(zip(scaled, model.trainable_variables))
    return loss
