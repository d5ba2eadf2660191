import tensorflow as tf


def sq_distances(points, centers):
    """Squared distances between every point (float32, (n, d)) and every grid center (int32, (k, d)): (n, k)."""
    # TODO 1: match the dtypes (which side can change without damaging the values?)
    # TODO 2: insert axes to stand them up as (n, 1, d) and (1, k, d), then subtract
    # TODO 3: sum the squares over the coordinate axis and return (n, k)
    ...


if __name__ == "__main__":
    points = tf.constant([[0.5, 0.0], [2.0, 1.5], [-1.0, 0.5]])
    centers = tf.constant([[0, 0], [2, 2]])
    dist = sq_distances(points, centers)
    print("result:", dist)
    print("expected: [[0.25 6.25] [6.25 0.25] [1.25 11.25]], shape (3, 2), dtype=float32")
