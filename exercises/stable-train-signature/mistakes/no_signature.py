# diagnosis: no_signature
import tensorflow as tf


def make_train_step(w):
    @tf.function   # every new batch size and every new Python lr value traces again
    def step(x, y, lr):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(x @ w - y))
        w.assign_sub(lr * tape.gradient(loss, w))
        return loss

    return step
