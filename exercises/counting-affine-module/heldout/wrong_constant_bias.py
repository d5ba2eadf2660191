# diagnosis: not_variable
import tensorflow as tf


class Affine(tf.Module):
    def __init__(self, dim):
        super().__init__()
        self.w = tf.Variable(tf.ones([dim]))
        self.b = tf.zeros([dim])
        self.calls = tf.Variable(0, dtype=tf.int64, trainable=False)

    def __call__(self, x):
        self.calls.assign_add(1)
        return x * self.w + self.b
