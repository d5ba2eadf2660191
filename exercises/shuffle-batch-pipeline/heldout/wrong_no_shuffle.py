# diagnosis: not_shuffled
import tensorflow as tf


def make_dataset(pixels, labels, batch_size, seed):
    def prep(x, y):
        return tf.cast(x, tf.float32) / 255.0, y
    ds = tf.data.Dataset.from_tensor_slices((pixels, labels)).map(prep)
    return ds.batch(batch_size, drop_remainder=True).prefetch(tf.data.AUTOTUNE)
