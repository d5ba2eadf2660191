# diagnosis: batch_before_shuffle
import tensorflow as tf


def make_dataset(pixels, labels, batch_size, seed):
    ds = tf.data.Dataset.from_tensor_slices((pixels, labels))
    ds = ds.map(lambda x, y: (tf.cast(x, tf.float32) / 255.0, y))
    ds = ds.batch(batch_size, drop_remainder=True)
    ds = ds.shuffle(1000, seed=seed)      # shuffles whole batches: each batch is the same consecutive run
    return ds.prefetch(tf.data.AUTOTUNE)
