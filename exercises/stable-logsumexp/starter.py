import tensorflow as tf


def logsumexp(x):
    """log(sum(exp(x))) over the last axis of a (batch, n) tensor, without overflow or log(0).

    Returns shape (batch,) in x's dtype (float16 or float32).
    """
    # TODO 1: 행마다(마지막 축) 최댓값 m을 구해. 나중에 x와 다시 계산하니까 shape을 잘 봐.
    # TODO 2: x - m에 exp를 씌워 마지막 축으로 더하고 log를 취해.
    # TODO 3: m을 다시 더해서 shape (batch,)로 return해. dtype은 x와 같아야 해.
    # tf.reduce_logsumexp는 쓰지 마 (직접 만들어 보는 과제야).
    ...


if __name__ == "__main__":
    x = tf.constant([[1.0, 2.0, 3.0],
                     [1000.0, 1001.0, 1002.0],
                     [-1000.0, -1001.0, -1002.0]])
    print(logsumexp(x))
    print("기대값: [3.4076 1002.4076 -999.5924]")
    print(logsumexp(tf.constant([[10.0, 11.0, 12.0]], tf.float16)))
    print("기대값: [12.41] (float16)")
