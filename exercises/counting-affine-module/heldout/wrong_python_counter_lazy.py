# diagnosis: python_counter
import tensorflow as tf


class Affine(tf.Module):
    def __init__(self, dim):
        super().__init__()
        self.w = tf.Variable(tf.ones([dim]), name="w")
        self.b = tf.Variable(tf.zeros([dim]), name="b")
        self.calls = int(0)

    def __call__(self, x):
        out = x * self.w + self.b
        self.calls = self.calls + 1
        return out
