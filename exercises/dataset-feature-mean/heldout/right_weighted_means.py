import tensorflow as tf


def feature_mean(ds):
    means, sizes = [], []
    for b in ds:
        means.append(tf.reduce_mean(b, axis=0))
        sizes.append(float(b.shape[0]))
    w = tf.constant(sizes)[:, None]
    return tf.reduce_sum(tf.stack(means) * w, axis=0) / tf.reduce_sum(w)
