import tensorflow as tf


class Affine(tf.Module):
    """y = x * w + b, element-wise, counting its own calls in a non-trainable Variable."""

    def __init__(self, dim):
        super().__init__()
        # Created once here: creating them in __call__ would reset them on every call.
        self.w = tf.Variable(tf.ones([dim]), name="w")
        self.b = tf.Variable(tf.zeros([dim]), name="b")
        # State, not a parameter: kept out of trainable_variables, yet saved with the module.
        self.calls = tf.Variable(0, dtype=tf.int64, trainable=False, name="calls")

    def __call__(self, x):
        # An op, so it also runs on every call of a tf.function, not only when it is traced.
        self.calls.assign_add(1)
        return x * self.w + self.b


if __name__ == "__main__":
    layer = Affine(3)
    print(layer(tf.constant([[1.0, 2.0, 3.0]])))
    print("calls:", layer.calls)
    print("trainable:", [v.shape for v in layer.trainable_variables])
