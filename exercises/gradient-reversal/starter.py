import tensorflow as tf


def reverse_gradient(x, lam):
    """Forward: identity. Backward: the upstream gradient times -lam."""
    # TODO: 값은 x 그대로, x로 내려가는 gradient는 -lam * upstream이 되게 만들어.
    #       길은 두 가지야: x만 받는 안쪽 함수를 @tf.custom_gradient로 정의하거나 (forward 결과, grad 함수),
    #       tf.stop_gradient로 forward와 backward를 다르게 보이게 하거나.
    ...


if __name__ == "__main__":
    x = tf.constant([1.0, -2.0, 3.0])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = reverse_gradient(x, 0.5)
        loss = tf.reduce_sum(y * tf.constant([1.0, 2.0, 3.0])) if y is not None else None
    print("forward y:", y, "(기대: [1. -2. 3.])")
    if loss is not None:
        print("gradient:", tape.gradient(loss, x), "(기대: [-0.5 -1. -1.5])")
