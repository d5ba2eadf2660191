# diagnosis: python_counter
import tensorflow as tf


class Affine(tf.Module):
    def __init__(self, dim):
        super().__init__()
        self.w = tf.Variable(tf.ones([dim]))
        self.b = tf.Variable(tf.zeros([dim]))
        self.calls = 0   # a Python int: counted while tracing only, never saved

    def __call__(self, x):
        self.calls += 1
        return x * self.w + self.b
