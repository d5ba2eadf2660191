# diagnosis: unfroze_layers
import tensorflow as tf


def train_step(model, optimizer, loss_fn, x, y):
    for layer in model.layers:
        layer.trainable = True   # make sure every layer learns
    with tf.GradientTape() as tape:
        pred = model(x, training=True)
        loss = loss_fn(y, pred)
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    return loss
