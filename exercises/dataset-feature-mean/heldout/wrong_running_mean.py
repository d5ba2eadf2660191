# diagnosis: mean_of_batch_means
import tensorflow as tf


def feature_mean(ds):
    avg = None
    k = 0
    for b in ds:
        k += 1
        m = tf.reduce_mean(b, axis=0)
        avg = m if avg is None else avg + (m - avg) / k   # 평균을 점점 갱신
    return avg
