import tensorflow as tf


def make_train_step(w):
    spec = [tf.TensorSpec(shape=(None, None), dtype=tf.float32),
            tf.TensorSpec(shape=(None, None), dtype=tf.float32),
            tf.TensorSpec(shape=(), dtype=tf.float32)]

    def step(x, y, lr):
        err = tf.matmul(x, w) - y
        loss = tf.reduce_mean(err * err)
        n = tf.cast(tf.shape(x)[0], tf.float32)
        grad = 2.0 / n * tf.matmul(x, err, transpose_a=True)   # d mean(err^2) / dw
        w.assign(w - lr * grad)
        return loss

    return tf.function(step, input_signature=spec)
