# diagnosis: global_max
import tensorflow as tf


def logsumexp(x):
    # 제일 큰 값 하나만 빼면 되겠지
    big = tf.reduce_max(x)
    total = tf.reduce_sum(tf.exp(x - big), axis=1)
    return big + tf.math.log(total)
