import tensorflow as tf


def first_nonfinite(named):
    """The name of the first tensor in `named` (a list of (name, tensor) pairs) that holds a NaN or an Inf.

    A None tensor (a missing gradient) is skipped. Returns None when every tensor is finite.
    """
    # TODO: walk through named in order, skip None,
    #       and return the name of the first tensor with any NaN or Inf in it.
    # TODO: return None when everything is finite.
    ...


if __name__ == "__main__":
    grads = [
        ("dense/kernel", tf.constant([[0.1, -0.2], [0.3, 0.4]])),
        ("dense/bias", None),
        ("head/kernel", tf.constant([1.0, float("nan"), 2.0])),
        ("head/bias", tf.constant([float("inf")], tf.float16)),
    ]
    print(first_nonfinite(grads))       # expected: head/kernel
    print(first_nonfinite(grads[:2]))   # expected: None
