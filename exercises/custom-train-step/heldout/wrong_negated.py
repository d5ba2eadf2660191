# diagnosis: gradient_ascent
import tensorflow as tf


def train_step(model, optimizer, loss_fn, x, y):
    with tf.GradientTape() as tape:
        pred = model(x, training=True)
        loss = loss_fn(y, pred)
    variables = model.trainable_variables
    grads = tape.gradient(loss, variables)
    # descent goes against the gradient
    optimizer.apply_gradients(zip([-g for g in grads], variables))
    return loss
