# diagnosis: first_batch_only
import tensorflow as tf


def feature_mean(ds):
    x = next(iter(ds))
    return tf.reduce_mean(x, axis=0)
