import tensorflow as tf


def logsumexp(x):
    """log(sum(exp(x))) over the last axis of a (batch, n) tensor, without overflow or log(0).

    Returns shape (batch,) in x's dtype (float16 or float32).
    """
    # TODO 1: take each row's maximum m (last axis). You will compute with x again, so mind its shape.
    # TODO 2: exp of x - m, summed over the last axis, then the log.
    # TODO 3: add m back and return shape (batch,), in the same dtype as x.
    # Don't use tf.reduce_logsumexp (the point is to build it yourself).
    ...


if __name__ == "__main__":
    x = tf.constant([[1.0, 2.0, 3.0],
                     [1000.0, 1001.0, 1002.0],
                     [-1000.0, -1001.0, -1002.0]])
    print(logsumexp(x))
    print("expected: [3.4076 1002.4076 -999.5924]")
    print(logsumexp(tf.constant([[10.0, 11.0, 12.0]], tf.float16)))
    print("expected: [12.41] (float16)")
