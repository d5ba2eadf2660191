import tensorflow as tf


def row_shares(counts):
    """Each row of an int32 count table divided by its row sum, as float32."""
    # TODO 1: 정수 count를 float32로 바꾸기 (언제 바꾸는지가 중요해)
    # TODO 2: 행마다 합 구하기 (결과 shape이 (n, 1)이어야 broadcasting이 행을 따라가)
    # TODO 3: 나눠서 return
    ...


if __name__ == "__main__":
    counts = tf.constant([[1, 3], [2, 2], [0, 5]])
    shares = row_shares(counts)
    print("결과:", shares)
    print("기대값: [[0.25 0.75] [0.5 0.5] [0. 1.]], dtype=float32")
