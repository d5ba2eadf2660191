import tensorflow as tf


def feature_mean(ds):
    batches = [b for b in ds]
    return tf.reduce_mean(tf.concat(batches, axis=0), axis=0)
