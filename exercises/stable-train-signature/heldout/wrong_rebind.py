# diagnosis: rebound_weight
import tensorflow as tf


def make_train_step(w):
    @tf.function(input_signature=[tf.TensorSpec([None, 3]), tf.TensorSpec([None, 1]), tf.TensorSpec([])])
    def step(x, y, lr):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(x @ w - y))
        grad = tape.gradient(loss, w)
        new_w = w - lr * grad
        return loss

    return step
