# diagnosis: forgot_drop_remainder
import tensorflow as tf


def make_dataset(pixels, labels, batch_size, seed):
    n = int(pixels.shape[0])
    ds = tf.data.Dataset.from_tensor_slices((pixels, labels)).shuffle(n, seed=seed)
    ds = ds.map(lambda x, y: (tf.cast(x, tf.float32) / 255.0, y))
    return ds.batch(batch_size).prefetch(tf.data.AUTOTUNE)   # the last batch comes out short
