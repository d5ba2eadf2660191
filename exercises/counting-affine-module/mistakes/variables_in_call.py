# diagnosis: variables_recreated
import tensorflow as tf


class Affine(tf.Module):
    def __init__(self, dim):
        super().__init__()
        self.dim = dim
        self.calls = tf.Variable(0, dtype=tf.int64, trainable=False)
        self.w = tf.Variable(tf.ones([dim]))
        self.b = tf.Variable(tf.zeros([dim]))

    def __call__(self, x):
        self.calls.assign_add(1)
        # fresh weights on every call: whatever was learned is thrown away
        self.w = tf.Variable(tf.ones([self.dim]))
        self.b = tf.Variable(tf.zeros([self.dim]))
        return x * self.w + self.b
