# diagnosis: sum_not_mean
import tensorflow as tf


def feature_mean(ds):
    return ds.reduce(tf.constant(0.0), lambda acc, b: acc + tf.reduce_sum(b, axis=0))
