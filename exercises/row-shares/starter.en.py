import tensorflow as tf


def row_shares(counts):
    """Each row of an int32 count table divided by its row sum, as float32."""
    # TODO 1: turn the integer counts into float32 (when you do it matters)
    # TODO 2: sum each row (shape (n, 1), so broadcasting follows the rows)
    # TODO 3: divide and return
    ...


if __name__ == "__main__":
    counts = tf.constant([[1, 3], [2, 2], [0, 5]])
    shares = row_shares(counts)
    print("result:", shares)
    print("expected: [[0.25 0.75] [0.5 0.5] [0. 1.]], dtype=float32")
