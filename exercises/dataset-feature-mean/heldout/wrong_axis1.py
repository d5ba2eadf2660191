# diagnosis: wrong_axis
import tensorflow as tf


def feature_mean(ds):
    everything = tf.concat([b for b in ds], axis=0)
    return tf.reduce_mean(everything, axis=1)
