import tensorflow as tf


def feature_mean(ds):
    d = ds.element_spec.shape[-1]
    init = (tf.zeros([d]), tf.constant(0.0))
    total, count = ds.reduce(init, lambda s, b: (s[0] + tf.reduce_sum(b, axis=0),
                                                  s[1] + tf.cast(tf.shape(b)[0], tf.float32)))
    return total / count
