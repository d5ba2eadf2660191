# diagnosis: python_lr
import tensorflow as tf


def make_train_step(w):
    @tf.function(reduce_retracing=True)   # generalizes the batch axis, but each Python lr value still retraces
    def step(x, y, lr):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(x @ w - y))
        w.assign_sub(lr * tape.gradient(loss, w))
        return loss

    return step
