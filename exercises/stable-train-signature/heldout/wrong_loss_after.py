# diagnosis: loss_after_update
import tensorflow as tf


def make_train_step(w):
    @tf.function(input_signature=[tf.TensorSpec([None, 3]), tf.TensorSpec([None, 1]), tf.TensorSpec([])])
    def step(x, y, lr):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(x @ w - y))
        w.assign_sub(lr * tape.gradient(loss, w))
        return tf.reduce_mean(tf.square(x @ w - y))

    return step
