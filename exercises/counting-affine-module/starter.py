import tensorflow as tf


class Affine(tf.Module):
    """y = x * w + b, element-wise, counting its own calls in a non-trainable Variable."""

    def __init__(self, dim):
        super().__init__()
        # TODO 1: self.w: 학습할 float32 Variable, shape (dim,), 처음엔 모두 1
        # TODO 2: self.b: 학습할 float32 Variable, shape (dim,), 처음엔 모두 0
        # TODO 3: self.calls: 학습하지 않는 정수 Variable, 0에서 시작
        ...

    def __call__(self, x):
        # TODO 4: 호출 횟수를 제자리에서 1 늘리고, x * w + b를 return
        ...


if __name__ == "__main__":
    layer = Affine(3)
    print(layer(tf.constant([[1.0, 2.0, 3.0]])))
    print("calls:", layer.calls)
    print("trainable:", [v.shape for v in layer.trainable_variables])
    print("기대값: [[1. 2. 3.]], calls 1, trainable Variable 2개")
