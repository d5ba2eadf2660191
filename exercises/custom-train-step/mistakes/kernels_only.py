# diagnosis: wrong_variables
import tensorflow as tf


def train_step(model, optimizer, loss_fn, x, y):
    with tf.GradientTape() as tape:
        pred = model(x, training=True)
        loss = loss_fn(y, pred)
    kernels = [layer.kernel for layer in model.layers if layer.trainable]  # the biases are left out
    grads = tape.gradient(loss, kernels)
    optimizer.apply_gradients(zip(grads, kernels))
    return loss
