# diagnosis: not_tf_function
import tensorflow as tf


def make_train_step(w):
    @tf.function(reduce_retracing=True)
    def _step(x, y, lr):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(x @ w - y))
        w.assign_sub(lr * tape.gradient(loss, w))
        return loss

    def step(x, y, lr):
        return _step(x, y, tf.constant(lr, tf.float32))

    return step
