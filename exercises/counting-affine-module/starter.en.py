import tensorflow as tf


class Affine(tf.Module):
    """y = x * w + b, element-wise, counting its own calls in a non-trainable Variable."""

    def __init__(self, dim):
        super().__init__()
        # TODO 1: self.w: a float32 Variable to train, shape (dim,), all 1 at first
        # TODO 2: self.b: a float32 Variable to train, shape (dim,), all 0 at first
        # TODO 3: self.calls: an integer Variable that is not trained, starting at 0
        ...

    def __call__(self, x):
        # TODO 4: add 1 to the call count in place, return x * w + b
        ...


if __name__ == "__main__":
    layer = Affine(3)
    print(layer(tf.constant([[1.0, 2.0, 3.0]])))
    print("calls:", layer.calls)
    print("trainable:", [v.shape for v in layer.trainable_variables])
    print("expected: [[1. 2. 3.]], calls 1, 2 trainable Variables")
