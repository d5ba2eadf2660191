# diagnosis: prefetch_not_last
import tensorflow as tf


def make_dataset(pixels, labels, batch_size, seed):
    ds = tf.data.Dataset.from_tensor_slices((pixels, labels)).prefetch(tf.data.AUTOTUNE)
    ds = ds.shuffle(pixels.shape[0], seed=seed)
    ds = ds.map(lambda x, y: (tf.cast(x, tf.float32) / 255.0, y))
    return ds.batch(batch_size, drop_remainder=True)
