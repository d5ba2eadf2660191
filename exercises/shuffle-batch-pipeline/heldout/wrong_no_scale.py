# diagnosis: not_scaled
import tensorflow as tf


def make_dataset(pixels, labels, batch_size, seed):
    ds = tf.data.Dataset.from_tensor_slices((pixels, labels))
    ds = ds.shuffle(len(labels), seed=seed)
    ds = ds.map(lambda x, y: (tf.cast(x, tf.float32), y))
    ds = ds.batch(batch_size, drop_remainder=True)
    return ds.prefetch(tf.data.AUTOTUNE)
