# diagnosis: python_lr
import tensorflow as tf


def make_train_step(w):
    @tf.function(reduce_retracing=True)
    def step(x, y, lr):
        lr = tf.constant(lr, dtype=tf.float32)
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(tf.matmul(x, w) - y))
        w.assign_sub(lr * tape.gradient(loss, w))
        return loss

    return step
