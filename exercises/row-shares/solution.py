import tensorflow as tf


def row_shares(counts):
    """Each row of an int32 count table divided by its row sum, as float32."""
    # Cast first: int32 / int32 would give float64, and int32 // int32 only the quotient.
    c = tf.cast(counts, tf.float32)
    # keepdims leaves the row sums as (n, 1), which broadcasts along each row of (n, k).
    return c / tf.reduce_sum(c, axis=1, keepdims=True)


if __name__ == "__main__":
    counts = tf.constant([[1, 3], [2, 2], [0, 5]])
    print(row_shares(counts))
