import tensorflow as tf


def sq_distances(points, centers):
    """Squared distances between every point (float32, (n, d)) and every grid center (int32, (k, d)): (n, k)."""
    # TODO 1: dtype 맞추기 (어느 쪽을 바꿔야 값이 안 망가질까?)
    # TODO 2: 축을 끼워 넣어서 (n, 1, d)와 (1, k, d)로 세우고 빼기
    # TODO 3: 좌표 축에 대해 제곱을 더해서 (n, k)로 return
    ...


if __name__ == "__main__":
    points = tf.constant([[0.5, 0.0], [2.0, 1.5], [-1.0, 0.5]])
    centers = tf.constant([[0, 0], [2, 2]])
    dist = sq_distances(points, centers)
    print("결과:", dist)
    print("기대값: [[0.25 6.25] [6.25 0.25] [1.25 11.25]], shape (3, 2), dtype=float32")
