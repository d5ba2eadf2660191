import tensorflow as tf


def sq_distances(points, centers):
    """Squared distances between every point (float32, (n, d)) and every grid center (int32, (k, d)): (n, k)."""
    # Cast the integer side: casting the points to int would truncate their decimals.
    c = tf.cast(centers, tf.float32)
    # (n, 1, d) - (1, k, d) broadcasts to (n, k, d): every point against every center.
    diff = points[:, tf.newaxis, :] - c[tf.newaxis, :, :]
    return tf.reduce_sum(diff ** 2, axis=-1)


if __name__ == "__main__":
    points = tf.constant([[0.5, 0.0], [2.0, 1.5], [-1.0, 0.5]])
    centers = tf.constant([[0, 0], [2, 2]])
    print(sq_distances(points, centers))
