# diagnosis: counter_dtype
import tensorflow as tf


class Affine(tf.Module):
    def __init__(self, dim):
        super().__init__()
        self.w = tf.Variable(tf.ones([dim]))
        self.b = tf.Variable(tf.zeros([dim]))
        self.calls = tf.Variable(0.0, trainable=False)

    def __call__(self, x):
        self.calls.assign_add(1.0)
        return x * self.w + self.b
