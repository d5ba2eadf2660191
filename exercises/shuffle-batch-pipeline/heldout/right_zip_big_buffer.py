import tensorflow as tf


def make_dataset(pixels, labels, batch_size, seed):
    xs = tf.data.Dataset.from_tensor_slices(tf.cast(pixels, tf.float32) / 255.0)
    ys = tf.data.Dataset.from_tensor_slices(labels)
    ds = tf.data.Dataset.zip((xs, ys))
    ds = ds.shuffle(buffer_size=50_000, seed=seed, reshuffle_each_iteration=True)
    ds = ds.batch(batch_size, drop_remainder=True)
    return ds.prefetch(2)
