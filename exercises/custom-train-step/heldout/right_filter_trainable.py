# right: the trainable variables picked from model.weights by their flag, the MSE written out
import tensorflow as tf


def train_step(model, optimizer, loss_fn, x, y):
    learnable = [w for w in model.weights if w.trainable]
    with tf.GradientTape() as tape:
        pred = model(x, training=True)
        loss = tf.reduce_mean(tf.square(y - pred))
    grads = tape.gradient(loss, learnable)
    optimizer.apply_gradients(list(zip(grads, learnable)))
    return loss
