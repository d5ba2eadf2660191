# diagnosis: int_weight
import tensorflow as tf


class Affine(tf.Module):
    def __init__(self, dim):
        super().__init__()
        self.w = tf.Variable([1] * dim)
        self.b = tf.Variable([0.0] * dim)
        self.calls = tf.Variable(0, trainable=False)

    def __call__(self, x):
        self.calls.assign_add(1)
        return x * self.w + self.b
