# diagnosis: pairs_broken
import tensorflow as tf


def make_dataset(pixels, labels, batch_size, seed):
    n = int(pixels.shape[0])
    xs = tf.data.Dataset.from_tensor_slices(pixels).shuffle(n, seed=seed)
    ys = tf.data.Dataset.from_tensor_slices(labels).shuffle(n, seed=seed + 1)
    ds = tf.data.Dataset.zip((xs, ys)).map(lambda x, y: (tf.cast(x, tf.float32) / 255.0, y))
    return ds.batch(batch_size, drop_remainder=True).prefetch(tf.data.AUTOTUNE)
