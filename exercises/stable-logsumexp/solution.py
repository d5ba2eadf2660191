import tensorflow as tf


def logsumexp(x):
    """log(sum(exp(x))) over the last axis of a (batch, n) tensor, without overflow or log(0).

    Returns shape (batch,) in x's dtype (float16 or float32).
    """
    m = tf.reduce_max(x, axis=-1, keepdims=True)              # each row's own maximum, shape (batch, 1)
    s = tf.reduce_sum(tf.exp(x - m), axis=-1, keepdims=True)  # every term <= 1, the largest is exactly 1
    return tf.squeeze(m + tf.math.log(s), axis=-1)


if __name__ == "__main__":
    x = tf.constant([[1.0, 2.0, 3.0],
                     [1000.0, 1001.0, 1002.0],
                     [-1000.0, -1001.0, -1002.0]])
    print(logsumexp(x).numpy())                                         # [3.4076 1002.4076 -999.5924]
    print(logsumexp(tf.constant([[10.0, 11.0, 12.0]], tf.float16)).numpy())  # [12.41]
