import tensorflow as tf


def first_nonfinite(named):
    """The name of the first tensor in `named` (a list of (name, tensor) pairs) that holds a NaN or an Inf.

    A None tensor (a missing gradient) is skipped. Returns None when every tensor is finite.
    """
    # TODO: named를 순서대로 돌면서, None은 건너뛰고,
    #       NaN이나 Inf가 하나라도 있는 첫 tensor의 이름을 return해.
    # TODO: 다 정상이면 None을 return해.
    ...


if __name__ == "__main__":
    grads = [
        ("dense/kernel", tf.constant([[0.1, -0.2], [0.3, 0.4]])),
        ("dense/bias", None),
        ("head/kernel", tf.constant([1.0, float("nan"), 2.0])),
        ("head/bias", tf.constant([float("inf")], tf.float16)),
    ]
    print(first_nonfinite(grads))       # 기대값: head/kernel
    print(first_nonfinite(grads[:2]))   # 기대값: None
