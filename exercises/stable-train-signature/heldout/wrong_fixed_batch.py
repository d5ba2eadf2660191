# diagnosis: fixed_batch
import tensorflow as tf


def make_train_step(w):
    @tf.function(input_signature=[tf.TensorSpec([4, 3], tf.float32), tf.TensorSpec([4, 1], tf.float32),
                                  tf.TensorSpec([], tf.float32)])
    def step(x, y, lr):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean((x @ w - y) ** 2)
        g = tape.gradient(loss, w)
        w.assign_sub(lr * g)
        return loss

    return step
